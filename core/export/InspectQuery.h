// Inspect > Query: each request a panel sent, as sent after variable substitution (URL, expression,
// start/end/step, duration, bytes, samples, and the server's answer or error), and as a curl command
// that asks the same again.
#pragma once

#include "query/DashboardRefresher.h"

namespace promdeck {

// One query's request and answer, as a person reads them.
QString describeRequest(const QueryData &query);
// A shell command repeating the request (no credentials: the headers are never kept). Empty when the
// source sent none (a recording).
QString curlCommand(const RequestTrace &trace);

} // namespace promdeck
