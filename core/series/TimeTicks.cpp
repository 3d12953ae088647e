#include "series/TimeTicks.h"

#include <QDateTime>
#include <array>

namespace promdeck {

namespace {
constexpr std::int64_t Second = 1000, Minute = 60 * Second, Hour = 60 * Minute, Day = 24 * Hour;
constexpr std::array<std::int64_t, 22> RoundSteps{
    Second,     2 * Second,  5 * Second,  10 * Second, 15 * Second, 30 * Second, Minute,   2 * Minute,
    5 * Minute, 10 * Minute, 15 * Minute, 30 * Minute, Hour,        3 * Hour,    6 * Hour, 12 * Hour,
    Day,        2 * Day,     7 * Day,     14 * Day,    30 * Day,    365 * Day};

// The first multiple of `step` at or after `t`, counted in the zone's wall-clock time.
std::int64_t firstTickAtOrAfter(std::int64_t t, std::int64_t step, const QTimeZone &zone)
{
    const std::int64_t offset =
        zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(t, QTimeZone::utc())) * Second;
    const std::int64_t local = t + offset;
    std::int64_t first = local / step * step;
    if (first < local)
        first += step;
    return first - offset;
}

// Steps longer than an hour are read on the zone's wall clock (every 6 h is 00:00, 06:00, ... and a
// day starts at midnight), so a DST change, a day of 23 or 25 hours, does not move the ticks after it.
// Days count from 1970-01-01 as the shorter steps count from the epoch.
std::vector<std::int64_t> wallClockTicks(const TimeRange &range, std::int64_t step, const QTimeZone &zone)
{
    std::vector<std::int64_t> out;
    const auto add = [&](const QDateTime &t) {
        const std::int64_t ms = t.toMSecsSinceEpoch();
        if (ms >= range.fromMs && ms <= range.toMs && (out.empty() || ms > out.back()))
            out.push_back(ms);
    };
    const QDate first = QDateTime::fromMSecsSinceEpoch(range.fromMs, zone).date();
    const QDate last = QDateTime::fromMSecsSinceEpoch(range.toMs, zone).date();
    if (step >= Day) {
        const std::int64_t days = step / Day;
        const std::int64_t sinceEpoch = first.toJulianDay() - QDate(1970, 1, 1).toJulianDay();
        const std::int64_t behind = ((sinceEpoch % days) + days) % days;
        for (QDate day = first.addDays(behind ? days - behind : 0); day <= last; day = day.addDays(days))
            add(day.startOfDay(zone));
        return out;
    }
    for (QDate day = first; day <= last; day = day.addDays(1))
        for (std::int64_t wall = 0; wall < Day; wall += step) {
            const QTime at = QTime::fromMSecsSinceStartOfDay(static_cast<int>(wall));
            if (const QDateTime t(day, at, zone); t.time() == at) // none in a DST gap
                add(t);
        }
    return out;
}

QString formatFor(std::int64_t stepMs, std::int64_t spanMs)
{
    if (stepMs >= Day)
        return QStringLiteral("MM-dd");
    if (spanMs > Day)
        return QStringLiteral("MM-dd HH:mm");
    if (stepMs < Minute)
        return QStringLiteral("HH:mm:ss");
    return QStringLiteral("HH:mm");
}
} // namespace

TimeTicks chooseTimeTicks(const TimeRange &range, int maxTicks, const QTimeZone &zone)
{
    TimeTicks ticks;
    if (!range.isValid() || maxTicks < 1)
        return ticks;
    const std::int64_t span = range.durationMs();
    ticks.stepMs = RoundSteps.back();
    for (std::int64_t step : RoundSteps)
        if (span / step + 1 <= maxTicks) {
            ticks.stepMs = step;
            break;
        }
    if (ticks.stepMs > Hour)
        ticks.timesMs = wallClockTicks(range, ticks.stepMs, zone);
    else // an hour or less: a DST change moves the clock by a whole hour, so equal steps stay round
        for (std::int64_t t = firstTickAtOrAfter(range.fromMs, ticks.stepMs, zone); t <= range.toMs;
             t += ticks.stepMs)
            ticks.timesMs.push_back(t);
    ticks.format = formatFor(ticks.stepMs, span);
    return ticks;
}

TimeRange zoomedOut(const TimeRange &range)
{
    const std::int64_t half = range.durationMs() / 2;
    return {range.fromMs - half, range.toMs + half};
}

TimeRange shifted(const TimeRange &range, int direction)
{
    const std::int64_t by = (direction < 0 ? -1 : 1) * (range.durationMs() / 2);
    return {range.fromMs + by, range.toMs + by};
}

namespace {
TimeSpec specLike(const TimeSpec &like, const TimeRange &range, std::int64_t nowMs)
{
    const auto end = [nowMs](const TimeExpression &was, std::int64_t ms) {
        return was.isRelative() ? TimeExpression::relativeToNow(ms - nowMs) : TimeExpression::absolute(ms);
    };
    return {end(like.from, range.fromMs), end(like.to, range.toMs)};
}
} // namespace

TimeSpec zoomedOut(const TimeSpec &spec, std::int64_t nowMs, const QTimeZone &zone)
{
    return specLike(spec, zoomedOut(spec.resolve(nowMs, zone)), nowMs);
}

TimeSpec shifted(const TimeSpec &spec, int direction, std::int64_t nowMs, const QTimeZone &zone)
{
    return specLike(spec, shifted(spec.resolve(nowMs, zone), direction), nowMs);
}

} // namespace promdeck
