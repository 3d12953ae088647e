// Turns a panel, a time range and the panel's width into the concrete queries to send: step rule,
// alignment, built-in variables. The window, the offscreen renderer and the CLI all plan here.
#pragma once

#include "dashboard/Dashboard.h"
#include "source/DataSource.h"

#include <vector>

namespace promdeck {

struct PlannerSettings
{
    std::int64_t scrapeIntervalMs = 15'000; // for $__rate_interval; how late samples may come
    // The source's cap on series per answer (0: none): a merged answer past it would not equal a
    // full one (see IncrementalFetch).
    qsizetype maxSeries = 0;
};

struct PlannedQuery
{
    QString refId;
    QString legendFormat;
    bool instant = false;
    RangeQuery range;          // when !instant
    InstantQuery instantQuery; // when instant
    std::int64_t stepMs = 0;

    const QString &expr() const { return instant ? instantQuery.expr : range.expr; }
    // Identifies the question asked: equal keys, equal answers.
    QString key() const;
    friend bool operator==(const PlannedQuery &, const PlannedQuery &) = default;
};

class VariableValues;

std::vector<PlannedQuery> planPanelQueries(const Panel &panel, const TimeRange &range, int widthPx,
                                           const PlannerSettings &settings, const VariableValues &variables);

} // namespace promdeck
