// Incremental refresh, its rules and its merge: when only the newest steps may be asked, and that the
// merge of what is held with them equals the whole range asked at once (series in Prometheus' order,
// steps that slid out dropped, series that came or went). Then the refresher using it against a
// loopback server that answers a range query as Prometheus would for a known set of series: the
// held data after many refreshes equals the server's whole answer, a changed variable or a failed
// refresh asks the whole range again, a capped answer is never merged.
#include "dashboard/DashboardLoader.h"
#include "prometheus/PrometheusClient.h"
#include "prometheus/ResponseParser.h"
#include "query/DashboardRefresher.h"
#include "query/IncrementalFetch.h"
#include "query/Variables.h"
#include "support/LoopbackHttpServer.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace promdeck;
using test::LoopbackHttpServer;

namespace {

constexpr std::int64_t Step = 15'000;

Series series(std::vector<Label> labels, std::vector<std::int64_t> times)
{
    Series s;
    s.labels = LabelSet::fromLabels(std::move(labels));
    s.timestampsMs = std::move(times);
    for (std::int64_t t : s.timestampsMs)
        s.values.push_back(static_cast<double>(t) / 1000.0 + s.labels.toString().size());
    return s;
}

QueryResult matrix(std::vector<Series> s)
{
    QueryResult r;
    r.series = std::move(s);
    r.totalSeries = static_cast<qsizetype>(r.series.size());
    return r;
}

PlannedQuery planned(std::int64_t startMs, std::int64_t endMs, const QString &expr = QStringLiteral("up"))
{
    PlannedQuery q;
    q.refId = QStringLiteral("A");
    q.stepMs = Step;
    q.range = {expr, startMs, endMs, Step, expr};
    return q;
}

void compareResults(const QueryResult &actual, const QueryResult &expected)
{
    QCOMPARE(actual.series.size(), expected.series.size());
    for (size_t i = 0; i < actual.series.size(); ++i) {
        QCOMPARE(actual.series[i].labels.toString(), expected.series[i].labels.toString());
        QCOMPARE(actual.series[i].timestampsMs, expected.series[i].timestampsMs);
        QCOMPARE(actual.series[i].values, expected.series[i].values);
    }
    QCOMPARE(actual.totalSeries, expected.totalSeries);
}

// A range query's answer as Prometheus evaluates it, for a model of three series: `job="a"` always,
// `job="b"` only from 2,000 s to 2,600 s, `job="c"` from 3,000 s on. Evaluated at start + k*step;
// values depend on the instant alone, so a step asked twice answers the same.
QByteArray modelAnswer(std::int64_t startMs, std::int64_t endMs, std::int64_t stepMs)
{
    struct Model
    {
        const char *job;
        std::int64_t fromMs, toMs;
    };
    static const Model models[] = {
        {"a", 0, INT64_MAX}, {"b", 2'000'000, 2'600'000}, {"c", 3'000'000, INT64_MAX}};
    QByteArray out = R"({"status":"success","data":{"resultType":"matrix","result":[)";
    bool firstSeries = true;
    for (const Model &m : models) {
        QByteArray values;
        for (std::int64_t t = startMs; t <= endMs; t += stepMs) {
            if (t < m.fromMs || t > m.toMs)
                continue;
            if (!values.isEmpty())
                values += ',';
            values += '[' + QByteArray::number(static_cast<double>(t) / 1000.0, 'f', 3) + ",\"" +
                      QByteArray::number(static_cast<double>(t % 7'919'000) / 7.0, 'g', 17) + "\"]";
        }
        if (values.isEmpty())
            continue;
        out += (firstSeries ? "" : ",") + QByteArray("{\"metric\":{\"__name__\":\"up\",\"job\":\"") + m.job +
               "\"},\"values\":[" + values + "]}";
        firstSeries = false;
    }
    return out + "]}}";
}

// The model's whole answer, read by the same parser as every answer.
QueryResult whole(std::int64_t startMs, std::int64_t endMs)
{
    const QueryOutcome outcome = parseQueryResponse(modelAnswer(startMs, endMs, Step), 200);
    return outcome.ok() ? *outcome.result : QueryResult{};
}

LoopbackHttpServer::Response respond(int status, const QByteArray &body)
{
    return {LoopbackHttpServer::Behaviour::Respond, status, "application/json", body};
}

// The model's answer to a request's own start, end and step.
LoopbackHttpServer::Response modelResponse(const test::ReceivedRequest &r)
{
    const QUrlQuery q(QUrl(QString::fromUtf8(r.target)).query());
    auto ms = [&](const char *name) {
        return static_cast<std::int64_t>(
            std::llround(q.queryItemValue(QLatin1String(name)).toDouble() * 1000));
    };
    return respond(200, modelAnswer(ms("start"), ms("end"), ms("step")));
}

// (Not a raw string: moc misreads a backslash in one.)
const QByteArray OnePanel = "{\"title\":\"t\",\"panels\":[{\"id\":1,\"type\":\"timeseries\","
                            "\"gridPos\":{\"x\":0,\"y\":0,\"w\":24,\"h\":8},\"targets\":[{\"refId\":\"A\","
                            "\"expr\":\"up{x=~\\\"$v\\\"}\"}]}]}";

// A panel whose expression reads the range's length; its minimum interval keeps the step at 1 min for
// "Last 30 minutes" and "Last 1 hour" alike.
const QByteArray RangePanel =
    "{\"title\":\"t\",\"panels\":[{\"id\":1,\"type\":\"timeseries\","
    "\"interval\":\"1m\",\"gridPos\":{\"x\":0,\"y\":0,\"w\":24,\"h\":8},"
    "\"targets\":[{\"refId\":\"A\",\"expr\":\"max_over_time(up{x=~\\\"$v\\\"}[$__range])\"}]}]}";

// The refresher over the model, with a clock the test moves.
struct Rig
{
    explicit Rig(const QString &url, PlannerSettings settings = {}, const QByteArray &dashboard = OnePanel)
        : client(&network, {QUrl(url), {}, std::chrono::seconds(5), 2000}),
          refresher(&client, *loadDashboard(dashboard, QStringLiteral("d.json")).dashboard, settings),
          settled(&refresher, &DashboardRefresher::settled)
    {
        // 15 s steps for a 30 min range (120 points).
        refresher.setDefaultWidth(120);
        refresher.setIncremental(true);
        refresher.setClock([this] { return nowMs; });
        setVariable(QStringLiteral("1"));
    }
    void setVariable(const QString &value)
    {
        VariableValues values;
        values.set({QStringLiteral("v"), {value}, {value}});
        refresher.setVariables(values);
    }
    // "Last 30 minutes" (or another length) at nowMs.
    bool refreshAt(std::int64_t now, std::int64_t rangeMs = 1'800'000)
    {
        nowMs = now;
        refresher.refresh({now - rangeMs, now});
        return settled.wait(5000);
    }
    // The view scrolled so that the panel is in it again: the window's Workspace asks what wants data.
    bool scrollIntoView(std::int64_t rangeMs = 1'800'000)
    {
        refresher.setPanelsInView({1});
        if (refresher.panelsWantingData() != QList<int>{1})
            return false;
        refresher.refreshPanel(1, {nowMs - rangeMs, nowMs});
        return settled.wait(5000);
    }
    const QueryData &held() const { return refresher.panelData(1).queries.front(); }
    QNetworkAccessManager network;
    PrometheusClient client;
    DashboardRefresher refresher;
    QSignalSpy settled;
    std::int64_t nowMs = 0;
};

} // namespace

