// What a query comes back with from any source: the series, or the error that took their place.
#pragma once

#include "base/Error.h"
#include "series/Series.h"

namespace promdeck {

// The HTTP request behind an answer, as sent (for Inspect > Query): a source with no server leaves it
// empty. Never carries headers: they may hold the Authorization secret.
struct RequestTrace
{
    QByteArray method;     // "GET" or "POST"; empty: no request was made
    QString url;           // without user info; with the query string when GET
    QByteArray formBody;   // the encoded parameters when POST
    qint64 durationMs = 0; // from sending to the last byte
    qint64 bytes = 0;      // the answer's body
    int httpStatus = 0;
    QByteArray answer; // the answer's body, its first MaxAnswerBytes
    static constexpr qsizetype MaxAnswerBytes = 256 * 1024;
};

struct QueryOutcome
{
    SharedQueryResult result; // set when the query succeeded
    Error error;              // meaningful only when result is null
    RequestTrace trace;
    bool ok() const { return result != nullptr; }
    static QueryOutcome success(QueryResult r)
    {
        return {std::make_shared<const QueryResult>(std::move(r)), {}};
    }
    static QueryOutcome failure(Error e) { return {nullptr, std::move(e)}; }
};

} // namespace promdeck
