#include "explore/ExploreRunner.h"

#include "query/StepRule.h"

namespace promdeck {

QString exploreRefId(int row)
{
    QString id;
    for (int n = row + 1; n > 0; n = (n - 1) / 26)
        id.prepend(QChar(u'A' + (n - 1) % 26));
    return id;
}

ExploreRunner::ExploreRunner(QObject *parent) : QObject(parent) {}

ExploreRunner::~ExploreRunner()
{
    cancel();
}

void ExploreRunner::cancel()
{
    // Disconnected first: an aborted reply's finished() must not count against the next run.
    for (const QPointer<QueryReply> &reply : std::as_const(m_replies))
        if (reply) {
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
        }
    m_replies.clear();
    m_waiting = 0;
}

void ExploreRunner::run(DataSource *source, const QStringList &exprs, const TimeRange &range, int widthPx)
{
    cancel();
    m_answers.clear();
    m_range = range;
    // Whole seconds, as a person would write the step.
    m_stepMs = (stepForRange(range, std::max(widthPx, 10), 1000) + 999) / 1000 * 1000;
    const TimeRange aligned = alignToStep(range, m_stepMs);
    for (int row = 0; row < exprs.size(); ++row) {
        ExploreAnswer answer;
        answer.refId = exploreRefId(row);
        answer.expr = exprs[row].trimmed();
        answer.rangeQuery = {answer.expr, aligned.fromMs, aligned.toMs, m_stepMs, {}};
        answer.instantQuery = {answer.expr, range.toMs, {}};
        m_answers.push_back(std::move(answer));
    }
    if (!source)
        return;
    for (size_t i = 0; i < m_answers.size(); ++i) {
        ExploreAnswer &answer = m_answers[i];
        if (answer.expr.isEmpty())
            continue;
        for (const bool instant : {false, true}) {
            QueryReply *reply =
                instant ? source->queryInstant(answer.instantQuery) : source->queryRange(answer.rangeQuery);
            ++answer.waiting;
            ++m_waiting;
            m_replies.emplace_back(reply);
            connect(reply, &QueryReply::finished, this,
                    [this, reply, i, instant] { onReply(reply, i, instant); });
        }
    }
}

void ExploreRunner::onReply(QueryReply *reply, size_t index, bool instant)
{
    reply->deleteLater();
    ExploreAnswer &answer = m_answers[index];
    const QueryOutcome &outcome = reply->outcome();
    if (outcome.ok())
        (instant ? answer.instant : answer.range) = outcome.result;
    else if (!instant || answer.error.isEmpty()) // the range query's words win: the same on every run
        answer.error = outcome.error.message();
    --answer.waiting;
    if (--m_waiting == 0) {
        m_replies.clear();
        emit finished();
    }
}

} // namespace promdeck