class TestIncrementalFetch : public QObject
{
    Q_OBJECT
private slots:
    void labelSetsInPrometheusOrder()
    {
        auto set = [](std::vector<Label> l) { return LabelSet::fromLabels(std::move(l)); };
        const LabelSet a = set({{QStringLiteral("job"), QStringLiteral("a")}});
        const LabelSet b = set({{QStringLiteral("job"), QStringLiteral("b")}});
        const LabelSet ab =
            set({{QStringLiteral("job"), QStringLiteral("a")}, {QStringLiteral("x"), QStringLiteral("1")}});
        const LabelSet named = set({{QStringLiteral("__name__"), QStringLiteral("up")},
                                    {QStringLiteral("job"), QStringLiteral("z")}});
        QVERIFY(compareLabelSets(a, b) < 0);
        QVERIFY(compareLabelSets(b, a) > 0);
        QCOMPARE(compareLabelSets(a, set({{QStringLiteral("job"), QStringLiteral("a")}})), 0);
        QVERIFY(compareLabelSets(a, ab) < 0);    // a prefix first
        QVERIFY(compareLabelSets(named, a) < 0); // "__name__" < "job" as names
        // UTF-8 byte order: U+FFFD (EF BF BD) before U+1F600 (F0 9F 98 80), though UTF-16 says otherwise.
        const LabelSet replacement = set({{QStringLiteral("v"), QString(QChar(0xFFFD))}});
        const LabelSet emoji = set({{QStringLiteral("v"), QString::fromUtf8("\xF0\x9F\x98\x80")}});
        QVERIFY(compareLabelSets(replacement, emoji) < 0);
    }

