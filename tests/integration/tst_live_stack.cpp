// The built-in dashboards against the live demo stack (installer/live-stack): real Redis, PostgreSQL,
// node_exporter, a FastAPI service, a Celery worker and their exporters, scraped by a real
// Prometheus. Every panel that reads a live exporter must have data, and what `promdeck data`
// reports must be what Prometheus answers. Kubernetes and Istio cannot run here, so only the
// node panels of the kubernetes dashboard are expected to have data.
#include "prometheus/PrometheusClient.h"
#include "promql/Completion.h"
#include "source/SourceMetadata.h"
#include "support/PromdeckData.h"
#include "support/TestSupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

class TestLiveStack : public QObject
{
    Q_OBJECT
    QNetworkAccessManager m_nam;
    QUrl m_url;

    static bool readsLiveExporters(const QString &dashboard, const QJsonObject &panel)
    {
        if (dashboard != u"kubernetes")
            return true;
        for (const QJsonValue &q : panel.value(QLatin1String("queries")).toArray()) {
            const QString expr = q.toObject().value(QLatin1String("expr")).toString();
            if (expr.contains(QLatin1String("node_")) || expr.contains(QLatin1String("job=~\"node")))
                return true;
        }
        return false;
    }

    // Panels without data, or in error; empty when all have data.
    static QStringList problems(const QString &dashboard, const QJsonObject &data)
    {
        QStringList out;
        for (const QJsonValue &pv : data.value(QLatin1String("panels")).toArray()) {
            const QJsonObject panel = pv.toObject();
            if (!readsLiveExporters(dashboard, panel))
                continue;
            const QString title = panel.value(QLatin1String("title")).toString();
            if (panel.value(QLatin1String("state")).toString() != u"ok")
                out << title + QStringLiteral(": ") + panel.value(QLatin1String("state")).toString() +
                           QLatin1Char(' ') + panel.value(QLatin1String("error")).toString();
            for (const QJsonValue &qv : panel.value(QLatin1String("queries")).toArray()) {
                const QJsonObject q = qv.toObject();
                if (q.value(QLatin1String("series")).toArray().isEmpty())
                    out << title + QStringLiteral(": no series for ") +
                               q.value(QLatin1String("expr")).toString();
            }
        }
        return out;
    }

private slots:
    void initTestCase()
    {
        QFile f(qEnvironmentVariable("PROMDECK_LIVE_STACK_URL_FILE"));
        if (!f.open(QIODevice::ReadOnly))
            qFatal("the live stack is not running (no %s); run the tests through ctest",
                   qPrintable(f.fileName()));
        m_url = QUrl(QString::fromUtf8(f.readAll().trimmed()));
    }

