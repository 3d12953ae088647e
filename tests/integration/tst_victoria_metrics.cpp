// The same dashboards against VictoriaMetrics (Debian's, on loopback, loaded with the same fixture
// through its import API) give the same series as Prometheus, and the same values: exactly for
// expressions without range functions; where MetricsQL's rate() and increase() differ by design
// (they do not extrapolate to the window's edges, Prometheus does), each series' sum over the range
// within 5%.
#include "support/PromdeckData.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTest>
#include <cmath>

namespace {

QUrl victoriaMetricsUrl()
{
    QFile f(qEnvironmentVariable("PROMDECK_TEST_VICTORIA_URL_FILE"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("VictoriaMetrics is not running (no %s); run the tests through ctest",
               qPrintable(f.fileName()));
    return QUrl(QString::fromUtf8(f.readAll().trimmed()));
}

double valueOf(const QJsonValue &v)
{
    return v.isDouble() ? v.toDouble() : v.toString().toDouble();
}

QString keyOf(const QJsonObject &labels)
{
    QStringList parts;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        parts << it.key() + QLatin1Char('=') + it.value().toString();
    parts.sort();
    return parts.join(QLatin1Char(','));
}

} // namespace

class TestVictoriaMetrics : public QObject
{
    Q_OBJECT

private slots:
    void dashboardsAgree_data()
    {
        QTest::addColumn<QString>("dashboard");
        for (const QString &f : QDir(promdeck::test::sourcePath(QStringLiteral("dashboards")))
                                    .entryList({QStringLiteral("*.json")}))
            QTest::newRow(qPrintable(f)) << QFileInfo(f).completeBaseName();
    }
    void dashboardsAgree()
    {
        QFETCH(QString, dashboard);
        // Six hours in the middle of the fixture, with incidents in them.
        const QStringList range = {
            QStringLiteral("--from"), QString::number(promdeck::test::FixtureStartMs / 1000 + 12 * 3600),
            QStringLiteral("--to"), QString::number(promdeck::test::FixtureStartMs / 1000 + 18 * 3600)};
        const QJsonObject prom = promdeck::test::runPromdeckData(
            QStringList{QStringLiteral("--dashboard"), dashboard, QStringLiteral("--prometheus"),
                        promdeck::test::fixturePrometheusUrl().toString()} +
            range);
        const QJsonObject vm = promdeck::test::runPromdeckData(
            QStringList{QStringLiteral("--dashboard"), dashboard, QStringLiteral("--prometheus"),
                        victoriaMetricsUrl().toString()} +
            range);
        const QJsonArray promPanels = prom.value(QLatin1String("panels")).toArray();
        const QJsonArray vmPanels = vm.value(QLatin1String("panels")).toArray();
        QCOMPARE(vmPanels.size(), promPanels.size());
        double worstExact = 0, worstRate = 0;
        int points = 0;
        for (qsizetype p = 0; p < promPanels.size(); ++p) {
            const QJsonObject pp = promPanels[p].toObject();
            const QJsonObject vp = vmPanels[p].toObject();
            const QString title = pp.value(QLatin1String("title")).toString();
            if (pp.value(QLatin1String("queries")).toArray().isEmpty())
                continue; // text, lists, other data sources: nothing asked of either server
            QCOMPARE(vp.value(QLatin1String("state")).toString(), QStringLiteral("ok"));
            const QJsonArray pq = pp.value(QLatin1String("queries")).toArray();
            const QJsonArray vq = vp.value(QLatin1String("queries")).toArray();
            for (qsizetype q = 0; q < pq.size(); ++q) {
                const QString expr = pq[q].toObject().value(QLatin1String("expr")).toString();
                QCOMPARE(vq[q].toObject().value(QLatin1String("expr")).toString(), expr);
                const bool ranged =
                    expr.contains(QLatin1String("rate(")) || expr.contains(QLatin1String("increase("));
                QHash<QString, QJsonArray> vmSeries;
                for (const QJsonValue &s : vq[q].toObject().value(QLatin1String("series")).toArray())
                    vmSeries.insert(keyOf(s.toObject().value(QLatin1String("labels")).toObject()),
                                    s.toObject().value(QLatin1String("points")).toArray());
                const QJsonArray promSeries = pq[q].toObject().value(QLatin1String("series")).toArray();
                QVERIFY2(!promSeries.isEmpty(), qPrintable(title));
                for (const QJsonValue &s : promSeries) {
                    const QString key = keyOf(s.toObject().value(QLatin1String("labels")).toObject());
                    QVERIFY2(vmSeries.contains(key),
                             qPrintable(title + QStringLiteral(": VictoriaMetrics lacks {") + key +
                                        QLatin1Char('}')));
                    QHash<qint64, double> vmPoints;
                    for (const QJsonValue &pt : vmSeries.value(key))
                        vmPoints.insert(pt.toArray().at(0).toInteger(), valueOf(pt.toArray().at(1)));
                    double sumA = 0, sumB = 0;
                    for (const QJsonValue &pt : s.toObject().value(QLatin1String("points")).toArray()) {
                        const qint64 t = pt.toArray().at(0).toInteger();
                        const double a = valueOf(pt.toArray().at(1));
                        if (!vmPoints.contains(t) || !std::isfinite(a) || !std::isfinite(vmPoints.value(t)))
                            continue;
                        const double b = vmPoints.value(t);
                        ++points;
                        if (ranged) {
                            sumA += a;
                            sumB += b;
                        } else {
                            worstExact = std::max(
                                worstExact, std::abs(a - b) / std::max({std::abs(a), std::abs(b), 1e-12}));
                        }
                    }
                    // Point by point a rare counter's rate can be 0 on one side and not the other (the
                    // windows' edges differ); over the range the two must tell the same story.
                    if (ranged && std::max(std::abs(sumA), std::abs(sumB)) > 0)
                        worstRate = std::max(worstRate, std::abs(sumA - sumB) /
                                                            std::max(std::abs(sumA), std::abs(sumB)));
                }
            }
        }
        qInfo(
            "%s: %d points compared; worst relative difference %.3g (plain, per point), %.3g (rate/increase, "
            "per series over the range)",
            qPrintable(dashboard), points, worstExact, worstRate);
        QVERIFY(points > 100);
        QVERIFY2(worstExact < 1e-9, qPrintable(QString::number(worstExact)));
        QVERIFY2(worstRate < 0.05, qPrintable(QString::number(worstRate)));
    }
};

QTEST_GUILESS_MAIN(TestVictoriaMetrics)
#include "tst_victoria_metrics.moc"
