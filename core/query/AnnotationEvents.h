// Prometheus-query annotations as Grafana reads them: the range query an annotation asks (its `step`
// as the minimum, over the dashboard's range), and the events its answer becomes. In each series a
// sample above zero is active; active samples no more than a step apart form one event, a region
// from the first to the last of them (a point when there is one). Title and text are the formats
// with `{{label}}` written in, the tags the values of the `tagKeys` labels. (Grafana reads the step
// back from the text of Go's duration, "1m30s" as 1m; Promdeck groups by the step it asked.)
#pragma once

#include "dashboard/Dashboard.h"
#include "query/QueryPlanner.h"

#include <optional>

namespace promdeck {

struct AnnotationEvent
{
    std::int64_t timeMs = 0;
    std::int64_t timeEndMs = 0; // equal to timeMs for a point
    QString title;
    QString text;
    QStringList tags;
    bool isRegion() const { return timeEndMs > timeMs; }
    friend bool operator==(const AnnotationEvent &, const AnnotationEvent &) = default;
};

// The query for an annotation over a range, or nothing when it is not a Prometheus query
// (built in, another data source, no expression). `widthPx` is the dashboard's width, as Grafana
// takes the window's: the automatic step is the range over it, never finer than `step`.
std::optional<RangeQuery> planAnnotationQuery(const Annotation &annotation, const TimeRange &range,
                                              int widthPx, const PlannerSettings &settings,
                                              const VariableValues &variables);

// The events of an answer to that query, series after series, each in time order.
std::vector<AnnotationEvent> annotationEvents(const Annotation &annotation, const QueryResult &result,
                                              std::int64_t stepMs);

// Grafana's renderLegendFormat for annotations: `{{name}}` becomes the label's value, or the name
// itself when the series has no such label.
QString renderAnnotationFormat(const QString &format, const LabelSet &labels);

} // namespace promdeck
