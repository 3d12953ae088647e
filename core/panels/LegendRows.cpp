#include "panels/LegendRows.h"

#include "series/ValueFormat.h"

#include <algorithm>
#include <cmath>

namespace promdeck {

std::optional<int> legendSortColumn(const LegendOptions &options)
{
    if (options.sortBy.isEmpty())
        return std::nullopt;
    if (options.sortBy.compare(QLatin1String("Name"), Qt::CaseInsensitive) == 0)
        return -1;
    for (size_t c = 0; c < options.calcs.size(); ++c) {
        const Reducer r = options.calcs[c];
        if (options.sortBy == reducerDisplayName(r) || options.sortBy == reducerName(r) ||
            reducerById(options.sortBy) == r)
            return static_cast<int>(c);
    }
    return std::nullopt;
}

std::vector<LegendRow> legendRows(const LegendOptions &options, const std::vector<LegendSeries> &series)
{
    std::vector<LegendRow> rows;
    for (size_t i = 0; i < series.size(); ++i) {
        const LegendSeries &s = series[i];
        if (s.config && s.config->custom.hideFromLegend)
            continue;
        const std::vector<double> &values = s.series->values;
        const bool empty =
            std::none_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
        if (options.hideEmpty && empty)
            continue;
        if (options.hideZero &&
            std::all_of(values.begin(), values.end(), [](double v) { return std::isnan(v) || v == 0; }))
            continue;
        LegendRow row;
        row.series = static_cast<int>(i);
        const ValueFormat format = s.config ? ValueFormat(s.config->unit, s.config->decimals) : ValueFormat();
        for (const Reducer r : options.calcs) {
            const std::optional<double> v = reduce(*s.series, r);
            row.values.push_back(v);
            row.texts.push_back(v ? format.format(*v) : QString());
        }
        rows.push_back(std::move(row));
    }
    const std::optional<int> column = legendSortColumn(options);
    if (!column)
        return rows;
    // Missing values sort last either way, as Grafana's legend does.
    std::stable_sort(rows.begin(), rows.end(), [&](const LegendRow &a, const LegendRow &b) {
        if (*column < 0) {
            const int c = QString::localeAwareCompare(series[static_cast<size_t>(a.series)].name,
                                                      series[static_cast<size_t>(b.series)].name);
            return options.sortDesc ? c > 0 : c < 0;
        }
        const std::optional<double> &x = a.values[static_cast<size_t>(*column)];
        const std::optional<double> &y = b.values[static_cast<size_t>(*column)];
        if (!x || !y)
            return x.has_value() && !y.has_value();
        return options.sortDesc ? *x > *y : *x < *y;
    });
    return rows;
}

} // namespace promdeck
