// Bar chart and histogram panels as data: categories with one value per series (Grafana's
// `barchart` reads the first frame: a text or time field for the categories, number fields as the
// bars), and value buckets with counts (Grafana's `histogram`: every value of the range, in
// `bucketCount` or `bucketSize` buckets, one histogram per series or all combined).
#pragma once

#include "query/DashboardRefresher.h"

namespace promdeck {

struct BarChartData
{
    QStringList categories;
    QStringList seriesNames;
    std::vector<std::vector<double>> values; // values[series][category]; NaN where none
};
BarChartData barChartDataOf(const Panel &panel, const PanelData &data);

struct HistogramData
{
    std::vector<double> lowerBounds; // ascending, equal widths
    double bucketSize = 0;
    QStringList seriesNames;
    std::vector<std::vector<int>> counts; // counts[series][bucket]
};
HistogramData histogramDataOf(const Panel &panel, const PanelData &data);

} // namespace promdeck
