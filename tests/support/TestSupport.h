// Shared by the tests: where the fixture Prometheus is, where test data lives, small helpers.
#pragma once

#include <QString>
#include <QUrl>

namespace promdeck::test {

// The fixture Prometheus started by CTest; fails the calling test (QFAIL) when it is not there, since a
// service a test needs but cannot start is a failure, not a skip.
QUrl fixturePrometheusUrl();
QString testDataPath(const QString &name);
QString promdeckBinary();
QString sourcePath(const QString &relative);

// The fixture's fixed 24 hours (see tests/fixtures/INCIDENTS.md).
constexpr qint64 FixtureStartMs = 1767571200000;
constexpr qint64 FixtureEndMs = 1767657600000;

} // namespace promdeck::test
