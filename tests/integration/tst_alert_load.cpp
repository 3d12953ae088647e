// How much the alert engine asks of Prometheus: with the built-in rules (1-minute groups) and a 2 s
// group loaded, a minute of live evaluation sends, as counted by a loopback proxy in front of a real
// Prometheus, the sum over groups of rules x (60 s / interval) instant queries. Evaluating every group
// at the shortest interval, as Promdeck once did, sends several times more and fails here.
#include "alerting/AlertEngine.h"
#include "prometheus/PrometheusClient.h"
#include "support/FaultProxy.h"
#include "support/TestSupport.h"

#include <QNetworkAccessManager>
#include <QTest>

using namespace promdeck;

class TestAlertLoad : public QObject
{
    Q_OBJECT

private slots:
    void queriesPerMinuteAreWhatEachGroupsIntervalAsks()
    {
        RuleFileResult builtin =
            loadRuleFile(test::sourcePath(QStringLiteral("dashboards/event-system.rules.yml")));
        QVERIFY(builtin.ok());
        RuleFileResult fast = parseRuleFile("groups:\n"
                                            "  - name: fast\n    interval: 2s\n    rules:\n"
                                            "      - alert: TargetMissing\n        expr: up == 0\n"
                                            "      - alert: ManyRequests\n"
                                            "        expr: sum(rate(http_requests_total[5m])) > 1e9\n",
                                            QStringLiteral("fast.rules.yml"));
        QVERIFY(fast.ok());
        std::vector<RuleGroup> groups = builtin.groups;
        groups.insert(groups.end(), fast.groups.begin(), fast.groups.end());
        double perMinute = 0;
        int tolerance = 0; // one evaluation of each group more or less, at the window's two edges
        for (const RuleGroup &g : groups) {
            perMinute += static_cast<double>(g.rules.size()) * 60'000.0 /
                         static_cast<double>(GroupClock(g.name, g.file, g.intervalMs).intervalMs());
            tolerance += static_cast<int>(g.rules.size());
        }
        QVERIFY(groups.size() >= 3);

        test::FaultProxy proxy(test::fixturePrometheusUrl());
        QNetworkAccessManager network;
        PrometheusClient client(&network, {proxy.url(), {}, std::chrono::seconds(10), 2000});
        AlertEngine engine(&client, groups);
        engine.start();
        QTest::qWait(3000); // the first evaluation of every group, at once, is not the steady state
        proxy.resetRequestCounts();
        QTest::qWait(60'000);
        const int queries = proxy.requestCounts().value("/api/v1/query");
        engine.stop();
        qInfo("%d instant queries in a minute; expected %.0f (+-%d)", queries, perMinute, tolerance);
        QVERIFY2(
            std::abs(queries - perMinute) <= tolerance,
            qPrintable(QStringLiteral("%1 queries in a minute, expected %2").arg(queries).arg(perMinute)));
        for (const RuleGroupStatus &s : engine.groups())
            QVERIFY2(s.evaluations >= 60'000 / s.intervalMs, qPrintable(s.name));
    }
};

QTEST_GUILESS_MAIN(TestAlertLoad)
#include "tst_alert_load.moc"
