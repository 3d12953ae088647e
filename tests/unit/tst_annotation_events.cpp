// Annotation entries as every Grafana version writes them, and their events as Grafana's Prometheus
// annotation support makes them: samples above zero, grouped while no more than a step apart;
// `useValueForTime`; titles and texts from `{{label}}` formats (a missing label writes its name);
// tags from `tagKeys`; the query's step and range.
#include "dashboard/DashboardLoader.h"
#include "query/AnnotationEvents.h"
#include "query/Variables.h"

#include <QTest>
#include <cmath>

using namespace promdeck;

namespace {
// Written as Grafana 6 to 11 write them (as ordinary strings: moc does not read raw ones).
const char *const EntriesJson =
    "{\"title\": \"t\", \"panels\": [],\n"
    "          \"__inputs\": [{\"name\": \"DS_LOGS\", \"pluginId\": \"loki\"}],\n"
    "          \"annotations\": {\"list\": [\n"
    "            {\"builtIn\": 1, \"datasource\": \"-- Grafana --\", \"enable\": true, \"name\": "
    "\"Annotations & Alerts\"},\n"
    "            {\"name\": \"A\", \"datasource\": \"${DS_PROMETHEUS}\", \"expr\": \"up == bool 0\", "
    "\"step\": \"60\",\n"
    "             \"tagKeys\": \"job, instance\", \"useValueForTime\": \"on\", \"iconColor\": \"red\", "
    "\"hide\": true},\n"
    "            {\"name\": \"B\", \"datasource\": {\"type\": \"prometheus\", \"uid\": \"x\"}, \"enable\": "
    "false,\n"
    "             \"target\": {\"expr\": \"vector(1)\", \"interval\": \"2m\", \"refId\": \"Anno\"}, "
    "\"tagKeys\": [\"pod\"]},\n"
    "            {\"name\": \"C\", \"datasource\": \"${DS_LOGS}\", \"expr\": \"{app=\\\"x\\\"}\"},\n"
    "            {\"name\": \"D\", \"datasource\": \"Prometheus\", \"expr\": \"\"}\n"
    "          ]}, \"graphTooltip\": 2}\n";

Series series(std::vector<Label> labels, std::vector<std::pair<std::int64_t, double>> points)
{
    Series s;
    s.labels = LabelSet::fromLabels(std::move(labels));
    for (const auto &[t, v] : points) {
        s.timestampsMs.push_back(t);
        s.values.push_back(v);
    }
    return s;
}
} // namespace

class TestAnnotationEvents : public QObject
{
    Q_OBJECT
private slots:
    void entriesAreReadEveryWayTheyAreWritten()
    {
        const QByteArray json = EntriesJson;
        const auto loaded = loadDashboard(json, QStringLiteral("inline.json"));
        QVERIFY(loaded.dashboard);
        const std::vector<Annotation> &a = loaded.dashboard->annotations;
        QCOMPARE(a.size(), size_t(5));
        QVERIFY(a[0].builtIn && !a[0].isQueried());
        QVERIFY(a[1].isQueried() && a[1].enable && a[1].hide && a[1].useValueForTime);
        QCOMPARE(a[1].step, QStringLiteral("60s"));
        QCOMPARE(a[1].tagKeys, (QStringList{QStringLiteral("job"), QStringLiteral("instance")}));
        QVERIFY(a[2].isQueried() && !a[2].enable);
        QCOMPARE(a[2].expr, QStringLiteral("vector(1)"));
        QCOMPARE(a[2].step, QStringLiteral("2m"));
        QCOMPARE(a[2].tagKeys, QStringList{QStringLiteral("pod")});
        QCOMPARE(a[3].datasourceType, QStringLiteral("loki"));
        QVERIFY(!a[3].isQueried());
        QVERIFY(!a[4].isQueried());
        QCOMPARE(loaded.dashboard->sharedTooltip, SharedTooltip::Tooltip);
    }

    void activeSamplesAStepApartMakeOneRegion()
    {
        Annotation a;
        a.titleFormat = QStringLiteral("{{pod}} in {{namespace}}");
        a.textFormat = QStringLiteral("restarted");
        a.tagKeys = {QStringLiteral("pod"), QStringLiteral("missing")};
        QueryResult r;
        // 0 and NaN are not events; 60 s apart is one region, 180 s apart starts another.
        r.series.push_back(
            series({{QStringLiteral("pod"), QStringLiteral("p1")}},
                   {{0, 1}, {60'000, 2}, {120'000, 0}, {180'000, NAN}, {240'000, 1}, {300'000, 5}}));
        r.series.push_back(series({{QStringLiteral("pod"), QStringLiteral("p2")}}, {{60'000, 1}}));
        const auto events = annotationEvents(a, r, 60'000);
        QCOMPARE(events.size(), size_t(3));
        QCOMPARE(events[0], (AnnotationEvent{0,
                                             60'000,
                                             QStringLiteral("p1 in namespace"),
                                             QStringLiteral("restarted"),
                                             {QStringLiteral("p1")}}));
        QCOMPARE(events[1].timeMs, 240'000);
        QCOMPARE(events[1].timeEndMs, 300'000);
        QVERIFY(events[1].isRegion());
        QCOMPARE(events[2].timeMs, 60'000);
        QVERIFY(!events[2].isRegion());
        QCOMPARE(events[2].title, QStringLiteral("p2 in namespace"));
    }

    void valueForTimeTakesTheSampleAsTheTime()
    {
        Annotation a;
        a.useValueForTime = true;
        QueryResult r;
        // A start time in ms answered at every step: one point, whatever the sample times.
        r.series.push_back(
            series({}, {{0, 1767600000000.7}, {60'000, 1767600000000.7}, {120'000, 1767600000000.7}}));
        const auto events = annotationEvents(a, r, 60'000);
        QCOMPARE(events.size(), size_t(1));
        QCOMPARE(events[0].timeMs, 1767600000000);
        QCOMPARE(events[0].timeEndMs, 1767600000000);
    }

    void theQueryTakesTheStepAsItsFinest()
    {
        Annotation a;
        a.expr = QStringLiteral("changes(x[$__interval]) > 0");
        a.step = QStringLiteral("1m");
        const TimeRange sixHours{1'000'000'000, 1'000'000'000 + 6 * 3'600'000};
        const auto q = planAnnotationQuery(a, sixHours, 1000, PlannerSettings{}, VariableValues{});
        QVERIFY(q);
        QCOMPARE(q->stepMs, 60'000); // 6 h over 1000 px is 21.6 s: the step wins
        QCOMPARE(q->expr, QStringLiteral("changes(x[1m]) > 0"));
        QCOMPARE(q->startMs % 60'000, 0);
        // Without a step, the range over the width (never finer than the scrape interval).
        a.step.clear();
        QCOMPARE(planAnnotationQuery(a, sixHours, 1000, PlannerSettings{}, VariableValues{})->stepMs, 21'600);
        a.builtIn = true;
        QVERIFY(!planAnnotationQuery(a, sixHours, 1000, PlannerSettings{}, VariableValues{}));
    }
};

QTEST_MAIN(TestAnnotationEvents)
#include "tst_annotation_events.moc"
