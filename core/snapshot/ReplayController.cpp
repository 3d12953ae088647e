#include "snapshot/ReplayController.h"

#include <algorithm>

namespace promdeck {

ReplayController::ReplayController(TimeRange recorded, QObject *parent)
    : QObject(parent), m_recorded(recorded)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, [this] { advance(m_timer.interval()); });
}

void ReplayController::play(int speed)
{
    if (!m_recorded.isValid())
        return;
    setSpeed(speed);
    m_windowMs = std::min<std::int64_t>(3'600'000, m_recorded.durationMs() / 2);
    if (m_nowMs <= m_recorded.fromMs || m_nowMs >= m_recorded.toMs)
        m_nowMs = m_recorded.fromMs + m_windowMs;
    m_timer.start();
    emit playingChanged(true);
    advance(0);
}

void ReplayController::pause()
{
    if (!m_timer.isActive())
        return;
    m_timer.stop();
    emit playingChanged(false);
}

void ReplayController::setSpeed(int speed)
{
    m_speed = std::max(1, speed);
}

void ReplayController::advance(qint64 wallMs)
{
    m_nowMs = std::min<std::int64_t>(m_nowMs + wallMs * m_speed, m_recorded.toMs);
    emit timeChanged({TimeExpression::absolute(m_nowMs - m_windowMs), TimeExpression::absolute(m_nowMs)});
    if (m_nowMs >= m_recorded.toMs)
        pause(); // the end of the recording
}

} // namespace promdeck
