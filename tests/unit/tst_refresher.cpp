// The refresher's promises, against a real HTTP server on loopback: identical queries are sent once,
// a newer refresh cancels the older request, a lost connection keeps the last data marked stale, a
// wrong query clears it, and data past its age is marked stale.
#include "dashboard/DashboardLoader.h"
#include "prometheus/PrometheusClient.h"
#include "query/DashboardRefresher.h"
#include "support/LoopbackHttpServer.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace promdeck;
using test::LoopbackHttpServer;

namespace {
const QByteArray Matrix =
    R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1000,"1"],[1015,"2"]]}]}})";
const QByteArray Dashboard2Panels = R"({"title":"t","panels":[
  {"id":1,"type":"timeseries","gridPos":{"x":0,"y":0,"w":12,"h":8},"targets":[{"refId":"A","expr":"up"}]},
  {"id":2,"type":"stat","gridPos":{"x":12,"y":0,"w":12,"h":8},"targets":[{"refId":"A","expr":"up"}]}]})";
} // namespace

class TestRefresher : public QObject
{
    Q_OBJECT
private slots:
    void identicalQueriesAreSentOnce()
    {
        LoopbackHttpServer server([](const auto &) {
            return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::Respond, 200,
                                                "application/json", Matrix};
        });
        QNetworkAccessManager nam;
        PrometheusClient client(&nam, {QUrl(server.url()), {}, std::chrono::seconds(5), 2000});
        const auto loaded = loadDashboard(Dashboard2Panels, QStringLiteral("d.json"));
        QVERIFY(loaded.ok());
        DashboardRefresher refresher(&client, *loaded.dashboard, PlannerSettings{});
        QSignalSpy settled(&refresher, &DashboardRefresher::settled);
        refresher.refresh({1'000'000, 1'060'000}); // both panels get the default width: the same query
        QVERIFY(settled.wait(5000));
        QCOMPARE(server.requests().size(), 1);
        QCOMPARE(refresher.queriesSent(), 1);
        QCOMPARE(refresher.panelData(1).state, PanelState::Ok);
        QCOMPARE(refresher.panelData(2).state, PanelState::Ok);
        QCOMPARE(refresher.panelData(1).queries.front().result.get(),
                 refresher.panelData(2).queries.front().result.get());
    }

    void newerRefreshCancelsTheOlder()
    {
        int answered = 0;
        LoopbackHttpServer server([&](const test::ReceivedRequest &r) {
            // The first request stalls; later ones answer.
            if (QUrlQuery(QUrl(QString::fromUtf8(r.target)).query())
                    .queryItemValue(QStringLiteral("start")) == u"1000")
                return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::Stall, 0, {}, {}};
            ++answered;
            return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::Respond, 200,
                                                "application/json", Matrix};
        });
        QNetworkAccessManager nam;
        PrometheusClient client(&nam, {QUrl(server.url()), {}, std::chrono::seconds(30), 2000});
        auto loaded = loadDashboard(Dashboard2Panels, QStringLiteral("d.json"));
        loaded.dashboard->panels.pop_back();
        DashboardRefresher refresher(&client, *loaded.dashboard, PlannerSettings{});
        refresher.setDefaultWidth(60);
        QSignalSpy changed(&refresher, &DashboardRefresher::panelChanged);
        QSignalSpy settled(&refresher, &DashboardRefresher::settled);
        refresher.refresh({1'000'000, 1'060'000});
        QTRY_COMPARE(server.requests().size(), 1);
        QVERIFY(!refresher.isSettled());
        refresher.refresh({2'000'000, 2'060'000});
        QVERIFY(settled.wait(5000));
        QCOMPARE(answered, 1);
        QCOMPARE(refresher.panelData(1).state, PanelState::Ok);
        QCOMPARE(refresher.panelData(1).range.fromMs, 2'000'000);
        // The stalled answer never arrives to overwrite the newer one.
        QTest::qWait(200);
        QCOMPARE(refresher.panelData(1).range.fromMs, 2'000'000);
    }

    void lostConnectionKeepsDataStale()
    {
        auto server = std::make_unique<LoopbackHttpServer>([](const auto &) {
            return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::Respond, 200,
                                                "application/json", Matrix};
        });
        const QUrl url(server->url());
        QNetworkAccessManager nam;
        PrometheusClient client(&nam, {url, {}, std::chrono::seconds(5), 2000});
        auto loaded = loadDashboard(Dashboard2Panels, QStringLiteral("d.json"));
        DashboardRefresher refresher(&client, *loaded.dashboard, PlannerSettings{});
        QSignalSpy settled(&refresher, &DashboardRefresher::settled);
        refresher.refresh({1'000'000, 1'060'000});
        QVERIFY(settled.wait(5000));
        const std::int64_t firstGood = refresher.panelData(1).lastGoodMs;
        QVERIFY(firstGood > 0);

        server.reset(); // the port-forward dies: connection refused
        refresher.refresh({1'000'000, 1'060'000});
        QVERIFY(settled.wait(5000));
        const PanelData &stale = refresher.panelData(1);
        QCOMPARE(stale.state, PanelState::Stale);
        QVERIFY(stale.error.startsWith(QStringLiteral("connection refused by")));
        QCOMPARE(stale.lastGoodMs, firstGood);
        QVERIFY(stale.queries.front().result); // the last picture is kept
        QCOMPARE(stale.queries.front().result->series.front().values, (std::vector<double>{1, 2}));
    }

    void wrongQueryClearsData()
    {
        bool bad = false;
        LoopbackHttpServer server([&](const auto &) {
            if (bad)
                return LoopbackHttpServer::Response{
                    LoopbackHttpServer::Behaviour::Respond, 400, "application/json",
                    R"({"status":"error","errorType":"bad_data","error":"1:3: parse error: unexpected end of input"})"};
            return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::Respond, 200,
                                                "application/json", Matrix};
        });
        QNetworkAccessManager nam;
        PrometheusClient client(&nam, {QUrl(server.url()), {}, std::chrono::seconds(5), 2000});
        auto loaded = loadDashboard(Dashboard2Panels, QStringLiteral("d.json"));
        DashboardRefresher refresher(&client, *loaded.dashboard, PlannerSettings{});
        QSignalSpy settled(&refresher, &DashboardRefresher::settled);
        refresher.refresh({1'000'000, 1'060'000});
        QVERIFY(settled.wait(5000));
        bad = true;
        refresher.refresh({1'000'000, 1'060'000});
        QVERIFY(settled.wait(5000));
        QCOMPARE(refresher.panelData(1).state, PanelState::Error);
        QCOMPARE(refresher.panelData(1).error, QStringLiteral("1:3: parse error: unexpected end of input"));
        QVERIFY(!refresher.panelData(1).queries.front().result);
    }

    void oldDataIsMarkedStale()
    {
        LoopbackHttpServer server([](const auto &) {
            return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::Respond, 200,
                                                "application/json", Matrix};
        });
        QNetworkAccessManager nam;
        PrometheusClient client(&nam, {QUrl(server.url()), {}, std::chrono::seconds(5), 2000});
        auto loaded = loadDashboard(Dashboard2Panels, QStringLiteral("d.json"));
        DashboardRefresher refresher(&client, *loaded.dashboard, PlannerSettings{});
        QSignalSpy settled(&refresher, &DashboardRefresher::settled);
        refresher.refresh({1'000'000, 1'060'000});
        QVERIFY(settled.wait(5000));
        const std::int64_t good = refresher.panelData(1).lastGoodMs;
        refresher.markStale(good + 10'000, 20'000);
        QCOMPARE(refresher.panelData(1).state, PanelState::Ok);
        refresher.markStale(good + 30'000, 20'000);
        QCOMPARE(refresher.panelData(1).state, PanelState::Stale);
    }
};

QTEST_GUILESS_MAIN(TestRefresher)
#include "tst_refresher.moc"
