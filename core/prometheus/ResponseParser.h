// Turns the body of a Prometheus query answer into columnar series without building a JSON tree.
// Pure and thread-safe: it runs on a worker thread, never on the GUI thread.
#pragma once

#include "source/QueryOutcome.h"

#include <QByteArrayView>

namespace promdeck {

// Parses /api/v1/query and /api/v1/query_range answers (any resultType). `httpStatus` and `url` only
// shape the error when the body is not a Prometheus envelope. Past `maxSeries` series (0: no cap)
// the rest are skipped, not built: they are counted in totalSeries and named in a warning.
QueryOutcome parseQueryResponse(QByteArrayView body, int httpStatus, const QString &url = {},
                                qsizetype maxSeries = 0);

// The error for an answer that is not readable JSON, in the words panels and variables share:
// "expected a JSON answer, got: …", "the answer stops after N bytes…", "invalid JSON at byte N: …".
Error unreadableAnswerError(QByteArrayView body, int httpStatus, const QString &url);

} // namespace promdeck
