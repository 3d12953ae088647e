// What a query comes back with from any source: the series, or the error that took their place.
#pragma once

#include "base/Error.h"
#include "series/Series.h"

namespace promdeck {

struct QueryOutcome
{
    SharedQueryResult result; // set when the query succeeded
    Error error;              // meaningful only when result is null
    bool ok() const { return result != nullptr; }
    static QueryOutcome success(QueryResult r)
    {
        return {std::make_shared<const QueryResult>(std::move(r)), {}};
    }
    static QueryOutcome failure(Error e) { return {nullptr, std::move(e)}; }
};

} // namespace promdeck
