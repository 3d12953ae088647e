// Time ranges and the ways people write times and durations: `now-6h`, RFC 3339, unix seconds,
// Prometheus durations (`1h30m`). A relative range is re-resolved on every refresh.
#pragma once

#include "base/Result.h"

#include <QString>
#include <cstdint>
#include <optional>

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

// A point in time as a person writes it: `now`, `now-6h`, `now+5m`,
// RFC 3339 (`2026-01-01T00:00:00Z`), or unix seconds (`1767225600`, fractions allowed).
class TimeExpression
{
public:
    static Result<TimeExpression> parse(QStringView text);
    static TimeExpression absolute(std::int64_t ms);
    static TimeExpression relativeToNow(std::int64_t offsetMs);

    std::int64_t resolve(std::int64_t nowMs) const { return m_relative ? nowMs + m_ms : m_ms; }
    bool isRelative() const { return m_relative; }
    QString toString() const;
    friend bool operator==(const TimeExpression &, const TimeExpression &) = default;

private:
    bool m_relative = true;
    std::int64_t m_ms = 0; // offset from now when relative, epoch ms otherwise
};

// What a dashboard or a time picker holds: two expressions, resolved to a TimeRange when queried.
struct TimeSpec
{
    TimeExpression from = TimeExpression::relativeToNow(-6 * 3600 * 1000);
    TimeExpression to = TimeExpression::relativeToNow(0);

    TimeRange resolve(std::int64_t nowMs) const { return {from.resolve(nowMs), to.resolve(nowMs)}; }
    bool isRelative() const { return from.isRelative() || to.isRelative(); }
    QString toString() const;
    friend bool operator==(const TimeSpec &, const TimeSpec &) = default;
};

std::int64_t currentTimeMs();

} // namespace promdeck
