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
    const std::int64_t offset = zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(t, Qt::UTC)) * Second;
    const std::int64_t local = t + offset;
    std::int64_t first = local / step * step;
    if (first < local)
        first += step;
    return first - offset;
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
