// `promdeck data` as tests use it: run it, and compare each query it reports with what the server
// answers when asked the same question directly.
#pragma once

#include <QJsonObject>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

class QNetworkAccessManager;

namespace promdeck::test {

// Runs `promdeck data ARGS -o FILE` and returns the JSON it wrote (empty when it wrote none).
QJsonObject runPromdeckData(const QStringList &args, int *exitCode = nullptr);

// The parameters Prometheus needs to answer one query of `promdeck data` itself.
QUrlQuery queryParameters(const QJsonObject &query);

// Empty when the query's series equal the server's answer label set for label set and point for
// point; otherwise what differs, for the failure message.
QString differenceFromPrometheus(QNetworkAccessManager &network, const QUrl &server,
                                 const QJsonObject &query);

} // namespace promdeck::test
