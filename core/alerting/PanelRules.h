// Threshold alerts from panels: a panel whose JSON carries `"promdeckAlert": {"for": "5m",
// "severity": "critical", "when": "above"|"below", "threshold": 0.05}` becomes an alerting rule on its
// first query against its threshold (the given one, or the panel's highest threshold step), with the
// dashboard's current variable values written in. Grafana ignores the key, so the file stays valid.
#pragma once

#include "alerting/AlertRule.h"
#include "dashboard/Dashboard.h"
#include "query/Variables.h"

namespace promdeck {

// One group, named after the dashboard; rules for every panel marked as alerting. `problems` lists
// marked panels that cannot become a rule (no query, no threshold).
RuleGroup rulesFromPanels(const Dashboard &dashboard, const VariableValues &variables,
                          std::int64_t rateIntervalMs, QStringList *problems = nullptr);

} // namespace promdeck