    void panelsHaveLiveData_data()
    {
        QTest::addColumn<QString>("dashboard");
        for (const char *d : {"api", "celery", "redis", "postgres", "kubernetes"})
            QTest::newRow(d) << QString::fromLatin1(d);
    }
    void panelsHaveLiveData()
    {
        QFETCH(QString, dashboard);
        // The stack starts with empty counters: rates need two scrapes, failures and retries need
        // the load to have hit them. Ask again until every panel has data, within a bound.
        QElapsedTimer waited;
        waited.start();
        QJsonObject data;
        QStringList missing;
        do {
            if (!missing.isEmpty())
                QTest::qWait(5000);
            int exitCode = -1;
            data = promdeck::test::runPromdeckData({QStringLiteral("--dashboard"), dashboard,
                                                    QStringLiteral("--prometheus"), m_url.toString(),
                                                    QStringLiteral("--from"), QStringLiteral("now-5m"),
                                                    QStringLiteral("--to"), QStringLiteral("now-15s")},
                                                   &exitCode);
            QCOMPARE(exitCode, 0);
            missing = problems(dashboard, data);
        } while (!missing.isEmpty() && waited.elapsed() < 150'000);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));

        // The range ended in the past, so Prometheus answers the same questions the same way.
        for (const QJsonValue &pv : data.value(QLatin1String("panels")).toArray()) {
            const QJsonObject panel = pv.toObject();
            if (!readsLiveExporters(dashboard, panel))
                continue;
            for (const QJsonValue &q : panel.value(QLatin1String("queries")).toArray()) {
                const QString difference =
                    promdeck::test::differenceFromPrometheus(m_nam, m_url, q.toObject());
                QVERIFY2(difference.isEmpty(), qPrintable(difference));
            }
        }
    }

    void requestRateIsTheLoadGenerators()
    {
        // The load generator sends about 15 requests a second (Poisson): the API's stat shows that,
        // not a number from anywhere else. Once the service has run for longer than the rate window:
        // before, rate() sees a counter younger than its window.
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < 120'000) {
            QUrlQuery q;
            q.addQueryItem(QStringLiteral("query"),
                           QStringLiteral("time() - max(process_start_time_seconds{job=\"fastapi\"})"));
            const QJsonArray result =
                promdeck::test::askPrometheus(m_nam, m_url, QStringLiteral("/api/v1/query"), q)
                    .value(QLatin1String("data"))
                    .toObject()
                    .value(QLatin1String("result"))
                    .toArray();
            if (!result.isEmpty() &&
                result.at(0).toObject().value(QLatin1String("value")).toArray().at(1).toString().toDouble() >
                    100)
                break;
            QTest::qWait(5000);
        }
        const QJsonObject data = promdeck::test::runPromdeckData(
            {QStringLiteral("--dashboard"), QStringLiteral("api"), QStringLiteral("--prometheus"),
             m_url.toString(), QStringLiteral("--from"), QStringLiteral("now-2m"), QStringLiteral("--to"),
             QStringLiteral("now-15s")});
        for (const QJsonValue &pv : data.value(QLatin1String("panels")).toArray()) {
            const QJsonObject panel = pv.toObject();
            if (panel.value(QLatin1String("title")).toString() != u"Request rate")
                continue;
            const QJsonArray points = panel.value(QLatin1String("queries"))
                                          .toArray()
                                          .at(0)
                                          .toObject()
                                          .value(QLatin1String("series"))
                                          .toArray()
                                          .at(0)
                                          .toObject()
                                          .value(QLatin1String("points"))
                                          .toArray();
            QVERIFY(!points.isEmpty());
            const double rate = points.last().toArray().at(1).toDouble();
            QVERIFY2(rate > 7 && rate < 25, qPrintable(QString::number(rate)));
            return;
        }
        QFAIL("the api dashboard has no \"Request rate\" panel");
    }

    // Completion's hover text is what the exporters themselves say of each metric (TYPE and HELP
    // from /api/v1/metadata, asked through the DataSource interface): the backfilled fixture has no
    // metadata, the live stack's scrapes have it.
    void completionCarriesTheExportersTypeAndHelp()
    {
        using namespace promdeck;
        PrometheusEndpoint endpoint;
        endpoint.baseUrl = m_url;
        PrometheusClient client(&m_nam, endpoint);
        SourceMetadataProvider provider(&client);
        promql::MetadataCache cache(&provider);
        QSignalSpy updated(&cache, &promql::MetadataCache::updated);
        const QByteArray text = "sum(rate(redis_";
        promql::Completion completion = promql::complete(text, int(text.size()), &cache);
        for (int round = 0; completion.pending && round < 10 && updated.wait(10'000); ++round)
            completion = promql::complete(text, int(text.size()), &cache);
        QVERIFY(!completion.pending);

        const QJsonObject metadata = test::askPrometheus(m_nam, m_url, QStringLiteral("/api/v1/metadata"), {})
                                         .value(QLatin1String("data"))
                                         .toObject();
        int described = 0;
        for (const promql::CompletionCandidate &c : completion.candidates) {
            if (c.kind != promql::CompletionKind::MetricName)
                continue;
            QVERIFY2(c.text.startsWith(QLatin1String("redis_")), qPrintable(c.text));
            const QJsonObject theirs = metadata.value(c.text).toArray().first().toObject();
            QCOMPARE(c.detail, theirs.value(QLatin1String("type")).toString());
            QCOMPARE(c.documentation, theirs.value(QLatin1String("help")).toString());
            described += !c.documentation.isEmpty();
        }
        // redis_exporter describes what it exports: most names have a HELP line.
        QVERIFY2(described > 20, qPrintable(QString::number(described)));
    }
};

QTEST_GUILESS_MAIN(TestLiveStack)
#include "tst_live_stack.moc"
