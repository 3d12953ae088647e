#include "query/AnnotationEvents.h"

#include "query/LegendFormat.h"
#include "query/StepRule.h"
#include "query/Variables.h"

#include <QRegularExpression>
#include <cmath>

namespace promdeck {

std::optional<RangeQuery> planAnnotationQuery(const Annotation &annotation, const TimeRange &range,
                                              int widthPx, const PlannerSettings &settings,
                                              const VariableValues &variables)
{
    if (!annotation.isQueried() || !range.isValid())
        return std::nullopt;
    // Without a step of its own the data source's scrape interval is the finest, as in Grafana.
    const std::int64_t minStep =
        parseDurationMs(substituteVariables(annotation.step, variables)).value_or(settings.scrapeIntervalMs);
    const std::int64_t step = stepForRange(range, std::max(1, widthPx), minStep);
    const TimeRange aligned = alignToStep(range, step);
    BuiltinVariables builtins;
    builtins.intervalMs = step;
    builtins.rateIntervalMs = rateIntervalMs(step, settings.scrapeIntervalMs);
    builtins.rangeMs = range.durationMs();
    const QString expr = substituteBuiltins(substituteVariables(annotation.expr, variables), builtins);
    return RangeQuery{expr, aligned.fromMs, aligned.toMs, step, annotation.expr};
}

QString renderAnnotationFormat(const QString &format, const LabelSet &labels)
{
    static const QRegularExpression placeholder(QStringLiteral("\\{\\{\\s*(.+?)\\s*\\}\\}"));
    QString out;
    qsizetype last = 0;
    for (auto it = placeholder.globalMatch(format); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(format).mid(last, m.capturedStart() - last);
        const QString name = m.captured(1);
        const QString value = labels.value(name);
        out += value.isEmpty() ? name : value;
        last = m.capturedEnd();
    }
    out += QStringView(format).mid(last);
    return elideForDisplay(out, MaxDisplayNameChars);
}

std::vector<AnnotationEvent> annotationEvents(const Annotation &annotation, const QueryResult &result,
                                              std::int64_t stepMs)
{
    std::vector<AnnotationEvent> events;
    for (const Series &s : result.series) {
        QStringList tags;
        for (const Label &l : s.labels.labels())
            if (annotation.tagKeys.contains(l.name))
                tags << l.value;
        const QString title = renderAnnotationFormat(annotation.titleFormat, s.labels);
        const QString text = renderAnnotationFormat(annotation.textFormat, s.labels);
        std::optional<AnnotationEvent> open;
        for (qsizetype i = 0; i < s.size(); ++i) {
            const double value = s.values[static_cast<size_t>(i)];
            std::int64_t time = s.timestampsMs[static_cast<size_t>(i)];
            if (annotation.useValueForTime) {
                if (!std::isfinite(value))
                    continue;
                time = static_cast<std::int64_t>(std::floor(value));
            } else if (!(value > 0)) {
                continue; // zero, negative and NaN samples are not events
            }
            if (open && open->timeEndMs + stepMs >= time) {
                open->timeEndMs = time;
                continue;
            }
            if (open)
                events.push_back(std::move(*open));
            open = AnnotationEvent{time, time, title, text, tags};
        }
        if (open)
            events.push_back(std::move(*open));
    }
    return events;
}

} // namespace promdeck
