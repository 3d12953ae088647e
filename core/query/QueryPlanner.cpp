#include "query/QueryPlanner.h"

#include "query/StepRule.h"
#include "query/Variables.h"

namespace promdeck {

QString PlannedQuery::key() const
{
    if (instant)
        return QStringLiteral("i|%1|%2").arg(instantQuery.timeMs).arg(instantQuery.expr);
    return QStringLiteral("r|%1|%2|%3|%4")
        .arg(range.startMs)
        .arg(range.endMs)
        .arg(range.stepMs)
        .arg(range.expr);
}

std::vector<PlannedQuery> planPanelQueries(const Panel &panel, const TimeRange &range, int widthPx,
                                           const PlannerSettings &settings, const VariableValues &variables)
{
    std::vector<PlannedQuery> out;
    const int maxDataPoints =
        panel.maxDataPoints > 0 ? std::min(panel.maxDataPoints, std::max(1, widthPx)) : std::max(1, widthPx);
    const std::int64_t panelMin = parseDurationMs(substituteVariables(panel.interval, variables)).value_or(0);
    if (panel.readsOtherDatasource())
        return out; // LogQL and friends mean nothing to Prometheus: never sent
    for (const Target &t : panel.targets) {
        if (!t.isSent())
            continue;
        const std::int64_t targetMin = std::max(panelMin, parseDurationMs(t.interval).value_or(0));
        // Grafana's adjustInterval: the automatic step times the target's intervalFactor, then no
        // finer than the minimum interval.
        const std::int64_t step = t.intervalFactor > 1
                                      ? std::max(stepForRange(range, maxDataPoints, 0) * t.intervalFactor,
                                                 stepForRange(range, maxDataPoints, targetMin))
                                      : stepForRange(range, maxDataPoints, targetMin);
        const TimeRange aligned = alignToStep(range, step);
        BuiltinVariables vars;
        vars.intervalMs = step;
        vars.rateIntervalMs = rateIntervalMs(step, settings.scrapeIntervalMs);
        vars.rangeMs = range.durationMs();
        PlannedQuery q;
        q.refId = t.refId;
        q.legendFormat = t.legendFormat;
        q.instant = t.instant;
        q.stepMs = step;
        // The dashboard's variables first: an interval variable may put `$__interval` in, never the reverse.
        const QString expr = substituteBuiltins(substituteVariables(t.expr, variables), vars);
        if (t.instant)
            q.instantQuery = {expr, range.toMs, t.expr};
        else
            q.range = {expr, aligned.fromMs, aligned.toMs, step, t.expr};
        out.push_back(std::move(q));
    }
    return out;
}

} // namespace promdeck
