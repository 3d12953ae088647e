// Incident playback in a replay: "now" moves through the recording at 1x, 10x or 60x of real time,
// and the panels show the window up to it, as they did live. It only decides the time; whoever shows
// the recording follows timeChanged().
#pragma once

#include "series/TimeRange.h"

#include <QObject>
#include <QTimer>

namespace promdeck {

class ReplayController : public QObject
{
    Q_OBJECT
public:
    explicit ReplayController(TimeRange recorded, QObject *parent = nullptr);

    const TimeRange &recordedRange() const { return m_recorded; }
    // Starts (or, at the end, restarts) with an hour of context, or half the recording if shorter.
    void play(int speed);
    void pause();
    bool isPlaying() const { return m_timer.isActive(); }
    int speed() const { return m_speed; }
    void setSpeed(int speed);
    std::int64_t nowMs() const { return m_nowMs; }
    // Moves "now" on by `wallMs` of real time at the current speed (the playback timer's step); stops
    // at the end of the recording.
    void advance(qint64 wallMs);

signals:
    // The range the panels should show: the window before "now".
    void timeChanged(const promdeck::TimeSpec &spec);
    void playingChanged(bool playing);

private:
    TimeRange m_recorded;
    QTimer m_timer;
    std::int64_t m_nowMs = 0;
    std::int64_t m_windowMs = 0;
    int m_speed = 1;
};

} // namespace promdeck
