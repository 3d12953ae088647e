// One alerting rule's instances and their states, exactly as Prometheus' rules/alerting.go keeps them:
// pending/firing/inactive per label set, `for`, `keep_firing_for`, duplicate label sets as an
// evaluation error, a failed query that freezes every state, resolved instances kept 15 minutes.
// Pure: it is handed each evaluation's answer, so it runs the same on live data, on history
// (backtest) and in unit tests.
#pragma once

#include "alerting/AlertRule.h"
#include "series/Series.h"

#include <QMap>
#include <map>
#include <optional>

namespace promdeck {

enum class AlertState
{
    Inactive,
    Pending,
    Firing,
};
QString alertStateName(AlertState state);

using AlertLabels = std::map<QString, QString>; // sorted by name, alertname included

struct AlertInstance
{
    AlertLabels labels;
    QMap<QString, QString> annotations;
    AlertState state = AlertState::Pending;
    double value = 0;
    std::int64_t activeAtMs = 0;
    std::int64_t firedAtMs = 0;
    std::int64_t resolvedAtMs = 0;      // 0: not resolved
    std::int64_t keepFiringSinceMs = 0; // 0: the condition holds
};

struct AlertTransition
{
    std::int64_t timeMs = 0;
    QString alertname;
    AlertLabels labels; // rule labels included, alertname excluded
    AlertState from = AlertState::Inactive;
    AlertState to = AlertState::Inactive;
    double value = 0;
    QMap<QString, QString> annotations;
};

// One element of an evaluation's answer: the expression's labels and value.
struct AlertSample
{
    AlertLabels labels;
    double value = 0;
};

class RuleState
{
public:
    explicit RuleState(AlertRule rule) : m_rule(std::move(rule)) {}

    const AlertRule &rule() const { return m_rule; }
    // Applies one evaluation at `tMs`. Returns the transitions it caused, or sets `error` (duplicate
    // label sets) and changes nothing.
    std::vector<AlertTransition> apply(std::int64_t tMs, const std::vector<AlertSample> &samples,
                                       QString *error = nullptr);
    // The query failed: nothing changes (Prometheus keeps every state as it was); remembered for the UI.
    void fail(std::int64_t tMs, const QString &error);

    // Active instances (pending, firing, and resolved ones kept 15 minutes), by label set.
    const std::map<AlertLabels, AlertInstance> &instances() const { return m_active; }
    QString lastError() const { return m_lastError; }
    std::int64_t errorSinceMs() const { return m_errorSinceMs; }
    std::int64_t lastEvaluationMs() const { return m_lastEvaluationMs; }

    static constexpr std::int64_t ResolvedRetentionMs = 15 * 60 * 1000;

private:
    AlertRule m_rule;
    std::map<AlertLabels, AlertInstance> m_active;
    QString m_lastError;
    std::int64_t m_errorSinceMs = 0;
    std::int64_t m_lastEvaluationMs = 0;
};

// The samples of a query result (instant vector or scalar) at one time.
std::vector<AlertSample> samplesOf(const QueryResult &result);
// The samples of a range result at one of its steps (backtests evaluate through query_range).
std::vector<AlertSample> samplesAt(const QueryResult &result, std::int64_t tMs);

} // namespace promdeck
