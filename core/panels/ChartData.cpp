#include "panels/ChartData.h"

#include "panels/PanelFrames.h"
#include "query/LegendFormat.h"

#include <QDateTime>
#include <QJsonObject>
#include <cmath>

namespace promdeck {

BarChartData barChartDataOf(const Panel &panel, const PanelData &data)
{
    BarChartData out;
    const PanelFrames shaped = panelFrames(panel, data);
    if (shaped.frames.empty())
        return out;
    // Grafana reads the first frame; answers in time-series format are reduced to their last value
    // per series first, as a bar chart of series shows them.
    const Frames &frames = shaped.frames;
    if (isTimeSeriesFrame(frames.front())) {
        for (const DataFrame &f : frames) {
            out.categories << frameDisplayName(f, frames);
        }
        out.seriesNames << QStringLiteral("Value");
        std::vector<double> values;
        for (const DataFrame &f : frames) {
            double last = NAN;
            const int v = f.firstFieldOf(FieldType::Number);
            for (const FrameValue &x : f.fields[static_cast<size_t>(v)].values)
                if (const double *d = numberIf(x); d && !std::isnan(*d))
                    last = *d;
            values.push_back(last);
        }
        out.values.push_back(std::move(values));
        return out;
    }
    const DataFrame &frame = frames.front();
    const QString xField =
        panel.json.value(QStringLiteral("options")).toObject().value(QStringLiteral("xField")).toString();
    int x = -1;
    for (size_t f = 0; f < frame.fields.size(); ++f) {
        const QString name = fieldDisplayName(frame.fields[f], frame, frames);
        if (xField.isEmpty() ? (frame.fields[f].type == FieldType::String && x < 0) : name == xField)
            x = static_cast<int>(f);
    }
    if (x < 0)
        x = frame.firstFieldOf(FieldType::Time);
    for (qsizetype r = 0; r < frame.rowCount(); ++r) {
        const FrameValue &v =
            x >= 0 ? frame.fields[static_cast<size_t>(x)].values[static_cast<size_t>(r)] : FrameValue();
        if (x >= 0 && frame.fields[static_cast<size_t>(x)].type == FieldType::Time && numberIf(v))
            out.categories << QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(*numberIf(v)))
                                  .toString(QStringLiteral("HH:mm"));
        else
            out.categories << (x >= 0 ? asText(v) : QString::number(r + 1));
    }
    for (size_t f = 0; f < frame.fields.size(); ++f) {
        if (static_cast<int>(f) == x || frame.fields[f].type != FieldType::Number)
            continue;
        out.seriesNames << fieldDisplayName(frame.fields[f], frame, frames);
        std::vector<double> values;
        for (const FrameValue &v : frame.fields[f].values)
            values.push_back(numberIf(v) ? *numberIf(v) : NAN);
        out.values.push_back(std::move(values));
    }
    return out;
}

HistogramData histogramDataOf(const Panel &panel, const PanelData &data)
{
    HistogramData out;
    const QJsonObject options = panel.json.value(QStringLiteral("options")).toObject();
    const bool combine = options.value(QStringLiteral("combine")).toBool(false);
    std::vector<std::vector<double>> values;
    double lo = INFINITY, hi = -INFINITY;
    for (const QueryData &q : data.queries) {
        if (!q.result)
            continue;
        for (const Series &s : q.result->series) {
            if (!combine || values.empty()) {
                values.emplace_back();
                out.seriesNames << (combine
                                        ? QStringLiteral("Count")
                                        : seriesDisplayName(q.query.legendFormat, s.labels, q.query.expr()));
            }
            for (double v : s.values)
                if (std::isfinite(v)) {
                    values.back().push_back(v);
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
        }
    }
    if (!std::isfinite(lo))
        return out;
    // Grafana's sizing: `bucketSize` when set, else the range in `bucketCount` (default 30) buckets,
    // aligned to `bucketOffset`.
    const double offset = options.value(QStringLiteral("bucketOffset")).toDouble(0);
    double size = options.value(QStringLiteral("bucketSize")).toDouble(0);
    if (size <= 0)
        size = hi > lo ? (hi - lo) / options.value(QStringLiteral("bucketCount")).toInt(30) : 1;
    const double start = std::floor((lo - offset) / size) * size + offset;
    const int count = std::max(1, static_cast<int>(std::floor((hi - start) / size)) + 1);
    out.bucketSize = size;
    for (int b = 0; b < count; ++b)
        out.lowerBounds.push_back(start + b * size);
    for (const std::vector<double> &vs : values) {
        std::vector<int> counts(static_cast<size_t>(count), 0);
        for (double v : vs)
            ++counts[static_cast<size_t>(
                std::clamp(static_cast<int>(std::floor((v - start) / size)), 0, count - 1))];
        out.counts.push_back(std::move(counts));
    }
    return out;
}

} // namespace promdeck
