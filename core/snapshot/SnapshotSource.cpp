#include "snapshot/SnapshotSource.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>
#include <algorithm>

namespace promdeck {

SnapshotSource::SnapshotSource(Snapshot snapshot, QObject *parent)
    : DataSource(parent), m_snapshot(std::move(snapshot))
{
}

QString SnapshotSource::description() const
{
    return QStringLiteral("snapshot of %1")
        .arg(m_snapshot.source.isEmpty() ? QStringLiteral("an unknown server") : m_snapshot.source);
}

QueryReply *SnapshotSource::reply(QueryOutcome outcome)
{
    auto *r = new QueryReply(this);
    r->finish(std::move(outcome)); // finished() still comes from the event loop
    return r;
}

QueryResult sliceResult(const QueryResult &result, std::int64_t fromMs, std::int64_t toMs)
{
    QueryResult out;
    out.type = result.type;
    out.stringValue = result.stringValue;
    out.warnings = result.warnings;
    out.infos = result.infos;
    for (const Series &s : result.series) {
        const auto begin = std::lower_bound(s.timestampsMs.begin(), s.timestampsMs.end(), fromMs);
        const auto end = std::upper_bound(begin, s.timestampsMs.end(), toMs);
        if (begin == end)
            continue;
        Series cut;
        cut.labels = s.labels;
        const auto first = begin - s.timestampsMs.begin();
        const auto last = end - s.timestampsMs.begin();
        cut.timestampsMs.assign(begin, end);
        cut.values.assign(s.values.begin() + first, s.values.begin() + last);
        out.series.push_back(std::move(cut));
    }
    return out;
}

namespace {
QueryOutcome notRecorded(const QString &expr)
{
    Error e;
    e.kind = Error::Kind::NotFound;
    e.detail = QStringLiteral("not in this snapshot: the recording never ran %1").arg(expr);
    return QueryOutcome::failure(e);
}
} // namespace

QueryOutcome SnapshotSource::answerRange(const RangeQuery &query) const
{
    const RecordedQuery *best = nullptr;
    // The same expression first; failing that, the same dashboard expression recorded at another step.
    const bool anyRecordedAsSent =
        std::any_of(m_snapshot.queries.begin(), m_snapshot.queries.end(),
                    [&](const RecordedQuery &q) { return !q.instant && q.range.expr == query.expr; });
    for (const RecordedQuery &q : m_snapshot.queries) {
        const bool sameExpr = q.range.expr == query.expr;
        const bool sameTemplate = !query.templateExpr.isEmpty() && q.range.templateExpr == query.templateExpr;
        if (q.instant || !(sameExpr || (!anyRecordedAsSent && sameTemplate)))
            continue;
        if (q.range == query)
            return q.outcome;
        // Otherwise the recording of this expression that covers most of the asked range, finest step first.
        auto overlap = [&](const RecordedQuery &r) {
            return std::max<std::int64_t>(0, std::min(r.range.endMs, query.endMs) -
                                                 std::max(r.range.startMs, query.startMs));
        };
        if (!best || overlap(q) > overlap(*best) ||
            (overlap(q) == overlap(*best) && q.range.stepMs < best->range.stepMs))
            best = &q;
    }
    if (!best)
        return notRecorded(query.expr);
    if (!best->outcome.ok())
        return best->outcome;
    return QueryOutcome::success(sliceResult(*best->outcome.result, query.startMs, query.endMs));
}

QueryOutcome SnapshotSource::answerInstant(const InstantQuery &query) const
{
    // The recording asked at or before the time, the latest such; else the earliest one after it.
    const RecordedQuery *best = nullptr;
    for (const RecordedQuery &q : m_snapshot.queries) {
        const bool sameTemplate =
            !query.templateExpr.isEmpty() && q.instantQuery.templateExpr == query.templateExpr;
        if (!q.instant || (q.instantQuery.expr != query.expr && !sameTemplate))
            continue;
        const bool atOrBefore = q.instantQuery.timeMs <= query.timeMs;
        const bool bestAtOrBefore = best && best->instantQuery.timeMs <= query.timeMs;
        if (!best || (atOrBefore && (!bestAtOrBefore || q.instantQuery.timeMs > best->instantQuery.timeMs)) ||
            (!atOrBefore && !bestAtOrBefore && q.instantQuery.timeMs < best->instantQuery.timeMs))
            best = &q;
    }
    if (!best)
        return notRecorded(query.expr);
    if (!best->outcome.ok())
        return best->outcome;
    // An instant answer is one sample per series, as of the time asked: the latest recorded at or
    // before it within Prometheus' lookback (the flight recorder keeps every refresh's answer, and
    // playback asks for times before the recording's end). Nothing from after the time asked.
    constexpr std::int64_t LookbackMs = 5 * 60 * 1000;
    QueryResult cut;
    cut.type = best->outcome.result->type;
    cut.warnings = best->outcome.result->warnings;
    for (const Series &series : best->outcome.result->series) {
        const auto after =
            std::upper_bound(series.timestampsMs.begin(), series.timestampsMs.end(), query.timeMs);
        if (after == series.timestampsMs.begin() || *std::prev(after) < query.timeMs - LookbackMs)
            continue;
        const auto i = static_cast<size_t>(std::prev(after) - series.timestampsMs.begin());
        cut.series.push_back(Series{series.labels, {series.timestampsMs[i]}, {series.values[i]}});
    }
    if (cut.series.empty() && best->instantQuery.timeMs > query.timeMs) {
        Error e;
        e.kind = Error::Kind::NotFound;
        e.detail =
            QStringLiteral("not in this snapshot at this time: the recording asked %1 at %2 only")
                .arg(
                    query.expr,
                    QDateTime::fromMSecsSinceEpoch(best->instantQuery.timeMs, Qt::UTC).toString(Qt::ISODate));
        return QueryOutcome::failure(e);
    }
    return QueryOutcome::success(std::move(cut));
}

QueryReply *SnapshotSource::queryRange(const RangeQuery &query)
{
    return reply(answerRange(query));
}

QueryReply *SnapshotSource::queryInstant(const InstantQuery &query)
{
    return reply(answerInstant(query));
}

MetadataReply *SnapshotSource::labelValues(const QString &label, const QStringList &, const TimeRange &)
{
    // The values the recorded series carry: what a variable picker can offer offline.
    QStringList values;
    for (const RecordedQuery &q : m_snapshot.queries) {
        if (!q.outcome.ok())
            continue;
        for (const Series &s : q.outcome.result->series) {
            const QString v = s.labels.value(label);
            if (!v.isEmpty())
                values << v;
        }
    }
    values.removeDuplicates();
    values.sort();
    auto *r = new MetadataReply(this);
    r->succeed(QJsonArray::fromStringList(values));
    return r;
}

MetadataReply *SnapshotSource::labelNames(const QStringList &, const TimeRange &)
{
    QStringList names;
    for (const RecordedQuery &q : m_snapshot.queries) {
        if (!q.outcome.ok())
            continue;
        for (const Series &s : q.outcome.result->series)
            for (const Label &l : s.labels.labels())
                names << l.name;
    }
    names.removeDuplicates();
    names.sort();
    auto *r = new MetadataReply(this);
    r->succeed(QJsonArray::fromStringList(names));
    return r;
}

MetadataReply *SnapshotSource::buildInfo()
{
    auto *r = new MetadataReply(this);
    r->succeed(m_snapshot.buildInfo);
    return r;
}

} // namespace promdeck
