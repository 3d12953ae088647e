// The table's item models: checked by QAbstractItemModelTester through every change, sorted and
// filtered through the proxy as a person clicking headers would, cells formatted and coloured as
// the panel says, links written out for their row.
#include "dashboard/DashboardLoader.h"
#include "panels/PanelTable.h"
#include "panels/TableProxyModel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QTest>

using namespace promdeck;

namespace {

Field field(const QString &name, FieldType type, std::vector<FrameValue> values)
{
    return Field{name, type, {}, {}, {}, std::move(values)};
}

DataFrame podsFrame()
{
    DataFrame f;
    f.fields.push_back(field(
        QStringLiteral("pod"), FieldType::String,
        {QStringLiteral("api-1"), QStringLiteral("db-0"), QStringLiteral("api-2"), QStringLiteral("cache")}));
    f.fields.push_back(field(QStringLiteral("cpu"), FieldType::Number, {0.5, 2.0, FrameValue(), 0.25}));
    f.fields.push_back(field(QStringLiteral("state"), FieldType::Number, {1.0, 0.0, 1.0, 1.0}));
    f.fields.push_back(field(QStringLiteral("hidden"), FieldType::Number, {1.0, 2.0, 3.0, 4.0}));
    return f;
}

// A table panel as the dashboard loader reads it (JSON written with single quotes).
Panel panelFromJson(const char *json)
{
    const QByteArray panel = QByteArray(json).replace('\'', '"');
    DashboardLoadResult r = loadDashboard("{\"panels\": [" + panel + "]}", QStringLiteral("table.json"));
    return r.ok() && !r.dashboard->panels.empty() ? r.dashboard->panels.front() : Panel{};
}

} // namespace

