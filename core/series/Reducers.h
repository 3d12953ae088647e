// Grafana's reducers (`reduceOptions.calcs`, legend `calcs`): how a series becomes one number, with
// Grafana's ids, legacy aliases and the names its legends show.
#pragma once

#include "series/Series.h"

#include <optional>
#include <span>

namespace promdeck {

enum class Reducer
{
    LastNotNull,
    Last,
    FirstNotNull,
    First,
    Mean,
    Min,
    Max,
    Sum,
    Count,
    Range,
    Delta,
    Step,
    Diff,
    DiffPercent,
    LogMin,
    AllIsZero,
    AllIsNull,
    ChangeCount,
    DistinctCount,
    Variance,
    StdDev,
    Median,
};

// Grafana's ids (`lastNotNull`, `mean`, ...) and the legacy aliases (`current`, `avg`, `total`);
// nullopt for anything else.
std::optional<Reducer> reducerById(QStringView id);
// The same, falling back to LastNotNull for unknown names (as a stat with a bad calc shows).
Reducer reducerFromName(QStringView name);
QString reducerName(Reducer reducer);
// What a legend's column header says: "Last *", "Mean", "Total", ...
QString reducerDisplayName(Reducer reducer);
// NaN samples count as missing (Prometheus' NaN is Grafana's null here). Reducers over no value
// give nullopt, except Count and Sum (0), AllIsNull (1) and AllIsZero (0), as Grafana's.
std::optional<double> reduce(std::span<const double> values, Reducer reducer,
                             std::span<const std::int64_t> timestampsMs = {});
std::optional<double> reduce(const Series &series, Reducer reducer);

} // namespace promdeck
