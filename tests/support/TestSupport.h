// Shared by the tests: where the fixture Prometheus is, where test data lives, small helpers.
#pragma once

#include <QJsonObject>
#include <QString>
#include <QUrl>
#include <QUrlQuery>
#include <cstdint>

class QNetworkAccessManager;

namespace promdeck::test {

// The fixture Prometheus started by CTest; fails the calling test (QFAIL) when it is not there, since a
// service a test needs but cannot start is a failure, not a skip.
QUrl fixturePrometheusUrl();
QString testDataPath(const QString &name);
QString promdeckBinary();
QString sourcePath(const QString &relative);

// Asks the server directly, through plain QNetworkAccessManager and QJsonDocument: the independent
// path that tests compare Promdeck's answers with. Aborts the test when no answer comes.
QJsonObject askPrometheus(QNetworkAccessManager &network, const QUrl &server, const QString &path,
                          const QUrlQuery &query);
// The parameters of /api/v1/query_range for a range in milliseconds, written exactly.
QUrlQuery rangeQuery(const QString &expr, std::int64_t startMs, std::int64_t endMs, std::int64_t stepMs);
QString secondsText(std::int64_t ms);

// The fixture's fixed 24 hours (see tests/fixtures/INCIDENTS.md).
constexpr qint64 FixtureStartMs = 1767571200000;
constexpr qint64 FixtureEndMs = 1767657600000;

} // namespace promdeck::test
