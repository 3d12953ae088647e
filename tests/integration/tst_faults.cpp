// Faults between Promdeck and Prometheus (a loopback proxy in front of the fixture server): refused,
// dropped mid-answer, stalled, trickling, reset, a 502 page, Prometheus' 503 timeout, JSON cut in the
// middle. Each gives every panel a readable error within the timeout, no crash, and the right data
// once the fault is lifted; asserted on `promdeck data` and on the window's widgets.
#include "connection/ConnectionHealth.h"
#include "layout/DashboardView.h"
#include "panels/PanelFrame.h"
#include "query/DashboardRefresher.h"
#include "settings/Settings.h"
#include "support/FaultProxy.h"
#include "support/PromdeckData.h"
#include "support/TestSupport.h"
#include "window/MainWindow.h"
#include "workspace/Workspace.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace promdeck;

// How long the window test waits for what must happen (a refresh settling, a reconnect). A bound on
// waiting, not a speed check: under ASan, with the suite at -j4 on two cores and a CPU hog, a
// reconnect took 24 s.
constexpr int Eventually = 60'000;
using test::FaultProxy;

class TestFaults : public QObject
{
    Q_OBJECT
    QNetworkAccessManager m_nam;
    QTemporaryDir m_dir;

    QStringList dataArgs(const QUrl &url) const
    {
        return {QStringLiteral("--dashboard"),  test::testDataPath(QStringLiteral("fixture-dashboard.json")),
                QStringLiteral("--prometheus"), url.toString(),
                QStringLiteral("--timeout"),    QStringLiteral("3s"),
                QStringLiteral("--from"),       QString::number(test::FixtureEndMs / 1000 - 6 * 3600),
                QStringLiteral("--to"),         QString::number(test::FixtureEndMs / 1000)};
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // An age reads in seconds for a minute, then in minutes: it is looked at again exactly when it would
    // read differently.
    void ageTextChangesWhenItSays()
    {
        for (const std::int64_t age : {0LL, 999LL, 1'000LL, 59'500LL, 60'000LL, 61'000LL, 3'599'999LL,
                                       3'600'000LL, 86'399'999LL, 86'400'000LL, 90'061'000LL}) {
            const std::int64_t wait = msUntilAgeTextChanges(age);
            QVERIFY2(wait > 0, qPrintable(QString::number(age)));
            QCOMPARE(formatAge(age + wait - 1), formatAge(age));
            QVERIFY2(
                formatAge(age + wait) != formatAge(age),
                qPrintable(
                    QStringLiteral("%1 and %2 both read %3").arg(age).arg(age + wait).arg(formatAge(age))));
        }
        QCOMPARE(formatAge(59'999), QStringLiteral("59s"));
        QCOMPARE(formatAge(125'000), QStringLiteral("2m"));
        QCOMPARE(formatAge(3'725'000), QStringLiteral("1h 2m"));
    }

    void eachFaultIsReadableAndRecovers_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<QString>("words"); // what the panel must say, in an operator's terms
        QTest::newRow("refused") << int(FaultProxy::Fault::Refuse) << QStringLiteral("refused");
        QTest::newRow("dropped mid-response")
            << int(FaultProxy::Fault::DropMidResponse) << QStringLiteral("closed");
        QTest::newRow("stall") << int(FaultProxy::Fault::Stall)
                               << QStringLiteral("within the request timeout");
        QTest::newRow("slow trickle")
            << int(FaultProxy::Fault::Trickle) << QStringLiteral("within the request timeout");
        QTest::newRow("reset") << int(FaultProxy::Fault::Reset) << QStringLiteral("closed");
        QTest::newRow("502 page") << int(FaultProxy::Fault::BadGateway) << QStringLiteral("502");
        QTest::newRow("503 timeout") << int(FaultProxy::Fault::ServerTimeout)
                                     << QStringLiteral("query timed out");
        QTest::newRow("cut JSON") << int(FaultProxy::Fault::CutJson) << QStringLiteral("unreadable answer");
    }
    void eachFaultIsReadableAndRecovers()
    {
        QFETCH(int, fault);
        QFETCH(QString, words);
        FaultProxy proxy(test::fixturePrometheusUrl());
        proxy.setFault(static_cast<FaultProxy::Fault>(fault));
        QElapsedTimer took;
        took.start();
        int exitCode = -1;
        const QJsonObject broken = test::runPromdeckData(dataArgs(proxy.url()), &exitCode);
        QVERIFY2(took.elapsed() < 20'000, "a fault must not hold the command much beyond the timeout");
        QVERIFY(!broken.isEmpty()); // it wrote its answer: no crash
        int erring = 0;
        for (const QJsonValue &pv : broken.value(QLatin1String("panels")).toArray()) {
            const QJsonObject panel = pv.toObject();
            if (panel.value(QLatin1String("queries")).toArray().isEmpty())
                continue;
            QCOMPARE(panel.value(QLatin1String("state")).toString(), QStringLiteral("error"));
            const QString error = panel.value(QLatin1String("error")).toString();
            QVERIFY2(error.contains(words, Qt::CaseInsensitive), qPrintable(error));
            ++erring;
        }
        QVERIFY(erring >= 4);

        // Lifted: the same command shows what Prometheus answers.
        proxy.setFault(FaultProxy::Fault::None);
        const QJsonObject healed = test::runPromdeckData(dataArgs(proxy.url()), &exitCode);
        for (const QJsonValue &pv : healed.value(QLatin1String("panels")).toArray()) {
            const QJsonObject panel = pv.toObject();
            if (panel.value(QLatin1String("title"))
                    .toString()
                    .contains(QLatin1String("broken"), Qt::CaseInsensitive))
                continue; // the fixture dashboard's deliberately wrong query
            for (const QJsonValue &q : panel.value(QLatin1String("queries")).toArray()) {
                const QString difference =
                    test::differenceFromPrometheus(m_nam, test::fixturePrometheusUrl(), q.toObject());
                QVERIFY2(difference.isEmpty(), qPrintable(difference));
            }
        }
    }

    void windowUnderFault_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<bool>("pathLost"); // the path to the server, not the server's answer
        QTest::newRow("refused") << int(FaultProxy::Fault::Refuse) << true;
        QTest::newRow("dropped mid-response") << int(FaultProxy::Fault::DropMidResponse) << true;
        QTest::newRow("stall") << int(FaultProxy::Fault::Stall) << true;
        QTest::newRow("slow trickle") << int(FaultProxy::Fault::Trickle) << true;
        QTest::newRow("reset") << int(FaultProxy::Fault::Reset) << true;
        QTest::newRow("502 page") << int(FaultProxy::Fault::BadGateway) << true;
        QTest::newRow("cut JSON") << int(FaultProxy::Fault::CutJson) << true;
        QTest::newRow("503 timeout") << int(FaultProxy::Fault::ServerTimeout) << false;
    }
    void windowUnderFault()
    {
        QFETCH(int, fault);
        QFETCH(bool, pathLost);
        FaultProxy proxy(test::fixturePrometheusUrl());
        Settings settings(std::make_unique<QSettings>(
            m_dir.filePath(QStringLiteral("faults-%1.ini").arg(fault)), QSettings::IniFormat));
        ServerProfile direct;
        direct.name = QStringLiteral("direct");
        direct.url = test::fixturePrometheusUrl();
        ServerProfile viaProxy;
        viaProxy.name = QStringLiteral("tunnel");
        viaProxy.url = proxy.url();
        viaProxy.timeoutMs = 2000;
        settings.setProfiles({direct, viaProxy});
        settings.setRefreshIntervalMs(0);
        QNetworkAccessManager network;
        MainWindow window(&settings, &network);
        window.resize(1400, 900);
        const Result<> opened =
            window.workspace()->openDashboard(test::sourcePath(QStringLiteral("dashboards/api.json")));
        QVERIFY2(opened, qPrintable(opened.error().toString()));
        // Switching profiles reconnects and reopens the dashboard on the other server.
        QVERIFY(window.workspace()->switchProfile(QStringLiteral("tunnel")));
        window.workspace()->setTimeSpec({TimeExpression::absolute(test::FixtureEndMs - 3'600'000),
                                         TimeExpression::absolute(test::FixtureEndMs)});
        window.workspace()->live()->health()->setBackoff(300, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->refresher()->isSettled() &&
                                     window.workspace()->refresher()->lastGoodRefreshMs() > 0,
                                 Eventually);
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().startsWith(QStringLiteral("tunnel ● connected")),
                                 Eventually);

        proxy.setFault(static_cast<FaultProxy::Fault>(fault));
        window.workspace()->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->refresher()->isSettled(), Eventually);
        // The panels in or near the viewport: the window asks only those (the others when scrolled to).
        const QSet<int> inView = window.dashboardView()->panelsInView();
        int checked = 0;
        for (PanelFrame *frame : window.dashboardView()->frames()) {
            if (!frame->panel().hasQueries() || !inView.contains(frame->panelId()))
                continue;
            const PanelData &data = window.workspace()->refresher()->panelData(frame->panelId());
            if (pathLost) {
                // The last good picture stays, marked stale with its age; never shown as current.
                QCOMPARE(data.state, PanelState::Stale);
                QVERIFY2(frame->stateText().contains(QStringLiteral("STALE")),
                         qPrintable(frame->stateText()));
                QVERIFY(!data.queries.empty());
            } else {
                // The server answered: its own words in the panel.
                QCOMPARE(data.state, PanelState::Error);
                QVERIFY2(frame->messageText().contains(QStringLiteral("query timed out")),
                         qPrintable(frame->messageText()));
            }
            ++checked;
        }
        QVERIFY(checked >= 8);
        if (pathLost) {
            // The age keeps counting while nothing arrives (woken when its text changes, not polled).
            PanelFrame *stale = nullptr;
            for (PanelFrame *frame : window.dashboardView()->frames())
                if (inView.contains(frame->panelId()) && frame->shownAgeSinceMs())
                    stale = frame;
            QVERIFY(stale);
            const QString before = stale->stateText();
            QTRY_VERIFY_WITH_TIMEOUT(stale->stateText() != before, 3000);
            QVERIFY2(stale->stateText().startsWith(QStringLiteral("STALE")), qPrintable(stale->stateText()));
        }
        if (pathLost)
            QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().contains(QStringLiteral("○ down")), Eventually);
        else
            QVERIFY(window.connectionText().contains(QStringLiteral("● connected")));

        // Lifted. A lost path heals by itself: the probe notices and every panel refreshes, with
        // nobody pressing anything. A server error clears at the next refresh (auto-refresh here).
        const std::int64_t before = window.workspace()->refresher()->lastGoodRefreshMs();
        proxy.setFault(FaultProxy::Fault::None);
        if (!pathLost)
            window.workspace()->setRefreshInterval(1000);
        QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->refresher()->lastGoodRefreshMs() > before, Eventually);
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().contains(QStringLiteral("● connected")), Eventually);
        QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->refresher()->isSettled(), Eventually);
        for (PanelFrame *frame : window.dashboardView()->frames())
            if (frame->panel().hasQueries() && inView.contains(frame->panelId()))
                QCOMPARE(window.workspace()->refresher()->panelData(frame->panelId()).state, PanelState::Ok);
    }
};

QTEST_MAIN(TestFaults)
#include "tst_faults.moc"
