// A panel's own time range, as Grafana's per-panel overrides give it: `timeFrom` (a relative range of
// its own, "1h" or "now/d", only when the dashboard's range is relative), then `timeShift` (the
// range moved back, "1d"), and the text the title shows for it ("Last 1 hour timeshift -1d") unless
// `hideTimeOverride`.
#pragma once

#include "dashboard/Dashboard.h"
#include "series/TimeRange.h"

namespace promdeck {

class VariableValues;

struct PanelTime
{
    TimeRange range;
    QString info;         // for the title; empty without an override or with hideTimeOverride
    bool invalid = false; // an override Promdeck cannot read (the dashboard's range is kept)
};

// `nowMs` is the instant relative ranges are taken from (the dashboard range's end when it is
// relative to now); calendar units (`now/d`, `now-1d/d`) are counted in `zone`.
PanelTime panelTime(const Panel &panel, const TimeRange &dashboardRange, bool dashboardIsRelative,
                    const VariableValues &variables, const QTimeZone &zone = QTimeZone::systemTimeZone());

// Grafana's describeTextRange for a relative expression ("1h", "now-6h", "now/d"): the range it
// means at nowMs, rounded in `zone` as the time picker rounds (TimeExpression), and how Grafana names
// it ("Last 1 hour", "Today"); nullopt when unreadable.
struct TextRange
{
    TimeRange range;
    QString display;
};
std::optional<TextRange> describeTextRange(const QString &text, std::int64_t nowMs,
                                           const QTimeZone &zone = QTimeZone::systemTimeZone());

} // namespace promdeck
