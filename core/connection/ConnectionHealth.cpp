#include "connection/ConnectionHealth.h"

#include <QDateTime>
#include <cmath>

namespace promdeck {

QString connectionStateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Unknown:
        return QStringLiteral("connecting");
    case ConnectionState::Connected:
        return QStringLiteral("connected");
    case ConnectionState::Degraded:
        return QStringLiteral("degraded");
    case ConnectionState::Down:
        return QStringLiteral("down");
    }
    return {};
}

ConnectionHealth::ConnectionHealth(Probe probe, QObject *parent) : QObject(parent), m_probe(std::move(probe))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ConnectionHealth::probeNow);
}

void ConnectionHealth::setBackoff(int minMs, int maxMs)
{
    m_minMs = std::max(1, minMs);
    m_maxMs = std::max(m_minMs, maxMs);
}

void ConnectionHealth::reportRefresh(int panelsOk, int panelsUnreachable, const QString &firstError,
                                     std::int64_t nowMs)
{
    if (panelsUnreachable == 0) {
        if (panelsOk > 0)
            m_lastGoodMs = nowMs;
        setState(ConnectionState::Connected, {});
    } else if (panelsOk > 0) {
        m_lastGoodMs = nowMs;
        setState(ConnectionState::Degraded,
                 tr("%n panel(s) cannot reach the server: %1", nullptr, panelsUnreachable).arg(firstError));
    } else {
        setState(ConnectionState::Down, firstError);
    }
}

void ConnectionHealth::setState(ConnectionState state, const QString &detail)
{
    const bool changed = state != m_state;
    m_state = state;
    m_detail = detail;
    if (state == ConnectionState::Down) {
        if (!m_timer.isActive() && !m_probing)
            scheduleProbe();
    } else {
        m_timer.stop();
        m_attempt = 0;
    }
    if (changed)
        emit stateChanged(state);
}

void ConnectionHealth::scheduleProbe()
{
    // Exponential backoff with +-25% jitter: many Promdecks behind one port-forward (or one server
    // coming back) do not all knock at the same instant.
    const double base = std::min<double>(m_maxMs, m_minMs * std::pow(2.0, m_attempt));
    std::uniform_real_distribution<double> jitter(0.75, 1.25);
    ++m_attempt;
    m_timer.start(static_cast<int>(std::min<double>(m_maxMs * 1.25, base * jitter(m_random))));
}

void ConnectionHealth::probeNow()
{
    MetadataReply *reply = m_probe();
    ++m_probes;
    m_probing = true;
    connect(reply, &MetadataReply::finished, this, [this, reply] {
        reply->deleteLater();
        m_probing = false;
        if (m_state != ConnectionState::Down)
            return; // a refresh found the way meanwhile
        if (reply->ok()) {
            // Answering again: the panels refresh, and their answers set the state.
            m_attempt = 0;
            setState(ConnectionState::Unknown, tr("the server answers again"));
            emit recovered();
        } else {
            m_detail = reply->error().message();
            scheduleProbe();
        }
    });
}

} // namespace promdeck
