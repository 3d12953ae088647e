#include "support/TestSupport.h"

#include <QFile>
#include <QTest>

namespace promdeck::test {

QUrl fixturePrometheusUrl()
{
    const QString file = qEnvironmentVariable("PROMDECK_TEST_PROMETHEUS_URL_FILE");
    QFile f(file);
    if (file.isEmpty() || !f.open(QIODevice::ReadOnly)) {
        qFatal("the fixture Prometheus is not running (no URL in %s); run the tests through ctest",
               qPrintable(file));
    }
    return QUrl(QString::fromUtf8(f.readAll().trimmed()));
}

QString testDataPath(const QString &name)
{
    return qEnvironmentVariable("PROMDECK_TESTDATA") + QLatin1Char('/') + name;
}

QString promdeckBinary()
{
    return qEnvironmentVariable("PROMDECK_BINARY");
}

QString sourcePath(const QString &relative)
{
    return qEnvironmentVariable("PROMDECK_SOURCE_DIR") + QLatin1Char('/') + relative;
}

} // namespace promdeck::test
