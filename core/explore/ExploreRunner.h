// Explore's queries asked of a DataSource, as Grafana's Explore asks them with "Both": each over a
// range, one point per pixel (the graph), and at the range's end (the table). A new run abandons the
// one in flight, so a slow answer never overwrites a newer one.
#pragma once

#include "source/DataSource.h"

#include <QObject>
#include <QPointer>
#include <vector>

namespace promdeck {

struct ExploreAnswer
{
    QString refId; // A, B, ... by the query's row
    QString expr;
    RangeQuery rangeQuery;
    InstantQuery instantQuery;
    SharedQueryResult range;   // null until answered, or when the query failed
    SharedQueryResult instant; // likewise
    QString error;   // the server's (or the connection's) words when a query failed (the range's first)
    int waiting = 0; // answers still to come
    bool isFinished() const { return waiting == 0; }
};

// The row's name as Grafana names queries: A, B, ... Z, then AA, AB ...
QString exploreRefId(int row);

class ExploreRunner : public QObject
{
    Q_OBJECT
public:
    explicit ExploreRunner(QObject *parent = nullptr);
    ~ExploreRunner() override;

    // Asks every expression (an empty one is skipped, its refId kept) over `range` with a step for
    // `widthPx` points, and at the range's end.
    void run(DataSource *source, const QStringList &exprs, const TimeRange &range, int widthPx);
    void cancel();
    bool isRunning() const { return m_waiting > 0; }
    const std::vector<ExploreAnswer> &answers() const { return m_answers; }
    const TimeRange &range() const { return m_range; }
    std::int64_t stepMs() const { return m_stepMs; }

signals:
    // Every query of the run has its answers or its error.
    void finished();

private:
    void onReply(QueryReply *reply, size_t index, bool instant);

    std::vector<ExploreAnswer> m_answers;
    std::vector<QPointer<QueryReply>> m_replies;
    TimeRange m_range;
    std::int64_t m_stepMs = 0;
    int m_waiting = 0;
};

} // namespace promdeck
