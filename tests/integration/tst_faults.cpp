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

#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace promdeck;
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

    void windowShowsStaleDataAndHealsItself()
    {
        FaultProxy proxy(test::fixturePrometheusUrl());
        Settings settings(
            std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("faults.ini")), QSettings::IniFormat));
        settings.setPrometheusUrl(proxy.url());
        settings.setRequestTimeoutMs(2000);
        settings.setRefreshIntervalMs(0);
        QNetworkAccessManager network;
        MainWindow window(&settings, &network);
        window.resize(1400, 900);
        QString error;
        QVERIFY2(window.openDashboard(test::sourcePath(QStringLiteral("dashboards/api.json")), &error),
                 qPrintable(error));
        window.setTimeSpec({TimeExpression::absolute(test::FixtureEndMs - 3'600'000),
                            TimeExpression::absolute(test::FixtureEndMs)});
        window.connectionHealth()->setBackoff(300, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(
            window.refresher()->isSettled() && window.refresher()->lastGoodRefreshMs() > 0, 20'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().contains(QStringLiteral("connected")), 5000);

        // The tunnel drops: the panels keep their data, marked stale with its age; the status bar says down.
        proxy.setFault(FaultProxy::Fault::Refuse);
        window.refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().contains(QStringLiteral("down")), 10'000);
        int stale = 0;
        for (PanelFrame *frame : window.dashboardView()->frames()) {
            if (!frame->panel().hasQueries())
                continue;
            QCOMPARE(window.refresher()->panelData(frame->panelId()).state, PanelState::Stale);
            QVERIFY2(frame->stateText().contains(QStringLiteral("STALE")), qPrintable(frame->stateText()));
            QVERIFY(!window.refresher()->panelData(frame->panelId()).queries.empty());
            ++stale;
        }
        QVERIFY(stale >= 8);

        // The server is back: nobody presses anything; the probe notices, every panel refreshes.
        const std::int64_t before = window.refresher()->lastGoodRefreshMs();
        proxy.setFault(FaultProxy::Fault::None);
        QTRY_VERIFY_WITH_TIMEOUT(window.refresher()->lastGoodRefreshMs() > before, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().contains(QStringLiteral("connected")), 10'000);
        for (PanelFrame *frame : window.dashboardView()->frames())
            if (frame->panel().hasQueries())
                QCOMPARE(window.refresher()->panelData(frame->panelId()).state, PanelState::Ok);
    }
};

QTEST_MAIN(TestFaults)
#include "tst_faults.moc"
