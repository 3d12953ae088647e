// Compressed answers, inflated with a bound. Promdeck asks servers for gzip (answers of Prometheus
// compress about tenfold, which matters through a port-forward) and inflates them itself instead of
// letting Qt do it, so that an answer inflating past the limit (a gzip bomb) is stopped at the limit
// and named as such, on the thread that parses it.
#pragma once

#include "base/Result.h"

#include <QByteArray>

namespace promdeck {

// What Accept-Encoding asks for.
inline constexpr char AcceptedEncodings[] = "gzip, deflate";

// The answer's body as sent with Content-Encoding `encoding` (empty or identity: as it is), inflated
// to at most `limitBytes` (0: no limit). Errors: past the limit ("the answer inflates past the N MB
// limit"), damaged compressed data, an encoding Promdeck does not read.
Result<QByteArray> decodeContent(QByteArray body, const QByteArray &encoding, qint64 limitBytes);

} // namespace promdeck
