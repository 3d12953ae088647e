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
    // At FILE:LINE:COL (inside an expression, where its error is), in promtool's words:
    // `group "G", rule N, "NAME": could not parse expression: 1:6: parse error: ...`.
    std::vector<Error> errors;
    std::vector<Error> warnings; // e.g. recording rules, which Promdeck does not evaluate
    // Rules with the same name and labels in the file (promtool's duplicate-rules lint): reported,
    // not refused. Each is "Metric: NAME" with its labels, as promtool lists them.
    QStringList duplicates;
    int rulesFound = 0; // alerting and recording rules, as promtool counts them
    bool ok() const { return errors.empty(); }
    int ruleCount() const; // the alerting rules Promdeck evaluates
};

// Reads a Prometheus rule file (YAML; JSON is valid YAML) and checks it as `promtool check rules`
// does: unknown keys, names, durations, every expression parsed as PromQL (an alerting rule's must
// also give an instant vector or a scalar), label and annotation templates parsed.
RuleFileResult parseRuleFile(const QByteArray &yaml, const QString &fileName);
RuleFileResult loadRuleFile(const QString &path);

} // namespace promdeck
