#include "support/TestSupport.h"

#include <QFile>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
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

QJsonObject askPrometheus(QNetworkAccessManager &network, const QUrl &server, const QString &path,
                          const QUrlQuery &query)
{
    QUrl url = server;
    url.setPath(server.path() + path);
    // Every item fully percent-encoded: QUrlQuery keeps '+', which the server decodes as a space.
    QStringList items;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
        items << QString::fromLatin1(QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value));
    url.setQuery(items.join(QLatin1Char('&')), QUrl::StrictMode);
    QNetworkReply *reply = network.get(QNetworkRequest(url));
    QSignalSpy spy(reply, &QNetworkReply::finished);
    if (!spy.wait(60'000))
        qFatal("no answer from %s", qPrintable(url.toString()));
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return answer;
}

QString secondsText(std::int64_t ms)
{
    return QString::number(ms / 1000) + QLatin1Char('.') +
           QStringLiteral("%1").arg(ms % 1000, 3, 10, QLatin1Char('0'));
}

QUrlQuery rangeQuery(const QString &expr, std::int64_t startMs, std::int64_t endMs, std::int64_t stepMs)
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("query"), expr);
    q.addQueryItem(QStringLiteral("start"), secondsText(startMs));
    q.addQueryItem(QStringLiteral("end"), secondsText(endMs));
    q.addQueryItem(QStringLiteral("step"), secondsText(stepMs));
    return q;
}

} // namespace promdeck::test
