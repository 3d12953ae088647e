#include "query/StepRule.h"

#include <algorithm>

namespace promdeck {

namespace {
std::int64_t ceilDiv(std::int64_t a, std::int64_t b)
{
    return (a + b - 1) / b;
}
std::int64_t floorToMultiple(std::int64_t v, std::int64_t m)
{
    const std::int64_t q = v / m;
    return (v % m != 0 && v < 0 ? q - 1 : q) * m;
}
} // namespace

std::int64_t stepForRange(const TimeRange &range, int maxDataPoints, std::int64_t minIntervalMs)
{
    const std::int64_t span = std::max<std::int64_t>(1, range.durationMs());
    const std::int64_t byWidth = ceilDiv(span, std::max(1, maxDataPoints));
    const std::int64_t byLimit = ceilDiv(span, MaxPointsPerSeries);
    return std::max({byWidth, minIntervalMs, byLimit, std::int64_t{1}});
}

TimeRange alignToStep(const TimeRange &range, std::int64_t stepMs)
{
    TimeRange aligned{floorToMultiple(range.fromMs, stepMs), floorToMultiple(range.toMs, stepMs)};
    if (aligned.toMs <= aligned.fromMs)
        aligned.toMs = aligned.fromMs + stepMs;
    return aligned;
}

std::int64_t rateIntervalMs(std::int64_t intervalMs, std::int64_t scrapeIntervalMs)
{
    return std::max(intervalMs + scrapeIntervalMs, 4 * scrapeIntervalMs);
}

QString substituteBuiltins(const QString &expr, const BuiltinVariables &vars)
{
    if (!expr.contains(QLatin1String("__")))
        return expr;
    const std::int64_t rangeSeconds = std::max<std::int64_t>(1, vars.rangeMs / 1000);
    // Longest names first: $__interval_ms must not be read as $__interval followed by "_ms".
    const std::pair<const char *, QString> replacements[] = {
        {"__interval_ms", QString::number(vars.intervalMs)},
        {"__interval", formatPromDuration(vars.intervalMs)},
        {"__rate_interval", formatPromDuration(vars.rateIntervalMs)},
        {"__range_ms", QString::number(vars.rangeMs)},
        {"__range_s", QString::number(rangeSeconds)},
        {"__range", QString::number(rangeSeconds) + QLatin1Char('s')},
    };
    QString out = expr;
    for (const auto &[name, value] : replacements) {
        const QString braced = QStringLiteral("${") + QLatin1String(name) + QLatin1Char('}');
        out.replace(braced, value);
        const QString plain = QLatin1Char('$') + QLatin1String(name);
        qsizetype at = 0;
        while ((at = out.indexOf(plain, at)) >= 0) {
            const qsizetype after = at + plain.size();
            // Only a whole name: `$__interval` must not eat the start of `$__interval_ms`.
            if (after < out.size() && (out[after].isLetterOrNumber() || out[after] == u'_')) {
                at = after;
                continue;
            }
            out.replace(at, plain.size(), value);
            at += value.size();
        }
    }
    return out;
}

} // namespace promdeck
