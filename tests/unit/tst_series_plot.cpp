// A time series as drawn, from panels written as dashboards write them: scales and axes (auto, right,
// hidden, one per unit), stacks (groups, percent, negatives downward, hidden series out of the
// stack), negative-Y and null-as-zero; the legend's rows (calcs, sort, hideEmpty/hideZero,
// hideFrom.legend); a panel's own time range (timeFrom, timeShift, hideTimeOverride) and the step of
// a target with intervalFactor.
#include "dashboard/DashboardLoader.h"
#include "panels/LegendRows.h"
#include "panels/TimeSeriesPlot.h"
#include "query/PanelTime.h"
#include "query/QueryPlanner.h"
#include "query/Variables.h"

#include <QTest>

using namespace promdeck;

namespace {
Panel loadPanel(const QByteArray &panelJson)
{
    const QByteArray file = "{\"title\":\"t\",\"panels\":[" + panelJson + "]}";
    DashboardLoadResult r = loadDashboard(file, QStringLiteral("t.json"));
    if (!r.ok())
        qFatal("the test dashboard does not load: %s", qPrintable(r.diagnostics.front().toString()));
    return r.dashboard->panels.front();
}

std::shared_ptr<const Series> constant(double value, int samples = 5, std::int64_t stepMs = 1000)
{
    auto s = std::make_shared<Series>();
    for (int i = 0; i < samples; ++i) {
        s->timestampsMs.push_back(i * stepMs);
        s->values.push_back(value);
    }
    return s;
}

// The panel's configuration for each named series, and the plot of constant series at `values`.
struct Planned
{
    std::vector<FieldConfig> configs;
    TimeSeriesPlot plot;
};
Planned plan(const Panel &panel, const std::vector<const char *> &names, const std::vector<double> &values)
{
    Planned out;
    for (size_t i = 0; i < names.size(); ++i) {
        FieldInfo info;
        info.name = QString::fromLatin1(names[i]);
        info.index = static_cast<int>(i);
        out.configs.push_back(panel.resolveField(info));
    }
    std::vector<PlotField> fields;
    for (size_t i = 0; i < values.size(); ++i)
        fields.push_back({&out.configs[i], constant(values[i])});
    out.plot = planTimeSeries(fields, 1000);
    return out;
}

double topAt(const TimeSeriesPlot &plot, size_t series, size_t sample = 2)
{
    return plot.series[series].drawn->values[sample];
}
} // namespace

