#include "panels/PanelFrames.h"

#include "frames/PrometheusFrames.h"
#include "query/LegendFormat.h"

#include <QJsonArray>

namespace promdeck {

namespace {

const Target *targetFor(const Panel &panel, const QString &refId)
{
    for (const Target &t : panel.targets)
        if (t.refId == refId)
            return &t;
    return nullptr;
}

// Grafana's old table panel (`table-old`, and `table` before Grafana 7) shaped its rows with a
// `transform`; Grafana's migration turns each into the transformation that does the same.
std::vector<Transformation> legacyTableSteps(const Panel &panel, const Frames &frames)
{
    const bool legacy = panel.type == u"table-old" || panel.json.contains(QStringLiteral("styles"));
    if (!legacy)
        return {};
    const QString transform = panel.json.value(QStringLiteral("transform")).toString();
    if (transform == u"table" && frames.size() > 1)
        return {{QStringLiteral("merge"), false, {}, 0, 0}};
    if (transform == u"timeseries_to_rows")
        return {{QStringLiteral("seriesToRows"), false, {}, 0, 0}};
    if (transform == u"timeseries_aggregations") {
        QJsonArray reducers;
        for (const QJsonValue &c : panel.json.value(QStringLiteral("columns")).toArray())
            reducers.append(c.toObject().value(QStringLiteral("value")).toString());
        if (reducers.isEmpty())
            reducers.append(QStringLiteral("lastNotNull"));
        return {{QStringLiteral("reduce"), false, QJsonObject{{QStringLiteral("reducers"), reducers}}, 0, 0}};
    }
    if ((transform.isEmpty() || transform == u"timeseries_to_columns") && frames.size() > 1)
        return {{QStringLiteral("joinByField"), false, {}, 0, 0}};
    return {};
}

} // namespace

PanelFrames panelFrames(const Panel &panel, const PanelData &data)
{
    std::vector<QueryAnswer> answers;
    for (const QueryData &q : data.queries) {
        const Target *target = targetFor(panel, q.query.refId);
        QueryAnswer a;
        a.refId = q.query.refId;
        a.format = target ? target->format : TargetFormat::TimeSeries;
        a.result = q.result;
        if (q.result) {
            a.seriesNames.reserve(q.result->series.size());
            for (const Series &s : q.result->series)
                a.seriesNames.push_back(seriesDisplayName(q.query.legendFormat, s.labels, q.query.expr()));
        }
        answers.push_back(std::move(a));
    }
    Frames frames = framesFromAnswers(answers);
    std::vector<Transformation> steps = legacyTableSteps(panel, frames);
    steps.insert(steps.end(), panel.transformations.begin(), panel.transformations.end());
    TransformResult r = applyTransformations(std::move(frames), steps);
    return {std::move(r.frames), std::move(r.skipped)};
}

} // namespace promdeck
