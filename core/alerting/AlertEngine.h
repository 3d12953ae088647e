// Evaluates rule groups against a DataSource at any time: live (instant queries at "now", on a
// timer) or over history (backtest: one range query per rule and chunk, cut into the evaluation
// times, which asks Prometheus exactly what instant queries at those times would). Besides the rules
// it keeps Promdeck's own meta-alerts: the server unreachable for 2 minutes (always), and per rule,
// on request, a rule erroring or returning nothing for its `for` (at least 2 minutes).
#pragma once

#include "alerting/RuleState.h"
#include "source/DataSource.h"

#include <QObject>
#include <QPointer>
#include <memory>

namespace promdeck {

class AlertEngine : public QObject
{
    Q_OBJECT
public:
    AlertEngine(DataSource *source, std::vector<RuleGroup> groups, QObject *parent = nullptr);
    ~AlertEngine() override;

    // One evaluation of every rule at `tMs` (instant queries); `evaluated` follows when all answered.
    void evaluateAt(std::int64_t tMs);
    bool isEvaluating() const { return m_pending > 0; }
    // Every rule over [fromMs, toMs] at `intervalMs` (range queries); `finished` when done. Transitions
    // come through `evaluated`, one evaluation time at a time, in order.
    void backtest(std::int64_t fromMs, std::int64_t toMs, std::int64_t intervalMs);

    const std::vector<std::unique_ptr<RuleState>> &rules() const { return m_rules; }
    // The meta-alerts' states (PromdeckServerUnreachable, PromdeckRuleError, PromdeckNoData).
    const std::vector<std::unique_ptr<RuleState>> &metaRules() const { return m_meta; }
    static constexpr std::int64_t MetaAlertAfterMs = 2 * 60 * 1000;

signals:
    void evaluated(qint64 timeMs, const std::vector<promdeck::AlertTransition> &transitions);
    void finished();

private:
    struct Answer
    {
        bool ok = false;
        bool connectionProblem = false;
        QString error;
        std::vector<AlertSample> samples;
    };
    void settle(std::int64_t tMs, std::vector<Answer> answers);
    void backtestChunk();

    DataSource *m_source;
    std::vector<std::unique_ptr<RuleState>> m_rules;
    std::vector<std::unique_ptr<RuleState>> m_meta; // [0]: server unreachable; then per-rule policies
    std::vector<int> m_errorMeta;                   // per rule: index into m_meta, or -1
    std::vector<int> m_noDataMeta;
    std::int64_t m_unreachableSinceMs = 0;
    int m_pending = 0;
    std::uint64_t m_generation = 0;

    // Backtest state
    std::int64_t m_btFrom = 0, m_btTo = 0, m_btInterval = 0, m_btChunkStart = 0;
};

} // namespace promdeck
