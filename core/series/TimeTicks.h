// Where a time axis puts its ticks: on round times a person reads at a glance (every 5, 10, 15 or
// 30 minutes, 1, 3, 6 or 12 hours, days), in the zone the axis is shown in; and how to label them.
// Time navigation: zooming out and shifting a range, as Grafana's `t z`, `t ←`, `t →` do.
#pragma once

#include "series/TimeRange.h"

#include <QTimeZone>
#include <vector>

namespace promdeck {

struct TimeTicks
{
    std::int64_t stepMs = 0;
    std::vector<std::int64_t> timesMs; // inside the range, ascending
    QString format;                    // a QDateTime format for their labels
};

// At most `maxTicks` ticks on the largest round step that gives at least two (one on short ranges).
TimeTicks chooseTimeTicks(const TimeRange &range, int maxTicks,
                          const QTimeZone &zone = QTimeZone::systemTimeZone());

// The range twice as long around the same centre.
TimeRange zoomedOut(const TimeRange &range);
// The range moved by half its length: back (direction < 0) or forward.
TimeRange shifted(const TimeRange &range, int direction);
// The same for what a picker holds: ends that were relative to now stay relative (a rounded end,
// `now/d`, becomes the plain offset it resolved to in `zone`).
TimeSpec zoomedOut(const TimeSpec &spec, std::int64_t nowMs, const QTimeZone &zone = QTimeZone::utc());
TimeSpec shifted(const TimeSpec &spec, int direction, std::int64_t nowMs,
                 const QTimeZone &zone = QTimeZone::utc());

} // namespace promdeck
