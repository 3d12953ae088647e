// Supervises a `kubectl port-forward` (or any command that opens a local port to Prometheus). Such
// tunnels drop silently: the process exits on a pod restart, or stays alive while nothing passes
// (kubernetes/kubectl#1490). This starts the command, probes the local port's /-/ready, restarts the
// command with backoff and jitter when it exits or when the probe keeps timing out while the process
// lives on (half-dead), keeps its output for the user, and stops it when Promdeck quits.
#pragma once

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>
#include <random>

namespace promdeck {

class PortForward : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Stopped,
        Starting,   // started, the port does not answer yet
        Ready,      // the probe answers
        Restarting, // waiting out the backoff before starting again
    };
    struct Options
    {
        QString command;            // e.g. kubectl port-forward -n monitoring svc/prometheus 9090:9090
        bool autoLocalPort = false; // replace the local port of LOCAL:REMOTE by a free one
        int probeIntervalMs = 5000;
        int probeTimeoutMs = 3000;
        int failuresBeforeRestart = 2; // consecutive probe failures that make a live process half-dead
        int backoffMinMs = 1000;
        int backoffMaxMs = 30'000;
    };

    PortForward(QNetworkAccessManager *network, Options options, QObject *parent = nullptr);
    ~PortForward() override;

    void start();
    void stop();
    State state() const { return m_state; }
    // The local port the command forwards (the one in its LOCAL:REMOTE, or the free one chosen).
    quint16 localPort() const { return m_localPort; }
    QUrl localUrl() const;
    // The command as run (with the chosen port): safe to show, it carries no secret.
    QStringList arguments() const { return m_arguments; }
    QString program() const { return m_program; }
    // The last lines it printed, for "show output".
    QStringList output() const { return m_output; }
    int restarts() const { return m_restarts; }
    qint64 processId() const { return m_process ? m_process->processId() : 0; }

    // The command with LOCAL:REMOTE's local port replaced; empty port: as written. Exposed for tests.
    static QStringList withLocalPort(const QStringList &arguments, quint16 port, quint16 *found = nullptr);
    static quint16 freeLocalPort();

signals:
    void stateChanged(promdeck::PortForward::State state);
    void ready();
    void outputChanged();

private:
    void launch();
    void probe();
    void restartLater(const QString &why);
    void setState(State state);
    void appendOutput(const QString &text);

    QNetworkAccessManager *m_network;
    Options m_options;
    QString m_program;
    QStringList m_arguments;
    quint16 m_localPort = 0;
    QProcess *m_process = nullptr;
    QTimer m_probeTimer;
    QTimer m_restartTimer;
    State m_state = State::Stopped;
    int m_failures = 0;
    int m_attempt = 0;
    int m_restarts = 0;
    bool m_probeInFlight = false;
    QStringList m_output;
    std::minstd_rand m_random{std::random_device{}()};
};

} // namespace promdeck
