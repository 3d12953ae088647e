// `promdeck data` is the truth of what panels show. For the built-in dashboards and a test dashboard
// over the fixture, every query's series must equal what /api/v1/query_range answers for the same
// expression, range and step, asked directly; errors must carry the server's words.
#include "support/PromdeckData.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>
#include <cmath>

using promdeck::test::runPromdeckData;

class TestDataMatchesPrometheus : public QObject
{
    Q_OBJECT
    QNetworkAccessManager m_nam;
    QUrl m_url;

    QJsonObject askPrometheus(const QString &path, const QUrlQuery &query)
    {
        return promdeck::test::askPrometheus(m_nam, m_url, path, query);
    }

    static QUrlQuery parametersOf(const QJsonObject &query) { return promdeck::test::queryParameters(query); }

    // Compares one query of `promdeck data` with the server's own answer to it.
    void compareQuery(const QJsonObject &query)
    {
        const QString difference = promdeck::test::differenceFromPrometheus(m_nam, m_url, query);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

private slots:
    void initTestCase() { m_url = promdeck::test::fixturePrometheusUrl(); }

    void builtinDashboardsMatch_data()
    {
        QTest::addColumn<QString>("dashboard");
        for (const QString &f : QDir(promdeck::test::sourcePath(QStringLiteral("dashboards")))
                                    .entryList({QStringLiteral("*.json")}))
            QTest::newRow(qPrintable(f)) << QFileInfo(f).completeBaseName();
    }
    void builtinDashboardsMatch()
    {
        QFETCH(QString, dashboard);
        int exitCode = -1;
        const QJsonObject data = runPromdeckData(
            {QStringLiteral("--dashboard"), dashboard, QStringLiteral("--prometheus"), m_url.toString(),
             QStringLiteral("--from"), QString::number(promdeck::test::FixtureStartMs / 1000),
             QStringLiteral("--to"), QString::number(promdeck::test::FixtureEndMs / 1000)},
            &exitCode);
        QCOMPARE(exitCode, 0);
        QCOMPARE(data.value(QLatin1String("from")).toInteger(), promdeck::test::FixtureStartMs);
        const QJsonArray panels = data.value(QLatin1String("panels")).toArray();
        QVERIFY(!panels.isEmpty());
        int queries = 0;
        for (const QJsonValue &pv : panels) {
            const QJsonObject panel = pv.toObject();
            const QString title = panel.value(QLatin1String("title")).toString();
            // Panels that ask nothing (text, lists, another data source, a plugin nobody draws)
            // have no data to compare; the gallery shows each of them.
            static const QStringList queryless = {
                QStringLiteral("text"), QStringLiteral("alertlist"), QStringLiteral("dashlist"),
                QStringLiteral("datasource-unsupported"), QStringLiteral("placeholder")};
            if (panel.value(QLatin1String("queries")).toArray().isEmpty() &&
                queryless.contains(panel.value(QLatin1String("visual")).toString()))
                continue;
            // No built-in panel may be empty on the fixture.
            QVERIFY2(panel.value(QLatin1String("state")).toString() == u"ok",
                     qPrintable(title + QStringLiteral(": ") +
                                panel.value(QLatin1String("state")).toString() + QLatin1Char(' ') +
                                panel.value(QLatin1String("error")).toString()));
            for (const QJsonValue &qv : panel.value(QLatin1String("queries")).toArray()) {
                const QJsonObject q = qv.toObject();
                QVERIFY(!q.value(QLatin1String("expr")).toString().contains(QLatin1String("$__")));
                // Every target of every panel draws something, not only one of them.
                QVERIFY2(
                    !q.value(QLatin1String("series")).toArray().isEmpty(),
                    qPrintable(title + QStringLiteral(": ") + q.value(QLatin1String("expr")).toString()));
                const qint64 step = q.value(QLatin1String("step_ms")).toInteger();
                QVERIFY(step > 0);
                QVERIFY((q.value(QLatin1String("end_ms")).toInteger() -
                         q.value(QLatin1String("start_ms")).toInteger()) /
                            step <=
                        11000);
                compareQuery(q);
                ++queries;
            }
        }
        QVERIFY(queries > 0);
    }

    void fixtureDashboardStates()
    {
        const QJsonObject data =
            runPromdeckData({QStringLiteral("--dashboard"),
                             promdeck::test::testDataPath(QStringLiteral("fixture-dashboard.json")),
                             QStringLiteral("--prometheus"), m_url.toString()});
        QHash<int, QJsonObject> byId;
        for (const QJsonValue &p : data.value(QLatin1String("panels")).toArray())
            byId.insert(p.toObject().value(QLatin1String("id")).toInt(), p.toObject());
        QCOMPARE(byId.size(), 6);
        QCOMPARE(byId[1].value(QLatin1String("state")).toString(), QStringLiteral("ok"));
        QCOMPARE(byId[2].value(QLatin1String("state")).toString(), QStringLiteral("ok"));
        QCOMPARE(byId[4].value(QLatin1String("state")).toString(), QStringLiteral("nodata"));
        QCOMPARE(byId[5].value(QLatin1String("state")).toString(),
                 QStringLiteral("ok")); // placeholder still queries
        QCOMPARE(byId[6].value(QLatin1String("queries")).toArray().size(), 2);
        for (int id : {1, 2, 5, 6})
            for (const QJsonValue &q : byId[id].value(QLatin1String("queries")).toArray())
                compareQuery(q.toObject());

        // The broken query's error is the server's own text.
        const QJsonObject broken = byId[3];
        QCOMPARE(broken.value(QLatin1String("state")).toString(), QStringLiteral("error"));
        // Asked exactly as the panel asked it: the range endpoint words its errors differently.
        const QUrlQuery q = parametersOf(broken.value(QLatin1String("queries")).toArray().at(0).toObject());
        const QString serverWords =
            askPrometheus(QStringLiteral("/api/v1/query_range"), q).value(QLatin1String("error")).toString();
        QVERIFY(!serverWords.isEmpty());
        QCOMPARE(broken.value(QLatin1String("error")).toString(), serverWords);
    }

    // A data source written as a name, a fixed uid, an input, a variable (untyped or typed), per target
    // under -- Mixed -- (new and old spellings), "default" or nothing: every one is the server Promdeck
    // reads, with no error, each query equal to Prometheus' answer; so are the annotations'.
    void datasourcesWrittenEveryWayReadTheServer()
    {
        const QJsonObject data =
            runPromdeckData({QStringLiteral("--dashboard"),
                             promdeck::test::testDataPath(QStringLiteral("datasources-every-way.json")),
                             QStringLiteral("--prometheus"), m_url.toString()});
        const QJsonArray panels = data.value(QLatin1String("panels")).toArray();
        QCOMPARE(panels.size(), 9);
        for (const QJsonValue &p : panels) {
            const QJsonObject panel = p.toObject();
            const QString title = panel.value(QLatin1String("title")).toString();
            QVERIFY2(panel.value(QLatin1String("state")).toString() == u"ok" &&
                         panel.value(QLatin1String("error")).toString().isEmpty() &&
                         panel.value(QLatin1String("visual")).toString() == u"timeseries",
                     qPrintable(title + QStringLiteral(": ") +
                                panel.value(QLatin1String("state")).toString() + QLatin1Char(' ') +
                                panel.value(QLatin1String("error")).toString()));
            const QJsonArray queries = panel.value(QLatin1String("queries")).toArray();
            QCOMPARE(queries.size(), title == u"Mixed" ? 3 : 1);
            for (const QJsonValue &q : queries)
                compareQuery(q.toObject());
        }
        const QJsonArray annotations = data.value(QLatin1String("annotations")).toArray();
        QCOMPARE(annotations.size(), 2);
        for (const QJsonValue &a : annotations) {
            QVERIFY(a.toObject().value(QLatin1String("queried")).toBool());
            QCOMPARE(a.toObject().value(QLatin1String("error")).toString(), QString());
            QCOMPARE(a.toObject().value(QLatin1String("events")).toArray().size(),
                     1); // worker-1's crash loop
        }
        // `validate` says nothing about any of them.
        QProcess validate;
        validate.start(promdeck::test::promdeckBinary(),
                       {QStringLiteral("validate"),
                        promdeck::test::testDataPath(QStringLiteral("datasources-every-way.json"))});
        QVERIFY(validate.waitForFinished(60'000));
        const QString said =
            QString::fromUtf8(validate.readAllStandardOutput() + validate.readAllStandardError());
        QCOMPARE(validate.exitCode(), 0);
        QVERIFY2(!said.contains(QStringLiteral("warning")), qPrintable(said));
    }

    void variablesAreResolvedAndWrittenIn()
    {
        const QString dashboard = promdeck::test::testDataPath(QStringLiteral("variables-dashboard.json"));
        // The instance options are the server's own label values; All selects them all.
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("match[]"), QStringLiteral("http_requests_total"));
        q.addQueryItem(QStringLiteral("start"), QStringLiteral("1767571200"));
        q.addQueryItem(QStringLiteral("end"), QStringLiteral("1767657600"));
        QStringList instances;
        for (const QJsonValue &v : askPrometheus(QStringLiteral("/api/v1/label/instance/values"), q)
                                       .value(QLatin1String("data"))
                                       .toArray())
            instances << v.toString();
        QCOMPARE(instances.size(), 2);
        const QString alternation = QLatin1Char('(') + instances.join(QLatin1Char('|')) + QLatin1Char(')');

        const QJsonObject data = runPromdeckData(
            {QStringLiteral("--dashboard"), dashboard, QStringLiteral("--prometheus"), m_url.toString()});
        const QJsonArray panels = data.value(QLatin1String("panels")).toArray();
        QCOMPARE(panels.size(), 2);
        const QJsonObject rate = panels[0].toObject().value(QLatin1String("queries")).toArray()[0].toObject();
        QCOMPARE(rate.value(QLatin1String("expr")).toString(),
                 QStringLiteral("sum by (instance) (rate(http_requests_total{instance=~\"%1\", "
                                "handler=\"/api/orders\"}[5m]))")
                     .arg(alternation));
        QCOMPARE(panels[0].toObject().value(QLatin1String("state")).toString(), QStringLiteral("ok"));
        compareQuery(rate);
        const QJsonObject quantile =
            panels[1].toObject().value(QLatin1String("queries")).toArray()[0].toObject();
        QVERIFY2(quantile.value(QLatin1String("expr"))
                     .toString()
                     .startsWith(QStringLiteral("histogram_quantile(0.99, sum by (le) "
                                                "(rate(http_request_duration_seconds_bucket{handler=\"/api/"
                                                "orders\", instance=~\"%1\"}[")
                                     .arg(alternation)),
                 qPrintable(quantile.value(QLatin1String("expr")).toString()));
        compareQuery(quantile);

        // --var picks another value; a chained variable keeps only options its regex lets through.
        const QJsonObject chosen =
            runPromdeckData({QStringLiteral("--dashboard"), dashboard, QStringLiteral("--prometheus"),
                             m_url.toString(), QStringLiteral("--var"), QStringLiteral("handler=/api/search"),
                             QStringLiteral("--var"), QStringLiteral("instance=") + instances.front()});
        const QString expr = chosen.value(QLatin1String("panels"))
                                 .toArray()[0]
                                 .toObject()
                                 .value(QLatin1String("queries"))
                                 .toArray()[0]
                                 .toObject()
                                 .value(QLatin1String("expr"))
                                 .toString();
        QCOMPARE(expr, QStringLiteral("sum by (instance) (rate(http_requests_total{instance=~\"%1\", "
                                      "handler=\"/api/search\"}[5m]))")
                           .arg(instances.front()));
        // A --var value is used as given even where the variable's regex would not offer it, as Grafana
        // uses a value from the URL: the command line (or a recording) says what was asked.
        const QJsonObject given =
            runPromdeckData({QStringLiteral("--dashboard"), dashboard, QStringLiteral("--prometheus"),
                             m_url.toString(), QStringLiteral("--var"), QStringLiteral("handler=/health")});
        QVERIFY(given.value(QLatin1String("panels"))
                    .toArray()[0]
                    .toObject()
                    .value(QLatin1String("queries"))
                    .toArray()[0]
                    .toObject()
                    .value(QLatin1String("expr"))
                    .toString()
                    .contains(QStringLiteral("handler=\"/health\"")));
    }

    void unreachableServerIsReportedPerPanel()
    {
        int exitCode = -1;
        const QJsonObject data =
            runPromdeckData({QStringLiteral("--dashboard"),
                             promdeck::test::testDataPath(QStringLiteral("fixture-dashboard.json")),
                             QStringLiteral("--prometheus"), QStringLiteral("http://127.0.0.1:9")},
                            &exitCode);
        // Every panel's error is written, and the command fails: not one query could be answered.
        QCOMPARE(exitCode, 1);
        for (const QJsonValue &p : data.value(QLatin1String("panels")).toArray()) {
            const QJsonObject panel = p.toObject();
            if (panel.value(QLatin1String("queries")).toArray().isEmpty() &&
                panel.value(QLatin1String("type")).toString() == u"heatmap")
                continue;
            QCOMPARE(panel.value(QLatin1String("state")).toString(), QStringLiteral("error"));
            QVERIFY2(panel.value(QLatin1String("error"))
                         .toString()
                         .contains(QStringLiteral("connection refused by http://127.0.0.1:9")),
                     qPrintable(panel.value(QLatin1String("error")).toString()));
        }
    }
};

QTEST_GUILESS_MAIN(TestDataMatchesPrometheus)
#include "tst_data_matches_prometheus.moc"
