// Incremental refresh against the fixture Prometheus, with the clock stepped through the fixture's
// recorded time every 10 s: after every refresh each panel holds exactly what Prometheus answers when
// asked the panel's whole range directly (same series, same order, same points), although only the
// newest steps were fetched. Also a series that comes and slides out of the range, a variable change
// and a lost connection (both ask the whole range again). The flight recorder, which sees only the
// newest steps of each refresh, replays what the panels held.
#include "dashboard/DashboardLoader.h"
#include "prometheus/PrometheusClient.h"
#include "query/DashboardRefresher.h"
#include "query/Variables.h"
#include "snapshot/FlightRecorder.h"
#include "snapshot/RecordingSource.h"
#include "snapshot/SnapshotSource.h"
#include "support/FaultProxy.h"
#include "support/TestSupport.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <set>

using namespace promdeck;

namespace {

double sampleValue(const QJsonValue &v)
{
    const QString s = v.toString();
    if (s == u"NaN")
        return NAN;
    if (s == u"+Inf")
        return INFINITY;
    if (s == u"-Inf")
        return -INFINITY;
    return s.toDouble();
}

QString labelsText(const QJsonObject &metric)
{
    QStringList parts;
    for (auto it = metric.begin(); it != metric.end(); ++it)
        parts << it.key() + QStringLiteral("=\"") + it.value().toString() + QLatin1Char('"');
    parts.sort();
    return parts.join(QLatin1Char(','));
}

QString labelsText(const LabelSet &labels)
{
    QStringList parts;
    for (const Label &l : labels.labels())
        parts << l.name + QStringLiteral("=\"") + l.value + QLatin1Char('"');
    parts.sort();
    return parts.join(QLatin1Char(','));
}

// "Last 6 hours" and friends at a moment the test chooses.
struct Rig
{
    Rig(const QUrl &url, const Dashboard &dashboard)
        : client(&network, {url, {}, std::chrono::seconds(30), 2000}),
          refresher(&client, dashboard, PlannerSettings{15'000, client.endpoint().maxSeries}),
          settled(&refresher, &DashboardRefresher::settled)
    {
        refresher.setDefaultWidth(800);
        refresher.setIncremental(true);
        refresher.setTimeIsRelative(true);
        refresher.setClock([this] { return nowMs; });
    }
    bool resolveVariables(const QMap<QString, QString> &fixed = {})
    {
        VariableResolver resolver(&client);
        QSignalSpy done(&resolver, &VariableResolver::finished);
        resolver.resolve(refresher.dashboard(), {nowMs - 6 * 3'600'000, nowMs}, fixed);
        if (!resolver.isFinished() && !done.wait(30'000))
            return false;
        refresher.setVariables(resolver.values());
        return resolver.errors().isEmpty();
    }
    bool refreshAt(std::int64_t now, std::int64_t rangeMs)
    {
        nowMs = now;
        refresher.refresh({now - rangeMs, now});
        return settled.wait(60'000);
    }
    QNetworkAccessManager network;
    PrometheusClient client;
    DashboardRefresher refresher;
    QSignalSpy settled;
    std::int64_t nowMs = 0;
};

} // namespace

class TestIncrementalRefresh : public QObject
{
    Q_OBJECT
    QNetworkAccessManager m_nam;
    QUrl m_url;

    // Empty when the held answer equals Prometheus' answer to the whole range, asked directly.
    QString differenceFromWholeQuery(const QueryData &held)
    {
        const RangeQuery &q = held.query.range;
        const QJsonObject answer =
            test::askPrometheus(m_nam, m_url, QStringLiteral("/api/v1/query_range"),
                                test::rangeQuery(q.expr, q.startMs, q.endMs, q.stepMs));
        if (answer.value(QLatin1String("status")).toString() != u"success")
            return q.expr + QStringLiteral(": ") + answer.value(QLatin1String("error")).toString();
        const QJsonArray want =
            answer.value(QLatin1String("data")).toObject().value(QLatin1String("result")).toArray();
        if (!held.result)
            return q.expr + QStringLiteral(": nothing held");
        const auto &got = held.result->series;
        if (static_cast<qsizetype>(got.size()) != want.size())
            return QStringLiteral("%1: %2 series held, Prometheus has %3")
                .arg(q.expr)
                .arg(got.size())
                .arg(want.size());
        for (qsizetype i = 0; i < want.size(); ++i) {
            const QJsonObject w = want[i].toObject();
            const Series &s = got[static_cast<size_t>(i)];
            const QString labels = labelsText(w.value(QLatin1String("metric")).toObject());
            if (labelsText(s.labels) != labels)
                return QStringLiteral("%1: series %2 is {%3}, Prometheus has {%4} there")
                    .arg(q.expr)
                    .arg(i)
                    .arg(labelsText(s.labels), labels);
            const QJsonArray points = w.value(QLatin1String("values")).toArray();
            if (points.size() != s.size())
                return QStringLiteral("%1 {%2}: %3 points held, Prometheus has %4")
                    .arg(q.expr, labels)
                    .arg(s.size())
                    .arg(points.size());
            for (qsizetype p = 0; p < points.size(); ++p) {
                const QJsonArray point = points[p].toArray();
                const double value = sampleValue(point[1]);
                const double heldValue = s.values[static_cast<size_t>(p)];
                if (s.timestampsMs[static_cast<size_t>(p)] != std::llround(point[0].toDouble() * 1000) ||
                    !((std::isnan(value) && std::isnan(heldValue)) || value == heldValue))
                    return QStringLiteral("%1 {%2}: point %3 differs").arg(q.expr, labels).arg(p);
            }
        }
        return {};
    }

    // Every range query of every panel against its whole range; returns how many were compared.
    int compareAll(const DashboardRefresher &refresher)
    {
        int compared = 0;
        for (const Panel &p : refresher.dashboard().panels) {
            for (const QueryData &q : refresher.panelData(p.id).queries) {
                if (q.query.instant)
                    continue;
                const QString difference = differenceFromWholeQuery(q);
                if (!difference.isEmpty()) {
                    QTest::qFail(qPrintable(p.title + QStringLiteral(": ") + difference), __FILE__, __LINE__);
                    return -1;
                }
                ++compared;
            }
        }
        return compared;
    }

private slots:
    void initTestCase() { m_url = test::fixturePrometheusUrl(); }

    // The api dashboard, "Last 6 hours" every 10 s for 10 minutes of the fixture's time (through the
    // 5xx burst at +16:30), then a variable change.
    void apiDashboardEqualsWholeQueries()
    {
        const auto loaded = loadDashboardFile(test::sourcePath(QStringLiteral("dashboards/api.json")));
        QVERIFY(loaded.ok());
        Rig rig(m_url, *loaded.dashboard);
        const std::int64_t first = test::FixtureStartMs + (16 * 60 + 25) * 60'000;
        rig.nowMs = first;
        QVERIFY(rig.resolveVariables());
        const std::int64_t sixHours = 6 * 3'600'000;
        int refreshes = 0;
        for (std::int64_t now = first; now <= first + 600'000; now += 10'000, ++refreshes) {
            QVERIFY(rig.refreshAt(now, sixHours));
            // Compared once a fixture minute (Prometheus takes a while over six hours of histograms).
            if (refreshes % 6 == 0 || refreshes == 1)
                QVERIFY(compareAll(rig.refresher) > 0);
        }
        QCOMPARE(refreshes, 61);
        // Every range query after the first refresh asked only its newest steps (panels asking the
        // same question share one request).
        std::set<QString> distinct;
        for (const Panel &p : rig.refresher.dashboard().panels)
            for (const QueryData &q : rig.refresher.panelData(p.id).queries)
                if (!q.query.instant)
                    distinct.insert(q.query.key());
        QVERIFY(distinct.size() > 5);
        QCOMPARE(rig.refresher.incrementalQueriesSent(), static_cast<int>(distinct.size()) * (refreshes - 1));
        for (const Panel &p : rig.refresher.dashboard().panels) {
            for (const QueryData &q : rig.refresher.panelData(p.id).queries) {
                if (!q.query.instant) {
                    QVERIFY(q.askedFromMs > q.query.range.startMs);
                    QVERIFY(q.askedFromMs >= q.query.range.endMs - 3 * q.query.stepMs);
                }
            }
        }

        // One instance instead of all: every panel using it asks its whole range, and holds it.
        const int before = rig.refresher.incrementalQueriesSent();
        QVERIFY(rig.resolveVariables({{QStringLiteral("instance"), QStringLiteral("api-1:8000")}}));
        QVERIFY(rig.refreshAt(first + 610'000, sixHours));
        QCOMPARE(rig.refresher.incrementalQueriesSent(), before);
        for (const Panel &p : rig.refresher.dashboard().panels) {
            for (const QueryData &q : rig.refresher.panelData(p.id).queries) {
                QVERIFY(q.query.expr().contains(QStringLiteral("api-1:8000")));
                if (!q.query.instant)
                    QCOMPARE(q.askedFromMs, q.query.range.startMs);
            }
        }
        QVERIFY(compareAll(rig.refresher) > 0);
        QVERIFY(rig.refreshAt(first + 620'000, sixHours));
        QCOMPARE(rig.refresher.incrementalQueriesSent(), before + static_cast<int>(distinct.size()));
        QVERIFY(compareAll(rig.refresher) > 0);
    }

    // node-2's scrape target is down from +06:00 to +06:10: `up == 0` has a series only then. "Last 15
    // minutes" from +05:55 to +06:30 sees it come, then slide out; a panel with a time shift of its own
    // moves the same way an hour back.
    void seriesComeAndSlideOut()
    {
        // (Not a raw string: moc misreads a backslash in one.)
        const QByteArray json =
            "{\"title\":\"t\",\"panels\":["
            "{\"id\":1,\"type\":\"timeseries\",\"gridPos\":{\"x\":0,\"y\":0,\"w\":12,\"h\":8},"
            "\"targets\":[{\"refId\":\"A\",\"expr\":\"up{job=\\\"node\\\"} == 0\"}]},"
            "{\"id\":2,\"type\":\"timeseries\",\"gridPos\":{\"x\":12,\"y\":0,\"w\":12,\"h\":8},\"timeShift\":"
            "\"10m\","
            "\"targets\":[{\"refId\":\"A\",\"expr\":\"up{job=\\\"node\\\"}\"},{\"refId\":\"B\",\"expr\":"
            "\"sum(up)\"}]}]}";
        const auto loaded = loadDashboard(json, QStringLiteral("come-and-go.json"));
        QVERIFY(loaded.ok());
        Rig rig(m_url, *loaded.dashboard);
        rig.refresher.setDefaultWidth(300); // a 3 s step
        const std::int64_t first = test::FixtureStartMs + (5 * 60 + 55) * 60'000;
        bool seen = false;
        int refreshes = 0;
        for (std::int64_t now = first; now <= first + 35 * 60'000; now += 10'000, ++refreshes) {
            QVERIFY(rig.refreshAt(now, 15 * 60'000));
            QVERIFY(compareAll(rig.refresher) == 3);
            const QueryData &down = rig.refresher.panelData(1).queries.front();
            if (!down.result->series.empty()) {
                seen = true;
                QCOMPARE(down.result->series.front().labels.value(u"instance"),
                         QStringLiteral("node-2:9100"));
            }
        }
        QVERIFY(seen);
        QVERIFY(rig.refresher.panelData(1).queries.front().result->series.empty()); // slid out
        QCOMPARE(rig.refresher.incrementalQueriesSent(), 3 * (refreshes - 1));
        // The shifted panel's range is its own, ten minutes back.
        const QueryData &shifted = rig.refresher.panelData(2).queries.front();
        QVERIFY(shifted.query.range.endMs <= rig.nowMs - 10 * 60'000);
    }

    // The flight recorder between the refresher and Prometheus sees only the newest steps of each
    // refresh; rewound over the last range, it answers every range query what the panels held.
    void flightRecorderReplaysWhatWasHeld()
    {
        const auto loaded = loadDashboardFile(test::sourcePath(QStringLiteral("dashboards/api.json")));
        QVERIFY(loaded.ok());
        QTemporaryDir dir;
        QNetworkAccessManager network;
        PrometheusClient client(&network, {m_url, {}, std::chrono::seconds(30), 2000});
        FlightRecorder recorder(dir.filePath(QStringLiteral("flight.pdsnap")));
        RecordingSource recording(&client, &recorder);
        DashboardRefresher live(&recording, *loaded.dashboard,
                                PlannerSettings{15'000, client.endpoint().maxSeries});
        std::int64_t now = test::FixtureStartMs + 10 * 3'600'000;
        live.setDefaultWidth(800);
        live.setIncremental(true);
        live.setTimeIsRelative(true);
        live.setClock([&now] { return now; });
        const std::int64_t hour = 3'600'000;
        {
            VariableResolver resolver(&client);
            QSignalSpy done(&resolver, &VariableResolver::finished);
            resolver.resolve(live.dashboard(), {now - hour, now}, {});
            QVERIFY(resolver.isFinished() || done.wait(30'000));
            live.setVariables(resolver.values());
        }
        QSignalSpy liveSettled(&live, &DashboardRefresher::settled);
        for (int i = 0; i < 7; ++i, now += 10'000) {
            live.refresh({now - hour, now});
            QVERIFY(liveSettled.wait(60'000));
        }
        now -= 10'000;
        QVERIFY(live.incrementalQueriesSent() > 0);

        SnapshotSource rewound(recorder.snapshot());
        DashboardRefresher replay(&rewound, *loaded.dashboard, PlannerSettings{});
        replay.setDefaultWidth(800);
        replay.setTimeIsRelative(true);
        replay.setVariables(live.variables());
        QSignalSpy replaySettled(&replay, &DashboardRefresher::settled);
        replay.refresh({now - hour, now});
        QVERIFY(replaySettled.wait(60'000));
        auto inLabelOrder = [](const QueryResult &r) {
            std::vector<const Series *> s;
            for (const Series &one : r.series)
                s.push_back(&one);
            std::sort(s.begin(), s.end(), [](const Series *a, const Series *b) {
                return compareLabelSets(a->labels, b->labels) < 0;
            });
            return s;
        };
        int compared = 0;
        for (const Panel &p : live.dashboard().panels) {
            const auto &held = live.panelData(p.id).queries;
            const auto &replayed = replay.panelData(p.id).queries;
            QCOMPARE(replayed.size(), held.size());
            for (size_t i = 0; i < held.size(); ++i) {
                if (held[i].query.instant)
                    continue;
                QCOMPARE(replayed[i].query, held[i].query);
                QVERIFY2(replayed[i].result, qPrintable(p.title + QStringLiteral(": ") + replayed[i].error));
                const auto want = inLabelOrder(*held[i].result);
                const auto got = inLabelOrder(*replayed[i].result);
                QCOMPARE(got.size(), want.size());
                for (size_t k = 0; k < want.size(); ++k) {
                    QCOMPARE(got[k]->labels, want[k]->labels);
                    QCOMPARE(got[k]->timestampsMs, want[k]->timestampsMs);
                    QVERIFY(std::equal(got[k]->values.begin(), got[k]->values.end(), want[k]->values.begin(),
                                       want[k]->values.end(), [](double a, double b) {
                                           return a == b || (std::isnan(a) && std::isnan(b));
                                       }));
                }
                ++compared;
            }
        }
        QVERIFY(compared > 5);
        QVERIFY(compareAll(live) > 5); // and what was held is Prometheus' whole answer
    }

    // A lost connection keeps what is held, marked stale; the next refresh asks the whole range.
    void lostConnectionAsksWholeAfterwards()
    {
        const auto loaded = loadDashboardFile(test::sourcePath(QStringLiteral("dashboards/api.json")));
        QVERIFY(loaded.ok());
        test::FaultProxy proxy(m_url);
        Rig rig(proxy.url(), *loaded.dashboard);
        const std::int64_t first = test::FixtureStartMs + 12 * 3'600'000;
        rig.nowMs = first;
        QVERIFY(rig.resolveVariables());
        const std::int64_t sixHours = 6 * 3'600'000;
        QVERIFY(rig.refreshAt(first, sixHours));
        QVERIFY(rig.refreshAt(first + 10'000, sixHours));
        const int incremental = rig.refresher.incrementalQueriesSent();
        QVERIFY(incremental > 0);
        const int panel = 7; // Request rate by handler
        const SharedQueryResult held = rig.refresher.panelData(panel).queries.front().result;
        proxy.setFault(test::FaultProxy::Fault::Refuse);
        QVERIFY(rig.refreshAt(first + 20'000, sixHours));
        QCOMPARE(rig.refresher.panelData(panel).state, PanelState::Stale);
        QCOMPARE(rig.refresher.panelData(panel).queries.front().result.get(), held.get());
        const int afterFailure = rig.refresher.incrementalQueriesSent();
        proxy.setFault(test::FaultProxy::Fault::None);
        QVERIFY(rig.refreshAt(first + 30'000, sixHours));
        QCOMPARE(rig.refresher.incrementalQueriesSent(), afterFailure);
        QCOMPARE(rig.refresher.panelData(panel).state, PanelState::Ok);
        const QueryData &q = rig.refresher.panelData(panel).queries.front();
        QCOMPARE(q.askedFromMs, q.query.range.startMs);
        QVERIFY(compareAll(rig.refresher) > 0);
    }
};

QTEST_GUILESS_MAIN(TestIncrementalRefresh)
#include "tst_incremental_refresh.moc"