    void onlyAForwardMoveOfTheSameQuestionIsIncremental()
    {
        QueryResult r = matrix({series({{QStringLiteral("job"), QStringLiteral("a")}}, {0, Step})});
        const HeldRange held{planned(0, 100 * Step), std::make_shared<const QueryResult>(r),
                             100 * Step + 5'000};
        const std::int64_t late = 30'000;
        // Moved by two steps: from the held steps less than 30 s older than when they were asked.
        QCOMPARE(incrementalStartMs(held, planned(2 * Step, 102 * Step), late),
                 std::optional<std::int64_t>(98 * Step));
        // Asked long after its end: the last held step alone.
        HeldRange old = held;
        old.askedAtMs = 200 * Step;
        QCOMPARE(incrementalStartMs(old, planned(2 * Step, 102 * Step), late),
                 std::optional<std::int64_t>(100 * Step));
        // Another expression (a variable, $__interval, $__range written into it), another step.
        QCOMPARE(incrementalStartMs(held, planned(2 * Step, 102 * Step, QStringLiteral("up2")), late),
                 std::nullopt);
        PlannedQuery coarser = planned(0, 102 * Step);
        coarser.range.stepMs = coarser.stepMs = 2 * Step;
        QCOMPARE(incrementalStartMs(held, coarser, late), std::nullopt);
        // Moved back, off the grid, or further than what is held.
        QCOMPARE(incrementalStartMs(held, planned(-Step, 99 * Step), late), std::nullopt);
        QCOMPARE(incrementalStartMs(held, planned(Step + 1, 101 * Step + 1), late), std::nullopt);
        QCOMPARE(incrementalStartMs(held, planned(200 * Step, 300 * Step), late), std::nullopt);
        // Its end was after the moment it was asked (a range ending in the future): its steps may change.
        HeldRange future = held;
        future.askedAtMs = 50 * Step;
        QCOMPARE(incrementalStartMs(future, planned(2 * Step, 102 * Step), late), std::nullopt);
        // A capped answer, an instant query, nothing held.
        QueryResult capped = r;
        capped.totalSeries = 5;
        QCOMPARE(incrementalStartMs({held.query, std::make_shared<const QueryResult>(capped), held.askedAtMs},
                                    planned(2 * Step, 102 * Step), late),
                 std::nullopt);
        PlannedQuery instant = planned(2 * Step, 102 * Step);
        instant.instant = true;
        QCOMPARE(incrementalStartMs(held, instant, late), std::nullopt);
        QCOMPARE(
            incrementalStartMs({held.query, nullptr, held.askedAtMs}, planned(2 * Step, 102 * Step), late),
            std::nullopt);
        // `@ end()` and `@ start()` evaluate at the range's ends, which moved: every step changes.
        // A timestamp of its own does not move.
        for (const QString expr : {QStringLiteral("up @ end()"), QStringLiteral("rate(up[5m] @ start())"),
                                   QStringLiteral("up @end ( )")}) {
            const HeldRange at{planned(0, 100 * Step, expr), held.result, held.askedAtMs};
            QCOMPARE(incrementalStartMs(at, planned(2 * Step, 102 * Step, expr), late), std::nullopt);
        }
        const QString fixedAt = QStringLiteral("up @ 1700000000");
        const HeldRange atFixed{planned(0, 100 * Step, fixedAt), held.result, held.askedAtMs};
        QCOMPARE(incrementalStartMs(atFixed, planned(2 * Step, 102 * Step, fixedAt), late),
                 std::optional<std::int64_t>(98 * Step));
    }

    void mergeEqualsTheWholeRange()
    {
        // Held: [0, 10] steps; asked again: [8, 13]; the new range is [3, 13].
        auto steps = [](std::int64_t from, std::int64_t to) {
            std::vector<std::int64_t> t;
            for (std::int64_t s = from; s <= to; ++s)
                t.push_back(s * Step);
            return t;
        };
        const Label a{QStringLiteral("job"), QStringLiteral("a")};
        const Label b{QStringLiteral("job"), QStringLiteral("b")};
        const Label c{QStringLiteral("job"), QStringLiteral("c")};
        const Label d{QStringLiteral("job"), QStringLiteral("d")};
        // a: everywhere; b: gone at step 2 (slides out); c: from step 9 (comes in); d: steps 5..6 (stays).
        const QueryResult held =
            matrix({series({a}, steps(0, 10)), series({b}, steps(0, 2)), series({d}, steps(5, 6))});
        const QueryResult newest = matrix({series({a}, steps(8, 13)), series({c}, steps(9, 13))});
        const QueryResult whole =
            matrix({series({a}, steps(3, 13)), series({c}, steps(9, 13)), series({d}, steps(5, 6))});
        const auto merged = mergeIncrement(held, newest, 3 * Step, 8 * Step, 0);
        QVERIFY(merged);
        compareResults(*merged, whole);
        // Past the cap a whole answer would be capped: no merge.
        QVERIFY(!mergeIncrement(held, newest, 3 * Step, 8 * Step, 2));
        QVERIFY(mergeIncrement(held, newest, 3 * Step, 8 * Step, 3));
        QueryResult capped = newest;
        capped.totalSeries = 9;
        QVERIFY(!mergeIncrement(held, capped, 3 * Step, 8 * Step, 0));
    }

    void refresherHoldsWhatAWholeQueryAnswers()
    {
        LoopbackHttpServer server(modelResponse);
        Rig rig(server.url());
        // "Last 30 minutes" from 1,500 s to 4,500 s every 10 s: b comes, then slides out; c comes.
        int refreshes = 0;
        for (std::int64_t now = 1'500'000; now <= 4'500'000; now += 10'000, ++refreshes) {
            QVERIFY(rig.refreshAt(now));
            const QueryData &held = rig.held();
            QVERIFY(held.result);
            compareResults(*held.result, whole(held.query.range.startMs, held.query.range.endMs));
        }
        QCOMPARE(rig.refresher.queriesSent(), refreshes);
        QCOMPARE(rig.refresher.incrementalQueriesSent(), refreshes - 1);
        QVERIFY(rig.held().askedFromMs > rig.held().query.range.startMs);
        // b came and went, c came: the held data passed through all of it.
        QCOMPARE(rig.held().result->series.size(), size_t(2));
        QCOMPARE(rig.held().result->series.back().labels.value(u"job"), QStringLiteral("c"));
    }

    void variableChangeAsksTheWholeRange()
    {
        LoopbackHttpServer server(modelResponse);
        Rig rig(server.url());
        QVERIFY(rig.refreshAt(2'000'000));
        QVERIFY(rig.refreshAt(2'010'000));
        QCOMPARE(rig.refresher.incrementalQueriesSent(), 1);
        rig.setVariable(QStringLiteral("2"));
        QVERIFY(rig.refreshAt(2'020'000));
        QCOMPARE(rig.refresher.incrementalQueriesSent(), 1);
        QCOMPARE(rig.held().askedFromMs, rig.held().query.range.startMs);
        QVERIFY(rig.held().query.expr().contains(QStringLiteral("x=~\"2\"")));
        // The same value again is no change.
        rig.setVariable(QStringLiteral("2"));
        QVERIFY(rig.refreshAt(2'030'000));
        QCOMPARE(rig.refresher.incrementalQueriesSent(), 2);
    }

    // Lazy panels: a panel out of view is passed over by refreshes (outdated, its last answer shown
    // stale). Scrolled to while what it holds still overlaps the range, it asks only the steps after
    // it, and holds what a whole query answers; scrolled to after the range moved past all it holds,
    // it asks the whole range.
    void panelOutOfViewIsRightOnceScrolledTo()
    {
        LoopbackHttpServer server(modelResponse);
        Rig rig(server.url());
        QVERIFY(rig.refreshAt(1'900'000));
        rig.refresher.setPanelsInView({});
        for (std::int64_t now = 1'910'000; now <= 2'500'000; now += 10'000)
            QVERIFY(rig.refreshAt(now));
        QCOMPARE(rig.refresher.queriesSent(), 1); // out of view: nothing asked
        QCOMPARE(rig.refresher.panelData(1).state, PanelState::Stale);
        QVERIFY(rig.refresher.panelData(1).outdated);
        QVERIFY(rig.scrollIntoView());
        QCOMPARE(rig.refresher.queriesSent(), 2);
        QCOMPARE(rig.refresher.incrementalQueriesSent(), 1);
        QCOMPARE(rig.refresher.panelData(1).state, PanelState::Ok);
        QVERIFY(!rig.refresher.panelData(1).outdated);
        const QueryData &moved = rig.held();
        QCOMPARE(moved.query.range.endMs, 2'490'000); // 2,500 s on the 15 s grid
        QVERIFY(moved.askedFromMs > moved.query.range.startMs);
        QVERIFY(moved.askedFromMs <= 1'900'000); // from the last step it held on
        compareResults(*moved.result, whole(moved.query.range.startMs, moved.query.range.endMs));
        QCOMPARE(moved.result->series.size(), size_t(2)); // b came meanwhile

        // Out of view for longer than the range: nothing held is still in it.
        rig.refresher.setPanelsInView({});
        QVERIFY(rig.refreshAt(4'500'000));
        QVERIFY(rig.scrollIntoView());
        QCOMPARE(rig.refresher.incrementalQueriesSent(), 1);
        const QueryData &far = rig.held();
        QCOMPARE(far.askedFromMs, far.query.range.startMs);
        compareResults(*far.result, whole(far.query.range.startMs, far.query.range.endMs));
    }

    // Another range length changes the step ($__interval) or, with the step held by a minimum
    // interval, $__range written into the expression: either asks the whole range, then incremental
    // refresh goes on from it.
    void rangeLengthChangeAsksTheWholeRange()
    {
        LoopbackHttpServer server(modelResponse);
        {
            Rig rig(server.url());
            QVERIFY(rig.refreshAt(5'000'000));
            QVERIFY(rig.refreshAt(5'010'000));
            QCOMPARE(rig.refresher.incrementalQueriesSent(), 1);
            QVERIFY(rig.refreshAt(5'020'000, 3'600'000)); // a 30 s step now
            QCOMPARE(rig.refresher.incrementalQueriesSent(), 1);
            QCOMPARE(rig.held().query.stepMs, 30'000);
            QCOMPARE(rig.held().askedFromMs, rig.held().query.range.startMs);
            // Narrower: the step follows the width, the whole range is asked.
            rig.refresher.setDefaultWidth(60);
            QVERIFY(rig.refreshAt(5'030'000, 3'600'000));
            QCOMPARE(rig.refresher.incrementalQueriesSent(), 1);
            QCOMPARE(rig.held().query.stepMs, 60'000);
            QVERIFY(rig.refreshAt(5'040'000, 3'600'000));
            QCOMPARE(rig.refresher.incrementalQueriesSent(), 2);
        }
        {
            Rig rig(server.url(), {}, RangePanel);
            QVERIFY(rig.refreshAt(3'600'000, 3'600'000));
            QVERIFY(rig.refreshAt(3'660'000, 3'600'000));
            QCOMPARE(rig.refresher.incrementalQueriesSent(), 1);
            QVERIFY(rig.held().query.expr().contains(QStringLiteral("[3600s]")));
            // "Last 30 minutes": the start moved forward on the same 1 min grid, but $__range changed.
            QVERIFY(rig.refreshAt(3'720'000));
            QCOMPARE(rig.held().query.stepMs, 60'000);
            QVERIFY(rig.held().query.expr().contains(QStringLiteral("[1800s]")));
            QCOMPARE(rig.refresher.incrementalQueriesSent(), 1);
            QCOMPARE(rig.held().askedFromMs, rig.held().query.range.startMs);
        }
    }

    void failedRefreshKeepsWhatIsHeldStaleThenAsksWhole()
    {
        bool failing = false;
        LoopbackHttpServer server([&](const test::ReceivedRequest &r) {
            LoopbackHttpServer::Response response = modelResponse(r);
            if (failing)
                response.behaviour = LoopbackHttpServer::Behaviour::CloseMidBody; // a tunnel that dies
            return response;
        });
        Rig rig(server.url());
        QVERIFY(rig.refreshAt(2'000'000));
        QVERIFY(rig.refreshAt(2'010'000));
        QCOMPARE(rig.refresher.incrementalQueriesSent(), 1);
        const SharedQueryResult before = rig.held().result;
        failing = true;
        QVERIFY(rig.refreshAt(2'020'000));
        QCOMPARE(rig.refresher.incrementalQueriesSent(), 2);
        QCOMPARE(rig.refresher.panelData(1).state, PanelState::Stale);
        QCOMPARE(rig.held().result.get(), before.get()); // the last picture is kept
        failing = false;
        QVERIFY(rig.refreshAt(2'030'000));
        QCOMPARE(rig.refresher.incrementalQueriesSent(), 2); // asked whole
        QCOMPARE(rig.refresher.panelData(1).state, PanelState::Ok);
        const QueryData &held = rig.held();
        QCOMPARE(held.askedFromMs, held.query.range.startMs);
        compareResults(*held.result, whole(held.query.range.startMs, held.query.range.endMs));
        QVERIFY(rig.refreshAt(2'040'000));
        QCOMPARE(rig.refresher.incrementalQueriesSent(), 3); // and incremental again after it
    }

    void seriesPastTheCapAskTheWholeRange()
    {
        LoopbackHttpServer server(modelResponse);
        PlannerSettings settings;
        settings.maxSeries = 1;
        Rig rig(server.url(), settings);
        QVERIFY(rig.refreshAt(1'900'000)); // a alone
        QVERIFY(rig.refreshAt(1'910'000));
        QCOMPARE(rig.refresher.incrementalQueriesSent(), 1);
        QCOMPARE(rig.held().result->series.size(), size_t(1));
        // b comes: the merge would pass the cap, so the whole range is asked again (the client's own
        // cap here is its default, 1,000, so its answer holds both).
        const int sent = rig.refresher.queriesSent();
        QVERIFY(rig.refreshAt(2'010'000));
        QCOMPARE(rig.refresher.queriesSent(), sent + 2);
        QCOMPARE(rig.held().askedFromMs, rig.held().query.range.startMs);
        QCOMPARE(rig.held().result->series.size(), size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestIncrementalFetch)
#include "tst_incremental_fetch.moc"
