// The window in replay: a recorded snapshot shows its dashboard with no server at all, says REPLAY,
// and a damaged snapshot is refused while what is on screen stays. Live: the variable bar lists the
// server's values and a change re-runs only the panels that use the variable.
#include "alerting/AlertCenter.h"
#include "controls/VariableBar.h"
#include "dashboard/DashboardLoader.h"
#include "layout/DashboardView.h"
#include "panels/PanelFrame.h"
#include "query/DashboardRefresher.h"
#include "settings/Settings.h"
#include "snapshot/SnapshotFile.h"
#include "support/TestSupport.h"
#include "window/AlertDock.h"
#include "window/MainWindow.h"
#include "workspace/Workspace.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>
#include <QUrlQuery>

using namespace promdeck;

class TestMainWindow : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    // The flight recorder and settings write under the test's own data directory, never the user's.
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // The alert history persists by design (acknowledgements survive restarts): start from none.
        QFile::remove(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                      QStringLiteral("/alerts.sqlite"));
    }

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
        const Result<> opened = window.workspace()->openSnapshotFile(snapshot);
        QVERIFY2(opened, qPrintable(opened.error().toString()));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.workspace()->isReplay());
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("REPLAY · FastAPI API")));
        QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->refresher()->isSettled() &&
                                     window.workspace()->refresher()->lastGoodRefreshMs() > 0,
                                 10'000);
        int shown = 0;
        for (PanelFrame *frame : window.dashboardView()->frames()) {
            if (frame->panel().isRow())
                continue;
            QCOMPARE(window.workspace()->refresher()->panelData(frame->panelId()).state, PanelState::Ok);
            QVERIFY2(!frame->isShowingMessage(), qPrintable(frame->panel().title + frame->messageText()));
            ++shown;
        }
        QVERIFY(shown >= 10);

        // Playback: "now" moves through the recording; no panel shows anything after it.
        window.workspace()->replay()->play(60);
        QVERIFY(window.workspace()->replay()->isPlaying());
        // From here "now" moves only as the test says: the playback timer would move it on too, by a
        // minute per second of however long a loaded machine takes.
        window.workspace()->replay()->pause();
        const std::int64_t start = window.workspace()->replay()->nowMs();
        QCOMPARE(start, test::FixtureStartMs + 13 * 3'600'000); // 12:00 plus an hour of context
        window.workspace()->replay()->advance(10'000);          // ten seconds at 60x: ten minutes
        QCOMPARE(window.workspace()->replay()->nowMs(), start + 600'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->refresher()->isSettled(), 10'000);
        for (PanelFrame *frame : window.dashboardView()->frames()) {
            const PanelData &data = window.workspace()->refresher()->panelData(frame->panelId());
            if (frame->panel().isRow())
                continue;
            QCOMPARE(data.range.toMs, start + 600'000);
            for (const QueryData &q : data.queries) {
                // An instant query recorded only at the end has no answer this early: it shows none.
                if (!q.result)
                    continue;
                for (const Series &series : q.result->series)
                    QVERIFY(series.timestampsMs.back() <= start + 600'000);
            }
        }
        window.workspace()->replay()->play(60);
        window.workspace()->replay()->advance(3'600'000); // past the end: stops there
        QVERIFY(!window.workspace()->replay()->isPlaying());
        QCOMPARE(window.workspace()->replay()->nowMs(), test::FixtureStartMs + 18 * 3'600'000);

        // A damaged snapshot is refused; the replay on screen stays.
        const QString damaged = m_dir.filePath(QStringLiteral("damaged.pdsnap"));
        QFile in(snapshot);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QFile out(damaged);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(in.readAll().left(1000));
        out.close();
        window.hide(); // no modal message box in a test
        const Result<> refused = window.workspace()->openSnapshotFile(damaged);
        QVERIFY(!refused);
        QVERIFY2(refused.error().toString().contains(QStringLiteral("truncated")),
                 qPrintable(refused.error().toString()));
        QVERIFY(window.workspace()->isReplay());
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("REPLAY · FastAPI API")));
    }

    void variableBarRerunsOnlyAffectedPanels()
    {
        Settings settings(
            std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("live.ini")), QSettings::IniFormat));
        settings.setPrometheusUrl(test::fixturePrometheusUrl());
        settings.setRefreshIntervalMs(0);
        QNetworkAccessManager network;
        MainWindow window(&settings, &network);
        window.resize(1400, 900);
        const Result<> opened =
            window.workspace()->openDashboard(test::sourcePath(QStringLiteral("dashboards/api.json")));
        QVERIFY2(opened, qPrintable(opened.error().toString()));
        // The dashboard opens on its own "last 6 hours", where the fixture has nothing; moving to the
        // fixture's range asks the variables again (they refresh on time range change).
        window.workspace()->setTimeSpec({TimeExpression::absolute(test::FixtureEndMs - 6 * 3'600'000),
                                         TimeExpression::absolute(test::FixtureEndMs)});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->refresher()->isSettled() &&
                                     window.workspace()->refresher()->lastGoodRefreshMs() > 0,
                                 20'000);

        // The bar lists what the server has: both instances, every handler, All picked.
        VariableBar *bar = window.variableBar();
        QVERIFY(bar->isVisible());
        QCOMPARE(bar->shownText(QStringLiteral("instance")), QStringLiteral("All"));
        QCOMPARE(bar->shownText(QStringLiteral("handler")), QStringLiteral("All"));
        const VariableValue *instances =
            window.workspace()->refresher()->variables().find(QStringLiteral("instance"));
        QCOMPARE(instances->options,
                 (QStringList{QStringLiteral("api-0:8000"), QStringLiteral("api-1:8000")}));

        // Picking one handler re-runs the panels that use $handler, and only those; those in or near
        // the viewport now, the others (the window shows only part of the api dashboard) once they
        // are scrolled to.
        DashboardView *view = window.dashboardView();
        QVERIFY(window.workspace()->refresher()->isLazy());
        // A short window: every panel has its data, most are now out of view.
        window.resize(1400, 400);
        QTRY_VERIFY(view->viewport()->height() < 300);
        std::map<int, std::int64_t> before;
        for (const Panel &p : window.workspace()->refresher()->dashboard().panels)
            if (p.hasQueries())
                before[p.id] = window.workspace()->refresher()->panelData(p.id).lastGoodMs;
        QTest::qWait(20); // so a re-run panel's time of answer differs
        bar->choose(QStringLiteral("handler"), QStringLiteral("/api/search"));
        QTRY_COMPARE_WITH_TIMEOUT(bar->shownText(QStringLiteral("handler")), QStringLiteral("/api/search"),
                                  20'000);
        QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->refresher()->isSettled(), 20'000);
        int waiting = 0;
        for (const Panel &p : window.workspace()->refresher()->dashboard().panels) {
            if (!p.hasQueries() || view->panelsInView().contains(p.id))
                continue;
            const PanelData &data = window.workspace()->refresher()->panelData(p.id);
            QVERIFY2(data.lastGoodMs == before[p.id], qPrintable(p.title));
            if (panelMentionsAny(p, {QStringLiteral("handler")})) {
                QVERIFY2(data.outdated && data.state == PanelState::Stale, qPrintable(p.title));
                ++waiting;
            }
        }
        QVERIFY(waiting >= 1); // the test means something only if some panel was out of view
        // Scrolled down a screen at a time, as a reader does: each panel comes into view on the way.
        QScrollBar *scroll = view->verticalScrollBar();
        while (scroll->value() < scroll->maximum()) {
            scroll->setValue(scroll->value() + view->viewport()->height());
            QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->refresher()->panelsWantingData().isEmpty() &&
                                         window.workspace()->refresher()->isSettled(),
                                     20'000);
        }
        int rerun = 0, kept = 0;
        for (const Panel &p : window.workspace()->refresher()->dashboard().panels) {
            if (!p.hasQueries())
                continue;
            const PanelData &data = window.workspace()->refresher()->panelData(p.id);
            const bool uses = panelMentionsAny(p, {QStringLiteral("handler")});
            QVERIFY2((data.lastGoodMs != before[p.id]) == uses, qPrintable(p.title));
            (uses ? rerun : kept) += 1;
            if (!uses)
                continue;
            // What the panel shows is what Prometheus answers for the substituted query.
            const QueryData &q = data.queries.front();
            QVERIFY2(q.query.expr().contains(QStringLiteral("handler=~\"/api/search\"")),
                     qPrintable(q.query.expr()));
            QUrlQuery instant;
            instant.addQueryItem(QStringLiteral("query"), q.query.expr());
            instant.addQueryItem(QStringLiteral("time"), test::secondsText(q.query.instantQuery.timeMs));
            const QJsonObject answer =
                q.query.instant ? test::askPrometheus(network, test::fixturePrometheusUrl(),
                                                      QStringLiteral("/api/v1/query"), instant)
                                : test::askPrometheus(network, test::fixturePrometheusUrl(),
                                                      QStringLiteral("/api/v1/query_range"),
                                                      test::rangeQuery(q.query.expr(), q.query.range.startMs,
                                                                       q.query.range.endMs, q.query.stepMs));
            const QJsonArray result =
                answer.value(QLatin1String("data")).toObject().value(QLatin1String("result")).toArray();
            QCOMPARE(static_cast<qsizetype>(q.result->series.size()), result.size());
        }
        QVERIFY(rerun >= 6);
        QVERIFY(kept >= 2); // the highr-histogram panels have no handler label

        // Chained: a new instance asks for the handlers again; /api/search is still offered, so it stays.
        bar->choose(QStringLiteral("instance"), QStringLiteral("api-1:8000"));
        QTRY_COMPARE_WITH_TIMEOUT(bar->shownText(QStringLiteral("instance")), QStringLiteral("api-1:8000"),
                                  20'000);
        QCOMPARE(bar->shownText(QStringLiteral("handler")), QStringLiteral("/api/search"));
        // Scrolled back to the top and down again: every panel has been in view since.
        for (int to = 0; to <= scroll->maximum(); to += view->viewport()->height()) {
            scroll->setValue(to);
            QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->refresher()->panelsWantingData().isEmpty() &&
                                         window.workspace()->refresher()->isSettled(),
                                     20'000);
        }
        for (const Panel &p : window.workspace()->refresher()->dashboard().panels)
            for (const QueryData &q : window.workspace()->refresher()->panelData(p.id).queries)
                QVERIFY2(!q.query.expr().contains(QLatin1String("api-0")), qPrintable(q.query.expr()));
    }

    void overviewStatOpensItsDashboard()
    {
        Settings settings(
            std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("links.ini")), QSettings::IniFormat));
        settings.setPrometheusUrl(test::fixturePrometheusUrl());
        settings.setRefreshIntervalMs(0);
        QNetworkAccessManager network;
        MainWindow window(&settings, &network);
        window.resize(1400, 900);
        const Result<> opened =
            window.workspace()->openDashboard(test::sourcePath(QStringLiteral("dashboards/overview.json")));
        QVERIFY2(opened, qPrintable(opened.error().toString()));
        const TimeSpec incident{TimeExpression::absolute(test::FixtureStartMs + 9 * 3'600'000),
                                TimeExpression::absolute(test::FixtureStartMs + 12 * 3'600'000)};
        window.workspace()->setTimeSpec(incident);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->refresher()->isSettled(), 20'000);
        PanelFrame *queue = nullptr;
        for (PanelFrame *frame : window.dashboardView()->frames())
            if (frame->panel().title == u"Celery queue depth")
                queue = frame;
        QVERIFY(queue);
        QCOMPARE(queue->linkedDashboardUid(), QStringLiteral("promdeck-celery"));
        QTest::mouseClick(queue, Qt::LeftButton, {}, QPoint(queue->width() / 2, queue->height() / 2));
        QTRY_VERIFY_WITH_TIMEOUT(window.windowTitle().startsWith(QStringLiteral("Celery")), 5000);
        // The same hours, not the celery dashboard's own default.
        QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->refresher()->isSettled() &&
                                     window.workspace()->refresher()->lastGoodRefreshMs() > 0,
                                 20'000);
        for (const Panel &p : window.workspace()->refresher()->dashboard().panels)
            if (p.hasQueries())
                QCOMPARE(window.workspace()->refresher()->panelData(p.id).range.toMs,
                         test::FixtureStartMs + 12 * 3'600'000);
    }

    void alertsInTheWindow()
    {
        QFile rules(m_dir.filePath(QStringLiteral("desk.rules.yml")));
        QVERIFY(rules.open(QIODevice::WriteOnly));
        rules.write("groups:\n  - name: desk\n    rules:\n      - alert: DeskCheck\n        expr: vector(3)\n"
                    "        labels: {severity: critical, team: desk}\n"
                    "        annotations: {summary: \"{{ $value }} checks\", dashboard: "
                    "/d/promdeck-celery/celery}\n");
        rules.close();
        Settings settings(
            std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("alerts.ini")), QSettings::IniFormat));
        settings.setPrometheusUrl(test::fixturePrometheusUrl());
        settings.setRefreshIntervalMs(0);
        QNetworkAccessManager network;
        MainWindow window(&settings, &network);
        window.setAlertRuleFiles({rules.fileName()});
        window.resize(1400, 900);
        const Result<> opened =
            window.workspace()->openDashboard(test::sourcePath(QStringLiteral("dashboards/overview.json")));
        QVERIFY2(opened, qPrintable(opened.error().toString()));
        window.workspace()->setTimeSpec({TimeExpression::absolute(test::FixtureStartMs + 9 * 3'600'000),
                                         TimeExpression::absolute(test::FixtureEndMs)});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->refresher()->isSettled() &&
                                     window.workspace()->refresher()->lastGoodRefreshMs() > 0,
                                 20'000);
        // The overview's alerting panels are rules too, but the fixture's data is in the past: only the
        // test's rule fires now.
        QTRY_VERIFY_WITH_TIMEOUT(!window.alertCenter()->engine()->isEvaluating(), 10'000);
        window.alertCenter()->evaluateAt(QDateTime::currentMSecsSinceEpoch());
        QTreeWidget *list = window.alertDock()->list();
        QTRY_COMPARE_WITH_TIMEOUT(list->topLevelItemCount(), 1, 10'000);
        QTreeWidgetItem *row = list->topLevelItem(0);
        QCOMPARE(row->text(1), QStringLiteral("DeskCheck"));
        QCOMPARE(row->text(0), QStringLiteral("FIRING"));
        QCOMPARE(row->text(3), QStringLiteral("3"));
        QCOMPARE(row->text(5), QStringLiteral("3 checks"));
        QVERIFY(row->text(4).contains(QStringLiteral("team=desk")));
        QCOMPARE(window.findChild<QSystemTrayIcon *>()->property("worstState").toString(),
                 QStringLiteral("firing"));
        // The dock came back for it, a fifth of the window high at most; the toolbar's badge counts it.
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("alerts"));
        QTRY_VERIFY(dock->isVisible());
        QVERIFY2(dock->height() <= window.height() / 5 + 2,
                 qPrintable(QStringLiteral("%1 of %2").arg(dock->height()).arg(window.height())));
        const auto badges = window.findChildren<QToolButton *>();
        const auto badge = std::find_if(badges.begin(), badges.end(),
                                        [](QToolButton *b) { return b->accessibleName() == u"Alerts"; });
        QVERIFY(badge != badges.end());
        QCOMPARE((*badge)->text(), QStringLiteral("⚠ 1 firing · 0 pending"));
        // The filter: nothing matches, nothing listed; cleared, it is back.
        window.alertDock()->setFilter(QStringLiteral("no such alert"));
        QCOMPARE(list->topLevelItemCount(), 0);
        window.alertDock()->setFilter(QStringLiteral("desk"));
        QCOMPARE(list->topLevelItemCount(), 1);
        window.alertDock()->setFilter({});
        // Below, how each group runs (the overview's panels and the test's file): its interval and its
        // last evaluation as the engine measured it.
        QTreeWidget *groups = window.alertDock()->groupList();
        QCOMPARE(groups->accessibleName(), QStringLiteral("Rule groups"));
        const auto deskRow = [&]() -> QTreeWidgetItem * {
            const auto found = groups->findItems(QStringLiteral("desk"), Qt::MatchExactly, 0);
            return found.isEmpty() || found.front()->text(3).isEmpty() ? nullptr : found.front();
        };
        QTRY_VERIFY_WITH_TIMEOUT(deskRow(), 10'000);
        QCOMPARE(groups->topLevelItemCount(),
                 static_cast<int>(window.alertCenter()->engine()->groups().size()));
        for (const RuleGroupStatus &g : window.alertCenter()->engine()->groups())
            if (g.name == u"desk") {
                QCOMPARE(deskRow()->text(1),
                         QStringLiteral("1m")); // no interval of its own: Prometheus' default
                QCOMPARE(deskRow()->text(3), QStringLiteral("%1 ms").arg(g.lastDurationMs));
                QCOMPARE(deskRow()->text(4), QString::number(g.missed));
                QCOMPARE(deskRow()->data(0, Qt::AccessibleTextRole).toString(),
                         QStringLiteral("desk: last evaluation took %1 ms, missed %2")
                             .arg(g.lastDurationMs)
                             .arg(g.missed));
            }
        // To look at it: PROMDECK_SCREENSHOT_DIR=/tmp ctest -R main_window
        if (const QString shots = qEnvironmentVariable("PROMDECK_SCREENSHOT_DIR"); !shots.isEmpty())
            window.grab().save(shots + QStringLiteral("/window-alerts.png"));

        // Acknowledge: still listed, marked; silence: a local silence on its labels.
        auto button = [&](const QString &text) {
            for (QPushButton *b : window.alertDock()->findChildren<QPushButton *>())
                if (b->text() == text)
                    return b;
            return static_cast<QPushButton *>(nullptr);
        };
        QTest::mouseClick(button(QStringLiteral("Acknowledge")), Qt::LeftButton);
        QTRY_VERIFY(list->topLevelItemCount() == 1 &&
                    list->topLevelItem(0)->text(0).contains(QStringLiteral("acknowledged")));
        auto *duration = window.alertDock()->findChild<QComboBox *>(QStringLiteral("duration"));
        duration->setCurrentIndex(duration->findText(QStringLiteral("4 h")));
        QTest::mouseClick(button(QStringLiteral("Silence")), Qt::LeftButton);
        QCOMPARE(window.alertCenter()->policy().silences().size(), size_t(1));
        const Silence made = window.alertCenter()->policy().silences().front();
        QCOMPARE(made.endsMs - made.startsMs, 4 * 3'600'000);
        QString why;
        QVERIFY(!window.alertDock()->silenceByMatchers(QStringLiteral("team = desk"), 3'600'000, &why));
        QVERIFY(window.alertDock()->silenceByMatchers(QStringLiteral("team=~\"de.*\""), 3'600'000));
        QCOMPARE(window.alertCenter()->policy().silences().size(), size_t(2));
        QVERIFY(window.alertCenter()->policy().silences().front().matches(
            QStringLiteral("DeskCheck"), {{QStringLiteral("severity"), QStringLiteral("critical")},
                                          {QStringLiteral("team"), QStringLiteral("desk")}}));

        // Open at its time: the dashboard the alert names, every panel over the hour before the alert
        // began and a quarter after.
        const qint64 since = list->topLevelItem(0)->data(2, Qt::UserRole + 1).toLongLong();
        QVERIFY(since > 0);
        list->setCurrentItem(list->topLevelItem(0));
        QTest::mouseClick(button(QStringLiteral("Open at its time")), Qt::LeftButton);
        QVERIFY2(window.windowTitle().startsWith(QStringLiteral("Celery")), qPrintable(window.windowTitle()));
        // The toolbar names it (a file beside the overview, so the file's name).
        QCOMPARE(window.findChild<QComboBox *>(QStringLiteral("dashboardPicker"))->currentText(),
                 QStringLiteral("celery.json"));
        QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->refresher()->isSettled() &&
                                     window.workspace()->refresher()->lastGoodRefreshMs() > 0,
                                 20'000);
        for (const Panel &p : window.workspace()->refresher()->dashboard().panels)
            if (p.hasQueries()) {
                QCOMPARE(window.workspace()->refresher()->panelData(p.id).range.fromMs, since - 3'600'000);
                QCOMPARE(window.workspace()->refresher()->panelData(p.id).range.toMs, since + 15 * 60'000);
            }
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
