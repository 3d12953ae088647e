// The window in replay: a recorded snapshot shows its dashboard with no server at all, says REPLAY,
// and a damaged snapshot is refused while what is on screen stays.
#include "dashboard/DashboardLoader.h"
#include "layout/DashboardView.h"
#include "panels/PanelFrame.h"
#include "query/DashboardRefresher.h"
#include "settings/Settings.h"
#include "snapshot/SnapshotFile.h"
#include "support/TestSupport.h"
#include "window/MainWindow.h"

#include <QApplication>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace promdeck;

class TestMainWindow : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    // The flight recorder and settings write under the test's own data directory, never the user's.
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void replayNeedsNoServer()
    {
        // Recorded from the fixture; replayed with settings pointing at a port where nothing listens.
        const QString snapshot = m_dir.filePath(QStringLiteral("api.pdsnap"));
        QProcess record;
        record.start(test::promdeckBinary(),
                     {QStringLiteral("record"), QStringLiteral("--dashboard"), QStringLiteral("api"),
                      QStringLiteral("--prometheus"), test::fixturePrometheusUrl().toString(),
                      QStringLiteral("--from"), QStringLiteral("2026-01-05T12:00:00Z"),
                      QStringLiteral("--to"), QStringLiteral("2026-01-05T18:00:00Z"), QStringLiteral("-o"),
                      snapshot});
        QVERIFY(record.waitForFinished(60'000) && record.exitCode() == 0);

        Settings settings(std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("settings.ini")),
                                                      QSettings::IniFormat));
        settings.setPrometheusUrl(QUrl(QStringLiteral("http://127.0.0.1:9")));
        QNetworkAccessManager network;
        MainWindow window(&settings, &network);
        QString error;
        QVERIFY2(window.openSnapshot(snapshot, &error), qPrintable(error));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.isReplay());
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("REPLAY · FastAPI API")));
        QTRY_VERIFY_WITH_TIMEOUT(
            window.refresher()->isSettled() && window.refresher()->lastGoodRefreshMs() > 0, 10'000);
        int shown = 0;
        for (PanelFrame *frame : window.dashboardView()->frames()) {
            if (frame->panel().isRow())
                continue;
            QCOMPARE(window.refresher()->panelData(frame->panelId()).state, PanelState::Ok);
            QVERIFY2(!frame->isShowingMessage(), qPrintable(frame->panel().title + frame->messageText()));
            ++shown;
        }
        QVERIFY(shown >= 10);

        // Playback: "now" moves through the recording; no panel shows anything after it.
        window.play(60);
        QVERIFY(window.isPlaying());
        const std::int64_t start = window.playbackNowMs();
        QCOMPARE(start, test::FixtureStartMs + 13 * 3'600'000); // 12:00 plus an hour of context
        window.advancePlayback(10'000);                         // ten seconds at 60x: ten minutes
        QCOMPARE(window.playbackNowMs(), start + 600'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.refresher()->isSettled(), 10'000);
        for (PanelFrame *frame : window.dashboardView()->frames()) {
            const PanelData &data = window.refresher()->panelData(frame->panelId());
            if (frame->panel().isRow())
                continue;
            QCOMPARE(data.range.toMs, start + 600'000);
            for (const QueryData &q : data.queries)
                for (const Series &series : q.result->series)
                    QVERIFY(series.timestampsMs.back() <= start + 600'000);
        }
        window.advancePlayback(3'600'000); // past the end: stops there
        QVERIFY(!window.isPlaying());
        QCOMPARE(window.playbackNowMs(), test::FixtureStartMs + 18 * 3'600'000);

        // A damaged snapshot is refused; the replay on screen stays.
        const QString damaged = m_dir.filePath(QStringLiteral("damaged.pdsnap"));
        QFile in(snapshot);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QFile out(damaged);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(in.readAll().left(1000));
        out.close();
        window.hide(); // no modal message box in a test
        QVERIFY(!window.openSnapshot(damaged, &error));
        QVERIFY2(error.contains(QStringLiteral("truncated")), qPrintable(error));
        QVERIFY(window.isReplay());
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("REPLAY · FastAPI API")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
