// Inspect's data model and CSV (per sample and joined by time, raw and formatted, gaps, quoting),
// the Query tab's request text and curl command, and the dashboard search's index and filter.
#include "dashboard/DashboardIndex.h"
#include "export/InspectData.h"
#include "export/InspectQuery.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>

using namespace promdeck;

namespace {
Series series(const QString &job, std::vector<std::int64_t> times, std::vector<double> values)
{
    Series s;
    s.labels = LabelSet::fromLabels(
        {{QStringLiteral("__name__"), QStringLiteral("up")}, {QStringLiteral("job"), job}});
    s.timestampsMs = std::move(times);
    s.values = std::move(values);
    return s;
}

PanelData twoSeries()
{
    QueryResult result;
    // "b,c" has no sample at 2000: the joined table leaves that cell empty.
    result.series.push_back(series(QStringLiteral("a"), {1000, 2000, 3000}, {0.1, 2.5, std::nan("")}));
    result.series.push_back(series(QStringLiteral("b,c"), {1000, 3000}, {1e21, INFINITY}));
    QueryData q;
    q.query.refId = QStringLiteral("A");
    q.query.legendFormat = QStringLiteral("{{job}}");
    q.query.range.expr = QStringLiteral("up");
    q.result = std::make_shared<const QueryResult>(std::move(result));
    PanelData data;
    data.queries.push_back(std::move(q));
    return data;
}
} // namespace

