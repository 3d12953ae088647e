// The client against the real fixture Prometheus: every endpoint it offers, compared with what the
// server answers when asked directly.
#include "prometheus/PrometheusClient.h"
#include "support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>
#include <cmath>

using namespace promdeck;

namespace {
template <typename Reply> void waitFinished(Reply *reply)
{
    QSignalSpy spy(reply, &Reply::finished);
    QVERIFY(spy.wait(20'000));
}
} // namespace

class TestLiveClient : public QObject
{
    Q_OBJECT
    QNetworkAccessManager m_nam;
    QUrl m_url;
    std::unique_ptr<PrometheusClient> m_client;

private slots:
    void initTestCase()
    {
        m_url = test::fixturePrometheusUrl();
        m_client = std::make_unique<PrometheusClient>(
            &m_nam, PrometheusEndpoint{m_url, {}, std::chrono::seconds(20), 2000});
    }

    void readinessAndBuildInfo()
    {
        MetadataReply *ready = m_client->readiness();
        waitFinished(ready);
        QVERIFY2(ready->ok(), qPrintable(ready->error().message()));
        MetadataReply *info = m_client->buildInfo();
        waitFinished(info);
        QVERIFY(info->ok());
        // The version the server reports is the installed binary's.
        QProcess p;
        p.start(QStringLiteral("prometheus"), {QStringLiteral("--version")});
        QVERIFY(p.waitForFinished(10'000));
        const QString printed = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
        const QString version = info->data().toObject().value(QLatin1String("version")).toString();
        QVERIFY(!version.isEmpty());
        QVERIFY2(printed.contains(QStringLiteral("version ") + version), qPrintable(printed));
    }

    void labelsAndValuesAndSeries()
    {
        const TimeRange day{test::FixtureStartMs, test::FixtureEndMs};
        MetadataReply *labels = m_client->labelNames({}, day);
        waitFinished(labels);
        QVERIFY(labels->ok());
        for (const char *name : {"handler", "method", "status", "le", "instance", "job"})
            QVERIFY2(labels->strings().contains(QLatin1String(name)), name);

        MetadataReply *handlers =
            m_client->labelValues(QStringLiteral("handler"), {QStringLiteral("http_requests_total")}, day);
        waitFinished(handlers);
        QVERIFY(handlers->ok());
        QUrl direct = m_client->apiUrl(QStringLiteral("/api/v1/label/handler/values"));
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("match[]"), QStringLiteral("http_requests_total"));
        q.addQueryItem(QStringLiteral("start"), QString::number(test::FixtureStartMs / 1000));
        q.addQueryItem(QStringLiteral("end"), QString::number(test::FixtureEndMs / 1000));
        direct.setQuery(q);
        QStringList expected;
        for (const QJsonValue &v : test::askPrometheus(m_nam, m_url, direct.path(), QUrlQuery(direct))
                                       .value(QLatin1String("data"))
                                       .toArray())
            expected << v.toString();
        QCOMPARE(handlers->strings(), expected);
        QVERIFY(expected.contains(QStringLiteral("/api/orders")));

        MetadataReply *series = m_client->series({QStringLiteral("http_requests_inprogress")}, day);
        waitFinished(series);
        QVERIFY(series->ok());
        QCOMPARE(series->data().toArray().size(), 14); // 7 handlers x 2 instances
    }

    void rangeQueryMatchesDirectAnswer()
    {
        const QString expr = QStringLiteral("sum by (status) (rate(http_requests_total[5m]))");
        const RangeQuery rq{expr, test::FixtureStartMs + 3'600'000, test::FixtureStartMs + 7'200'000, 30'000};
        QueryReply *reply = m_client->queryRange(rq);
        waitFinished(reply);
        const QueryOutcome &o = reply->outcome();
        QVERIFY2(o.ok(), qPrintable(o.error.message()));

        QUrl direct = m_client->apiUrl(QStringLiteral("/api/v1/query_range"));
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("query"), expr);
        q.addQueryItem(QStringLiteral("start"), QString::number(rq.startMs / 1000));
        q.addQueryItem(QStringLiteral("end"), QString::number(rq.endMs / 1000));
        q.addQueryItem(QStringLiteral("step"), QStringLiteral("30"));
        direct.setQuery(q);
        const QJsonArray result = test::askPrometheus(m_nam, m_url, direct.path(), QUrlQuery(direct))
                                      .value(QLatin1String("data"))
                                      .toObject()
                                      .value(QLatin1String("result"))
                                      .toArray();
        QCOMPARE(int(o.result->series.size()), int(result.size()));
        QCOMPARE(result.size(), 3); // 2xx, 4xx, 5xx
        for (const QJsonValue &sv : result) {
            const QString status = sv.toObject()
                                       .value(QLatin1String("metric"))
                                       .toObject()
                                       .value(QLatin1String("status"))
                                       .toString();
            const auto it =
                std::find_if(o.result->series.begin(), o.result->series.end(),
                             [&](const Series &s) { return s.labels.value(u"status") == status; });
            QVERIFY(it != o.result->series.end());
            const QJsonArray values = sv.toObject().value(QLatin1String("values")).toArray();
            QCOMPARE(it->size(), values.size());
            for (qsizetype i = 0; i < values.size(); ++i) {
                QCOMPARE(it->timestampsMs[size_t(i)], std::llround(values[i].toArray()[0].toDouble() * 1000));
                QCOMPARE(it->values[size_t(i)], values[i].toArray()[1].toString().toDouble());
            }
        }
        reply->deleteLater();
    }

    void operatorsSurviveEncoding_data()
    {
        QTest::addColumn<int>("padding"); // long enough to go by POST instead of GET
        QTest::newRow("GET") << 0;
        QTest::newRow("POST") << 2500;
    }
    void operatorsSurviveEncoding()
    {
        // '+', '&', '=' and '%' are form syntax: sent unescaped, `a + b` would reach the server as
        // `a   b`, a parse error.
        QFETCH(int, padding);
        const QString expr = QStringLiteral("(vector(2) + vector(3)) * 10 %% 7 and on() vector(1) != 0 %1")
                                 .arg(QStringLiteral("# ").append(QString(padding, QLatin1Char('x'))))
                                 .replace(QStringLiteral("%%"), QStringLiteral("%"));
        QueryReply *reply = m_client->queryInstant({expr, test::FixtureEndMs});
        waitFinished(reply);
        QVERIFY2(reply->outcome().ok(), qPrintable(reply->outcome().error.message()));
        const QueryResult &result = *reply->outcome().result;
        QCOMPARE(result.series.size(), size_t(1));
        QCOMPARE(result.series.front().values.front(), 1.0); // (2 + 3) * 10 % 7
        reply->deleteLater();
    }

    void badQueryGivesTheServersWords()
    {
        const QString expr = QStringLiteral("sum(rate(http_requests_total[5m]");
        QueryReply *reply = m_client->queryInstant({expr, test::FixtureEndMs});
        waitFinished(reply);
        QCOMPARE(reply->outcome().error.kind, Error::Kind::BadData);
        QUrl direct = m_client->apiUrl(QStringLiteral("/api/v1/query"));
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("query"), expr);
        direct.setQuery(q);
        const QString serverWords = test::askPrometheus(m_nam, m_url, direct.path(), QUrlQuery(direct))
                                        .value(QLatin1String("error"))
                                        .toString();
        QVERIFY(serverWords.contains(QStringLiteral("parse error")));
        QCOMPARE(reply->outcome().error.message(), serverWords);
        reply->deleteLater();
    }

    void tooManyPointsIsTheServersError()
    {
        // What the step rule prevents: the server's own 11,000-points refusal, readable.
        QueryReply *reply =
            m_client->queryRange({QStringLiteral("up"), test::FixtureStartMs, test::FixtureEndMs, 1000});
        waitFinished(reply);
        QCOMPARE(reply->outcome().error.kind, Error::Kind::BadData);
        QVERIFY(reply->outcome().error.message().contains(QStringLiteral("11,000")));
        reply->deleteLater();
    }
};

QTEST_GUILESS_MAIN(TestLiveClient)
#include "tst_live_client.moc"
