// The refresher's promises, against a real HTTP server on loopback: identical queries are sent once,
// a newer refresh cancels the older request, a lost connection keeps the last data marked stale, a
// wrong query clears it, data past its age is marked stale, and once a view says which panels are in
// or near its viewport only those reach the server (the others when they come into view).
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
LoopbackHttpServer::Response answer(int status, const QByteArray &body)
{
    return {LoopbackHttpServer::Behaviour::Respond, status, "application/json", body};
}

// A client and a refresher for the two-panel dashboard, against a loopback server.
struct Rig
{
    explicit Rig(const QString &url, int defaultWidth = 800)
        : client(&network, {QUrl(url), {}, std::chrono::seconds(5), 2000}),
          refresher(&client, *loadDashboard(Dashboard2Panels, QStringLiteral("d.json")).dashboard,
                    PlannerSettings{}),
          settled(&refresher, &DashboardRefresher::settled)
    {
        refresher.setDefaultWidth(defaultWidth);
    }
    bool refreshAndWait(const TimeRange &range)
    {
        refresher.refresh(range);
        return settled.wait(5000);
    }
    QNetworkAccessManager network;
    PrometheusClient client;
    DashboardRefresher refresher;
    QSignalSpy settled;
};

// Four panels, each with its own expression (nothing shared between them), the last in a collapsed row.
const QByteArray DashboardLazy = R"({"title":"lazy","panels":[
  {"id":1,"type":"timeseries","gridPos":{"x":0,"y":0,"w":24,"h":8},"targets":[{"refId":"A","expr":"one"}]},
  {"id":2,"type":"timeseries","gridPos":{"x":0,"y":8,"w":24,"h":8},"targets":[{"refId":"A","expr":"two"}]},
  {"id":3,"type":"timeseries","gridPos":{"x":0,"y":16,"w":24,"h":8},"targets":[{"refId":"A","expr":"three{job=~'$job'}"}]},
  {"id":9,"type":"row","collapsed":true,"gridPos":{"x":0,"y":24,"w":24,"h":1},"panels":[
    {"id":4,"type":"timeseries","gridPos":{"x":0,"y":25,"w":24,"h":8},"targets":[{"refId":"A","expr":"four"}]}]}]})";

// The expressions the server was asked, in order.
QStringList asked(const LoopbackHttpServer &server)
{
    QStringList out;
    for (const test::ReceivedRequest &r : server.requests())
        out << QUrlQuery(QUrl(QString::fromUtf8(r.target)).query())
                   .queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
    return out;
}

} // namespace

class TestRefresher : public QObject
{
    Q_OBJECT
private slots:
    void identicalQueriesAreSentOnce()
    {
        LoopbackHttpServer server([](const auto &) { return answer(200, Matrix); });
        Rig rig(server.url());
        QVERIFY(rig.refreshAndWait({1'000'000, 1'060'000})); // both panels have the default width
        QCOMPARE(server.requests().size(), 1);
        QCOMPARE(rig.refresher.queriesSent(), 1);
        QCOMPARE(rig.refresher.panelData(1).state, PanelState::Ok);
        QCOMPARE(rig.refresher.panelData(2).state, PanelState::Ok);
        QCOMPARE(rig.refresher.panelData(1).queries.front().result.get(),
                 rig.refresher.panelData(2).queries.front().result.get());
    }

    void variableChangeRerunsOnlyItsPanels()
    {
        LoopbackHttpServer server([](const auto &) { return answer(200, Matrix); });
        const QByteArray json =
            "{\"title\":\"t\",\"panels\":["
            "{\"id\":1,\"type\":\"timeseries\",\"gridPos\":{\"x\":0,\"y\":0,\"w\":12,\"h\":8},"
            "\"targets\":[{\"refId\":\"A\",\"expr\":\"up{job=~\\\"$job\\\"}\"}]},"
            "{\"id\":2,\"type\":\"timeseries\",\"gridPos\":{\"x\":12,\"y\":0,\"w\":12,\"h\":8},"
            "\"targets\":[{\"refId\":\"A\",\"expr\":\"sum(up)\"}]}]}";
        const auto loaded = loadDashboard(json, QStringLiteral("v.json"));
        QVERIFY(loaded.ok());
        QNetworkAccessManager network;
        PrometheusClient client(&network, {QUrl(server.url()), {}, std::chrono::seconds(5), 2000});
        DashboardRefresher refresher(&client, *loaded.dashboard, PlannerSettings{});
        QSignalSpy settled(&refresher, &DashboardRefresher::settled);
        VariableValues values;
        values.set(
            {QStringLiteral("job"), {QStringLiteral("a"), QStringLiteral("b")}, {QStringLiteral("a")}});
        refresher.setVariables(values);
        refresher.refresh({1'000'000, 1'060'000});
        QVERIFY(settled.wait(5000));
        QCOMPARE(server.requests().size(), 2);

        values.set(
            {QStringLiteral("job"), {QStringLiteral("a"), QStringLiteral("b")}, {QStringLiteral("b")}});
        const QStringList changed = changedVariables(refresher.variables(), values);
        refresher.setVariables(values);
        QCOMPARE(refresher.refreshAffected(changed, {1'000'000, 1'060'000}), 1);
        QVERIFY(settled.wait(5000));
        QCOMPARE(server.requests().size(), 3); // panel 2 does not use $job: not asked again
        QVERIFY(QUrl::fromPercentEncoding(server.requests().last().target)
                    .contains(QStringLiteral("job=~\"b\"")));
        QCOMPARE(refresher.panelData(1).queries.front().query.expr(), QStringLiteral("up{job=~\"b\"}"));
        QCOMPARE(refresher.panelData(2).state, PanelState::Ok);
    }

