// Turns the body of a Prometheus query answer into columnar series without building a JSON tree.
// Pure and thread-safe: it runs on a worker thread, never on the GUI thread.
#pragma once

#include "prometheus/ApiError.h"
#include "series/Series.h"

#include <QByteArrayView>

namespace promdeck {

struct QueryOutcome
{
    SharedQueryResult result; // set when the query succeeded
    ApiError error;           // meaningful only when result is null

    bool ok() const { return result != nullptr; }
    static QueryOutcome success(QueryResult r)
    {
        return {std::make_shared<const QueryResult>(std::move(r)), {}};
    }
    static QueryOutcome failure(ApiError e) { return {nullptr, std::move(e)}; }
};

// Parses /api/v1/query and /api/v1/query_range answers (any resultType). `httpStatus` and `url` only
// shape the error when the body is not a Prometheus envelope.
QueryOutcome parseQueryResponse(QByteArrayView body, int httpStatus, const QString &url = {});

// For non-JSON error pages (proxies): the <title> of an HTML page or the first line of text, short.
QString summarizeErrorBody(QByteArrayView body);

} // namespace promdeck
