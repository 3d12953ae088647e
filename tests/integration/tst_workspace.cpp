// The workspace the window and the commands share, against the fixture Prometheus: switching
// dashboard, profile, and live -> replay -> live while requests are still on their way (a proxy
// trickles every answer), and after each switch what is shown is what the new source answers, never a
// late answer of the old one. Run under ASan, a request answered into a torn-down object fails here.
#include "query/DashboardRefresher.h"
#include "settings/Settings.h"
#include "snapshot/SnapshotFile.h"
#include "support/FaultProxy.h"
#include "support/TestSupport.h"
#include "workspace/Workspace.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>

using namespace promdeck;
using test::FaultProxy;

namespace {

const TimeSpec FixtureHour{TimeExpression::absolute(test::FixtureEndMs - 3'600'000),
                           TimeExpression::absolute(test::FixtureEndMs)};

// The built-in dashboards, as files (the resources are compiled into the program, not the tests).
QString dashboard(const QString &name)
{
    return test::sourcePath(QStringLiteral("dashboards/%1.json").arg(name));
}

ServerProfile profile(const QString &name, const QUrl &url)
{
    ServerProfile p;
    p.name = name;
    p.url = url;
    p.timeoutMs = 20'000;
    return p;
}

// Every query panel of the dashboard on screen answered from `source`, with data or a server's error.
void verifyAnsweredBy(const Workspace &workspace, const QString &title)
{
    const DashboardRefresher *refresher = workspace.refresher();
    QVERIFY(refresher);
    QCOMPARE(refresher->dashboard().title, title);
    QCOMPARE(refresher->source(), workspace.source());
    int answered = 0;
    for (const Panel &p : refresher->dashboard().panels) {
        if (!p.hasQueries() || !refresher->isPanelVisible(p))
            continue;
        const PanelData &data = refresher->panelData(p.id);
        QVERIFY2(data.state == PanelState::Ok || data.state == PanelState::NoData, qPrintable(p.title));
        QCOMPARE(data.range, workspace.range());
        ++answered;
    }
    QVERIFY(answered > 0);
}

} // namespace

