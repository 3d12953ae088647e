// Grafana's reducers (`options.reduceOptions.calcs`): how a stat panel turns a series into one number.
#pragma once

#include "series/Series.h"

#include <optional>

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
    Delta
};

// Grafana's names (`lastNotNull`, `mean`, ...); unknown names fall back to LastNotNull.
Reducer reducerFromName(QStringView name);
QString reducerName(Reducer reducer);
std::optional<double> reduce(const Series &series, Reducer reducer);

} // namespace promdeck
