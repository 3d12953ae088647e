// Repeated panels and rows as Grafana lays them out: a copy per selected value (every option for
// All) with the value written into its queries and title, side by side up to maxPerRow or one under
// the other, a repeated row with its panels, and what followed pushed down; copies say what they
// repeat.
#include "dashboard/DashboardLoader.h"
#include "query/Repeats.h"
#include "query/Variables.h"

#include <QTest>

using namespace promdeck;

namespace {
Dashboard load(const QByteArray &panels)
{
    DashboardLoadResult r =
        loadDashboard("{\"title\":\"t\",\"panels\":[" + panels + "]}", QStringLiteral("t.json"));
    if (!r.ok())
        qFatal("the test dashboard does not load: %s", qPrintable(r.diagnostics.front().toString()));
    return *r.dashboard;
}

VariableValues pick(const QString &name, const QStringList &selected, bool all = false,
                    const QStringList &options = {})
{
    VariableValues v;
    v.set(VariableValue{name, options.isEmpty() ? selected : options, selected, all, true, {}});
    return v;
}

const QByteArray SideBySide =
    "{\"id\":1,\"type\":\"stat\",\"title\":\"Queue $queue\",\"repeat\":\"queue\",\"maxPerRow\":2,"
    "\"gridPos\":{\"x\":0,\"y\":0,\"w\":8,\"h\":4},\"targets\":[{\"refId\":\"A\",\"expr\":\"celery_queue_"
    "length{queue=\\\"$queue\\\"}\"}]},"
    "{\"id\":2,\"type\":\"timeseries\",\"title\":\"Below\",\"gridPos\":{\"x\":0,\"y\":4,\"w\":24,\"h\":8}}";
const QByteArray Vertical =
    "{\"id\":1,\"type\":\"stat\",\"title\":\"$db\",\"repeat\":\"db\",\"repeatDirection\":\"v\","
    "\"gridPos\":{\"x\":6,\"y\":0,\"w\":6,\"h\":3},\"targets\":[{\"refId\":\"A\",\"expr\":\"pg_up{db=\\\"$"
    "db\\\"}\"}]}";
const QByteArray RepeatedRow =
    "{\"id\":10,\"type\":\"row\",\"title\":\"Task $task\",\"repeat\":\"task\","
    "\"gridPos\":{\"x\":0,\"y\":0,\"w\":24,\"h\":1}},"
    "{\"id\":11,\"type\":\"timeseries\",\"title\":\"Rate of "
    "$task\",\"gridPos\":{\"x\":0,\"y\":1,\"w\":24,\"h\":6},"
    "\"targets\":[{\"refId\":\"A\",\"expr\":\"rate(celery_task_succeeded_total{name=\\\"$task\\\"}[5m]) > "
    "0\"}]},"
    "{\"id\":20,\"type\":\"row\",\"title\":\"After\",\"gridPos\":{\"x\":0,\"y\":7,\"w\":24,\"h\":1}}";
} // namespace

class TestRepeats : public QObject
{
    Q_OBJECT
private slots:
    void panelsSideBySide()
    {
        const Dashboard d = load(SideBySide);
        QVERIFY(hasRepeats(d));
        const Dashboard e =
            expandRepeats(d, pick(QStringLiteral("queue"), {QStringLiteral("celery"), QStringLiteral("mail"),
                                                            QStringLiteral("reports")}));
        QCOMPARE(e.panels.size(), size_t(4));
        QCOMPARE(e.panels[0].id, 1);
        QCOMPARE(e.panels[0].title, QStringLiteral("Queue celery"));
        QCOMPARE(e.panels[1].targets[0].expr, QStringLiteral("celery_queue_length{queue=\"mail\"}"));
        QCOMPARE(repeatedPanelId(e.panels[2]), 1);
        QCOMPARE(repeatedValue(e.panels[2]), QStringLiteral("reports"));
        QVERIFY(e.panels[1].id != 1 && e.panels[2].id != e.panels[1].id && e.panels[2].id != 2);
        // Two a row (maxPerRow), each half the width; the third starts the next row.
        QCOMPARE(e.panels[0].gridPos, (GridPos{0, 0, 12, 4}));
        QCOMPARE(e.panels[1].gridPos, (GridPos{12, 0, 12, 4}));
        QCOMPARE(e.panels[2].gridPos, (GridPos{0, 4, 12, 4}));
        // The panel below moves down by the added row.
        QCOMPARE(e.panels[3].gridPos.y, 8);
        QCOMPARE(repeatedPanelId(e.panels[3]), 0);
    }

    void verticalAndAll()
    {
        const Dashboard e =
            expandRepeats(load(Vertical), pick(QStringLiteral("db"), {QStringLiteral("a")}, true,
                                               {QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(e.panels.size(), size_t(2));
        QCOMPARE(e.panels[1].gridPos, (GridPos{6, 3, 6, 3}));
        QCOMPARE(e.panels[1].title, QStringLiteral("b"));
    }

    void rowsRepeatWithTheirPanels()
    {
        const Dashboard d = load(RepeatedRow);
        const Dashboard e =
            expandRepeats(d, pick(QStringLiteral("task"), {QStringLiteral("send"), QStringLiteral("bill")}));
        QCOMPARE(e.panels.size(), size_t(5));
        QCOMPARE(e.panels[0].title, QStringLiteral("Task send"));
        QCOMPARE(e.panels[2].title, QStringLiteral("Task bill"));
        QCOMPARE(e.panels[2].gridPos.y, 7);
        QCOMPARE(e.panels[3].gridPos.y, 8);
        QCOMPARE(e.panels[3].parentRowId, e.panels[2].id);
        QCOMPARE(e.panels[3].targets[0].expr,
                 QStringLiteral("rate(celery_task_succeeded_total{name=\"bill\"}[5m]) > 0"));
        QCOMPARE(repeatedPanelId(e.panels[3]), 11);
        QCOMPARE(e.panels[4].gridPos.y, 14); // the next row moved down by the copy
        // A variable with no value: the panels stay as written.
        QCOMPARE(expandRepeats(d, VariableValues{}).panels.size(), size_t(3));
    }
};

QTEST_MAIN(TestRepeats)
#include "tst_repeats.moc"