    void newerRefreshCancelsTheOlder()
    {
        int answered = 0;
        LoopbackHttpServer server([&](const test::ReceivedRequest &r) {
            // The first request stalls; later ones answer.
            const QUrlQuery query(QUrl(QString::fromUtf8(r.target)).query());
            if (query.queryItemValue(QStringLiteral("start")) == u"1000")
                return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::Stall, 0, {}, {}};
            ++answered;
            return answer(200, Matrix);
        });
        Rig rig(server.url(), 60);
        rig.refresher.refresh({1'000'000, 1'060'000});
        QTRY_COMPARE(server.requests().size(), 1);
        QVERIFY(!rig.refresher.isSettled());
        QVERIFY(rig.refreshAndWait({2'000'000, 2'060'000}));
        QCOMPARE(answered, 1);
        QCOMPARE(rig.refresher.panelData(1).state, PanelState::Ok);
        QCOMPARE(rig.refresher.panelData(1).range.fromMs, 2'000'000);
        // The stalled answer never arrives to overwrite the newer one.
        QTest::qWait(200);
        QCOMPARE(rig.refresher.panelData(1).range.fromMs, 2'000'000);
    }

    void lostConnectionKeepsDataStale()
    {
        auto server = std::make_unique<LoopbackHttpServer>([](const auto &) { return answer(200, Matrix); });
        Rig rig(server->url());
        QVERIFY(rig.refreshAndWait({1'000'000, 1'060'000}));
        const std::int64_t firstGood = rig.refresher.panelData(1).lastGoodMs;
        QVERIFY(firstGood > 0);

        server.reset(); // the port-forward dies: connection refused
        QVERIFY(rig.refreshAndWait({1'000'000, 1'060'000}));
        const PanelData &stale = rig.refresher.panelData(1);
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
            return bad ? answer(
                             400,
                             R"({"status":"error","errorType":"bad_data","error":"1:3: parse error: unexpected end of input"})")
                       : answer(200, Matrix);
        });
        Rig rig(server.url());
        QVERIFY(rig.refreshAndWait({1'000'000, 1'060'000}));
        bad = true;
        QVERIFY(rig.refreshAndWait({1'000'000, 1'060'000}));
        QCOMPARE(rig.refresher.panelData(1).state, PanelState::Error);
        QCOMPARE(rig.refresher.panelData(1).error,
                 QStringLiteral("1:3: parse error: unexpected end of input"));
        QVERIFY(!rig.refresher.panelData(1).queries.front().result);
    }

    void withoutAViewEveryShownPanelIsAsked()
    {
        // The headless commands: no view says what is in view, every panel of an expanded row is asked.
        LoopbackHttpServer server([](const auto &) { return answer(200, Matrix); });
        QNetworkAccessManager network;
        PrometheusClient client(&network, {QUrl(server.url()), {}, std::chrono::seconds(5), 2000});
        DashboardRefresher refresher(
            &client, *loadDashboard(DashboardLazy, QStringLiteral("l.json")).dashboard, PlannerSettings{});
        QSignalSpy settled(&refresher, &DashboardRefresher::settled);
        refresher.refresh({1'000'000, 1'060'000});
        QVERIFY(settled.wait(5000));
        QVERIFY(!refresher.isLazy());
        QStringList got = asked(server);
        got.sort();
        QCOMPARE(got, (QStringList{QStringLiteral("one"), QStringLiteral("three{job=~'$job'}"),
                                   QStringLiteral("two")}));
        QCOMPARE(refresher.panelData(4).state, PanelState::Loading); // its row is collapsed
    }

    void onlyPanelsInViewAreAsked()
    {
        LoopbackHttpServer server([](const auto &) { return answer(200, Matrix); });
        QNetworkAccessManager network;
        PrometheusClient client(&network, {QUrl(server.url()), {}, std::chrono::seconds(5), 2000});
        DashboardRefresher refresher(
            &client, *loadDashboard(DashboardLazy, QStringLiteral("l.json")).dashboard, PlannerSettings{});
        QSignalSpy settled(&refresher, &DashboardRefresher::settled);
        const TimeRange first{1'000'000, 1'060'000};

        // Panel 4 is "in view" by its place, but its row is collapsed: it stays unasked.
        refresher.setPanelsInView({1, 4});
        QVERIFY(refresher.panelsWantingData() == (QList<int>{1}));
        refresher.refresh(first);
        QVERIFY(settled.wait(5000));
        QCOMPARE(asked(server), QStringList{QStringLiteral("one")});
        QCOMPARE(refresher.panelData(1).state, PanelState::Ok);
        for (int id : {2, 3, 4}) {
            QCOMPARE(refresher.panelData(id).state, PanelState::Loading);
            QVERIFY(refresher.panelData(id).outdated);
        }
        QVERIFY(refresher.panelsWantingData().isEmpty());

        // Scrolled: panel 2 comes into view and is asked, over the same range; 3 still is not.
        refresher.setPanelsInView({1, 2});
        QVERIFY(refresher.panelsWantingData() == (QList<int>{2}));
        refresher.refreshPanel(2, first);
        refresher.refreshPanel(3, first); // asked for while out of view: waits for the view
        QVERIFY(settled.wait(5000));
        QCOMPARE(asked(server), (QStringList{QStringLiteral("one"), QStringLiteral("two")}));
        QCOMPARE(refresher.panelData(2).state, PanelState::Ok);
        QCOMPARE(refresher.panelData(2).range, first);
        QCOMPARE(refresher.panelData(3).state, PanelState::Loading);

        // The row expanded: its panel in view wants data.
        refresher.toggleRow(9);
        refresher.setPanelsInView({1, 2, 4});
        QVERIFY(refresher.panelsWantingData() == (QList<int>{4}));
    }

    void refreshPassesOverPanelsOutOfView()
    {
        LoopbackHttpServer server([](const auto &) { return answer(200, Matrix); });
        QNetworkAccessManager network;
        PrometheusClient client(&network, {QUrl(server.url()), {}, std::chrono::seconds(5), 2000});
        DashboardRefresher refresher(
            &client, *loadDashboard(DashboardLazy, QStringLiteral("l.json")).dashboard, PlannerSettings{});
        QSignalSpy settled(&refresher, &DashboardRefresher::settled);
        const TimeRange first{1'000'000, 1'060'000};
        const TimeRange later{1'010'000, 1'070'000};
        refresher.setPanelsInView({1, 2, 3});
        refresher.refresh(first);
        QVERIFY(settled.wait(5000));
        QCOMPARE(server.requests().size(), 3);
        // Each panel's own: two answers need not complete within the same millisecond.
        const std::map<int, std::int64_t> good{{2, refresher.panelData(2).lastGoodMs},
                                               {3, refresher.panelData(3).lastGoodMs}};
        QVERIFY(good.at(2) > 0 && good.at(3) > 0);

        // An auto-refresh with only panel 1 in view: 2 and 3 keep their answer, shown stale with its
        // age, and are asked once they come back into view.
        refresher.setPanelsInView({1});
        refresher.refresh(later);
        QVERIFY(settled.wait(5000));
        QCOMPARE(server.requests().size(), 4);
        QCOMPARE(asked(server).last(), QStringLiteral("one"));
        QCOMPARE(refresher.panelData(1).range, later);
        QCOMPARE(refresher.panelData(1).state, PanelState::Ok);
        for (int id : {2, 3}) {
            const PanelData &kept = refresher.panelData(id);
            QCOMPARE(kept.state, PanelState::Stale);
            QCOMPARE(kept.range, first);
            QCOMPARE(kept.lastGoodMs, good.at(id));
            QVERIFY(kept.queries.front().result);
            QVERIFY(kept.outdated);
        }

        // A variable change reaches panel 3 only when it is in view.
        QCOMPARE(refresher.refreshAffected({QStringLiteral("job")}, later), 0);
        QVERIFY(settled.wait(5000)); // nothing to ask: settled at once
        QCOMPARE(server.requests().size(), 4);
        refresher.setPanelsInView({2, 3});
        QVERIFY(refresher.panelsWantingData() == (QList<int>{2, 3}));
        for (int id : refresher.panelsWantingData())
            refresher.refreshPanel(id, later);
        QVERIFY(settled.wait(5000));
        QCOMPARE(server.requests().size(), 6);
        for (int id : {2, 3}) {
            QCOMPARE(refresher.panelData(id).state, PanelState::Ok);
            QCOMPARE(refresher.panelData(id).range, later);
            QVERIFY(!refresher.panelData(id).outdated);
        }
        QVERIFY(refresher.panelsWantingData().isEmpty());
    }

    void oldDataIsMarkedStale()
    {
        LoopbackHttpServer server([](const auto &) { return answer(200, Matrix); });
        Rig rig(server.url());
        QVERIFY(rig.refreshAndWait({1'000'000, 1'060'000}));
        const std::int64_t good = rig.refresher.panelData(1).lastGoodMs;
        rig.refresher.markStale(good + 10'000, 20'000);
        QCOMPARE(rig.refresher.panelData(1).state, PanelState::Ok);
        rig.refresher.markStale(good + 30'000, 20'000);
        QCOMPARE(rig.refresher.panelData(1).state, PanelState::Stale);
    }
};

QTEST_GUILESS_MAIN(TestRefresher)
#include "tst_refresher.moc"
