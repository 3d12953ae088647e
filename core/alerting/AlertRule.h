// Alerting rules as Prometheus writes them (`groups[].rules[]`), as plain values. Promdeck's own
// per-rule policies ride in annotations (`promdeck_on_error`, `promdeck_no_data`), which Prometheus
// accepts and ignores, so one file serves both.
#pragma once

#include "base/Error.h"

#include <QList>
#include <QString>
#include <cstdint>
#include <utility>
#include <vector>

namespace promdeck {

using LabelPairs = QList<std::pair<QString, QString>>; // in file order

struct AlertRule
{
    // What an evaluation error or an empty answer means to the operator.
    enum class ErrorPolicy
    {
        Keep,     // Prometheus: states frozen, the error shown on the rule (default)
        Alerting, // an error lasting `for` (at least 2 minutes) fires a PromdeckRuleError alert
    };
    enum class NoDataPolicy
    {
        Ok,       // Prometheus: no series, no alert (default)
        Alerting, // no series for `for` (at least 2 minutes) fires a PromdeckNoData alert
    };

    QString name; // `alert`
    QString expr;
    std::int64_t forMs = 0;
    std::int64_t keepFiringForMs = 0;
    LabelPairs labels;
    LabelPairs annotations;
    ErrorPolicy onError = ErrorPolicy::Keep;
    NoDataPolicy noData = NoDataPolicy::Ok;
    QString file;
    int line = 0;
};

struct RuleGroup
{
    QString name;
    std::int64_t intervalMs = 0; // 0: the evaluation interval of whoever runs it
    std::vector<AlertRule> rules;
    QString file;
};

struct RuleFileResult
{
    std::vector<RuleGroup> groups;
    std::vector<Error> errors;   // at FILE:LINE:COL, "group G, rule R: what is wrong"
    std::vector<Error> warnings; // e.g. recording rules, which Promdeck does not evaluate
    bool ok() const { return errors.empty(); }
    int ruleCount() const;
};

// Reads a Prometheus rule file (YAML; JSON is valid YAML). Unknown keys are errors, as in Prometheus.
RuleFileResult parseRuleFile(const QByteArray &yaml, const QString &fileName);
RuleFileResult loadRuleFile(const QString &path);

} // namespace promdeck
