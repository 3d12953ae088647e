// Explore's parts against the fixture Prometheus: the runner's answers and the table model (checked
// by QAbstractItemModelTester) equal what Prometheus answers for the same query and time; a bad
// query's error is the server's words; the editor completes from the server's names, underlines the
// parser's error with Prometheus' words, formats and runs on Shift+Enter; the history keeps runs in
// SQLite, newest first, searchable.
#include "dashboard/DashboardLoader.h"
#include "explore/AddToDashboard.h"
#include "explore/ExploreRunner.h"
#include "explore/InstantResultModel.h"
#include "explore/PanelQueries.h"
#include "explore/PromqlEditor.h"
#include "explore/QueryHistory.h"
#include "prometheus/PrometheusClient.h"
#include "source/SourceMetadata.h"
#include "support/TestSupport.h"

#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QApplication>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace promdeck;

namespace {
const QString Expr = QStringLiteral("sum by (status) (rate(http_requests_total[5m]))");
// 18:00 of the fixture's day: its 5xx burst and latency spike are before it.
constexpr qint64 EndMs = test::FixtureStartMs + 18 * 3'600'000;
constexpr qint64 StartMs = test::FixtureStartMs + 12 * 3'600'000;

// Labels (without nothing left out) -> value, from Prometheus' own JSON.
QMap<QString, double> prometheusVector(const QJsonObject &answer)
{
    QMap<QString, double> out;
    for (const QJsonValue &v : answer[u"data"][u"result"].toArray()) {
        const QJsonObject metric = v[u"metric"].toObject();
        QStringList labels;
        for (auto it = metric.begin(); it != metric.end(); ++it)
            labels << it.key() + QLatin1Char('=') + it.value().toString();
        labels.sort();
        out.insert(labels.join(QLatin1Char(',')), v[u"value"][1].toString().toDouble());
    }
    return out;
}
} // namespace