class TestSeriesPlot : public QObject
{
    Q_OBJECT
private slots:
    void stacksByGroupAndPercent()
    {
        const Panel panel = loadPanel(R"({"type":"timeseries","fieldConfig":{"defaults":{"custom":
            {"stacking":{"mode":"normal","group":"A"}}},"overrides":[
            {"matcher":{"id":"byName","options":"c"},"properties":[{"id":"custom.stacking","value":{"mode":"normal","group":"B"}}]},
            {"matcher":{"id":"byName","options":"d"},"properties":[{"id":"custom.stacking","value":{"mode":"none"}}]}]}})");
        const Planned p = plan(panel, {"a", "b", "c", "d", "e"}, {2, 3, 10, 7, -4});
        QCOMPARE(topAt(p.plot, 0), 2.0);
        QCOMPARE(topAt(p.plot, 1), 5.0);  // on top of a
        QCOMPARE(topAt(p.plot, 2), 10.0); // group B stacks alone
        QCOMPARE(topAt(p.plot, 3), 7.0);  // not stacked
        QCOMPARE(topAt(p.plot, 4), -4.0); // negatives stack downward from zero
        QCOMPARE(p.plot.series[1].below->values[2], 2.0);
        QCOMPARE(p.plot.series[1].stackGroup, QStringLiteral("A"));
        QVERIFY(p.plot.series[3].stackGroup.isEmpty());

        const Panel percent = loadPanel(R"({"type":"timeseries","fieldConfig":{"defaults":{"custom":
            {"stacking":{"mode":"percent"}}}}})");
        const Planned q = plan(percent, {"a", "b"}, {1, 3});
        QCOMPARE(topAt(q.plot, 0), 0.25);
        QCOMPARE(topAt(q.plot, 1), 1.0);
        QCOMPARE(q.plot.scales[0].unit, QStringLiteral("percentunit"));
    }

    void hiddenSeriesLeaveTheStack()
    {
        const Panel panel = loadPanel(R"({"type":"timeseries","fieldConfig":{"defaults":{"custom":
            {"stacking":{"mode":"normal"}}},"overrides":[{"matcher":{"id":"byName","options":"a"},
            "properties":[{"id":"custom.hideFrom","value":{"viz":true,"legend":false,"tooltip":false}}]}]}})");
        const Planned p = plan(panel, {"a", "b"}, {2, 3});
        QVERIFY(p.plot.series[0].hidden);
        QCOMPARE(topAt(p.plot, 1), 3.0);
    }

    void scalesFollowUnitsAndPlacement()
    {
        // Two units: the first on the left, the second on a right axis of its own (Grafana's auto).
        const Panel panel = loadPanel(R"({"type":"timeseries","fieldConfig":{"defaults":{"unit":"bytes"},
            "overrides":[{"matcher":{"id":"byName","options":"rate"},"properties":[{"id":"unit","value":"reqps"}]},
            {"matcher":{"id":"byRegexp","options":"/hid.*/"},"properties":[{"id":"custom.axisPlacement","value":"hidden"}]},
            {"matcher":{"id":"byName","options":"forced"},"properties":[{"id":"custom.axisPlacement","value":"right"}]}]}})");
        const Planned p = plan(panel, {"mem", "rate", "mem2", "hidden", "forced"}, {1, 2, 3, 4, 5});
        QCOMPARE(p.plot.scales.size(), size_t(4));
        QCOMPARE(p.plot.series[0].scale, 0);
        QCOMPARE(p.plot.scales[0].side, AxisSide::Left);
        QCOMPARE(p.plot.scales[1].side, AxisSide::Right);
        QCOMPARE(p.plot.scales[1].unit, QStringLiteral("reqps"));
        QCOMPARE(p.plot.series[2].scale, 0); // same unit, same scale
        QCOMPARE(p.plot.scales[static_cast<size_t>(p.plot.series[3].scale)].side, AxisSide::Hidden);
        QCOMPARE(p.plot.scales[static_cast<size_t>(p.plot.series[4].scale)].side, AxisSide::Right);
        QVERIFY(p.plot.series[4].scale != p.plot.series[0].scale);
    }

    void legacyGraphSecondAxisAndNegativeY()
    {
        const Panel panel = loadPanel(
            R"({"type":"graph","nullPointMode":"null as zero","yaxes":[{"format":"short","show":true},
            {"format":"bytes","max":1000,"show":true}],"seriesOverrides":[{"alias":"/out/","yaxis":2,"transform":"negative-Y"}]})");
        const Planned p = plan(panel, {"in", "out"}, {5, 7});
        QCOMPARE(p.plot.scales[static_cast<size_t>(p.plot.series[1].scale)].side, AxisSide::Right);
        QCOMPARE(p.plot.scales[static_cast<size_t>(p.plot.series[1].scale)].max, std::optional<double>(1000));
        QCOMPARE(topAt(p.plot, 1), -7.0);
        QCOMPARE(topAt(p.plot, 0), 5.0);

        // null as zero: a missing stretch drops to zero.
        auto gappy = std::make_shared<Series>();
        gappy->timestampsMs = {0, 1000, 10000, 11000};
        gappy->values = {4, 4, 4, 4};
        const FieldConfig config = panel.resolveField(FieldInfo{QStringLiteral("in")});
        const TimeSeriesPlot zero = planTimeSeries({{&config, gappy}}, 1000);
        QCOMPARE(zero.series[0].drawn->timestampsMs,
                 (std::vector<std::int64_t>{0, 1000, 2000, 9000, 10000, 11000}));
        QCOMPARE(zero.series[0].drawn->values, (std::vector<double>{4, 4, 0, 0, 4, 4}));
    }

    void spanNullsSetsTheGap()
    {
        const Panel connected =
            loadPanel(R"({"type":"timeseries","fieldConfig":{"defaults":{"custom":{"spanNulls":true}}}})");
        QCOMPARE(plan(connected, {"a"}, {1}).plot.series[0].gapMs, std::int64_t(0));
        const Panel threshold =
            loadPanel(R"({"type":"timeseries","fieldConfig":{"defaults":{"custom":{"spanNulls":60000}}}})");
        QCOMPARE(plan(threshold, {"a"}, {1}).plot.series[0].gapMs, std::int64_t(60000));
        const Panel never =
            loadPanel(R"({"type":"timeseries","fieldConfig":{"defaults":{"custom":{"spanNulls":false}}}})");
        QCOMPARE(plan(never, {"a"}, {1}).plot.series[0].gapMs, std::int64_t(2000));
    }

    void legendRowsCalcsSortAndHide()
    {
        const Panel panel = loadPanel(R"({"type":"timeseries","options":{"legend":{"displayMode":"table",
            "calcs":["mean","max","lastNotNull"],"sortBy":"Max","sortDesc":true}},"fieldConfig":{"defaults":{"unit":"short"},
            "overrides":[{"matcher":{"id":"byName","options":"quiet"},"properties":[{"id":"custom.hideFrom","value":{"legend":true,"tooltip":false,"viz":false}}]}]}})");
        auto ramp = std::make_shared<Series>();
        ramp->timestampsMs = {0, 1000, 2000};
        ramp->values = {1, 2, 6};
        const std::vector<std::shared_ptr<const Series>> data = {constant(4), ramp, constant(9)};
        std::vector<FieldConfig> configs;
        const QStringList names = {QStringLiteral("flat"), QStringLiteral("ramp"), QStringLiteral("quiet")};
        for (const QString &n : names)
            configs.push_back(panel.resolveField(FieldInfo{n}));
        std::vector<LegendSeries> input;
        for (size_t i = 0; i < 3; ++i)
            input.push_back({names[static_cast<qsizetype>(i)], &configs[i], data[i].get()});
        const std::vector<LegendRow> rows = legendRows(panel.legend, input);
        QCOMPARE(rows.size(), size_t(2)); // quiet is hidden from the legend
        QCOMPARE(rows[0].series, 1);      // max 6 before max 4
        QCOMPARE(rows[0].values[0], std::optional<double>(3));
        QCOMPARE(rows[0].texts[1], QStringLiteral("6"));
        QCOMPARE(rows[1].values[2], std::optional<double>(4));

        // The legacy graph's legend: values, current/avg/total, hideZero and hideEmpty.
        const Panel legacy = loadPanel(R"({"type":"graph","legend":{"show":true,"values":true,"current":true,
            "avg":true,"total":true,"hideZero":true,"hideEmpty":true,"alignAsTable":true}})");
        QVERIFY(legacy.legend.hideZero && legacy.legend.hideEmpty);
        QCOMPARE(legacy.legend.mode, LegendOptions::Mode::Table);
        QVERIFY(legacy.legend.calcs.size() >= 3);
        const auto empty = std::make_shared<Series>();
        const auto zero = constant(0), one = constant(1);
        const std::vector<LegendSeries> more = {{QStringLiteral("zero"), nullptr, zero.get()},
                                                {QStringLiteral("empty"), nullptr, empty.get()},
                                                {QStringLiteral("one"), nullptr, one.get()}};
        const std::vector<LegendRow> kept = legendRows(legacy.legend, more);
        QCOMPARE(kept.size(), size_t(1));
        QCOMPARE(kept[0].series, 2);
    }

    void panelTimeOverrides()
    {
        const std::int64_t now = 1767657600000; // 2026-01-06T00:00:00Z
        const TimeRange day{now - 86'400'000, now};
        const Panel last = loadPanel(R"({"type":"stat","timeFrom":"1h","timeShift":"1d"})");
        const PanelTime t = panelTime(last, day, true, {});
        QCOMPARE(t.range.fromMs, now - 3'600'000 - 86'400'000);
        QCOMPARE(t.range.toMs, now - 86'400'000);
        QCOMPARE(t.info, QStringLiteral("Last 1 hour timeshift -1d"));
        // An absolute dashboard range keeps its span; the shift still applies.
        const PanelTime absolute = panelTime(last, day, false, {});
        QCOMPARE(absolute.range.fromMs, day.fromMs - 86'400'000);
        QCOMPARE(absolute.info, QStringLiteral("timeshift -1d"));
        const Panel hidden = loadPanel(R"({"type":"stat","timeFrom":"7d","hideTimeOverride":true})");
        const PanelTime h = panelTime(hidden, day, true, {});
        QCOMPARE(h.range.fromMs, now - 7 * 86'400'000LL);
        QVERIFY(h.info.isEmpty());
        QCOMPARE(describeTextRange(QStringLiteral("now-3h"), now)->display, QStringLiteral("Last 3 hours"));
        QCOMPARE(describeTextRange(QStringLiteral("now/d"), now)->display, QStringLiteral("Today"));
        QVERIFY(!describeTextRange(QStringLiteral("soon"), now));
        const Panel bad = loadPanel(R"({"type":"stat","timeFrom":"soon"})");
        QVERIFY(panelTime(bad, day, true, {}).invalid);
        QCOMPARE(panelTime(bad, day, true, {}).range, day);
    }

    void intervalFactorMultipliesTheStep()
    {
        const Panel panel = loadPanel(R"({"type":"timeseries","interval":"30s","targets":[
            {"refId":"A","expr":"up"},{"refId":"B","expr":"up","intervalFactor":10},{"refId":"C","expr":"up","hide":true}]})");
        const TimeRange hour{0, 3'600'000};
        const std::vector<PlannedQuery> q = planPanelQueries(panel, hour, 1000, {}, {});
        QCOMPARE(q.size(), size_t(2));               // the hidden target is not sent
        QCOMPARE(q[0].stepMs, std::int64_t(30'000)); // 3.6 s by width, 30 s minimum
        QCOMPARE(q[1].stepMs, std::int64_t(36'000)); // 3.6 s times 10, above the minimum
    }
};

QTEST_MAIN(TestSeriesPlot)
#include "tst_series_plot.moc"
