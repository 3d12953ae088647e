// Grafana's step rule, so Promdeck asks for exactly as many points as the panel has pixel columns and
// never trips Prometheus' 11,000-points-per-series limit; and the built-in variables derived from it.
#pragma once

#include "series/TimeRange.h"

namespace promdeck {

constexpr std::int64_t MaxPointsPerSeries = 11000;

// step = max(range / maxDataPoints, minInterval, range / 11000), at least 1 ms.
std::int64_t stepForRange(const TimeRange &range, int maxDataPoints, std::int64_t minIntervalMs);
// Start and end moved down to multiples of the step, so repeated refreshes hit the same cache
// entries in Prometheus and in proxies.
TimeRange alignToStep(const TimeRange &range, std::int64_t stepMs);
// $__rate_interval = max($__interval + scrape interval, 4 * scrape interval)
std::int64_t rateIntervalMs(std::int64_t intervalMs, std::int64_t scrapeIntervalMs);

struct BuiltinVariables
{
    std::int64_t intervalMs = 0;
    std::int64_t rateIntervalMs = 0;
    std::int64_t rangeMs = 0;
};
// Replaces $__interval, $__interval_ms, $__rate_interval, $__range, $__range_s, $__range_ms (also in
// the ${...} form) in a PromQL expression.
QString substituteBuiltins(const QString &expr, const BuiltinVariables &vars);

} // namespace promdeck
