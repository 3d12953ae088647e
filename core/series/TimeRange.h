// Time ranges and the ways people write times and durations: `now-6h`, RFC 3339, unix seconds,
// Prometheus durations (`1h30m`). A relative range is re-resolved on every refresh.
#pragma once

#include "base/Result.h"

#include <QString>
#include <QTimeZone>
#include <cstdint>
#include <optional>
#include <vector>

namespace promdeck {

struct TimeRange
{
    std::int64_t fromMs = 0;
    std::int64_t toMs = 0;
    std::int64_t durationMs() const { return toMs - fromMs; }
    bool isValid() const { return toMs > fromMs; }
    friend bool operator==(const TimeRange &, const TimeRange &) = default;
};

// Parses an RFC 3339 time as servers write it (`2026-01-01T00:00:00Z`, Prometheus' nanosecond
// fractions, `+02:00` offsets; no zone is read as UTC, like Prometheus).
std::optional<std::int64_t> parseRfc3339Ms(QStringView text);
// Parses a Prometheus/Grafana duration: `15s`, `5m`, `1h30m`, `7d`, `1w`, `250ms`, `1y`.
std::optional<std::int64_t> parseDurationMs(QStringView text);
// The shortest Prometheus duration for a millisecond count: 90000 -> `1m30s`.
QString formatPromDuration(std::int64_t ms);

// Which end of a range a time is: Grafana rounds `now/d` down to the start of the day in `from` and
// up to its last millisecond in `to`, so `now/d` to `now/d` is today.
enum class RangeEnd
{
    From,
    To,
};

// A point in time as a person writes it: `now`, `now-6h`, `now+5m`, Grafana's date math with calendar
// units and rounding (`now/d`, `now-1d/d`, `now-1M/M`, `now/w+8h`: units y M w d h m s, weeks from
// Monday as ISO counts them, rounding in the zone shown), RFC 3339 (`2026-01-01T00:00:00Z`), or unix
// seconds (`1767225600`, fractions allowed).
class TimeExpression
{
public:
    // Errors name the column (from 1) of the problem in `text`: `unknown unit 'x' at column 6`.
    static Result<TimeExpression> parse(QStringView text);
    static TimeExpression absolute(std::int64_t ms);
    static TimeExpression relativeToNow(std::int64_t offsetMs);

    std::int64_t resolve(std::int64_t nowMs, RangeEnd end = RangeEnd::From,
                         const QTimeZone &zone = QTimeZone::utc()) const;
    bool isRelative() const { return m_relative; }
    // The offset from now of `now`, `now-6h`, `now-7d` (a day as 24 h): none for absolute times,
    // rounding, months and years.
    std::optional<std::int64_t> fixedOffsetMs() const;
    QString toString() const;
    friend bool operator==(const TimeExpression &, const TimeExpression &) = default;

    // One step of date math after `now`: add an amount (ms, or months for M and y), or round to a unit.
    struct Step
    {
        // Days, weeks, months and years are counted on the calendar of the zone, as Grafana does
        // (`now-1d` across a DST change is 23 or 25 hours); hours and less are fixed.
        enum class Kind : std::uint8_t
        {
            AddMs,
            AddDays,
            AddMonths,
            RoundTo,
        };
        Kind kind = Kind::AddMs;
        std::int64_t amount = 0; // ms, days or months
        char16_t unit = 0;       // RoundTo: y M w d h m s; the others: the unit as written
        friend bool operator==(const Step &, const Step &) = default;
    };

private:
    bool m_relative = true;
    std::int64_t m_ms = 0;     // epoch ms when absolute
    std::vector<Step> m_steps; // applied to now in order when relative
};

// The start of the calendar unit (y M w d h m s) holding `timeMs` in `zone`, or (RangeEnd::To) its
// last millisecond.
std::int64_t roundToUnit(std::int64_t timeMs, char16_t unit, RangeEnd end, const QTimeZone &zone);

// What a dashboard or a time picker holds: two expressions, resolved to a TimeRange when queried.
struct TimeSpec
{
    TimeExpression from = TimeExpression::relativeToNow(-6 * 3600 * 1000);
    TimeExpression to = TimeExpression::relativeToNow(0);

    TimeRange resolve(std::int64_t nowMs, const QTimeZone &zone = QTimeZone::utc()) const
    {
        return {from.resolve(nowMs, RangeEnd::From, zone), to.resolve(nowMs, RangeEnd::To, zone)};
    }
    bool isRelative() const { return from.isRelative() || to.isRelative(); }
    // "Last 6h", a quick range's name ("Today", "Previous week"), or "FROM to TO" (RFC 3339, UTC).
    QString toString() const;
    // The same for a person reading it in `zone`: absolute ends as `2026-01-05 10:30:00` there.
    QString displayText(const QTimeZone &zone) const;
    friend bool operator==(const TimeSpec &, const TimeSpec &) = default;
};

// Grafana's quick ranges: the "last N" ones and those rounded to calendar units.
struct QuickRange
{
    QString label;
    TimeSpec spec;
};
const std::vector<QuickRange> &quickRanges();

std::int64_t currentTimeMs();

} // namespace promdeck
