#include "frames/PrometheusFrames.h"

#include <QSet>
#include <algorithm>
#include <cmath>
#include <map>

namespace promdeck {

namespace {

Field timeField(std::vector<FrameValue> values = {})
{
    return Field{QStringLiteral("Time"), FieldType::Time, {}, {}, {}, std::move(values)};
}

// Label names ordered as JavaScript's localeCompare orders them in Grafana: punctuation ('_') first,
// then digits, then letters without regard to case, lower case before upper on a tie.
bool labelNameLess(const QString &a, const QString &b)
{
    auto rank = [](QChar c) { return c == u'_' ? 0 : (c.isDigit() ? 1 : 2); };
    const qsizetype n = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        const QChar ca = a[i], cb = b[i];
        if (rank(ca) != rank(cb))
            return rank(ca) < rank(cb);
        const QChar la = ca.toLower(), lb = cb.toLower();
        if (la != lb)
            return la < lb;
    }
    if (a.size() != b.size())
        return a.size() < b.size();
    for (qsizetype i = 0; i < n; ++i)
        if (a[i] != b[i])
            return a[i].isLower();
    return false;
}

void appendTimeSeriesFrames(const QueryAnswer &answer, Frames &out)
{
    const QueryResult &r = *answer.result;
    for (size_t s = 0; s < r.series.size(); ++s) {
        const Series &series = r.series[s];
        DataFrame frame;
        frame.refId = answer.refId;
        std::vector<FrameValue> times, values;
        times.reserve(series.timestampsMs.size());
        values.reserve(series.values.size());
        for (size_t i = 0; i < series.timestampsMs.size(); ++i) {
            times.emplace_back(static_cast<double>(series.timestampsMs[i]));
            values.emplace_back(series.values[i]);
        }
        Field value{QStringLiteral("Value"), FieldType::Number, series.labels, {}, {}, std::move(values)};
        if (s < answer.seriesNames.size())
            value.displayNameFromDS = answer.seriesNames[s];
        frame.fields.push_back(timeField(std::move(times)));
        frame.fields.push_back(std::move(value));
        out.push_back(std::move(frame));
    }
}

void appendHeatmapFrames(const QueryAnswer &answer, Frames &out)
{
    for (HistogramBucket &b : deaccumulatedBuckets(*answer.result)) {
        DataFrame frame;
        frame.refId = answer.refId;
        std::vector<FrameValue> times, values;
        for (size_t i = 0; i < b.timestampsMs.size(); ++i) {
            times.emplace_back(static_cast<double>(b.timestampsMs[i]));
            values.emplace_back(b.counts[i]);
        }
        frame.fields.push_back(timeField(std::move(times)));
        frame.fields.push_back(Field{QStringLiteral("Value"),
                                     FieldType::Number,
                                     LabelSet::fromLabels({{QStringLiteral("le"), b.le}}),
                                     b.le,
                                     {},
                                     std::move(values)});
        out.push_back(std::move(frame));
    }
}

// One frame for all the series of a table query, as Grafana's transformDFToTable builds it.
DataFrame tableFrame(const QueryAnswer &answer, const QString &valueName)
{
    const QueryResult &r = *answer.result;
    QStringList labelNames;
    QSet<QString> seen;
    for (const Series &s : r.series)
        for (const Label &l : s.labels.labels())
            if (!seen.contains(l.name)) {
                seen.insert(l.name);
                labelNames << l.name;
            }
    std::sort(labelNames.begin(), labelNames.end(), labelNameLess);

    DataFrame frame;
    frame.refId = answer.refId;
    Field time = timeField();
    std::vector<Field> labels;
    for (const QString &name : labelNames)
        labels.push_back(Field{name, FieldType::String, {}, {}, {}, {}});
    Field value{valueName, FieldType::Number, {}, {}, {}, {}};
    for (const Series &s : r.series) {
        for (size_t i = 0; i < s.timestampsMs.size(); ++i) {
            time.values.emplace_back(static_cast<double>(s.timestampsMs[i]));
            for (Field &l : labels)
                l.values.emplace_back(s.labels.value(l.name)); // a missing label is "", as in Grafana
            value.values.emplace_back(s.values[i]);
        }
    }
    frame.fields.push_back(std::move(time));
    for (Field &l : labels)
        frame.fields.push_back(std::move(l));
    frame.fields.push_back(std::move(value));
    return frame;
}

} // namespace

Frames framesFromAnswers(const std::vector<QueryAnswer> &answers)
{
    // "Value #A" only when more than one query of the panel is a table.
    QStringList tableRefIds;
    for (const QueryAnswer &a : answers)
        if (a.result && a.format == TargetFormat::Table && !tableRefIds.contains(a.refId))
            tableRefIds << a.refId;

    Frames out;
    for (const QueryAnswer &a : answers) {
        if (!a.result || a.result->type == ResultType::String)
            continue;
        switch (a.format) {
        case TargetFormat::TimeSeries:
            appendTimeSeriesFrames(a, out);
            break;
        case TargetFormat::Heatmap:
            appendHeatmapFrames(a, out);
            break;
        case TargetFormat::Table:
            out.push_back(tableFrame(a, tableRefIds.size() > 1 ? QStringLiteral("Value #") + a.refId
                                                               : QStringLiteral("Value")));
            break;
        }
    }
    return out;
}

std::vector<HistogramBucket> deaccumulatedBuckets(const QueryResult &result)
{
    // Series with the same le (several instances not summed by the query) add up into one bucket.
    struct Summed
    {
        QString le;
        std::map<std::int64_t, double> byTime;
    };
    std::map<double, Summed> byBound;
    for (const Series &s : result.series) {
        const QString le = s.labels.value(u"le");
        if (le.isEmpty())
            continue;
        double bound = 0;
        if (le == u"+Inf" || le == u"Inf" || le == u"inf")
            bound = INFINITY;
        else {
            bool ok = false;
            bound = le.toDouble(&ok);
            if (!ok)
                continue;
        }
        Summed &bucket = byBound[bound];
        if (bucket.le.isEmpty())
            bucket.le = le;
        for (size_t i = 0; i < s.timestampsMs.size(); ++i)
            bucket.byTime[s.timestampsMs[i]] += s.values[i];
    }
    std::vector<HistogramBucket> out;
    const std::map<std::int64_t, double> *below = nullptr;
    for (auto &[bound, summed] : byBound) {
        HistogramBucket b;
        b.le = summed.le;
        b.upperBound = bound;
        for (const auto &[t, v] : summed.byTime) {
            double count = v;
            if (below) {
                const auto it = below->find(t);
                if (it != below->end() && !std::isnan(it->second))
                    count -= it->second;
            }
            b.timestampsMs.push_back(t);
            b.counts.push_back(count);
        }
        below = &summed.byTime;
        out.push_back(std::move(b));
    }
    return out;
}

} // namespace promdeck
