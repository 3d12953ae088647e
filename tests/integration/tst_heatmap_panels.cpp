// Heatmaps show what Prometheus answers: the gallery's histogram heatmap (`format: heatmap`) read
// through `promdeck data`, its counts compared with the buckets /api/v1/query_range returns for the
// same expression, range and step, de-accumulated here (each le minus the le below at the same
// time, as Grafana does) independently of Promdeck's code.
#include "support/PromdeckData.h"
#include "support/TestSupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTest>
#include <cmath>
#include <map>

using namespace promdeck::test;

class TestHeatmapPanels : public QObject
{
    Q_OBJECT
    QNetworkAccessManager m_nam;

private slots:
    void countsAreDeaccumulatedBuckets()
    {
        const QUrl url = fixturePrometheusUrl();
        int exitCode = -1;
        const QJsonObject data = runPromdeckData(
            {QStringLiteral("--dashboard"), sourcePath(QStringLiteral("dashboards/gallery.json")),
             QStringLiteral("--prometheus"), url.toString(), QStringLiteral("--from"),
             QString::number((FixtureEndMs - 6 * 3'600'000) / 1000), QStringLiteral("--to"),
             QString::number(FixtureEndMs / 1000)},
            &exitCode);
        QCOMPARE(exitCode, 0);
        QJsonObject panel;
        for (const QJsonValue &p : data.value(QLatin1String("panels")).toArray())
            if (p.toObject().value(QLatin1String("title")).toString() == u"API latency (Prometheus buckets)")
                panel = p.toObject();
        QCOMPARE(panel.value(QLatin1String("visual")).toString(), QStringLiteral("heatmap"));
        const QJsonObject query = panel.value(QLatin1String("queries")).toArray().at(0).toObject();
        const QJsonObject heatmap = panel.value(QLatin1String("heatmap")).toObject();
        QVERIFY(!heatmap.value(QLatin1String("calculated")).toBool());

        // The server's own buckets for the same question: le -> time -> cumulative count.
        const QJsonObject answer =
            askPrometheus(m_nam, url, QStringLiteral("/api/v1/query_range"), queryParameters(query));
        std::map<double, std::map<qint64, double>> cumulative;
        std::map<double, QString> leText;
        for (const QJsonValue &s :
             answer.value(QLatin1String("data")).toObject().value(QLatin1String("result")).toArray()) {
            const QString le =
                s.toObject().value(QLatin1String("metric")).toObject().value(QLatin1String("le")).toString();
            const double bound = le == u"+Inf" ? INFINITY : le.toDouble();
            leText[bound] = le;
            for (const QJsonValue &v : s.toObject().value(QLatin1String("values")).toArray())
                cumulative[bound][qRound64(v.toArray().at(0).toDouble() * 1000)] =
                    v.toArray().at(1).toString().toDouble();
        }
        QVERIFY(cumulative.size() >= 5);

        const QJsonArray buckets = heatmap.value(QLatin1String("buckets")).toArray();
        const QJsonArray times = heatmap.value(QLatin1String("times")).toArray();
        const QJsonArray counts = heatmap.value(QLatin1String("counts")).toArray();
        QCOMPARE(buckets.size(), qsizetype(cumulative.size()));
        QCOMPARE(counts.size(), buckets.size());
        int compared = 0;
        const std::map<qint64, double> *below = nullptr;
        qsizetype b = 0;
        for (const auto &[bound, series] : cumulative) {
            if (std::isinf(bound))
                QCOMPARE(buckets.at(b).toString(), QStringLiteral("+Inf"));
            else
                QCOMPARE(buckets.at(b).toDouble(), bound);
            const QJsonArray row = counts.at(b).toArray();
            QCOMPARE(row.size(), times.size());
            for (qsizetype t = 0; t < times.size(); ++t) {
                const qint64 ms = times.at(t).toInteger();
                const auto it = series.find(ms);
                if (it == series.end()) {
                    QVERIFY(row.at(t).isNull());
                    continue;
                }
                double expected = it->second;
                if (below)
                    if (const auto under = below->find(ms); under != below->end())
                        expected -= under->second;
                QCOMPARE(row.at(t).toDouble(), expected);
                ++compared;
            }
            below = &series;
            ++b;
        }
        QVERIFY(compared > 100);
    }
};

QTEST_GUILESS_MAIN(TestHeatmapPanels)
#include "tst_heatmap_panels.moc"
