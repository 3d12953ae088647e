// How a failed HTTP exchange reads, for every HTTP client of core (Prometheus', Alertmanager's):
// the network layer's failure as an Error, and a proxy's error page summed up in a line.
#pragma once

#include "base/Error.h"

#include <QByteArrayView>

class QNetworkReply;

namespace promdeck {

// A transfer that failed (or was cut by our own timeout: `timedOut`), with the URL it went to.
Error networkErrorOf(QNetworkReply *reply, const QString &url, bool timedOut);
// For non-JSON error pages (proxies): the <title> of an HTML page or the first line of text, short.
QString summarizeErrorBody(QByteArrayView body);

} // namespace promdeck
