#include "alerting/AlertEngine.h"

#include "source/QueryOutcome.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>

namespace promdeck {

namespace {

AlertRule metaRule(const QString &name, std::int64_t forMs, const LabelPairs &labels, const QString &summary)
{
    AlertRule r;
    r.name = name;
    r.forMs = forMs;
    r.labels = labels;
    r.annotations = {{QStringLiteral("summary"), summary}};
    return r;
}

constexpr int MaxPointsPerQuery = 10'000; // under Prometheus' 11,000

std::int64_t nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

// One evaluation of one group in progress: its rules are asked one after the other, as Prometheus
// evaluates a group's rules in order.
struct AlertEngine::GroupRun
{
    size_t group = 0;
    std::int64_t tMs = 0;
    std::uint64_t generation = 0;
    size_t nextRule = 0;
    bool reached = false;
    std::vector<AlertTransition> out;
    std::function<void(std::vector<AlertTransition>, bool)> done;
};

AlertEngine::AlertEngine(DataSource *source, std::vector<RuleGroup> groups, QObject *parent)
    : QObject(parent), m_source(source)
{
    m_meta.push_back(std::make_unique<RuleState>(metaRule(
        QStringLiteral("PromdeckServerUnreachable"), MetaAlertAfterMs,
        {{QStringLiteral("severity"), QStringLiteral("critical")}},
        QStringLiteral("Prometheus has not answered for {{ $value | humanizeDuration }}: no alert can "
                       "fire while it is unreachable"))));
    for (RuleGroup &g : groups) {
        Group group{{}, GroupClock(g.name, g.file, g.intervalMs)};
        group.status.name = g.name;
        group.status.file = g.file;
        group.status.intervalMs = group.clock.intervalMs();
        group.status.ruleCount = static_cast<int>(g.rules.size());
        group.firstRule = m_rules.size();
        for (AlertRule &rule : g.rules) {
            const std::int64_t after = std::max(rule.forMs, MetaAlertAfterMs);
            int errorIndex = -1, noDataIndex = -1;
            if (rule.onError == AlertRule::ErrorPolicy::Alerting) {
                errorIndex = static_cast<int>(m_meta.size());
                m_meta.push_back(std::make_unique<RuleState>(
                    metaRule(QStringLiteral("PromdeckRuleError"), after,
                             {{QStringLiteral("rule"), rule.name},
                              {QStringLiteral("severity"), QStringLiteral("warning")}},
                             QStringLiteral("The rule %1 cannot be evaluated").arg(rule.name))));
            }
            if (rule.noData == AlertRule::NoDataPolicy::Alerting) {
                noDataIndex = static_cast<int>(m_meta.size());
                m_meta.push_back(std::make_unique<RuleState>(
                    metaRule(QStringLiteral("PromdeckNoData"), after,
                             {{QStringLiteral("rule"), rule.name},
                              {QStringLiteral("severity"), QStringLiteral("warning")}},
                             QStringLiteral("The rule %1 has returned no series").arg(rule.name))));
            }
            m_errorMeta.push_back(errorIndex);
            m_noDataMeta.push_back(noDataIndex);
            m_rules.push_back(std::make_unique<RuleState>(std::move(rule)));
        }
        group.endRule = m_rules.size();
        if (group.endRule == group.firstRule)
            continue; // nothing to evaluate
        group.timer = new QTimer(this);
        group.timer->setSingleShot(true);
        group.timer->setTimerType(Qt::PreciseTimer); // a coarse timer may wake 5% of 2 s early or late
        const size_t index = m_groups.size();
        connect(group.timer, &QTimer::timeout, this, [this, index] { onTimer(index); });
        m_groups.push_back(std::move(group));
    }
}

AlertEngine::~AlertEngine() = default;

std::vector<RuleGroupStatus> AlertEngine::groups() const
{
    std::vector<RuleGroupStatus> out;
    for (const Group &g : m_groups)
        out.push_back(g.status);
    return out;
}

bool AlertEngine::isEvaluating() const
{
    return std::any_of(m_groups.begin(), m_groups.end(), [](const Group &g) { return g.busy; });
}

AlertEngine::Answer AlertEngine::answerOf(const QueryOutcome &o, std::optional<std::int64_t> atMs)
{
    Answer a;
    a.ok = o.ok();
    if (a.ok) {
        a.samples = atMs ? samplesAt(*o.result, *atMs) : samplesOf(*o.result);
    } else {
        a.error = o.error.message();
        a.connectionProblem = o.error.isConnectionProblem();
    }
    return a;
}

void AlertEngine::evaluateGroup(size_t group, std::int64_t tMs,
                                std::function<void(std::vector<AlertTransition>, bool)> done)
{
    Group &g = m_groups[group];
    g.busy = true;
    auto run = std::make_shared<GroupRun>();
    run->group = group;
    run->tMs = tMs;
    run->generation = ++g.generation;
    run->nextRule = g.firstRule;
    run->done = std::move(done);
    queryNextRule(run);
}

void AlertEngine::queryNextRule(const std::shared_ptr<GroupRun> &run)
{
    Group &g = m_groups[run->group];
    if (run->nextRule == g.endRule) {
        g.busy = false;
        run->done(std::move(run->out), run->reached);
        return;
    }
    const size_t i = run->nextRule++;
    QueryReply *reply = m_source->queryInstant({m_rules[i]->rule().expr, run->tMs, {}});
    connect(reply, &QueryReply::finished, this, [this, reply, run, i] {
        reply->deleteLater();
        if (run->generation != m_groups[run->group].generation)
            return;
        const Answer a = answerOf(reply->outcome());
        run->reached = run->reached || !a.connectionProblem;
        applyRule(i, run->tMs, a, run->out);
        queryNextRule(run);
    });
}

void AlertEngine::applyRule(size_t i, std::int64_t tMs, const Answer &a, std::vector<AlertTransition> &out)
{
    if (a.ok) {
        QString error;
        const auto t = m_rules[i]->apply(tMs, a.samples, &error);
        out.insert(out.end(), t.begin(), t.end());
    } else {
        m_rules[i]->fail(tMs, a.error);
    }
    // Per-rule policies, as alerts of their own.
    if (m_errorMeta[i] >= 0) {
        const bool failing = !a.ok && !a.connectionProblem;
        const auto t = m_meta[static_cast<size_t>(m_errorMeta[i])]->apply(
            tMs, failing ? std::vector<AlertSample>{{{}, 1}} : std::vector<AlertSample>{});
        out.insert(out.end(), t.begin(), t.end());
    }
    if (m_noDataMeta[i] >= 0 && a.ok) {
        const auto t = m_meta[static_cast<size_t>(m_noDataMeta[i])]->apply(
            tMs, a.samples.empty() ? std::vector<AlertSample>{{{}, 1}} : std::vector<AlertSample>{});
        out.insert(out.end(), t.begin(), t.end());
    }
}

void AlertEngine::applyReachability(std::int64_t tMs, bool reached, std::vector<AlertTransition> &out)
{
    // The connection: no answer from anywhere means no alert can fire; after two minutes that is
    // an alert itself.
    tMs = m_reachabilityAtMs = std::max(m_reachabilityAtMs, tMs);
    if (!reached && m_unreachableSinceMs == 0)
        m_unreachableSinceMs = tMs;
    if (reached)
        m_unreachableSinceMs = 0;
    const auto t = m_meta[0]->apply(
        tMs, reached
                 ? std::vector<AlertSample>{}
                 : std::vector<AlertSample>{{{}, static_cast<double>(tMs - m_unreachableSinceMs) / 1000.0}});
    out.insert(out.end(), t.begin(), t.end());
}

void AlertEngine::evaluateAt(std::int64_t tMs)
{
    if (m_groups.empty()) {
        QTimer::singleShot(0, this, [this, tMs] {
            std::vector<AlertTransition> out;
            applyReachability(tMs, true, out);
            emit evaluated(tMs, out);
        });
        return;
    }
    // Every group at once (each cancels what its group was doing); one answer when the last is done.
    struct Batch
    {
        size_t pending = 0;
        bool reached = false;
        std::vector<std::vector<AlertTransition>> out;
    };
    auto batch = std::make_shared<Batch>();
    batch->pending = m_groups.size();
    batch->out.resize(m_groups.size());
    for (size_t g = 0; g < m_groups.size(); ++g)
        evaluateGroup(g, tMs, [this, g, tMs, batch](std::vector<AlertTransition> out, bool reached) {
            batch->out[g] = std::move(out);
            batch->reached = batch->reached || reached;
            if (--batch->pending > 0)
                return;
            std::vector<AlertTransition> all;
            for (auto &o : batch->out)
                all.insert(all.end(), o.begin(), o.end());
            applyReachability(tMs, batch->reached, all);
            emit evaluated(tMs, all);
            for (size_t i = 0; i < m_groups.size(); ++i)
                scheduleNext(i);
        });
}

void AlertEngine::start()
{
    m_running = true;
    const std::int64_t now = nowMs();
    for (size_t g = 0; g < m_groups.size(); ++g)
        runLive(g, m_groups[g].clock.instantAtOrBeforeMs(now));
}

void AlertEngine::stop()
{
    m_running = false;
    for (Group &g : m_groups)
        g.timer->stop();
}

void AlertEngine::runLive(size_t group, std::int64_t instantMs)
{
    auto took = std::make_shared<QElapsedTimer>();
    took->start();
    evaluateGroup(group, instantMs,
                  [this, group, instantMs, took](std::vector<AlertTransition> out, bool reached) {
                      RuleGroupStatus &s = m_groups[group].status;
                      s.lastInstantMs = instantMs;
                      s.lastDurationMs = took->elapsed();
                      ++s.evaluations;
                      applyReachability(instantMs, reached, out);
                      scheduleNext(group);
                      emit evaluated(instantMs, out);
                  });
}

void AlertEngine::scheduleNext(size_t group)
{
    Group &g = m_groups[group];
    if (!m_running || g.busy)
        return;
    const std::int64_t wait = g.status.lastInstantMs + g.clock.intervalMs() - nowMs();
    g.timer->start(static_cast<int>(std::clamp<std::int64_t>(wait, 0, g.clock.intervalMs())));
}

void AlertEngine::onTimer(size_t group)
{
    Group &g = m_groups[group];
    if (!m_running || g.busy)
        return; // a busy group is rescheduled when it is done
    const std::int64_t now = nowMs();
    const GroupClock::Next next = g.clock.after(g.status.lastInstantMs, now);
    if (next.instantMs > now) { // woke before the instant: never ask about the future
        g.timer->start(static_cast<int>(next.instantMs - now));
        return;
    }
    g.status.missed += next.missed;
    runLive(group, next.instantMs);
}

void AlertEngine::backtest(std::int64_t fromMs, std::int64_t toMs)
{
    m_btFrom = fromMs;
    m_btTo = toMs;
    m_btChunkStart = fromMs;
    backtestChunk();
}

void AlertEngine::backtestChunk()
{
    if (m_btChunkStart > m_btTo || m_groups.empty()) {
        QTimer::singleShot(0, this, &AlertEngine::finished);
        return;
    }
    // A chunk short enough that no group's range query has more points than Prometheus allows.
    std::int64_t shortest = m_groups.front().clock.intervalMs();
    for (const Group &g : m_groups)
        shortest = std::min(shortest, g.clock.intervalMs());
    const std::int64_t chunkStart = m_btChunkStart;
    const std::int64_t chunkEnd = std::min(m_btTo, chunkStart + (MaxPointsPerQuery - 1) * shortest);
    const std::uint64_t generation = ++m_btGeneration;
    auto results = std::make_shared<std::vector<QueryOutcome>>(m_rules.size());
    auto pending = std::make_shared<int>(0);
    auto replay = [this, chunkStart, chunkEnd, results] {
        // Every group's instants in the chunk, in time order (groups in file order at the same time).
        std::vector<std::pair<std::int64_t, size_t>> instants;
        for (size_t g = 0; g < m_groups.size(); ++g)
            for (std::int64_t t : m_groups[g].clock.instantsMs(chunkStart, chunkEnd))
                instants.emplace_back(t, g);
        std::sort(instants.begin(), instants.end());
        for (const auto &[t, g] : instants) {
            std::vector<AlertTransition> out;
            bool reached = false;
            for (size_t i = m_groups[g].firstRule; i < m_groups[g].endRule; ++i) {
                const Answer a = answerOf((*results)[i], t);
                reached = reached || !a.connectionProblem;
                applyRule(i, t, a, out);
            }
            applyReachability(t, reached, out);
            emit evaluated(t, out);
        }
        m_btChunkStart = chunkEnd + 1;
        QTimer::singleShot(0, this, &AlertEngine::backtestChunk);
    };
    for (const Group &g : m_groups) {
        const std::int64_t first = g.clock.firstInstantAtOrAfterMs(chunkStart);
        const std::int64_t last = g.clock.instantAtOrBeforeMs(chunkEnd);
        if (first > last)
            continue;
        for (size_t i = g.firstRule; i < g.endRule; ++i) {
            ++*pending;
            QueryReply *reply =
                m_source->queryRange({m_rules[i]->rule().expr, first, last, g.clock.intervalMs(), {}});
            connect(reply, &QueryReply::finished, this,
                    [this, reply, i, generation, results, pending, replay] {
                        reply->deleteLater();
                        if (generation != m_btGeneration)
                            return;
                        (*results)[i] = reply->outcome();
                        if (--*pending == 0)
                            replay();
                    });
        }
    }
    if (*pending == 0)
        QTimer::singleShot(0, this, replay);
}

} // namespace promdeck
