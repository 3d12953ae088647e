// Answers queries from a recording, with no network: the exact query when it was recorded, else the
// recorded samples of the same expression cut to the asked range (zoom and pan inside a recording).
// An expression that was never recorded is an error that says so.
#pragma once

#include "snapshot/Snapshot.h"

namespace promdeck {

class SnapshotSource : public DataSource
{
    Q_OBJECT
public:
    explicit SnapshotSource(Snapshot snapshot, QObject *parent = nullptr);

    const Snapshot &snapshot() const { return m_snapshot; }

    QueryReply *queryRange(const RangeQuery &query) override;
    QueryReply *queryInstant(const InstantQuery &query) override;
    MetadataReply *labelValues(const QString &label, const QStringList &matchers,
                               const TimeRange &range) override;
    MetadataReply *labelNames(const QStringList &matchers, const TimeRange &range) override;
    MetadataReply *buildInfo() override;
    QString description() const override;

private:
    QueryOutcome answerRange(const RangeQuery &query) const;
    QueryOutcome answerInstant(const InstantQuery &query) const;
    QueryReply *reply(QueryOutcome outcome);

    Snapshot m_snapshot;
};

// Samples of a result inside [fromMs, toMs], series without samples there dropped.
QueryResult sliceResult(const QueryResult &result, std::int64_t fromMs, std::int64_t toMs);

} // namespace promdeck
