// A heatmap panel's cells: y buckets (bounds and labels) by time columns, with a count in each.
// From Prometheus histograms (`format: heatmap`: `le` buckets de-accumulated, as Grafana does),
// from series already holding one bucket each (Grafana's "heatmap rows"), or calculated from plain
// series by counting their values into y buckets (`calculate`, the old panel's `dataFormat:
// timeseries`).
#pragma once

#include "query/DashboardRefresher.h"

namespace promdeck {

struct HeatmapData
{
    std::vector<double> upperBounds; // one per bucket, ascending; +Inf for the last of a histogram
    std::vector<double> lowerBounds; // the bucket below's bound (0 for the first of a histogram)
    QStringList bucketLabels;        // as the y axis shows them ("0.5", "+Inf", "10-20")
    std::vector<std::int64_t> timesMs;
    // counts[bucket][time]; NaN where the bucket has no sample at that time.
    std::vector<std::vector<double>> counts;
    bool calculated = false; // counted from plain series, not read from buckets
    double maxCount = 0;

    bool isEmpty() const { return upperBounds.empty() || timesMs.empty(); }
};

HeatmapData heatmapDataOf(const Panel &panel, const PanelData &data);

} // namespace promdeck