class TestExplore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_server = test::fixturePrometheusUrl();
        PrometheusEndpoint endpoint;
        endpoint.baseUrl = m_server;
        m_client = std::make_unique<PrometheusClient>(&m_network, endpoint);
    }

    void tableEqualsWhatPrometheusAnswers()
    {
        ExploreRunner runner;
        QSignalSpy finished(&runner, &ExploreRunner::finished);
        runner.run(m_client.get(), {Expr, QString(), QStringLiteral("max(up)")}, {StartMs, EndMs}, 600);
        QVERIFY(finished.wait(60'000));
        const std::vector<ExploreAnswer> &answers = runner.answers();
        QCOMPARE(answers.size(), size_t(3));
        QCOMPARE(answers[0].refId, QStringLiteral("A"));
        QCOMPARE(answers[2].refId, QStringLiteral("C"));
        QVERIFY2(answers[0].error.isEmpty(), qPrintable(answers[0].error));
        QVERIFY(!answers[1].instant && !answers[1].range); // an empty row is not asked

        InstantResultModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAnswers({{answers[0].refId, answers[0].instant}});
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("query"), Expr);
        q.addQueryItem(QStringLiteral("time"), test::secondsText(EndMs));
        const QMap<QString, double> expected =
            prometheusVector(test::askPrometheus(m_network, m_server, QStringLiteral("/api/v1/query"), q));
        QVERIFY2(expected.size() >= 2, "the fixture answers several status classes");
        QCOMPARE(model.rowCount(), int(expected.size()));
        const int status = model.column(QStringLiteral("status"));
        const int value = model.column(QStringLiteral("Value"));
        const int time = model.column(QStringLiteral("Time"));
        QVERIFY(status >= 0 && value == model.columnCount() - 1 && time == value - 1);
        QCOMPARE(model.column(QStringLiteral("Query")), -1); // one query: no column naming it
        QMap<QString, double> shown;
        for (int row = 0; row < model.rowCount(); ++row) {
            shown.insert(QStringLiteral("status=") + model.index(row, status).data().toString(),
                         model.index(row, value).data().toString().toDouble());
            QCOMPARE(model.index(row, time).data().toString(), QStringLiteral("2026-01-05T18:00:00.000Z"));
        }
        QCOMPARE(shown, expected);

        // Sorted by value through a proxy, as the window shows it: numbers, not text.
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(InstantResultModel::SortRole);
        proxy.sort(value, Qt::DescendingOrder);
        for (int row = 1; row < proxy.rowCount(); ++row)
            QVERIFY(proxy.index(row - 1, value).data(InstantResultModel::SortRole).toDouble() >=
                    proxy.index(row, value).data(InstantResultModel::SortRole).toDouble());

        // Two answers: a Query column first, rows of both.
        model.setAnswers({{answers[0].refId, answers[0].instant}, {answers[2].refId, answers[2].instant}});
        QCOMPARE(model.column(QStringLiteral("Query")), 0);
        QCOMPARE(model.rowCount(), int(expected.size()) + 1);
        QCOMPARE(model.index(model.rowCount() - 1, 0).data().toString(), QStringLiteral("C"));
        QCOMPARE(model.index(model.rowCount() - 1, model.column(QStringLiteral("Value"))).data().toString(),
                 QStringLiteral("1"));

        // The graph's range answer: the same series and samples as query_range with the runner's step.
        const QJsonObject range =
            test::askPrometheus(m_network, m_server, QStringLiteral("/api/v1/query_range"),
                                test::rangeQuery(Expr, answers[0].rangeQuery.startMs,
                                                 answers[0].rangeQuery.endMs, runner.stepMs()));
        const QJsonArray series = range[u"data"][u"result"].toArray();
        QCOMPARE(qsizetype(answers[0].range->series.size()), series.size());
        QVERIFY(runner.stepMs() >= 6 * 3'600'000 / 600);
        qsizetype samples = 0;
        for (const QJsonValue &s : series) {
            const QString statusClass = s[u"metric"][u"status"].toString();
            const auto it =
                std::find_if(answers[0].range->series.begin(), answers[0].range->series.end(),
                             [&](const Series &mine) { return mine.labels.value(u"status") == statusClass; });
            QVERIFY(it != answers[0].range->series.end());
            const QJsonArray values = s[u"values"].toArray();
            QCOMPARE(it->size(), values.size());
            for (qsizetype i = 0; i < values.size(); ++i) {
                QCOMPARE(it->timestampsMs[size_t(i)], qint64(values[i][0].toDouble() * 1000));
                QCOMPARE(it->values[size_t(i)], values[i][1].toString().toDouble());
            }
            samples += values.size();
        }
        QVERIFY(samples > 500);
    }

    void badQueryGivesTheServersWords()
    {
        const QString bad = QStringLiteral("sum(rate(http_requests_total[5m])");
        ExploreRunner runner;
        QSignalSpy finished(&runner, &ExploreRunner::finished);
        runner.run(m_client.get(), {bad}, {StartMs, EndMs}, 600);
        QVERIFY(finished.wait(60'000));
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("query"), bad);
        const QJsonObject server =
            test::askPrometheus(m_network, m_server, QStringLiteral("/api/v1/query"), q);
        QCOMPARE(server[u"status"].toString(), QStringLiteral("error"));
        const QString words = server[u"error"].toString();
        QVERIFY(!words.isEmpty());
        const QString shown = runner.answers()[0].error;
        // The server's words after its `invalid parameter "query": ` (which names an HTTP parameter).
        QVERIFY2(shown.contains(QStringLiteral("parse error: unclosed left parenthesis")) &&
                     words.endsWith(shown),
                 qPrintable(runner.answers()[0].error + QStringLiteral(" | ") + words));
        QVERIFY(!runner.answers()[0].instant && !runner.answers()[0].range);

        InstantResultModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setAnswers({{QStringLiteral("A"), runner.answers()[0].instant}});
        QCOMPARE(model.rowCount(), 0);
    }

    void aNewRunAbandonsTheOldOne()
    {
        ExploreRunner runner;
        QSignalSpy finished(&runner, &ExploreRunner::finished);
        runner.run(m_client.get(), {QStringLiteral("up")}, {StartMs, EndMs}, 600);
        runner.run(m_client.get(), {Expr}, {StartMs, EndMs}, 600);
        QVERIFY(finished.wait(60'000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(runner.answers()[0].expr, Expr);
        QTest::qWait(300); // what the first run would have answered never comes
        QCOMPARE(finished.size(), 1);
    }

    void editorCompletesFromTheServer()
    {
        SourceMetadataProvider provider(m_client.get());
        promql::MetadataCache cache(&provider);
        PromqlEditor editor;
        editor.setMetadata(&cache);
        editor.resize(600, 120);
        editor.show();
        editor.activateWindow();
        editor.setFocus();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QTest::keyClicks(&editor, QStringLiteral("rate(http_requests_to"));
        // The server's metric names with that prefix, asked directly.
        QStringList expected;
        const QJsonObject names =
            test::askPrometheus(m_network, m_server, QStringLiteral("/api/v1/label/__name__/values"), {});
        for (const QJsonValue &v : names[u"data"].toArray())
            if (v.toString().startsWith(u"http_requests_to"))
                expected << v.toString();
        QVERIFY(!expected.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(editor.isCompletionShown(), 20'000);
        QTRY_COMPARE_WITH_TIMEOUT(editor.completionTexts(), expected, 20'000);
        // Enter takes the first candidate (the popup has the keyboard while it is open).
        QWidget *popup = QApplication::activePopupWidget();
        QVERIFY(popup);
        QTest::keyClick(popup, Qt::Key_Return);
        QCOMPARE(editor.expression(), QStringLiteral("rate(") + expected.first());

        // Label values of the metric at the cursor: the server's, quoted.
        editor.setExpression(QStringLiteral("http_requests_total{status="));
        QApplication::setActiveWindow(&editor); // the popup had the keyboard (offscreen gives it back so)
        editor.setFocus();
        QTRY_VERIFY(editor.hasFocus());
        editor.completeAtCursor(true);
        QStringList statuses;
        const QJsonObject values =
            test::askPrometheus(m_network, m_server, QStringLiteral("/api/v1/label/status/values"), {});
        for (const QJsonValue &v : values[u"data"].toArray())
            statuses << QLatin1Char('"') + v.toString() + QLatin1Char('"');
        QTRY_VERIFY_WITH_TIMEOUT(!editor.completionTexts().isEmpty(), 20'000);
        QStringList shown = editor.completionTexts();
        shown.sort();
        statuses.sort();
        QVERIFY2(shown == statuses ||
                     shown == QStringList(statuses).replaceInStrings(QStringLiteral("\""), QString()),
                 qPrintable(shown.join(u' ') + QStringLiteral(" vs ") + statuses.join(u' ')));
    }

    void editorUnderlinesTheParsersWordsAndRuns()
    {
        PromqlEditor editor;
        editor.show();
        QSignalSpy problems(&editor, &PromqlEditor::problemChanged);
        QSignalSpy runs(&editor, &PromqlEditor::runRequested);
        const QString bad = QStringLiteral("sum(rate(http_requests_total[5m])");
        editor.setExpression(bad);
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("query"), bad);
        const QString server =
            test::askPrometheus(m_network, m_server, QStringLiteral("/api/v1/query"), q)[u"error"].toString();
        QVERIFY2(!editor.problem().isEmpty() && server.endsWith(editor.problem()),
                 qPrintable(editor.problem() + QStringLiteral(" | ") + server));
        QCOMPARE(problems.size(), 1);
        const QList<QTextEdit::ExtraSelection> marks = editor.extraSelections();
        QCOMPARE(marks.size(), 1);
        QCOMPARE(marks[0].format.underlineStyle(), QTextCharFormat::WaveUnderline);
        QCOMPARE(marks[0].cursor.selectionEnd(), int(bad.size())); // "unexpected end of input": at the end

        editor.setExpression(Expr);
        QVERIFY(editor.problem().isEmpty());
        QVERIFY(editor.extraSelections().isEmpty());
        // Coloured by the lexer: `sum` is a keyword, `rate` a function, `5m` a duration, in three colours.
        const QList<QTextLayout::FormatRange> formats = editor.document()->firstBlock().layout()->formats();
        const auto colourAt = [&](int pos) {
            for (const QTextLayout::FormatRange &f : formats)
                if (pos >= f.start && pos < f.start + f.length)
                    return f.format.foreground().color();
            return QColor();
        };
        const QColor keyword = colourAt(0), function = colourAt(int(Expr.indexOf(u"rate"))),
                     duration = colourAt(int(Expr.indexOf(u"5m")));
        QVERIFY(keyword.isValid() && function.isValid() && duration.isValid());
        QVERIFY(duration != function && duration != keyword);

        editor.setFocus();
        QTest::keyClick(&editor, Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(runs.size(), 1);
        QCOMPARE(editor.expression(), Expr); // no new line
    }

    void historyKeepsRunsNewestFirst()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("data/explore-history.sqlite"));
        {
            QueryHistory history(path);
            QVERIFY2(history.isOpen(), qPrintable(history.error()));
            history.record(QStringLiteral("up"), 1000, QStringLiteral("http://a"));
            history.record(Expr, 2000, QStringLiteral("http://a"));
            history.record(QStringLiteral("max(up)"), 3000, QStringLiteral("http://b"));
            history.record(QStringLiteral("  up  "), 4000, QStringLiteral("http://b")); // again, later
            history.record(QStringLiteral("   "), 5000, QStringLiteral("http://b"));    // nothing
            history.record(QStringLiteral("100%_done"), 6000, QStringLiteral("http://b"));
        }
        QueryHistory history(path); // kept across restarts
        std::vector<QueryHistory::Entry> all = history.search({});
        QStringList order;
        for (const auto &e : all)
            order << e.expr;
        QCOMPARE(order, (QStringList{QStringLiteral("100%_done"), QStringLiteral("up"),
                                     QStringLiteral("max(up)"), Expr}));
        QCOMPARE(all[1].timeMs, 4000);
        QCOMPARE(all[1].server, QStringLiteral("http://b"));
        order.clear();
        for (const auto &e : history.search(QStringLiteral("UP")))
            order << e.expr;
        QCOMPARE(order, (QStringList{QStringLiteral("up"), QStringLiteral("max(up)")}));
        QCOMPARE(history.search(QStringLiteral("%")).size(), size_t(1)); // a literal %, not a wildcard
        QCOMPARE(history.search(QStringLiteral("_d")).size(), size_t(1));
        QCOMPARE(history.search(QStringLiteral("rate(http")).size(), size_t(1));

        // At most `keep` runs: the oldest go first.
        QueryHistory small(dir.filePath(QStringLiteral("small.sqlite")), 2);
        for (int i = 0; i < 5; ++i)
            small.record(QStringLiteral("q%1").arg(i), 1000 + i, {});
        order.clear();
        for (const auto &e : small.search({}))
            order << e.expr;
        QCOMPARE(order, (QStringList{QStringLiteral("q4"), QStringLiteral("q3")}));

        // A directory in its place: said, and nothing kept.
        QDir(dir.path()).mkpath(QStringLiteral("taken.sqlite"));
        QueryHistory taken(dir.filePath(QStringLiteral("taken.sqlite")));
        QVERIFY(!taken.isOpen());
        QVERIFY(taken.error().contains(QStringLiteral("directory")));
        taken.record(QStringLiteral("up"), 1, {});
        QVERIFY(taken.search({}).empty());
    }

    void historyStarsSurviveRestartAndPruning()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("explore-history.sqlite"));
        {
            QueryHistory history(path, 3);
            QVERIFY2(history.isOpen(), qPrintable(history.error()));
            history.record(QStringLiteral("old_starred"), 1000, QStringLiteral("http://a"));
            history.record(QStringLiteral("old_plain"), 2000, QStringLiteral("http://a"));
            history.setStarred(QStringLiteral("old_starred"), true);
            QVERIFY(history.isStarred(QStringLiteral("old_starred")));
            QVERIFY(!history.isStarred(QStringLiteral("old_plain")));
            for (int i = 0; i < 5; ++i) // far past `keep`: the plain one goes, the starred one stays
                history.record(QStringLiteral("q%1").arg(i), 3000 + i, QStringLiteral("http://b"));
        }
        QueryHistory history(path, 3); // the star is in the file
        auto exprs = [](const std::vector<QueryHistory::Entry> &entries) {
            QStringList out;
            for (const auto &e : entries)
                out << e.expr + (e.starred ? QStringLiteral("*") : QString());
            return out;
        };
        QCOMPARE(exprs(history.search({})), (QStringList{QStringLiteral("old_starred*"), QStringLiteral("q4"),
                                                         QStringLiteral("q3"), QStringLiteral("q2")}));
        QCOMPARE(exprs(history.search({}, 200, true)), QStringList{QStringLiteral("old_starred*")});
        QCOMPARE(exprs(history.search(QStringLiteral("q"), 200, true)), QStringList{});
        QCOMPARE(history.search({}).front().timeMs, 1000);
        QCOMPARE(history.search({}).front().server, QStringLiteral("http://a"));
        // Unstarred, it is an old run like any other: the next prune takes it.
        history.setStarred(QStringLiteral("old_starred"), false);
        QCOMPARE(exprs(history.search({})),
                 (QStringList{QStringLiteral("q4"), QStringLiteral("q3"), QStringLiteral("q2")}));
    }

    // A file the history wrote before stars (made by QueryHistory at commit 9216285, schema 0): its runs
    // are all kept, stars work, and the file is at the current schema afterwards.
    void historyFromBeforeStarsIsMigrated()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("explore-history.sqlite"));
        QVERIFY(
            QFile::copy(test::sourcePath(QStringLiteral("tests/testdata/explore-history-v0.sqlite")), path));
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        auto userVersion = [&] {
            const QString name = QStringLiteral("version-check");
            int version = -1;
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                db.setDatabaseName(path);
                if (db.open()) {
                    QSqlQuery q(db);
                    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
                        version = q.value(0).toInt();
                }
                db.close();
            }
            QSqlDatabase::removeDatabase(name);
            return version;
        };
        QCOMPARE(userVersion(), 0);
        {
            QueryHistory history(path);
            QVERIFY2(history.isOpen(), qPrintable(history.error()));
            const std::vector<QueryHistory::Entry> all = history.search({});
            QStringList order;
            for (const auto &e : all)
                order << e.expr;
            QCOMPARE(order, (QStringList{QStringLiteral("up"), QStringLiteral("max(up)"), Expr}));
            QCOMPARE(all[0].timeMs, 1767616200000);
            QCOMPARE(all[0].server, QStringLiteral("http://prom.example:9090"));
            QCOMPARE(all[2].server, QStringLiteral("http://127.0.0.1:9090"));
            QVERIFY(std::none_of(all.begin(), all.end(), [](const auto &e) { return e.starred; }));
            history.setStarred(Expr, true);
        }
        QCOMPARE(userVersion(), QueryHistory::SchemaVersion);
        QueryHistory again(path); // opened at the current schema: nothing migrated twice, nothing lost
        QVERIFY2(again.isOpen(), qPrintable(again.error()));
        const std::vector<QueryHistory::Entry> all = again.search({});
        QCOMPARE(all.size(), size_t(3));
        QCOMPARE(all[0].expr, Expr);
        QVERIFY(all[0].starred);

        // A file from a newer Promdeck is not written to: said, and nothing kept.
        const QString newer = dir.filePath(QStringLiteral("newer.sqlite"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
            db.setDatabaseName(newer);
            QVERIFY(db.open());
            QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 99"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        QueryHistory future(newer);
        QVERIFY(!future.isOpen());
        QVERIFY2(future.error().contains(QStringLiteral("newer Promdeck")), qPrintable(future.error()));
    }

    void addToDashboardAppendsAPanelTheLoaderReads()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("api.json"));
        QVERIFY(QFile::copy(test::sourcePath(QStringLiteral("dashboards/api.json")), path));
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const DashboardLoadResult before = loadDashboardFile(path);
        QVERIFY(before.ok());
        int maxId = 0;
        int bottom = 0;
        for (const Panel &p : before.dashboard->panels) {
            maxId = std::max(maxId, p.id);
            bottom = std::max(bottom, p.gridPos.y + p.gridPos.h);
        }
        const Result<int> added = addTimeSeriesPanel(path, QStringLiteral("Requests by status"),
                                                     {Expr, QString(), QStringLiteral("max(up)")});
        QVERIFY2(added.ok(), qPrintable(added.error().toString()));
        QCOMPARE(added.value(), maxId + 1);

        // The real loader reads it back: every panel kept, the new one below them all with both queries.
        const DashboardLoadResult after = loadDashboardFile(path);
        QVERIFY(after.ok());
        QCOMPARE(after.dashboard->panels.size(), before.dashboard->panels.size() + 1);
        QCOMPARE(after.dashboard->title, before.dashboard->title);
        const Panel *panel = after.dashboard->panel(added.value());
        QVERIFY(panel);
        QCOMPARE(panel->kind, PanelKind::TimeSeries);
        QCOMPARE(panel->title, QStringLiteral("Requests by status"));
        QCOMPARE(panel->gridPos.y, bottom);
        QCOMPARE(panel->gridPos.w, 24);
        QCOMPARE(panel->targets.size(), size_t(2));
        QCOMPARE(panel->targets[0].refId, QStringLiteral("A"));
        QCOMPARE(panel->targets[0].expr, Expr);
        QCOMPARE(panel->targets[1].refId, QStringLiteral("C")); // the row's name, the empty B skipped
        QCOMPARE(panel->targets[1].expr, QStringLiteral("max(up)"));

        // Not a dashboard: said with the place, and the file left as it was.
        const QString broken = dir.filePath(QStringLiteral("broken.json"));
        QFile f(broken);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\n  \"title\": \"x\",\n  \"panels\": [}\n");
        f.close();
        const Result<int> refused = addTimeSeriesPanel(broken, QStringLiteral("t"), {Expr});
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().toString().startsWith(broken + QStringLiteral(":3:")),
                 qPrintable(refused.error().toString()));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("{\n  \"title\": \"x\",\n  \"panels\": [}\n"));
        f.close();
        const QString other = dir.filePath(QStringLiteral("other.json"));
        QFile o(other);
        QVERIFY(o.open(QIODevice::WriteOnly));
        o.write("{\"groups\": []}");
        o.close();
        QVERIFY(addTimeSeriesPanel(other, QStringLiteral("t"), {Expr})
                    .error()
                    .toString()
                    .contains(QStringLiteral("not a Grafana dashboard")));
        QVERIFY(!addTimeSeriesPanel(path, QStringLiteral("t"), {QStringLiteral(" ")}).ok()); // no query
    }

private:
    QNetworkAccessManager m_network;
    QUrl m_server;
    std::unique_ptr<PrometheusClient> m_client;
};

QTEST_MAIN(TestExplore)
#include "tst_explore.moc"