class TestInspect : public QObject
{
    Q_OBJECT
private slots:
    void joinedByTime()
    {
        InspectDataModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Panel panel;
        model.setPanel(panel, twoSeries());
        model.setLayout(InspectDataModel::Layout::JoinedByTime);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 3);
        QCOMPARE(QString::fromUtf8(model.toCsv()), QStringLiteral("Time,a,\"b,c\"\r\n"
                                                                  "1970-01-01T00:00:01.000Z,0.1,1e+21\r\n"
                                                                  "1970-01-01T00:00:02.000Z,2.5,\r\n"
                                                                  "1970-01-01T00:00:03.000Z,NaN,+Inf\r\n"));
    }

    void perSampleAndFormatted()
    {
        InspectDataModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        Panel panel;
        panel.fieldConfig.unit = QStringLiteral("percentunit");
        model.setPanel(panel, twoSeries());
        model.setLayout(InspectDataModel::Layout::PerSeries);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("a"));
        QCOMPARE(model.index(1, 2).data().toString(), QStringLiteral("2.5"));
        model.setFormatted(true);
        QCOMPARE(model.index(1, 2).data().toString(), QStringLiteral("250%"));
        QVERIFY(model.toCsv().startsWith("Series,Time,Value\r\na,"));
    }

    void requestAsSent()
    {
        QueryData q = twoSeries().queries.front();
        q.query.range.startMs = 1'767'614'400'000;
        q.query.range.endMs = 1'767'636'000'000;
        q.query.range.stepMs = 60'000;
        q.trace.method = "GET";
        q.trace.url = QStringLiteral(
            "http://127.0.0.1:9090/api/v1/query_range?query=up&start=1767614400&end=1767636000&step=60");
        q.trace.durationMs = 12;
        q.trace.bytes = 345;
        q.trace.httpStatus = 200;
        q.trace.answer = R"({"status":"success"})";
        const QString text = describeRequest(q);
        QVERIFY2(text.contains(QStringLiteral("Expression: up")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Start: 2026-01-05T12:00:00.000Z")));
        QVERIFY(text.contains(QStringLiteral("Step: 1m")));
        QVERIFY(text.contains(QStringLiteral("Request: GET ") + q.trace.url));
        QVERIFY(text.contains(QStringLiteral("Bytes: 345")));
        QVERIFY(text.contains(QStringLiteral("Series: 2, samples: 5")));
        QVERIFY(text.contains(QStringLiteral("\"status\": \"success\"")));
        QCOMPARE(curlCommand(q.trace),
                 QString(QStringLiteral("curl -sS '") + q.trace.url + QLatin1Char('\'')));
        q.trace.method = "POST";
        q.trace.url = QStringLiteral("http://h/api/v1/query_range");
        q.trace.formBody = "query=it%27s";
        QCOMPARE(
            curlCommand(q.trace),
            QStringLiteral("curl -sS -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data "
                           "'query=it%27s' 'http://h/api/v1/query_range'"));
        QVERIFY(!text.contains(QStringLiteral("Asked:")));
        // An incremental refresh's request asked the newest steps alone.
        q.askedFromMs = 1'767'635'880'000;
        const QString incremental = describeRequest(q);
        QVERIFY2(incremental.contains(QStringLiteral(
                     "Asked: the steps from 2026-01-05T17:58:00.000Z on (the earlier ones held")),
                 qPrintable(incremental));
        q.trace = {};
        QVERIFY(describeRequest(q).contains(QStringLiteral("none sent")));
        QVERIFY(curlCommand(q.trace).isEmpty());
    }

    void dashboardSearch()
    {
        QTemporaryDir dir;
        const auto write = [&](const QString &name, const QByteArray &json) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(json);
        };
        write(QStringLiteral("workers.json"),
              R"({"title": "Task queue", "tags": ["celery", "python"], "panels": []})");
        write(QStringLiteral("db.json"),
              R"({"dashboard": {"title": "Database", "tags": ["postgres"], "panels": []}})");
        write(QStringLiteral("not-a-dashboard.json"), R"({"hello": 1})");
        DashboardIndex index;
        QAbstractItemModelTester tester(&index, QAbstractItemModelTester::FailureReportingMode::QtTest);
        index.setFolder(dir.path());
        QCOMPARE(index.rowCount(), 2);
        index.setRecent({dir.filePath(QStringLiteral("db.json"))});
        QCOMPARE(index.entries().front().title, QStringLiteral("Database")); // recent first, once
        QCOMPARE(index.entries().front().origin, DashboardEntry::Origin::Recent);
        QCOMPARE(index.rowCount(), 2);

        QSortFilterProxyModel filter;
        filter.setSourceModel(&index);
        filter.setFilterRole(DashboardIndex::SearchTextRole);
        filter.setFilterCaseSensitivity(Qt::CaseInsensitive);
        filter.setFilterFixedString(QStringLiteral("CELERY")); // a tag
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, 0).data(DashboardIndex::LocationRole).toString(),
                 dir.filePath(QStringLiteral("workers.json")));
        filter.setFilterFixedString(QStringLiteral("data")); // a title
        QCOMPARE(filter.rowCount(), 1);

        // The folder is watched: a new file shows up.
        write(QStringLiteral("cache.json"), R"({"title": "Redis cache", "panels": []})");
        QTRY_COMPARE_WITH_TIMEOUT(index.rowCount(), 3, 5000);

        // Starred first, in the order starred, marked; by identity (an absolute path or a name).
        const int rows = index.rowCount();
        index.setStarred({QDir(dir.path()).absoluteFilePath(QStringLiteral("cache.json")),
                          QDir(dir.path()).absoluteFilePath(QStringLiteral("workers.json"))});
        QCOMPARE(index.rowCount(), rows);
        QCOMPARE(index.entries()[0].title, QStringLiteral("Redis cache"));
        QCOMPARE(index.entries()[0].origin, DashboardEntry::Origin::Folder);
        QCOMPARE(index.entries()[1].title, QStringLiteral("Task queue"));
        QCOMPARE(index.entries()[2].title, QStringLiteral("Database"));
        QCOMPARE(index.entries()[2].origin, DashboardEntry::Origin::Recent);
        QVERIFY(index.data(index.index(0), DashboardIndex::StarredRole).toBool());
        QVERIFY(index.data(index.index(0), Qt::DisplayRole).toString().startsWith(u"★ Redis cache"));
        QVERIFY(index.data(index.index(1), Qt::DisplayRole).toString().startsWith(u"★ Task queue"));
        QVERIFY(!index.data(index.index(2), DashboardIndex::StarredRole).toBool());
        QVERIFY(!index.data(index.index(2), Qt::DisplayRole).toString().contains(u'★'));
        index.setStarred({});
        QCOMPARE(index.entries()[0].title, QStringLiteral("Database"));
    }
};

QTEST_GUILESS_MAIN(TestInspect)
#include "tst_inspect.moc"