class TestTableModel : public QObject
{
    Q_OBJECT
private slots:
    void modelsPassTheTester()
    {
        TableModel model;
        QAbstractItemModelTester sourceTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        TableProxyModel proxy;
        proxy.setTableModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const DataFrame frame = podsFrame();
        model.setFrame(frame, {frame}, TableSpec{});
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), 4);
        proxy.sort(1, Qt::DescendingOrder);
        proxy.setColumnFilter(0, {QStringLiteral("api-1"), QStringLiteral("db-0")});
        QCOMPARE(proxy.rowCount(), 2);
        proxy.clearFilters();
        model.setFrame(DataFrame{}, {}, TableSpec{});
        QCOMPARE(proxy.rowCount(), 0);
        model.setFrame(frame, {frame}, TableSpec{});
        QCOMPARE(proxy.rowCount(), 4);
    }

    // Numbers sort as numbers and an empty cell stays last both ways, as an operator expects.
    void sortingKeepsEmptyCellsLast()
    {
        TableModel model;
        TableProxyModel proxy;
        proxy.setTableModel(&model);
        const DataFrame frame = podsFrame();
        model.setFrame(frame, {frame}, TableSpec{});
        auto column = [&](int c) {
            QStringList out;
            for (int r = 0; r < proxy.rowCount(); ++r)
                out << proxy.index(r, c).data().toString();
            return out;
        };
        proxy.sort(1, Qt::AscendingOrder);
        QCOMPARE(column(0), (QStringList{QStringLiteral("cache"), QStringLiteral("api-1"),
                                         QStringLiteral("db-0"), QStringLiteral("api-2")}));
        proxy.sort(1, Qt::DescendingOrder);
        QCOMPARE(column(0), (QStringList{QStringLiteral("db-0"), QStringLiteral("api-1"),
                                         QStringLiteral("cache"), QStringLiteral("api-2")}));
        QCOMPARE(proxy.shownSourceRows(), (std::vector<int>{1, 0, 3, 2}));
        proxy.setColumnFilter(0, {QStringLiteral("api-2"), QStringLiteral("cache")});
        QCOMPARE(column(0), (QStringList{QStringLiteral("cache"), QStringLiteral("api-2")}));
        QCOMPARE(model.distinctTexts(0), (QStringList{QStringLiteral("api-1"), QStringLiteral("api-2"),
                                                      QStringLiteral("cache"), QStringLiteral("db-0")}));
    }

    // Units, decimals, mappings, thresholds and cell types from the panel's JSON, a legacy style's
    // alias and hidden columns, links with the row's values and the dashboard's variables.
    void stylesFormatsAndLinks()
    {
        const Panel panel = panelFromJson(
            "{'type': 'table', 'fieldConfig': {'defaults': {'unit': 'percentunit', 'decimals': 1,"
            " 'thresholds': {'mode': 'absolute', 'steps': [{'color': 'green', 'value': null}, {'color': "
            "'red', 'value': 1}]},"
            " 'mappings': [{'type': 'special', 'options': {'match': 'null+nan', 'result': {'text': 'n/a'}}}],"
            " 'custom': {'cellOptions': {'type': 'color-background', 'mode': 'basic'}, 'align': 'center', "
            "'width': 120},"
            " 'links': [{'title': 'Pod', 'url': "
            "'https://grafana.example/d/x?var-pod=${__data.fields.pod}&c=$cluster'}]},"
            " 'overrides': [{'matcher': {'id': 'byName', 'options': 'pod'}, 'properties': [{'id': "
            "'custom.width', 'value': 150}]}]},"
            " 'styles': [{'pattern': 'hidden', 'type': 'hidden'}, {'pattern': '/^st/', 'alias': 'State', "
            "'type': 'number',"
            "  'unit': 'none', 'colorMode': 'value', 'thresholds': ['0.5'], 'colors': ['red', 'green']}],"
            " 'options': {'sortBy': [{'displayName': 'cpu', 'desc': true}], 'footer': {'show': true, "
            "'reducer': ['sum']}}}");
        const TableSpec spec = tableSpecOf(panel);
        QCOMPARE(spec.sortBy.size(), size_t(1));
        QVERIFY(spec.footer.show);

        TableModel model;
        VariableValues variables;
        variables.set(
            VariableValue{QStringLiteral("cluster"), {QStringLiteral("eu-1")}, {QStringLiteral("eu-1")}});
        model.setVariables(variables);
        const DataFrame frame = podsFrame();
        model.setFrame(frame, {frame}, spec);
        QCOMPARE(model.columnCount(), 3); // `hidden` is hidden by its legacy style
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("State"));
        QCOMPARE(model.index(1, 1).data().toString(), QStringLiteral("200.0%"));
        QCOMPARE(model.index(2, 1).data().toString(), QStringLiteral("n/a"));
        QCOMPARE(model.index(1, 1).data(TableModel::ColorNameRole).toString(), QStringLiteral("red"));
        QCOMPARE(model.index(0, 1).data(TableModel::ColorNameRole).toString(), QStringLiteral("green"));
        QCOMPARE(model.index(0, 1).data(TableModel::CellDisplayRole).toInt(),
                 int(CellDisplay::ColorBackground));
        QVERIFY(model.index(0, 1).data(TableModel::SolidBackgroundRole).toBool());
        QCOMPARE(Qt::Alignment(model.index(0, 1).data(Qt::TextAlignmentRole).toInt()),
                 Qt::AlignHCenter | Qt::AlignVCenter);
        QCOMPARE(model.columnStyle(0).width, 150); // the override on `pod`, through resolveFieldConfig
        QCOMPARE(model.columnStyle(1).width, 120);
        // The legacy style: unit none, coloured text, its own thresholds.
        QCOMPARE(model.index(1, 2).data().toString(), QStringLiteral("0.0")); // decimals from the defaults
        QCOMPARE(model.index(1, 2).data(TableModel::ColorNameRole).toString(), QStringLiteral("red"));
        QCOMPARE(model.index(0, 2).data(TableModel::ColorNameRole).toString(), QStringLiteral("green"));
        QCOMPARE(model.index(0, 2).data(TableModel::CellDisplayRole).toInt(), int(CellDisplay::ColorText));
        QCOMPARE(model.index(3, 0).data(TableModel::LinkRole).toString(),
                 QStringLiteral("https://grafana.example/d/x?var-pod=cache&c=eu-1"));
        QCOMPARE(model.footerText(1, QStringLiteral("sum"), {0, 1, 2, 3}), QStringLiteral("275.0%"));
        QCOMPARE(model.footerText(1, QStringLiteral("count"), {0, 1}), QStringLiteral("2"));
    }

    void gaugeFractionAndLegacyCellLink()
    {
        const Panel panel = panelFromJson("{'type': 'table-old', 'fieldConfig': {'defaults': {'max': 4, "
                                          "'custom': {'displayMode': 'lcd-gauge'}}},"
                                          " 'styles': [{'pattern': 'pod', 'type': 'string', 'link': true, "
                                          "'linkUrl': '/d/pods?pod=$__cell&cpu=$__cell_1'}]}");
        TableModel model;
        const DataFrame frame = podsFrame();
        model.setFrame(frame, {frame}, tableSpecOf(panel));
        QCOMPARE(model.index(1, 1).data(TableModel::CellDisplayRole).toInt(), int(CellDisplay::LcdGauge));
        QCOMPARE(model.index(1, 1).data(TableModel::FractionRole).toDouble(), 0.5);
        QCOMPARE(model.index(0, 0).data(TableModel::LinkRole).toString(),
                 QStringLiteral("/d/pods?pod=api-1&cpu=0.5"));
    }

    void cellTypes_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("mode");
        QTest::addColumn<int>("display");
        QTest::newRow("auto") << "auto"
                              << "" << int(CellDisplay::Auto);
        QTest::newRow("color-text") << "color-text"
                                    << "" << int(CellDisplay::ColorText);
        QTest::newRow("gauge gradient") << "gauge"
                                        << "gradient" << int(CellDisplay::GradientGauge);
        QTest::newRow("gauge lcd") << "gauge"
                                   << "lcd" << int(CellDisplay::LcdGauge);
        QTest::newRow("gauge basic") << "gauge"
                                     << "basic" << int(CellDisplay::BasicGauge);
        QTest::newRow("json-view") << "json-view"
                                   << "" << int(CellDisplay::JsonView);
        QTest::newRow("old basic") << "basic"
                                   << "" << int(CellDisplay::BasicGauge);
        QTest::newRow("sparkline is not drawn") << "sparkline"
                                                << "" << -1;
        QTest::newRow("image is not drawn") << "image"
                                            << "" << -1;
    }
    void cellTypes()
    {
        QFETCH(QString, type);
        QFETCH(QString, mode);
        QFETCH(int, display);
        const auto d = cellDisplayFromName(type, mode);
        QCOMPARE(d ? int(*d) : -1, display);
    }
};

QTEST_GUILESS_MAIN(TestTableModel)
#include "tst_table_model.moc"
