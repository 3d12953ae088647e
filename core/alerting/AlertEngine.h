// Evaluates rule groups against a DataSource: live, each group at its own instants (GroupClock: its
// `interval`, at the phase Prometheus gives it), the rules of a group in order, one group's slowness
// or failure never holding up another's; at any given time (tests, replays); or over history
// (backtest: per group one range query per rule and chunk, stepping through the same instants the
// live engine uses, which asks Prometheus exactly what instant queries at those times would). Besides
// the rules it keeps Promdeck's own meta-alerts: the server unreachable for 2 minutes (always), and
// per rule, on request, a rule erroring or returning nothing for its `for` (at least 2 minutes).
#pragma once

#include "alerting/GroupClock.h"
#include "alerting/RuleState.h"
#include "source/DataSource.h"

#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>
#include <optional>

class QTimer;

namespace promdeck {

// How a group runs, for the alert dock's details.
struct RuleGroupStatus
{
    QString name;
    QString file;
    std::int64_t intervalMs = 0;
    int ruleCount = 0;
    std::int64_t lastInstantMs = 0;   // the instant of the last evaluation; 0: none yet
    std::int64_t lastDurationMs = -1; // how long it took, all its rules' queries in order; -1: none yet
    std::int64_t missed = 0;          // instants skipped because the group was still busy (live)
    std::int64_t evaluations = 0;
};

class AlertEngine : public QObject
{
    Q_OBJECT
public:
    AlertEngine(DataSource *source, std::vector<RuleGroup> groups, QObject *parent = nullptr);
    ~AlertEngine() override;

    // Live: every group at once at the instant just past (a window opened is not left blank for a
    // whole interval, as Prometheus' first wait would), then at each of its instants. A group still
    // busy when instants pass evaluates the latest one and counts the others as missed.
    void start();
    void stop();
    bool isRunning() const { return m_running; }

    // One evaluation of every group at `tMs` (instant queries); one `evaluated` follows when all answered.
    void evaluateAt(std::int64_t tMs);
    bool isEvaluating() const;
    // Every group over [fromMs, toMs] at its instants (range queries); `finished` when done. Transitions
    // come through `evaluated`, one group's instant at a time, in time order.
    void backtest(std::int64_t fromMs, std::int64_t toMs);

    const std::vector<std::unique_ptr<RuleState>> &rules() const { return m_rules; }
    // The meta-alerts' states (PromdeckServerUnreachable, PromdeckRuleError, PromdeckNoData).
    const std::vector<std::unique_ptr<RuleState>> &metaRules() const { return m_meta; }
    std::vector<RuleGroupStatus> groups() const;
    const GroupClock &clock(size_t group) const { return m_groups[group].clock; }
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
    struct Group
    {
        RuleGroupStatus status;
        GroupClock clock;
        size_t firstRule = 0, endRule = 0;
        std::uint64_t generation = 0; // an evaluation of an older generation is dropped
        bool busy = false;
        QTimer *timer = nullptr; // live: the next instant
    };
    struct GroupRun;
    void evaluateGroup(size_t group, std::int64_t tMs,
                       std::function<void(std::vector<AlertTransition>, bool reached)> done);
    void queryNextRule(const std::shared_ptr<GroupRun> &run);
    void runLive(size_t group, std::int64_t instantMs);
    void scheduleNext(size_t group);
    void onTimer(size_t group);
    void applyRule(size_t rule, std::int64_t tMs, const Answer &answer, std::vector<AlertTransition> &out);
    void applyReachability(std::int64_t tMs, bool reached, std::vector<AlertTransition> &out);
    static Answer answerOf(const QueryOutcome &outcome, std::optional<std::int64_t> atMs = std::nullopt);
    void backtestChunk();

    DataSource *m_source;
    std::vector<Group> m_groups;
    std::vector<std::unique_ptr<RuleState>> m_rules;
    std::vector<std::unique_ptr<RuleState>> m_meta; // [0]: server unreachable; then per-rule policies
    std::vector<int> m_errorMeta;                   // per rule: index into m_meta, or -1
    std::vector<int> m_noDataMeta;
    std::int64_t m_unreachableSinceMs = 0;
    std::int64_t m_reachabilityAtMs = 0; // groups finish out of order; this state only moves forward
    bool m_running = false;

    // Backtest state
    std::int64_t m_btFrom = 0, m_btTo = 0, m_btChunkStart = 0;
    std::uint64_t m_btGeneration = 0;
};

} // namespace promdeck
