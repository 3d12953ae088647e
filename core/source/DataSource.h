// The one interface every feature reads data through: the live Prometheus client, a recorded
// snapshot, the flight recorder. Dashboards, the alert engine, the CLI and the widgets never know
// which one they are talking to.
#pragma once

#include "series/TimeRange.h"
#include "source/QueryOutcome.h"

#include <QJsonValue>
#include <QObject>
#include <functional>

namespace promdeck {

struct RangeQuery
{
    QString expr;
    std::int64_t startMs = 0;
    std::int64_t endMs = 0;
    std::int64_t stepMs = 0;
    // The dashboard's expression before $__interval and friends were filled in. A live server never
    // needs it; a recording matches on it when a zoom changed the step and with it the expression.
    QString templateExpr;
    friend bool operator==(const RangeQuery &, const RangeQuery &) = default;
};

struct InstantQuery
{
    QString expr;
    std::int64_t timeMs = 0;
    QString templateExpr; // as for RangeQuery
    friend bool operator==(const InstantQuery &, const InstantQuery &) = default;
};

// An answer that will come. finished() is always emitted from the event loop, exactly once, never
// from inside the call that created the reply. The receiver deletes the reply (deleteLater) after it.
class QueryReply : public QObject
{
    Q_OBJECT
public:
    explicit QueryReply(QObject *parent = nullptr) : QObject(parent) {}
    // Finished before its members go: a network reply that still ends while ~QObject runs (the
    // source torn down with requests in flight) then finds nothing left to finish.
    ~QueryReply() override;

    bool isFinished() const { return m_finished; }
    const QueryOutcome &outcome() const { return m_outcome; }

    // Gives up: finished() follows with an Aborted error, and nothing later replaces it.
    void abort();

    // For DataSource implementations. Later calls after the first are ignored.
    void finish(QueryOutcome outcome);
    void setAbortHandler(std::function<void()> handler) { m_abortHandler = std::move(handler); }

signals:
    void finished();

private:
    bool m_finished = false;
    QueryOutcome m_outcome;
    std::function<void()> m_abortHandler;
};

// The same for the small metadata endpoints (labels, label values, series, build info, readiness).
class MetadataReply : public QObject
{
    Q_OBJECT
public:
    explicit MetadataReply(QObject *parent = nullptr) : QObject(parent) {}
    ~MetadataReply() override { m_finished = true; } // as QueryReply's

    bool isFinished() const { return m_finished; }
    bool ok() const { return m_ok; }
    const QJsonValue &data() const { return m_data; }
    const Error &error() const { return m_error; }
    QStringList warnings() const { return m_warnings; }
    // `data` as a list of strings (labels, label values).
    QStringList strings() const;

    void succeed(QJsonValue data, QStringList warnings = {});
    void fail(Error error);

signals:
    void finished();

private:
    void emitLater();
    bool m_finished = false;
    bool m_ok = false;
    QJsonValue m_data;
    Error m_error;
    QStringList m_warnings;
};

class DataSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual QueryReply *queryRange(const RangeQuery &query) = 0;
    virtual QueryReply *queryInstant(const InstantQuery &query) = 0;
    virtual MetadataReply *labelValues(const QString &label, const QStringList &matchers,
                                       const TimeRange &range) = 0;
    virtual MetadataReply *labelNames(const QStringList &matchers, const TimeRange &range) = 0;
    virtual MetadataReply *buildInfo() = 0;
    // Where the data comes from, for the status bar and snapshots: a URL without credentials, a file.
    virtual QString description() const = 0;
};

} // namespace promdeck
