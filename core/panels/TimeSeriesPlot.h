// A time-series panel as it is drawn: which scale (left, right or hidden axis) each series is measured
// on, its stack group, and the values actually drawn after `custom.transform`, null-as-zero and
// stacking. The widget paints this; `promdeck data` reports the same choices as each series'
// "display".
#pragma once

#include "dashboard/FieldConfig.h"
#include "series/Series.h"

#include <memory>
#include <optional>
#include <vector>

namespace promdeck {

enum class AxisSide
{
    Left,
    Right,
    Hidden
};
QString axisSideName(AxisSide side);

// One y scale, shared by the series whose unit and axis options agree (Grafana's scale key).
struct PlotScale
{
    AxisSide side = AxisSide::Left;
    QString unit;
    std::optional<int> decimals;
    std::optional<double> min;
    std::optional<double> max;
    std::optional<double> softMin;
    std::optional<double> softMax;
    int logBase = 0; // 0: linear
    bool centeredZero = false;
    QString label;
};

struct PlotSeries
{
    std::shared_ptr<const Series> drawn;     // the samples as drawn
    std::shared_ptr<const Series> below;     // stacked: the top of the stack under it; null: zero
    int scale = 0;                           // index into TimeSeriesPlot::scales
    QString stackGroup;                      // empty: not stacked
    std::int64_t gapMs = 0;                  // samples further apart are not joined (0: always)
    bool hidden = false;                     // hideFrom.viz: not drawn, not in the scale's range
    const GraphFieldConfig *style = nullptr; // the series' custom.* (owned by the caller)
};

struct TimeSeriesPlot
{
    std::vector<PlotScale> scales;
    std::vector<PlotSeries> series;
};

struct PlotField
{
    const FieldConfig *config = nullptr;
    std::shared_ptr<const Series> series;
};

// Assigns scales and stacks as Grafana's time series does: a scale per distinct unit and axis
// options, `auto` placement left for the first scale and right for the others; series stack within
// their group and scale (positive values upward, negative downward; `percent` as a share of the
// group's total at each time). `stepMs` is the query step: gaps longer than two steps break lines
// unless `spanNulls` says otherwise.
TimeSeriesPlot planTimeSeries(const std::vector<PlotField> &fields, std::int64_t stepMs);

} // namespace promdeck
