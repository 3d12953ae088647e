#include "panels/HeatmapData.h"

#include "frames/PrometheusFrames.h"
#include "query/LegendFormat.h"

#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace promdeck {

namespace {

QString boundText(double v)
{
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    return QString::number(v, 'g', 6);
}

// Lays buckets of (bound, label, samples by time) onto a common time axis.
HeatmapData fromBuckets(std::vector<HistogramBucket> buckets)
{
    HeatmapData h;
    std::set<std::int64_t> times;
    for (const HistogramBucket &b : buckets)
        times.insert(b.timestampsMs.begin(), b.timestampsMs.end());
    h.timesMs.assign(times.begin(), times.end());
    double lower = 0;
    for (const HistogramBucket &b : buckets) {
        h.upperBounds.push_back(b.upperBound);
        h.lowerBounds.push_back(lower);
        lower = b.upperBound;
        h.bucketLabels << b.le;
        std::vector<double> row(h.timesMs.size(), NAN);
        for (size_t i = 0; i < b.timestampsMs.size(); ++i) {
            const auto at = std::lower_bound(h.timesMs.begin(), h.timesMs.end(), b.timestampsMs[i]);
            row[static_cast<size_t>(at - h.timesMs.begin())] = b.counts[i];
            if (std::isfinite(b.counts[i]))
                h.maxCount = std::max(h.maxCount, b.counts[i]);
        }
        h.counts.push_back(std::move(row));
    }
    return h;
}

// Each series is one bucket already (a legend of `{{le}}`, or any names): sorted numerically when
// every name is a number, else kept in order.
HeatmapData fromRows(const PanelData &data)
{
    std::vector<HistogramBucket> rows;
    for (const QueryData &q : data.queries) {
        if (!q.result)
            continue;
        for (const Series &s : q.result->series) {
            HistogramBucket b;
            b.le = seriesDisplayName(q.query.legendFormat, s.labels, q.query.expr());
            b.timestampsMs = s.timestampsMs;
            b.counts = s.values;
            rows.push_back(std::move(b));
        }
    }
    bool numeric = true;
    for (HistogramBucket &b : rows) {
        bool ok = false;
        b.upperBound = b.le == u"+Inf" ? INFINITY : b.le.toDouble(&ok);
        numeric = numeric && (ok || std::isinf(b.upperBound));
    }
    if (numeric)
        std::stable_sort(rows.begin(), rows.end(), [](const HistogramBucket &a, const HistogramBucket &b) {
            return a.upperBound < b.upperBound;
        });
    else
        for (size_t i = 0; i < rows.size(); ++i)
            rows[i].upperBound = static_cast<double>(i + 1);
    return fromBuckets(std::move(rows));
}

// Counts every series' values into y buckets per timestamp (Grafana's heatmap calculation).
HeatmapData calculate(const Panel &panel, const PanelData &data)
{
    const QJsonObject options = panel.json.value(QStringLiteral("options")).toObject();
    const QJsonObject yBuckets =
        options.value(QStringLiteral("calculation")).toObject().value(QStringLiteral("yBuckets")).toObject();
    double lo = INFINITY, hi = -INFINITY;
    std::set<std::int64_t> times;
    for (const QueryData &q : data.queries) {
        if (!q.result)
            continue;
        for (const Series &s : q.result->series) {
            times.insert(s.timestampsMs.begin(), s.timestampsMs.end());
            for (double v : s.values)
                if (std::isfinite(v)) {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
        }
    }
    HeatmapData h;
    h.calculated = true;
    if (!std::isfinite(lo))
        return h;
    // The bucket size: the panel's (new `calculation.yBuckets`, old `yBucketSize`/`yBucketNumber`),
    // else ten buckets over the values' range.
    double size = 0;
    const QString mode = yBuckets.value(QStringLiteral("mode")).toString();
    const double value = yBuckets.value(QStringLiteral("value")).toVariant().toString().toDouble();
    if (mode == u"size" && value > 0)
        size = value;
    else if (mode == u"count" && value >= 1)
        size = (hi - lo) / value;
    else if (panel.json.value(QStringLiteral("yBucketSize")).toDouble() > 0)
        size = panel.json.value(QStringLiteral("yBucketSize")).toDouble();
    else if (panel.json.value(QStringLiteral("yBucketNumber")).toDouble() >= 1)
        size = (hi - lo) / panel.json.value(QStringLiteral("yBucketNumber")).toDouble();
    if (size <= 0)
        size = hi > lo ? (hi - lo) / 10 : 1;
    const double start = std::floor(lo / size) * size;
    const int count = std::max(1, static_cast<int>(std::floor((hi - start) / size)) + 1);
    h.timesMs.assign(times.begin(), times.end());
    for (int b = 0; b < count; ++b) {
        h.lowerBounds.push_back(start + b * size);
        h.upperBounds.push_back(start + (b + 1) * size);
        h.bucketLabels << boundText(start + b * size);
        h.counts.emplace_back(h.timesMs.size(), 0.0);
    }
    for (const QueryData &q : data.queries) {
        if (!q.result)
            continue;
        for (const Series &s : q.result->series)
            for (size_t i = 0; i < s.values.size(); ++i) {
                if (!std::isfinite(s.values[i]))
                    continue;
                const int b =
                    std::clamp(static_cast<int>(std::floor((s.values[i] - start) / size)), 0, count - 1);
                const auto t = std::lower_bound(h.timesMs.begin(), h.timesMs.end(), s.timestampsMs[i]);
                double &cell = h.counts[static_cast<size_t>(b)][static_cast<size_t>(t - h.timesMs.begin())];
                cell += 1;
                h.maxCount = std::max(h.maxCount, cell);
            }
    }
    return h;
}

} // namespace

HeatmapData heatmapDataOf(const Panel &panel, const PanelData &data)
{
    const QJsonObject options = panel.json.value(QStringLiteral("options")).toObject();
    const bool calculateAsked = options.value(QStringLiteral("calculate")).toBool(false) ||
                                panel.json.value(QStringLiteral("dataFormat")).toString() == u"timeseries";
    bool histogram = false;
    for (const Target &t : panel.targets)
        histogram = histogram || t.format == TargetFormat::Heatmap;
    if (histogram) {
        // Every heatmap-format answer's buckets, summed by le (several queries make one histogram).
        QueryResult all;
        for (const QueryData &q : data.queries)
            if (q.result)
                all.series.insert(all.series.end(), q.result->series.begin(), q.result->series.end());
        return fromBuckets(deaccumulatedBuckets(all));
    }
    // The old heatmap panel's default (`dataFormat` missing) is to calculate from series.
    const bool legacy =
        panel.json.contains(QStringLiteral("dataFormat")) || panel.json.contains(QStringLiteral("cards"));
    if (calculateAsked ||
        (legacy && panel.json.value(QStringLiteral("dataFormat")).toString() != u"tsbuckets"))
        return calculate(panel, data);
    return fromRows(data);
}

} // namespace promdeck
