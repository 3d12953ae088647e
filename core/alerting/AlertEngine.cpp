#include "alerting/AlertEngine.h"

#include "source/QueryOutcome.h"

#include <QTimer>

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
} // namespace

AlertEngine::AlertEngine(DataSource *source, std::vector<RuleGroup> groups, QObject *parent)
    : QObject(parent), m_source(source)
{
    m_meta.push_back(std::make_unique<RuleState>(metaRule(
        QStringLiteral("PromdeckServerUnreachable"), MetaAlertAfterMs,
        {{QStringLiteral("severity"), QStringLiteral("critical")}},
        QStringLiteral("Prometheus has not answered for {{ $value | humanizeDuration }}: no alert can "
                       "fire while it is unreachable"))));
    for (RuleGroup &g : groups)
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
}

AlertEngine::~AlertEngine() = default;

void AlertEngine::evaluateAt(std::int64_t tMs)
{
    const std::uint64_t generation = ++m_generation; // an older evaluation still running is dropped
    auto answers = std::make_shared<std::vector<Answer>>(m_rules.size());
    m_pending = static_cast<int>(m_rules.size());
    if (m_pending == 0) {
        QTimer::singleShot(0, this, [this, tMs] { settle(tMs, {}); });
        return;
    }
    for (size_t i = 0; i < m_rules.size(); ++i) {
        QueryReply *reply = m_source->queryInstant({m_rules[i]->rule().expr, tMs, {}});
        connect(reply, &QueryReply::finished, this, [this, reply, i, tMs, generation, answers] {
            reply->deleteLater();
            if (generation != m_generation)
                return;
            Answer &a = (*answers)[i];
            const QueryOutcome &o = reply->outcome();
            a.ok = o.ok();
            if (a.ok) {
                a.samples = samplesOf(*o.result);
            } else {
                a.error = o.error.message();
                a.connectionProblem = o.error.isConnectionProblem();
            }
            if (--m_pending == 0)
                settle(tMs, std::move(*answers));
        });
    }
}

void AlertEngine::settle(std::int64_t tMs, std::vector<Answer> answers)
{
    std::vector<AlertTransition> out;
    bool anyReached = answers.empty();
    for (size_t i = 0; i < m_rules.size(); ++i) {
        const Answer &a = answers[i];
        anyReached = anyReached || !a.connectionProblem;
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
    // The connection: no answer from anywhere means no alert can fire; after two minutes that is
    // an alert itself.
    if (!anyReached && m_unreachableSinceMs == 0)
        m_unreachableSinceMs = tMs;
    if (anyReached)
        m_unreachableSinceMs = 0;
    const auto t = m_meta[0]->apply(
        tMs, anyReached
                 ? std::vector<AlertSample>{}
                 : std::vector<AlertSample>{{{}, static_cast<double>(tMs - m_unreachableSinceMs) / 1000.0}});
    out.insert(out.end(), t.begin(), t.end());
    emit evaluated(tMs, out);
}

void AlertEngine::backtest(std::int64_t fromMs, std::int64_t toMs, std::int64_t intervalMs)
{
    m_btFrom = fromMs;
    m_btTo = toMs;
    m_btInterval = std::max<std::int64_t>(1000, intervalMs);
    m_btChunkStart = fromMs;
    backtestChunk();
}

void AlertEngine::backtestChunk()
{
    if (m_btChunkStart > m_btTo) {
        emit finished();
        return;
    }
    const std::int64_t chunkEnd = std::min(m_btTo, m_btChunkStart + (MaxPointsPerQuery - 1) * m_btInterval);
    const std::uint64_t generation = ++m_generation;
    auto results = std::make_shared<std::vector<QueryOutcome>>(m_rules.size());
    m_pending = static_cast<int>(m_rules.size());
    auto replay = [this, chunkEnd, results] {
        // The chunk's evaluation times, in order, each from the range answers.
        for (std::int64_t t = m_btChunkStart; t <= chunkEnd; t += m_btInterval) {
            std::vector<Answer> answers(m_rules.size());
            for (size_t i = 0; i < m_rules.size(); ++i) {
                const QueryOutcome &o = (*results)[i];
                answers[i].ok = o.ok();
                if (o.ok())
                    answers[i].samples = samplesAt(*o.result, t);
                else {
                    answers[i].error = o.error.message();
                    answers[i].connectionProblem = o.error.isConnectionProblem();
                }
            }
            settle(t, std::move(answers));
        }
        m_btChunkStart = chunkEnd + m_btInterval;
        QTimer::singleShot(0, this, &AlertEngine::backtestChunk);
    };
    if (m_pending == 0) {
        QTimer::singleShot(0, this, replay);
        return;
    }
    for (size_t i = 0; i < m_rules.size(); ++i) {
        QueryReply *reply =
            m_source->queryRange({m_rules[i]->rule().expr, m_btChunkStart, chunkEnd, m_btInterval, {}});
        connect(reply, &QueryReply::finished, this, [this, reply, i, generation, results, replay] {
            reply->deleteLater();
            if (generation != m_generation)
                return;
            (*results)[i] = reply->outcome();
            if (--m_pending == 0)
                replay();
        });
    }
}

} // namespace promdeck
