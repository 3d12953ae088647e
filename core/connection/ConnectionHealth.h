// The truth about the connection, for the status bar: connected, degraded (some panels cannot reach
// the server), down (none can, or the probe fails). While down it probes the server on its own with
// exponential backoff and jitter, and says `recovered` when it answers again, so every panel is
// refreshed without anyone pressing a button.
#pragma once

#include "source/DataSource.h"

#include <QObject>
#include <QTimer>
#include <functional>
#include <random>

namespace promdeck {

enum class ConnectionState
{
    Unknown, // nothing asked yet
    Connected,
    Degraded,
    Down,
};
QString connectionStateName(ConnectionState state);

class ConnectionHealth : public QObject
{
    Q_OBJECT
public:
    // `probe` asks the server something cheap (readiness); it is called while down.
    using Probe = std::function<MetadataReply *()>;
    explicit ConnectionHealth(Probe probe, QObject *parent = nullptr);

    // After each refresh: panels answered, panels that could not reach the server, and the first
    // connection error (for the status bar). Query errors mean the server answered: not a
    // connection problem.
    void reportRefresh(int panelsOk, int panelsUnreachable, const QString &firstError, std::int64_t nowMs);
    // The backoff between probes while down: from `minMs` doubling to `maxMs`, each +-25% jitter.
    void setBackoff(int minMs, int maxMs);

    ConnectionState state() const { return m_state; }
    QString detail() const { return m_detail; }
    std::int64_t lastGoodMs() const { return m_lastGoodMs; }
    int probesSent() const { return m_probes; }
    // Time left before the next probe, or -1 when none is scheduled.
    int nextProbeInMs() const { return m_timer.isActive() ? m_timer.remainingTime() : -1; }
    // The delay chosen for the scheduled probe (backoff with jitter), or -1 when none is scheduled.
    int scheduledProbeDelayMs() const { return m_timer.isActive() ? m_timer.interval() : -1; }

signals:
    void stateChanged(promdeck::ConnectionState state);
    void recovered();

private:
    void setState(ConnectionState state, const QString &detail);
    void scheduleProbe();
    void probeNow();

    Probe m_probe;
    ConnectionState m_state = ConnectionState::Unknown;
    QString m_detail;
    std::int64_t m_lastGoodMs = 0;
    QTimer m_timer;
    int m_minMs = 1000;
    int m_maxMs = 30'000;
    int m_attempt = 0;
    int m_probes = 0;
    bool m_probing = false;
    std::minstd_rand m_random{std::random_device{}()};
};

} // namespace promdeck
