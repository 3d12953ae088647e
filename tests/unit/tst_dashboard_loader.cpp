// The dashboard loader on real published dashboards and on broken files: every real dashboard
// loads with all its panels; every broken file is refused with the exact line, column and JSON path.
#include "dashboard/DashboardLoader.h"
#include "dashboard/GridGeometry.h"
#include "query/QueryPlanner.h"
#include "query/Variables.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace promdeck;

namespace {
// An independent count through QJsonDocument: every panel, including those inside collapsed rows.
int countPanels(const QJsonArray &panels)
{
    int n = 0;
    for (const QJsonValue &p : panels) {
        ++n;
        n += countPanels(p.toObject().value(QLatin1String("panels")).toArray());
    }
    return n;
}
} // namespace

class TestDashboardLoader : public QObject
{
    Q_OBJECT
private slots:
    void realDashboardsLoad_data()
    {
        QTest::addColumn<QString>("path");
        const QString dir = test::testDataPath(QStringLiteral("grafana-dashboards"));
        const QStringList files = QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files);
        QVERIFY(files.size() >= 4);
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << dir + QLatin1Char('/') + f;
        const QString builtin = test::sourcePath(QStringLiteral("dashboards"));
        for (const QString &f : QDir(builtin).entryList({QStringLiteral("*.json")}, QDir::Files))
            QTest::newRow(qPrintable(QStringLiteral("built-in ") + f)) << builtin + QLatin1Char('/') + f;
    }
    void realDashboardsLoad()
    {
        QFETCH(QString, path);
        const DashboardLoadResult r = loadDashboardFile(path);
        for (const Error &d : r.diagnostics)
            qInfo().noquote() << d.toString();
        QVERIFY(r.ok());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(f.readAll()).object();
        // Dashboards before schema 16 hold their panels in `rows`, each row with a title a header of its own.
        QJsonArray allPanels = json.value(QLatin1String("panels")).toArray();
        int rowHeaders = 0;
        for (const QJsonValue &row : json.value(QLatin1String("rows")).toArray()) {
            const QJsonObject o = row.toObject();
            rowHeaders += o.value(QLatin1String("showTitle")).toBool() &&
                          !o.value(QLatin1String("title")).toString().isEmpty();
            for (const QJsonValue &p : o.value(QLatin1String("panels")).toArray())
                allPanels.append(p);
        }
        QCOMPARE(int(r.dashboard->panels.size()), countPanels(allPanels) + rowHeaders);
        QCOMPARE(r.dashboard->title, json.value(QLatin1String("title")).toString());
        // Every panel with PromQL kept its queries.
        int expressions = 0;
        std::function<void(const QJsonArray &)> countExprs = [&](const QJsonArray &panels) {
            for (const QJsonValue &p : panels) {
                for (const QJsonValue &t : p.toObject().value(QLatin1String("targets")).toArray())
                    expressions += t.toObject().contains(QLatin1String("expr"));
                countExprs(p.toObject().value(QLatin1String("panels")).toArray());
            }
        };
        countExprs(allPanels);
        int loaded = 0;
        for (const Panel &p : r.dashboard->panels)
            loaded += int(std::count_if(p.targets.begin(), p.targets.end(),
                                        [](const Target &t) { return !t.expr.isEmpty(); }));
        QCOMPARE(loaded, expressions);
        // Laid out on the grid without overlaps among visible panels.
        const auto placed = GridGeometry::place(*r.dashboard, 1600);
        for (size_t i = 0; i < placed.size(); ++i)
            for (size_t j = i + 1; j < placed.size(); ++j)
                QVERIFY2(!placed[i].rect.intersects(placed[j].rect),
                         qPrintable(placed[i].panel->title + QStringLiteral(" overlaps ") +
                                    placed[j].panel->title));
    }

    void nodeExporterFullDetails()
    {
        const auto r = loadDashboardFile(
            test::testDataPath(QStringLiteral("grafana-dashboards/node-exporter-full.json")));
        QVERIFY(r.ok());
        int rows = 0, collapsedChildren = 0, stats = 0, gauges = 0, barGauges = 0;
        for (const Panel &p : r.dashboard->panels) {
            rows += p.isRow();
            stats += p.kind == PanelKind::Stat;
            gauges += p.kind == PanelKind::Gauge;
            barGauges += p.kind == PanelKind::BarGauge;
            if (p.parentRowId) {
                const Panel *row = r.dashboard->panel(p.parentRowId);
                QVERIFY(row && row->isRow());
                collapsedChildren += row->collapsed;
            }
        }
        QCOMPARE(rows, 16);
        QVERIFY(collapsedChildren > 50); // most of its rows start collapsed
        QCOMPARE(stats, 5);              // each drawn as Grafana draws its kind
        QCOMPARE(gauges, 5);
        QCOMPARE(barGauges, 4);
        QVERIFY(r.dashboard->visiblePanels().size() < r.dashboard->panels.size());

        // Every row expanded, the grid is compacted upwards as Grafana shows it: the file places the
        // CPU row's panels at y 21 and 433, yet each panel rests on the one above it (or on its row).
        QSet<int> rowsExpanded;
        for (const Panel &p : r.dashboard->panels)
            if (p.isRow() && p.collapsed)
                rowsExpanded.insert(p.id);
        const auto placed = GridGeometry::place(*r.dashboard, 1600, rowsExpanded);
        QCOMPARE(placed.size(), r.dashboard->panels.size());
        for (const PlacedPanel &p : placed) {
            int restsOn = 0; // the bottom of what is above it, in pixels
            for (const PlacedPanel &q : placed)
                if (q.rect.bottom() < p.rect.top() && q.rect.right() >= p.rect.left() &&
                    q.rect.left() <= p.rect.right())
                    restsOn = std::max(restsOn, q.rect.bottom() + 1);
            QVERIFY2(p.rect.top() == restsOn + GridGeometry::Margin, qPrintable(p.panel->title));
        }
        // 141 panels in 16 rows: about 27 screens of 1000 pixels, not the file's 4,000 grid units.
        QVERIFY(GridGeometry::contentHeight(placed) < 30'000);
    }

    void unknownTypeIsAPlaceholder()
    {
        const QByteArray json =
            R"({"title":"t","panels":[{"id":1,"type":"grafana-worldmap-panel","title":"H","gridPos":{"x":0,"y":0,"w":12,"h":8},
            "targets":[{"expr":"up","refId":"A"}]},{"id":2,"type":"timeseries","gridPos":{"x":12,"y":0,"w":12,"h":8}}]})";
        const auto r = loadDashboard(json, QStringLiteral("x.json"));
        QVERIFY(r.ok());
        QCOMPARE(r.dashboard->panels[0].kind, PanelKind::Unsupported);
        QCOMPARE(r.dashboard->panels[0].type, QStringLiteral("grafana-worldmap-panel"));
        QCOMPARE(r.dashboard->panels[1].kind, PanelKind::TimeSeries);
    }

    void legacyRowsAndSinglestat()
    {
        const QByteArray json = R"({"title":"old","schemaVersion":14,"rows":[
            {"title":"First","showTitle":true,"height":"250px","panels":[
                {"id":1,"type":"graph","span":6,"targets":[{"expr":"a"}],"yaxes":[{"format":"bytes"},{}]},
                {"id":2,"type":"singlestat","span":6,"format":"percentunit","valueName":"max","thresholds":"0.5,0.8",
                 "colors":["green","orange","red"],"targets":[{"expr":"b"}]}]},
            {"title":"Second","height":100,"panels":[{"id":3,"type":"text","span":12,"content":"# hi"}]}]})";
        const auto r = loadDashboard(json, QStringLiteral("old.json"));
        QVERIFY(r.ok());
        const Dashboard &d = *r.dashboard;
        QCOMPARE(d.panels.size(), size_t(4)); // a row header for the titled row, and three panels
        QVERIFY(d.panels[0].isRow());
        const Panel *graph = d.panel(1);
        QCOMPARE(graph->kind, PanelKind::TimeSeries);
        QCOMPARE(graph->gridPos, (GridPos{0, 1, 12, 7})); // 250 px over 38 px units, rounded up
        QCOMPARE(graph->fieldConfig.unit, QStringLiteral("bytes"));
        const Panel *stat = d.panel(2);
        QCOMPARE(stat->gridPos.x, 12);
        QCOMPARE(stat->reduceOptions.calcs, std::vector<Reducer>{Reducer::Max});
        QCOMPARE(stat->fieldConfig.unit, QStringLiteral("percentunit"));
        QCOMPARE(stat->fieldConfig.thresholds.size(), size_t(3));
        QCOMPARE(stat->fieldConfig.thresholdFor(0.6)->color, QStringLiteral("orange"));
        QCOMPARE(stat->fieldConfig.thresholdFor(0.1)->color, QStringLiteral("green"));
        QCOMPARE(d.panel(3)->gridPos, (GridPos{0, 8, 24, 3}));
        QCOMPARE(d.panel(3)->text, QStringLiteral("# hi"));
    }

    void mappingsLinksAndVariableRefresh()
    {
        const QByteArray json =
            "{\"title\":\"m\",\"templating\":{\"list\":["
            "{\"name\":\"a\",\"type\":\"query\",\"query\":\"label_values(up, job)\",\"refresh\":2},"
            "{\"name\":\"b\",\"type\":\"query\",\"query\":\"label_values(up, instance)\",\"refresh\":1,"
            "\"sort\":3,\"hide\":2}]},"
            "\"panels\":[{\"id\":1,\"type\":\"stat\",\"gridPos\":{\"x\":0,\"y\":0,\"w\":6,\"h\":4},"
            "\"links\":[{\"title\":\"Celery\",\"url\":\"/d/promdeck-celery/celery?${__url_time_range}\"},"
            "{\"title\":\"Docs\",\"url\":\"https://example.org/runbook\"}],"
            "\"fieldConfig\":{\"defaults\":{\"mappings\":["
            "{\"type\":\"value\",\"options\":{\"0\":{\"text\":\"DOWN\",\"color\":\"red\"},"
            "\"1\":{\"text\":\"UP\"},\"yes\":{\"text\":\"never\"}}},"
            "{\"type\":\"range\",\"options\":{\"from\":10,\"to\":20,\"result\":{\"text\":\"teens\"}}},"
            "{\"type\":\"special\",\"options\":{\"match\":\"null+nan\",\"result\":{\"text\":\"n/a\"}}},"
            "{\"type\":\"regex\",\"options\":{\"pattern\":\".*\",\"result\":{\"text\":\"x\"}}}]}}}]}";
        const auto r = loadDashboard(json, QStringLiteral("m.json"));
        QVERIFY(r.ok());
        const Panel &p = r.dashboard->panels.front();
        const FieldConfig &fc = p.fieldConfig;
        QCOMPARE(fc.mappings.size(), size_t(6)); // a text key is kept for text values (table cells)
        QCOMPARE(fc.mappingFor(0.0)->text, QStringLiteral("DOWN"));
        QCOMPARE(fc.mappingFor(0.0)->color, QStringLiteral("red"));
        QCOMPARE(fc.mappingFor(1.0)->text, QStringLiteral("UP"));
        QVERIFY(fc.mappingFor(1.0)->color.isEmpty());
        QCOMPARE(fc.mappingFor(15.0)->text, QStringLiteral("teens"));
        QCOMPARE(fc.mappingFor(20.0)->text, QStringLiteral("teens"));
        QVERIFY(!fc.mappingFor(21.0));
        QCOMPARE(fc.mappingFor(std::nullopt)->text, QStringLiteral("n/a"));
        QCOMPARE(fc.mappingFor(std::nan(""))->text, QStringLiteral("n/a"));
        // Text values: the key "yes", and the regex (anchored, as Grafana anchors a bare pattern).
        QCOMPARE(fc.mappingFor(u"yes")->text, QStringLiteral("never"));
        QCOMPARE(fc.mappingFor(u"anything")->text, QStringLiteral("x"));
        QVERIFY(r.diagnostics.empty());
        QCOMPARE(p.links.size(), size_t(2));
        QCOMPARE(p.links[0].dashboardUid(), QStringLiteral("promdeck-celery"));
        QVERIFY(p.links[1].dashboardUid().isEmpty());
        QVERIFY(r.dashboard->variables[0].refreshOnTimeChange);
        QVERIFY(!r.dashboard->variables[1].refreshOnTimeChange);
        QCOMPARE(r.dashboard->variables[0].sort, 0);
        QCOMPARE(r.dashboard->variables[0].hide, 0);
        QCOMPARE(r.dashboard->variables[1].sort, 3);
        QCOMPARE(r.dashboard->variables[1].hide, 2);
    }

    // Formats, transformations with their positions, and data sources written every way: a Loki
    // panel's queries are never planned, a mixed panel sends only its PromQL.
    void datasourcesFormatsAndTransformations()
    {
        const auto r =
            loadDashboardFile(test::testDataPath(QStringLiteral("datasources-and-transformations.json")));
        QVERIFY(r.ok());
        const Dashboard &d = *r.dashboard;
        const Panel *table = d.panel(1);
        QCOMPARE(table->kind, PanelKind::Table);
        QCOMPARE(table->targets[0].format, TargetFormat::Table);
        QVERIFY(table->targets[0].instant);
        QCOMPARE(table->targets[1].format, TargetFormat::Heatmap);
        QCOMPARE(table->transformations.size(), size_t(2));
        QCOMPARE(table->transformations[0].id, QStringLiteral("joinByField"));
        QCOMPARE(table->transformations[0].options.value(QStringLiteral("byField")).toString(),
                 QStringLiteral("instance"));
        QCOMPARE(table->transformations[0].line, 19);
        QCOMPARE(table->transformations[0].column, 8);
        QVERIFY(table->transformations[1].disabled);
        QVERIFY(table->json.value(QStringLiteral("options"))
                    .toObject()
                    .value(QStringLiteral("showHeader"))
                    .toBool());
        QVERIFY(!table->readsOtherDatasource());

        const VariableValues noVariables;
        const TimeRange range{0, 3'600'000};
        for (int id : {2, 3, 6}) {
            const Panel *p = d.panel(id);
            QCOMPARE(p->unsupportedDatasource(), QStringLiteral("loki"));
            QVERIFY(!p->hasQueries());
            QVERIFY(planPanelQueries(*p, range, 800, {}, noVariables).empty());
        }
        const Panel *mixed = d.panel(4);
        QVERIFY(!mixed->readsOtherDatasource());
        const auto planned = planPanelQueries(*mixed, range, 800, {}, noVariables);
        QCOMPARE(planned.size(), size_t(1));
        QCOMPARE(planned[0].expr(), QStringLiteral("up"));

        QCOMPARE(d.panel(5)->textMode, QStringLiteral("html"));
        QCOMPARE(panelKindName(d.panel(2)->kind), QStringLiteral("placeholder"));
        QCOMPARE(panelKindName(table->kind), QStringLiteral("table"));
    }

    void wrappedApiFormat()
    {
        const auto r = loadDashboard(R"({"meta":{},"dashboard":{"title":"Wrapped","panels":[]}})",
                                     QStringLiteral("w.json"));
        QVERIFY(r.ok());
        QCOMPARE(r.dashboard->title, QStringLiteral("Wrapped"));
    }

    void brokenFiles_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing comma") << QByteArray("{\n  \"title\": \"x\"\n  \"panels\": []\n}\n")
                                       << QStringLiteral("b.json:3:3: expected ',' or '}' but found '\"'");
        QTest::newRow("wrong type, with path")
            << QByteArray("{\"panels\": [\n  {\"id\": 1, \"type\": \"stat\",\n   \"gridPos\": {\"x\": 0, "
                          "\"y\": 0, \"w\": \"wide\", \"h\": 4}}\n]}")
            << QStringLiteral("b.json:3:37: expected a number, found a string (at $.panels[0].gridPos.w)");
        QTest::newRow("panels not an array")
            << QByteArray("{\"title\": \"t\",\n \"panels\": {}}")
            << QStringLiteral("b.json:2:12: expected an array, found an object (at $.panels)");
        QTest::newRow("grid too wide")
            << QByteArray("{\"panels\":[{\"type\":\"stat\",\"gridPos\":{\"x\":0,\"y\":0,\"w\":30,\"h\":4}}]}")
            << QStringLiteral("b.json:1:54: width 30 is outside the 24-column grid (1 to 24) (at "
                              "$.panels[0].gridPos.w)");
        QTest::newRow("truncated") << QByteArray("{\"panels\": [{\"type\": \"st")
                                   << QStringLiteral("b.json:1:22: unterminated string");
        QTest::newRow("empty") << QByteArray("")
                               << QStringLiteral("b.json:1:1: unexpected end of input, expected a value");
        QTest::newRow("not an object")
            << QByteArray("[1, 2]")
            << QStringLiteral("b.json:1:1: a dashboard must be a JSON object, found an array (at $)");
        QTest::newRow("bad time")
            << QByteArray("{\"time\": {\"from\": \"yesterday\", \"to\": \"now\"}}")
            << QStringLiteral("b.json:1:19: cannot read the time \"yesterday\": use RFC 3339 "
                              "(2026-01-01T00:00:00Z), unix seconds, now-6h or now/d (at $.time.from)");
        QTest::newRow("bad date math")
            << QByteArray("{\"time\": {\"from\": \"now-1d/d\", \"to\": \"now-1x/d\"}}")
            << QStringLiteral(
                   "b.json:1:37: now-1x/d: unknown unit 'x' (units: y M w d h m s) at column 6 (at "
                   "$.time.to)");
        QTest::newRow("utf-8 columns count characters")
            << QByteArray("{\"title\": \"\xC3\xA9\xC3\xA9\", \"panels\": 3}")
            << QStringLiteral("b.json:1:27: expected an array, found a number (at $.panels)");
        QTest::newRow("text without its opening quote")
            << QByteArray("{\"panels\": [{\"type\": fdashboard\"}]}")
            << QStringLiteral(
                   "b.json:1:22: expected a value (a string in double quotes, a number, an object, an "
                   "array, true, false or null) but found the unquoted word fdashboard (text goes in "
                   "double quotes)");
        QTest::newRow("utf-16 little-endian with its mark")
            << QByteArray("\xFF\xFE{\0}\0", 6)
            << QStringLiteral("b.json:1:1: the file is UTF-16 (little-endian): save it as UTF-8");
        QTest::newRow("utf-16 big-endian without a mark")
            << QByteArray("\0{\0}", 4)
            << QStringLiteral("b.json:1:1: the file is UTF-16 (big-endian): save it as UTF-8");
        QTest::newRow("target not an object")
            << QByteArray("{\"panels\":[{\"type\":\"stat\",\"targets\":[\"up\"]}]}")
            << QStringLiteral(
                   "b.json:1:38: expected a target object, found a string (at $.panels[0].targets[0])");
    }
    void brokenFiles()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const auto r = loadDashboard(json, QStringLiteral("b.json"));
        QVERIFY(!r.ok());
        QVERIFY(!r.diagnostics.empty());
        QCOMPARE(r.diagnostics.front().toString(), expected);
    }

    void missingFileAndDirectory()
    {
        const auto missing = loadDashboardFile(QStringLiteral("/nonexistent/d.json"));
        QVERIFY(!missing.ok());
        QVERIFY(missing.diagnostics.front().toString().startsWith(
            QStringLiteral("/nonexistent/d.json: cannot open")));
        const auto dir = loadDashboardFile(QDir::tempPath());
        QVERIFY(!dir.ok());
        QVERIFY(dir.diagnostics.front().toString().contains(QStringLiteral("is a directory")));
    }
};

QTEST_GUILESS_MAIN(TestDashboardLoader)
#include "tst_dashboard_loader.moc"