class TestWorkspace : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void switchingDashboardsWithRequestsInFlight()
    {
        FaultProxy slow(test::fixturePrometheusUrl());
        slow.setFault(FaultProxy::Fault::Trickle);
        Settings settings(
            std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("a.ini")), QSettings::IniFormat));
        QNetworkAccessManager network;
        SessionSecretStore keychain;
        Workspace workspace(&settings, &network, &keychain, {});
        workspace.connectLive(profile(QStringLiteral("slow"), slow.url()));
        QSignalSpy closing(&workspace, &Workspace::dashboardClosing);
        for (const QString &name :
             {QStringLiteral("api"), QStringLiteral("celery"), QStringLiteral("redis")}) {
            QVERIFY(workspace.openDashboard(dashboard(name), TimeOverride::of(FixtureHour)));
            workspace.placePanels(1600);
            QTest::qWait(300); // variables asked, some panels' queries on their way, none answered
            QVERIFY(!workspace.refresher()->isSettled() || workspace.isResolvingVariables());
        }
        QCOMPARE(closing.size(), 2); // the views of api and celery were told to let go
        slow.setFault(FaultProxy::Fault::None);
        QVERIFY(workspace.waitUntilSettled(60'000));
        verifyAnsweredBy(workspace, QStringLiteral("Redis"));
    }

    void switchingProfilesWithRequestsInFlight()
    {
        FaultProxy slow(test::fixturePrometheusUrl());
        slow.setFault(FaultProxy::Fault::Stall);
        Settings settings(
            std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("b.ini")), QSettings::IniFormat));
        settings.setProfiles({profile(QStringLiteral("stalled"), slow.url()),
                              profile(QStringLiteral("direct"), test::fixturePrometheusUrl())});
        QVERIFY(settings.setCurrentProfileName(QStringLiteral("stalled")));
        QNetworkAccessManager network;
        SessionSecretStore keychain;
        Workspace workspace(&settings, &network, &keychain, {});
        workspace.connectLive(settings.currentProfile());
        QVERIFY(workspace.openDashboard(dashboard(QStringLiteral("api")), TimeOverride::of(FixtureHour)));
        workspace.placePanels(1600);
        QTest::qWait(300); // the variables' requests hang on the stalled server
        QVERIFY(workspace.isResolvingVariables());
        QVERIFY(workspace.switchProfile(QStringLiteral("direct")));
        QCOMPARE(workspace.live()->profile().name, QStringLiteral("direct"));
        QCOMPARE(workspace.dashboardName(), dashboard(QStringLiteral("api")));
        QCOMPARE(workspace.timeSpec(), FixtureHour); // the dashboard reopens at the range on screen
        QVERIFY(workspace.waitUntilSettled(30'000));
        verifyAnsweredBy(workspace, QStringLiteral("FastAPI API"));
        // The stalled server lets go: nothing of its late answers reaches the new dashboard.
        slow.setFault(FaultProxy::Fault::None);
        QTest::qWait(500);
        verifyAnsweredBy(workspace, QStringLiteral("FastAPI API"));
    }

    void liveThenReplayThenLive()
    {
        const QString recorder = m_dir.filePath(QStringLiteral("recorder.pdsnap"));
        Settings settings(
            std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("c.ini")), QSettings::IniFormat));
        settings.setProfiles({profile(QStringLiteral("fixture"), test::fixturePrometheusUrl())});
        QNetworkAccessManager network;
        SessionSecretStore keychain;
        Workspace::Options options;
        options.recorderFile = recorder;
        Workspace workspace(&settings, &network, &keychain, options);
        workspace.connectLive(settings.currentProfile());
        QVERIFY(workspace.openDashboard(dashboard(QStringLiteral("celery")), TimeOverride::of(FixtureHour)));
        workspace.placePanels(1600);
        QVERIFY(workspace.waitUntilSettled(30'000));
        verifyAnsweredBy(workspace, QStringLiteral("Celery"));
        workspace.waitForServerInfo(5000);
        QVERIFY(!workspace.serverVersion().isEmpty());

        // What is on screen, kept and replayed with no network: the same panels, the same numbers.
        const Snapshot kept = workspace.snapshot();
        const QString file = m_dir.filePath(QStringLiteral("celery.pdsnap"));
        QVERIFY(writeSnapshotFile(file, kept));
        std::map<int, size_t> liveSeries;
        for (const Panel &p : workspace.refresher()->dashboard().panels)
            for (const QueryData &q : workspace.refresher()->panelData(p.id).queries)
                liveSeries[p.id] += q.result ? q.result->series.size() : 0;
        workspace.refresh(); // requests in flight when the replay opens
        QVERIFY(workspace.openSnapshotFile(file));
        QVERIFY(workspace.isReplay());
        QCOMPARE(workspace.timeSpec(), FixtureHour);
        QVERIFY(workspace.waitUntilSettled(10'000));
        verifyAnsweredBy(workspace, QStringLiteral("Celery"));
        for (const Panel &p : workspace.refresher()->dashboard().panels) {
            size_t replayed = 0;
            for (const QueryData &q : workspace.refresher()->panelData(p.id).queries)
                replayed += q.result ? q.result->series.size() : 0;
            QCOMPARE(replayed, liveSeries[p.id]);
        }

        // The flight recorder kept it too: a rewind replays the same dashboard.
        QVERIFY(workspace.rewind());
        QVERIFY(workspace.isReplay());
        QCOMPARE(workspace.refresher()->dashboard().title, QStringLiteral("Celery"));

        // Back live: the dashboard last opened live, on the server again.
        workspace.goLive();
        QVERIFY(!workspace.isReplay());
        QCOMPARE(workspace.dashboardName(), dashboard(QStringLiteral("celery")));
        workspace.setTimeSpec(FixtureHour);
        QVERIFY(workspace.waitUntilSettled(30'000));
        verifyAnsweredBy(workspace, QStringLiteral("Celery"));
    }

    // The window's refresh (its auto-refresh timer calls the same) asks a live server for the newest
    // steps only and holds the same answers; a replay asks whole ranges of its recording.
    void liveRefreshIsIncremental()
    {
        Settings settings(
            std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("i.ini")), QSettings::IniFormat));
        settings.setProfiles({profile(QStringLiteral("fixture"), test::fixturePrometheusUrl())});
        QNetworkAccessManager network;
        SessionSecretStore keychain;
        Workspace workspace(&settings, &network, &keychain, {});
        workspace.connectLive(settings.currentProfile());
        QVERIFY(workspace.openDashboard(dashboard(QStringLiteral("api")), TimeOverride::of(FixtureHour)));
        workspace.placePanels(1600);
        QVERIFY(workspace.waitUntilSettled(30'000));
        const DashboardRefresher *refresher = workspace.refresher();
        QVERIFY(refresher->isIncremental());
        QCOMPARE(refresher->incrementalQueriesSent(), 0);
        std::map<std::pair<int, QString>, SharedQueryResult> before;
        int rangeQueries = 0;
        for (const Panel &p : refresher->dashboard().panels)
            for (const QueryData &q : refresher->panelData(p.id).queries) {
                before[{p.id, q.query.refId}] = q.result;
                rangeQueries += q.query.instant ? 0 : 1;
            }
        QVERIFY(rangeQueries > 0);
        workspace.refresh();
        QVERIFY(workspace.waitUntilSettled(30'000));
        QCOMPARE(refresher->incrementalQueriesSent(), rangeQueries);
        // The hour is in the past: the merged answers are the first ones, point for point. (An instant
        // query is asked whole every time; Prometheus answers its series in no set order.)
        auto sameAnswer = [](const QString &what, const QueryData &q, const QueryResult &other) {
            auto ordered = [&q](const QueryResult &r) {
                std::vector<const Series *> s;
                for (const Series &one : r.series)
                    s.push_back(&one);
                if (q.query.instant)
                    std::sort(s.begin(), s.end(), [](const Series *a, const Series *b) {
                        return compareLabelSets(a->labels, b->labels) < 0;
                    });
                return s;
            };
            const std::vector<const Series *> mine = ordered(*q.result);
            const std::vector<const Series *> theirs = ordered(other);
            if (mine.size() != theirs.size())
                return QStringLiteral("%1 %2: %3 series, %4 before")
                    .arg(what, q.query.expr())
                    .arg(mine.size())
                    .arg(theirs.size());
            for (size_t i = 0; i < mine.size(); ++i) {
                const Series &a = *mine[i];
                const Series &b = *theirs[i];
                const bool sameValues =
                    std::equal(a.values.begin(), a.values.end(), b.values.begin(), b.values.end(),
                               [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); });
                if (!(a.labels == b.labels) || a.timestampsMs != b.timestampsMs || !sameValues)
                    return QStringLiteral("%1 %2: series %3 is %4 with %5 points from %6, before %7 with %8 "
                                          "points from %9 (step %10)")
                        .arg(what, q.query.expr())
                        .arg(i)
                        .arg(a.labels.toString())
                        .arg(a.size())
                        .arg(a.isEmpty() ? 0 : a.timestampsMs.front())
                        .arg(b.labels.toString())
                        .arg(b.size())
                        .arg(b.isEmpty() ? 0 : b.timestampsMs.front())
                        .arg(q.query.stepMs);
            }
            return QString();
        };
        std::map<std::pair<int, QString>, SharedQueryResult> held;
        for (const Panel &p : refresher->dashboard().panels)
            for (const QueryData &q : refresher->panelData(p.id).queries) {
                const SharedQueryResult &first = before[{p.id, q.query.refId}];
                QVERIFY(first && q.result);
                const QString difference = sameAnswer(p.title, q, *first);
                QVERIFY2(difference.isEmpty(), qPrintable(difference));
                held[{p.id, q.query.refId}] = q.result;
            }
        // The snapshot of what is held replays the same answers (its queries are the whole ranges).
        const QString file = m_dir.filePath(QStringLiteral("api.pdsnap"));
        QVERIFY(writeSnapshotFile(file, workspace.snapshot()));
        QVERIFY(workspace.openSnapshotFile(file));
        workspace.placePanels(1600); // the same widths, so the same steps
        QVERIFY(workspace.waitUntilSettled(30'000));
        const DashboardRefresher *replay = workspace.refresher();
        QVERIFY(!replay->isIncremental());
        int replayed = 0;
        for (const Panel &p : replay->dashboard().panels)
            for (const QueryData &q : replay->panelData(p.id).queries) {
                const SharedQueryResult &kept = held[{p.id, q.query.refId}];
                QVERIFY2(q.result && kept, qPrintable(p.title + QStringLiteral(": ") + q.error));
                const QString difference = sameAnswer(QStringLiteral("replayed ") + p.title, q, *kept);
                QVERIFY2(difference.isEmpty(), qPrintable(difference));
                ++replayed;
            }
        QCOMPARE(replayed, static_cast<int>(held.size()));
    }

    void aDashboardThatCannotOpenKeepsWhatIsShown()
    {
        Settings settings(
            std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("d.ini")), QSettings::IniFormat));
        QNetworkAccessManager network;
        SessionSecretStore keychain;
        Workspace workspace(&settings, &network, &keychain, {});
        workspace.connectLive(profile(QStringLiteral("fixture"), test::fixturePrometheusUrl()));
        QVERIFY(workspace.openDashboard(dashboard(QStringLiteral("redis")), TimeOverride::of(FixtureHour)));
        const DashboardRefresher *shown = workspace.refresher();
        const Result<> missing = workspace.openDashboard(m_dir.filePath(QStringLiteral("none.json")));
        QVERIFY(!missing);
        QVERIFY2(missing.error().toString().contains(QStringLiteral("no such file")),
                 qPrintable(missing.error().toString()));
        const Result<> damaged =
            workspace.openSnapshotFile(test::testDataPath(QStringLiteral("fixture-dashboard.json")));
        QVERIFY(!damaged);
        QCOMPARE(workspace.refresher(), shown);
        QVERIFY(!workspace.isReplay());
    }
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
