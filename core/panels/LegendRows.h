// The rows of a time series' legend as Grafana lists them: each series not hidden from the legend,
// with the values of the legend's calcs, without the empty or all-zero ones when the legacy
// hideEmpty/hideZero say so, sorted by a calc (or the name) when `sortBy` says so.
#pragma once

#include "dashboard/FieldConfig.h"
#include "dashboard/PanelOptions.h"
#include "series/Series.h"

#include <optional>
#include <vector>

namespace promdeck {

struct LegendSeries
{
    QString name;
    const FieldConfig *config = nullptr;
    const Series *series = nullptr;
};

struct LegendRow
{
    int series = 0;                            // index into the input
    std::vector<std::optional<double>> values; // one per calc of the legend's options
    std::vector<QString> texts;                // the same, formatted with the series' unit and decimals
};

std::vector<LegendRow> legendRows(const LegendOptions &options, const std::vector<LegendSeries> &series);

// The column a `sortBy` names: a calc's display name ("Mean", "Last *") or id ("mean"); -1 for the
// name, nullopt when it names nothing shown.
std::optional<int> legendSortColumn(const LegendOptions &options);

} // namespace promdeck
