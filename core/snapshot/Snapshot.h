// A recording of what a dashboard saw: the dashboard itself, the time range, every query sent with
// its parsed answer, and where it came from. Never a credential: the source is described by a URL
// without user-info, and no request header is kept.
#pragma once

#include "source/DataSource.h"

#include <QJsonObject>
#include <QMap>
#include <vector>

namespace promdeck {

struct RecordedQuery
{
    bool instant = false;
    RangeQuery range;          // when !instant
    InstantQuery instantQuery; // when instant
    QueryOutcome outcome;

    const QString &expr() const { return instant ? instantQuery.expr : range.expr; }
};

struct Snapshot
{
    QByteArray dashboardJson; // the dashboard file as it was loaded
    QString dashboardName;    // what it was opened as (file name or built-in name)
    QMap<QString, QString> variables;
    TimeRange range;
    std::int64_t createdMs = 0;
    QString promdeckVersion;
    QString source;        // e.g. http://localhost:9090, without credentials
    QJsonObject buildInfo; // the server's /api/v1/status/buildinfo data
    std::vector<RecordedQuery> queries;

    qsizetype sampleCount() const;
};

} // namespace promdeck
