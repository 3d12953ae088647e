// Turns the body of a Prometheus query answer into columnar series without building a JSON tree.
// Pure and thread-safe: it runs on a worker thread, never on the GUI thread.
#pragma once

#include "source/QueryOutcome.h"

#include <QByteArrayView>

namespace promdeck {

// Parses /api/v1/query and /api/v1/query_range answers (any resultType). `httpStatus` and `url` only
// shape the error when the body is not a Prometheus envelope.
QueryOutcome parseQueryResponse(QByteArrayView body, int httpStatus, const QString &url = {});

} // namespace promdeck
