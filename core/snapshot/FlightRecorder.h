// The flight recorder: while Promdeck runs live, everything it fetched over the last hours is kept,
// merged per query (each sample once, however many refreshes fetched it), and written to one
// snapshot file on disk, bounded in age and in bytes. After a lost connection or a restart, the
// operator rewinds over what was seen and exports any part of it as a snapshot.
#pragma once

#include "base/Result.h"
#include "snapshot/Snapshot.h"

#include <QHash>
#include <map>

namespace promdeck {

struct FlightRecorderLimits
{
    std::int64_t maxAgeMs = 6 * 3'600'000; // keep this much history behind the newest sample
    qint64 maxBytes = 256 << 20;           // the file never grows past this
};

class FlightRecorder
{
public:
    // Reads what an earlier run left in `file`, when it is a readable snapshot.
    FlightRecorder(QString file, FlightRecorderLimits limits = {});

    void setDashboard(const QByteArray &json, const QString &name);
    // The template variables' values the queries were written with, so a rewind shows the same.
    void setVariables(const QMap<QString, QString> &values) { m_variables = values; }
    void setSource(const QString &description, const QJsonObject &buildInfo);
    // Merges an answer in: range queries by (expression, step), instant ones by expression.
    void record(const RangeQuery &query, const QueryResult &result);
    void record(const InstantQuery &query, const QueryResult &result);

    // Everything kept, inside `range` (all of it when invalid), as a snapshot to replay or export.
    Snapshot snapshot(const TimeRange &range = {}) const;
    TimeRange coveredRange() const;
    qint64 sampleCount() const;
    // Writes the file (atomically), first dropping what is older than the limits allow.
    Result<> flush();

    // The same write in two halves, so that the long one runs off the GUI thread: take() prunes by
    // age and copies what is kept (on the recorder's thread); write() encodes and saves it (any
    // thread), giving up the oldest history while the file would pass the byte limit, and answers
    // from when it kept history (or INT64_MIN when all of it); dropBefore() makes the recorder
    // forget the same.
    struct Pending
    {
        Snapshot snapshot;
        QString file;
        qint64 maxBytes = 0;
    };
    Pending take();
    static Result<std::int64_t> write(Pending pending);
    void dropBefore(std::int64_t oldestKeptMs);
    const QString &file() const { return m_file; }

private:
    struct Timeline
    {
        QString expr;
        QString templateExpr;
        bool instant = false;
        std::int64_t stepMs = 0;
        QHash<const void *, Series> series; // by interned label set
        // The newest end of a range asked; an answer with no series is kept as "asked, nothing there",
        // so a rewind shows "no data" rather than "not recorded".
        std::int64_t askedUntilMs = 0;
    };
    void merge(Timeline &timeline, const QueryResult &result);
    void prune(std::int64_t oldestKeptMs);
    std::int64_t newestSampleMs() const;

    QString m_file;
    FlightRecorderLimits m_limits;
    std::map<QString, Timeline> m_timelines;
    QByteArray m_dashboardJson;
    QString m_dashboardName;
    QMap<QString, QString> m_variables;
    QString m_source;
    QJsonObject m_buildInfo;
};

} // namespace promdeck
