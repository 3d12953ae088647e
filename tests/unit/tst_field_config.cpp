// The field configuration model: every override matcher, every property (standard and `custom.*`),
// the display processor (mappings, thresholds, colour modes, no value), and the legacy `graph` and
// `singlestat` migrations, checked on the configuration each series ends up with.
#include "dashboard/DashboardLoader.h"
#include "dashboard/FieldDisplay.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <cmath>

using namespace promdeck;

namespace {

// One panel from inline JSON (the `panels[0]` object), loaded the way a file is.
Panel loadPanel(const QByteArray &panelJson, std::vector<Error> *diagnostics = nullptr)
{
    const QByteArray file = "{\"title\":\"t\",\"panels\":[" + panelJson + "]}";
    DashboardLoadResult r = loadDashboard(file, QStringLiteral("t.json"));
    if (diagnostics)
        *diagnostics = r.diagnostics;
    if (!r.ok())
        qFatal("the test dashboard does not load: %s", qPrintable(r.diagnostics.front().toString()));
    return r.dashboard->panels.front();
}

FieldInfo series(const QString &name, const QString &refId = QStringLiteral("A"),
                 std::vector<Label> labels = {}, std::span<const double> values = {}, int index = 0)
{
    FieldInfo f;
    f.name = name;
    f.refId = refId;
    f.labels = LabelSet::fromLabels(std::move(labels));
    f.values = values;
    f.index = index;
    return f;
}

FieldMatcher matcher(const char *json)
{
    QString why;
    const FieldMatcher m = parseFieldMatcher(QJsonDocument::fromJson(json).object(), &why);
    if (!why.isEmpty())
        qWarning() << why;
    return m;
}

FieldProperty prop(const QString &id, const char *json)
{
    // Wrapped in an array so that bare numbers and strings parse too.
    return {id, QJsonDocument::fromJson(QByteArray("[") + json + "]").array().at(0)};
}

} // namespace

class TestFieldConfig : public QObject
{
    Q_OBJECT
private slots:
    void matchers()
    {
        const double values[] = {1, 5, 9};
        const FieldInfo cpu = series(QStringLiteral("cpu usage"), QStringLiteral("B"),
                                     {{QStringLiteral("instance"), QStringLiteral("a:1")}}, values);
        QVERIFY(matcher(R"({"id":"byName","options":"cpu usage"})").matches(cpu));
        QVERIFY(!matcher(R"({"id":"byName","options":"cpu"})").matches(cpu));
        // A bare regex is anchored at both ends, as Grafana's stringToJsRegex does; /.../ is not.
        QVERIFY(!matcher(R"({"id":"byRegexp","options":"cpu"})").matches(cpu));
        QVERIFY(matcher(R"({"id":"byRegexp","options":"cpu.*"})").matches(cpu));
        QVERIFY(matcher(R"({"id":"byRegexp","options":"/CPU/i"})").matches(cpu));
        QVERIFY(!matcher(R"({"id":"byRegexp","options":"/CPU/"})").matches(cpu));
        QVERIFY(matcher(R"({"id":"byFrameRefID","options":"B"})").matches(cpu));
        QVERIFY(!matcher(R"({"id":"byFrameRefID","options":"A"})").matches(cpu));
        QVERIFY(matcher(R"({"id":"byType","options":"number"})").matches(cpu));
        QVERIFY(!matcher(R"({"id":"byType","options":"string"})").matches(cpu));
        QVERIFY(matcher(R"({"id":"byNames","options":{"mode":"include","names":["x","cpu usage"]}})")
                    .matches(cpu));
        QVERIFY(
            !matcher(R"({"id":"byNames","options":{"mode":"exclude","names":["cpu usage"]}})").matches(cpu));
        QVERIFY(matcher(R"({"id":"byRegexpOrNames","options":{"pattern":"cpu.*","names":[]}})").matches(cpu));
        QVERIFY(matcher(R"({"id":"byRegexpOrNames","options":{"pattern":"","names":["cpu usage"]}})")
                    .matches(cpu));
        // byValue: the reducer over the values, compared with the value: mean 5, max 9.
        QVERIFY(matcher(R"({"id":"byValue","options":{"reducer":"mean","op":"eq","value":5}})").matches(cpu));
        QVERIFY(
            matcher(R"({"id":"byValue","options":{"reducer":"mean","op":"neq","value":4}})").matches(cpu));
        QVERIFY(matcher(R"({"id":"byValue","options":{"reducer":"max","op":"gt","value":8}})").matches(cpu));
        QVERIFY(!matcher(R"({"id":"byValue","options":{"reducer":"max","op":"gt","value":9}})").matches(cpu));
        QVERIFY(matcher(R"({"id":"byValue","options":{"reducer":"max","op":"gte","value":9}})").matches(cpu));
        QVERIFY(matcher(R"({"id":"byValue","options":{"reducer":"min","op":"lt","value":2}})").matches(cpu));
        QVERIFY(matcher(R"({"id":"byValue","options":{"reducer":"min","op":"lte","value":1}})").matches(cpu));
        QVERIFY(!matcher(R"({"id":"byValue","options":{"reducer":"lastNotNull","op":"lt","value":9}})")
                     .matches(cpu));
        // Unknown ids and bad options match nothing and say why.
        QString why;
        const FieldMatcher unknown =
            parseFieldMatcher(QJsonDocument::fromJson(R"({"id":"byMagic"})").object(), &why);
        QCOMPARE(unknown.kind, FieldMatcher::Kind::Unknown);
        QVERIFY(why.contains(QStringLiteral("byMagic")));
        QVERIFY(!unknown.matches(cpu));
        why.clear();
        // (moc cannot read an unbalanced bracket in a raw string; hence the escapes)
        parseFieldMatcher(QJsonDocument::fromJson("{\"id\":\"byRegexp\",\"options\":\"/(/\"}").object(),
                          &why);
        QVERIFY(why.contains(QStringLiteral("regex")));
    }

    void standardProperties()
    {
        FieldConfig c;
        QVERIFY(applyFieldProperty(c, prop(QStringLiteral("unit"), "\"bytes\"")).isEmpty());
        QCOMPARE(c.unit, QStringLiteral("bytes"));
        QVERIFY(applyFieldProperty(c, prop(QStringLiteral("decimals"), "2")).isEmpty());
        QCOMPARE(c.decimals, 2);
        QVERIFY(applyFieldProperty(c, prop(QStringLiteral("decimals"), "null")).isEmpty());
        QVERIFY(!c.decimals);
        QVERIFY(applyFieldProperty(c, prop(QStringLiteral("min"), "\"5\"")).isEmpty()); // numbers as strings
        QCOMPARE(c.min, 5.0);
        QVERIFY(applyFieldProperty(c, prop(QStringLiteral("max"), "1")).isEmpty());
        QCOMPARE(resolveFieldConfig(c, {}, series(QStringLiteral("x"))).min, 1.0); // swapped, as Grafana does
        QVERIFY(applyFieldProperty(c, prop(QStringLiteral("noValue"), "\"N/A\"")).isEmpty());
        QCOMPARE(c.noValue, QStringLiteral("N/A"));
        QVERIFY(applyFieldProperty(c, prop(QStringLiteral("links"), R"([{"title":"t","url":"/d/x"}])"))
                    .isEmpty());
        QCOMPARE(c.links.size(), size_t(1));
        QVERIFY(!applyFieldProperty(c, prop(QStringLiteral("decimals"), "\"many\"")).isEmpty());
        QVERIFY(!applyFieldProperty(c, prop(QStringLiteral("nonsense"), "1")).isEmpty());
        QVERIFY(applyFieldProperty(c, prop(QStringLiteral("description"), "\"known\"")).isEmpty());
    }

    void colorAndThresholds()
    {
        FieldConfig c;
        QVERIFY(applyFieldProperty(
                    c, prop(QStringLiteral("color"), R"({"mode":"fixed","fixedColor":"semi-dark-red"})"))
                    .isEmpty());
        QCOMPARE(c.color.mode, QStringLiteral("fixed"));
        QVERIFY(
            applyFieldProperty(c, prop(QStringLiteral("color"), "\"#112233\"")).isEmpty()); // Grafana 6 form
        QCOMPARE(c.color.fixedColor, QStringLiteral("#112233"));
        QVERIFY(!applyFieldProperty(c, prop(QStringLiteral("color"), R"({"mode":"rainbow"})")).isEmpty());
        QVERIFY(
            applyFieldProperty(c, prop(QStringLiteral("color"), R"({"mode":"thresholds","seriesBy":"max"})"))
                .isEmpty());
        QCOMPARE(c.color.seriesBy, Reducer::Max);
        QVERIFY(applyFieldProperty(c, prop(QStringLiteral("thresholds"),
                                           R"({"mode":"absolute","steps":[{"color":"red","value":80},
                                               {"color":"green","value":null},{"color":"orange","value":50}]})"))
                    .isEmpty());
        QCOMPARE(c.thresholds.size(), size_t(3)); // sorted, base first
        QCOMPARE(c.activeThreshold(10).color, QStringLiteral("green"));
        QCOMPARE(c.activeThreshold(50).color, QStringLiteral("orange"));
        QCOMPARE(c.activeThreshold(81).color, QStringLiteral("red"));
        // Percentage steps sit in the field's range: 50% of 0..200 is 100.
        QVERIFY(applyFieldProperty(c, prop(QStringLiteral("thresholds"),
                                           R"({"mode":"percentage","steps":[{"color":"green","value":null},
                                               {"color":"red","value":50}]})"))
                    .isEmpty());
        QCOMPARE(c.activeThreshold(99, 0, 200).color, QStringLiteral("green"));
        QCOMPARE(c.activeThreshold(100, 0, 200).color, QStringLiteral("red"));
        // None written: Grafana's default, green then red from 80.
        FieldConfig none;
        QCOMPARE(none.activeThreshold(79).color, QStringLiteral("green"));
        QCOMPARE(none.activeThreshold(80).color, QStringLiteral("red"));
        QVERIFY(none.thresholds.empty()); // what the file says stays apart (panel alerts read it)
    }

    void colorModes()
    {
        const double values[] = {10, 20, 95};
        FieldConfig c;
        auto colorOf = [&](int index, const QString &name = QStringLiteral("s")) {
            FieldInfo f = series(name, QStringLiteral("A"), {}, values, index);
            return FieldDisplay(c, f, fieldRange(c, values)).seriesColor().hex();
        };
        c.color.mode = QStringLiteral("palette-classic");
        QCOMPARE(colorOf(0), QStringLiteral("#73bf69")); // green
        QCOMPARE(colorOf(1), QStringLiteral("#fade2a")); // yellow
        QCOMPARE(colorOf(2), QStringLiteral("#5794f2")); // blue
        c.color.mode = QStringLiteral("palette-classic-by-name");
        QCOMPARE(colorOf(0, QStringLiteral("api")), colorOf(7, QStringLiteral("api"))); // the name decides
        c.color = {QStringLiteral("fixed"), QStringLiteral("purple"), Reducer::Last};
        QCOMPARE(colorOf(3), QStringLiteral("#b877d9"));
        c.color = {QStringLiteral("shades"), QStringLiteral("blue"), Reducer::Last};
        QCOMPARE(colorOf(0), QStringLiteral("#5794f2"));
        QVERIFY(colorOf(1) != colorOf(0));
        // By value: the last value (95) against the default thresholds is red; by min (10) green.
        c.color = {QStringLiteral("thresholds"), {}, Reducer::Last};
        QCOMPARE(colorOf(0), QStringLiteral("#f2495c"));
        c.color.seriesBy = Reducer::Min;
        QCOMPARE(colorOf(0), QStringLiteral("#73bf69"));
        // A continuous scheme: green at the bottom of the range, red at the top.
        c.color = {QStringLiteral("continuous-GrYlRd"), {}, Reducer::Last};
        c.min = 0;
        c.max = 100;
        FieldInfo f = series(QStringLiteral("s"), QStringLiteral("A"), {}, values);
        const FieldDisplay d(c, f, fieldRange(c, values));
        QCOMPARE(d.display(0.0).color.hex(), QStringLiteral("#73bf69"));
        QCOMPARE(d.display(100.0).color.hex(), QStringLiteral("#f2495c"));
        QCOMPARE(d.display(50.0).color.hex(), QStringLiteral("#fade2a"));
    }

    void mappingsDisplay()
    {
        FieldConfig c;
        QVERIFY(applyFieldProperty(c, prop(QStringLiteral("mappings"), R"([
            {"type":"value","options":{"1":{"text":"UP","color":"green"},"0":{"text":"DOWN","color":"red"},
                                       "0.5":{"text":"half"}}},
            {"type":"range","options":{"from":10,"to":20,"result":{"text":"teens","color":"blue"}}},
            {"type":"range","options":{"from":100,"to":null,"result":{"text":"big"}}},
            {"type":"regex","options":{"pattern":"/ip-(\\d+)/","result":{"text":"host $1"}}},
            {"type":"special","options":{"match":"null","result":{"text":"no data","color":"gray"}}},
            {"type":"special","options":{"match":"nan","result":{"text":"not a number"}}},
            {"type":"special","options":{"match":"true","result":{"text":"yes"}}},
            {"type":"special","options":{"match":"false","result":{"text":"no"}}},
            {"type":"special","options":{"match":"empty","result":{"text":"[empty]"}}}
        ])"))
                    .isEmpty());
        QCOMPARE(c.mappings.size(), size_t(11));
        const FieldDisplay d(c, series(QStringLiteral("up")), {0, 1});
        QCOMPARE(d.display(1.0).text, QStringLiteral("UP"));
        QCOMPARE(d.display(1.0).color.hex(), QStringLiteral("#73bf69"));
        QCOMPARE(d.display(0.0).color.hex(), QStringLiteral("#f2495c"));
        QCOMPARE(d.display(0.5).text, QStringLiteral("half")); // as JavaScript writes 0.5
        QCOMPARE(d.display(15.0).text, QStringLiteral("teens"));
        QCOMPARE(d.display(1e6).text, QStringLiteral("big")); // an open end
        QCOMPARE(d.display(std::nullopt).text, QStringLiteral("no data"));
        QCOMPARE(d.display(std::nullopt).color.hex(), QStringLiteral("#808080"));
        QCOMPARE(d.display(double(NAN)).text, QStringLiteral("not a number"));
        QCOMPARE(d.display(u"ip-42").text, QStringLiteral("host 42"));
        QCOMPARE(d.display(u"true").text, QStringLiteral("yes"));
        QCOMPARE(d.display(u"false").text, QStringLiteral("no"));
        QCOMPARE(d.display(u"").text, QStringLiteral("[empty]"));
        QVERIFY(d.display(2.0).text != u"UP"); // unmapped: formatted
        // The Grafana 7 form is read too.
        FieldConfig old;
        QVERIFY(applyFieldProperty(old, prop(QStringLiteral("mappings"),
                                             R"([{"id":0,"type":1,"value":"1","text":"on"},
                                                  {"id":1,"type":2,"from":"2","to":"5","text":"few"},
                                                  {"id":2,"type":1,"value":"null","text":"gone"}])"))
                    .isEmpty());
        QCOMPARE(old.mappingFor(1.0)->text, QStringLiteral("on"));
        QCOMPARE(old.mappingFor(3.0)->text, QStringLiteral("few"));
        QCOMPARE(old.mappingFor(std::nullopt)->text, QStringLiteral("gone"));
    }

    void displayValues()
    {
        FieldConfig c;
        c.unit = QStringLiteral("percentunit");
        c.decimals = 1;
        const FieldDisplay d(c, series(QStringLiteral("ratio")), {0, 1});
        const DisplayValue v = d.display(0.25);
        QCOMPARE(v.text, QStringLiteral("25.0"));
        QCOMPARE(v.suffix, QStringLiteral("%"));
        QCOMPARE(v.percent, 0.25);
        QCOMPARE(v.color.hex(), QStringLiteral("#73bf69"));
        c.noValue = QStringLiteral("nothing");
        QCOMPARE(FieldDisplay(c, series(QStringLiteral("r")), {0, 1}).display(std::nullopt).text,
                 QStringLiteral("nothing"));
        // Time, string and boolean fields get Grafana's default units.
        FieldInfo time = series(QStringLiteral("Time"));
        time.type = FieldType::Time;
        QCOMPARE(FieldDisplay(FieldConfig{}, time, {}, {0, true}).display(1278028800000.0).text,
                 QStringLiteral("2010-07-02 00:00:00"));
        FieldInfo flag = series(QStringLiteral("ok"));
        flag.type = FieldType::Boolean;
        QCOMPARE(FieldDisplay(FieldConfig{}, flag, {}).display(1.0).text, QStringLiteral("True"));
    }

    void customProperties()
    {
        FieldConfig c;
        const std::pair<const char *, const char *> props[] = {
            {"custom.drawStyle", "\"bars\""},
            {"custom.lineInterpolation", "\"stepBefore\""},
            {"custom.lineWidth", "3"},
            {"custom.lineStyle", R"({"fill":"dash","dash":[10,5]})"},
            {"custom.fillOpacity", "25"},
            {"custom.gradientMode", "\"hue\""},
            {"custom.showPoints", "\"always\""},
            {"custom.pointSize", "7"},
            {"custom.spanNulls", "60000"},
            {"custom.stacking", R"({"mode":"percent","group":"B"})"},
            {"custom.axisPlacement", "\"right\""},
            {"custom.axisLabel", "\"req/s\""},
            {"custom.axisSoftMin", "0"},
            {"custom.axisSoftMax", "100"},
            {"custom.scaleDistribution", R"({"type":"log","log":10})"},
            {"custom.transform", "\"negative-Y\""},
            {"custom.thresholdsStyle", R"({"mode":"dashed+area"})"},
            {"custom.hideFrom", R"({"legend":true,"tooltip":false,"graph":true})"},
            {"custom.width", "120"},
        };
        for (const auto &[id, value] : props)
            QVERIFY2(applyFieldProperty(c, prop(QString::fromLatin1(id), value)).isEmpty(), id);
        const GraphFieldConfig &g = c.custom;
        using G = GraphFieldConfig;
        QCOMPARE(g.drawStyle, G::DrawStyle::Bars);
        QCOMPARE(g.lineInterpolation, G::Interpolation::StepBefore);
        QCOMPARE(g.lineWidth, 3.0);
        QCOMPARE(g.lineStyle, G::LineFill::Dash);
        QCOMPARE(g.dash, (std::vector<double>{10, 5}));
        QCOMPARE(g.fillOpacity, 25.0);
        QCOMPARE(g.gradientMode, G::Gradient::Hue);
        QCOMPARE(g.showPoints, G::Points::Always);
        QCOMPARE(g.pointSize, 7.0);
        QVERIFY(!g.spanNulls);
        QCOMPARE(g.spanNullsMs, 60000.0);
        QCOMPARE(g.stacking, G::Stacking::Percent);
        QCOMPARE(g.stackGroup, QStringLiteral("B"));
        QCOMPARE(g.axisPlacement, G::Axis::Right);
        QCOMPARE(g.axisLabel, QStringLiteral("req/s"));
        QCOMPARE(g.axisSoftMin, 0.0);
        QCOMPARE(g.axisSoftMax, 100.0);
        QCOMPARE(g.logBase, 10);
        QCOMPARE(g.transform, G::Transform::NegativeY);
        QCOMPARE(g.thresholdsStyle, G::ThresholdsStyle::DashedAndArea);
        QVERIFY(g.hideFromLegend && !g.hideFromTooltip && g.hideFromViz); // `graph` is the old `viz`
        QCOMPARE(c.customRaw.value(QLatin1String("width")).toInt(), 120); // kept raw for tables
        // Bad values are refused with a reason and change nothing; null resets to the default.
        QVERIFY(applyFieldProperty(c, prop(QStringLiteral("custom.drawStyle"), "\"wiggly\""))
                    .contains(u"wiggly"));
        QCOMPARE(c.custom.drawStyle, G::DrawStyle::Bars);
        QVERIFY(!applyFieldProperty(
                     c, prop(QStringLiteral("custom.scaleDistribution"), R"({"type":"log","log":3})"))
                     .isEmpty());
        QVERIFY(applyFieldProperty(c, prop(QStringLiteral("custom.spanNulls"), "true")).isEmpty());
        QVERIFY(c.custom.spanNulls && !c.custom.spanNullsMs);
        QVERIFY(applyFieldProperty(c, prop(QStringLiteral("custom.lineWidth"), "null")).isEmpty());
        QCOMPARE(c.custom.lineWidth, 1.0);
    }

    void overridesResolvePerField()
    {
        const Panel p = loadPanel(R"({"id":1,"type":"timeseries","title":"x",
          "fieldConfig":{"defaults":{"unit":"short","custom":{"lineWidth":2}},
            "overrides":[
              {"matcher":{"id":"byName","options":"errors"},
               "properties":[{"id":"unit","value":"percentunit"},{"id":"custom.axisPlacement","value":"right"},
                             {"id":"color","value":{"mode":"fixed","fixedColor":"red"}}]},
              {"matcher":{"id":"byRegexp","options":"/err/"},
               "properties":[{"id":"custom.lineWidth","value":5}]},
              {"matcher":{"id":"byFrameRefID","options":"B"},
               "properties":[{"id":"displayName","value":"${__field.labels.instance} [${__field.name}]"}]},
              {"matcher":{"id":"byName","options":"errors"},
               "properties":[{"id":"unit","value":"percent"}]}
            ]}})");
        QCOMPARE(p.overrides.size(), size_t(4));
        const FieldConfig plain = p.resolveField(series(QStringLiteral("requests")));
        QCOMPARE(plain.unit, QStringLiteral("short"));
        QCOMPARE(plain.custom.lineWidth, 2.0);
        QCOMPARE(plain.color.mode, QStringLiteral("palette-classic")); // the time series' default
        const FieldConfig errors = p.resolveField(series(QStringLiteral("errors")));
        QCOMPARE(errors.unit, QStringLiteral("percent")); // the later override wins
        QCOMPARE(errors.custom.axisPlacement, GraphFieldConfig::Axis::Right);
        QCOMPARE(errors.custom.lineWidth, 5.0);
        QCOMPARE(errors.color.fixedColor, QStringLiteral("red"));
        const FieldInfo b = series(QStringLiteral("latency"), QStringLiteral("B"),
                                   {{QStringLiteral("instance"), QStringLiteral("db:5432")}});
        const FieldConfig named = p.resolveField(b);
        QCOMPARE(fieldDisplayName(named, b), QStringLiteral("db:5432 [latency]"));
        QCOMPARE(fieldDisplayName(plain, series(QStringLiteral("requests"))), QStringLiteral("requests"));
        // Dashboard variables are written in after the field's own placeholders.
        FieldConfig withVariable;
        withVariable.displayName = QStringLiteral("$cluster ${__field.labels}");
        QCOMPARE(fieldDisplayName(withVariable, b,
                                  [](const QString &t) {
                                      return QString(t).replace(QStringLiteral("$cluster"),
                                                                QStringLiteral("prod"));
                                  }),
                 QStringLiteral("prod {instance=\"db:5432\"}"));
    }

    void badOverridesAreNamed()
    {
        std::vector<Error> diagnostics;
        const Panel p =
            loadPanel(R"({"id":1,"type":"timeseries","fieldConfig":{"defaults":{"decimals":"lots"},
            "overrides":[{"matcher":{"id":"byColour","options":"x"},"properties":[]},
                         {"matcher":{"id":"byName","options":"x"},"properties":[{"id":"custom.drawStyle","value":"zigzag"}]}]}})",
                      &diagnostics);
        QCOMPARE(diagnostics.size(), size_t(3));
        std::sort(diagnostics.begin(), diagnostics.end(),
                  [](const Error &a, const Error &b) { return a.location.line < b.location.line; });
        for (size_t i = 0; i < diagnostics.size(); ++i) {
            QVERIFY(diagnostics[i].isWarning());
            QCOMPARE(diagnostics[i].location.line, int(i) + 1); // each where its value is written
            QVERIFY(diagnostics[i].location.column > 1);
        }
        QVERIFY(diagnostics[0].message().contains(u"decimals"));
        QVERIFY(diagnostics[1].message().contains(u"byColour"));
        QVERIFY(diagnostics[2].message().contains(u"zigzag"));
        QVERIFY(p.overrides[1].properties.empty());
    }

    void reducers()
    {
        const double v[] = {5, 2, NAN, 3, 3};
        const std::int64_t t[] = {0, 1000, 2000, 4000, 5000};
        QCOMPARE(*reduce(v, Reducer::LastNotNull), 3.0);
        QCOMPARE(*reduce(v, Reducer::FirstNotNull), 5.0);
        QCOMPARE(*reduce(v, Reducer::Mean), 13.0 / 4);
        QCOMPARE(*reduce(v, Reducer::Sum), 13.0);
        QCOMPARE(*reduce(v, Reducer::Count), 5.0);
        QCOMPARE(*reduce(v, Reducer::Range), 3.0);
        QCOMPARE(*reduce(v, Reducer::Diff), -2.0);
        QCOMPARE(*reduce(v, Reducer::DiffPercent), -0.4);
        QCOMPARE(*reduce(v, Reducer::ChangeCount), 3.0);
        QCOMPARE(*reduce(v, Reducer::DistinctCount), 4.0); // 5, 2, 3 and the missing one
        QCOMPARE(*reduce(v, Reducer::Median), 3.0);
        QCOMPARE(*reduce(v, Reducer::Step, t), 1000.0);
        QCOMPARE(*reduce(v, Reducer::AllIsZero), 0.0);
        QCOMPARE(*reduce(v, Reducer::LogMin), 2.0);
        QCOMPARE(*reduce(v, Reducer::StdDev),
                 std::sqrt((3.0625 + 1.5625 + 0.0625 + 0.0625) / 4)); // mean 3.25
        // Grafana's delta: a drop is a counter reset; the next sample counts whole.
        const double counter[] = {5, 3, 1, 2, 4};
        QCOMPARE(*reduce(counter, Reducer::Delta), 4.0);
        const double empty[] = {NAN};
        QVERIFY(!reduce(empty, Reducer::Mean));
        QCOMPARE(*reduce(empty, Reducer::AllIsNull), 1.0);
        QCOMPARE(reducerById(u"current"), Reducer::LastNotNull);
        QCOMPARE(reducerById(u"avg"), Reducer::Mean);
        QCOMPARE(reducerById(u"total"), Reducer::Sum);
        QVERIFY(!reducerById(u"p99"));
        QCOMPARE(reducerDisplayName(Reducer::LastNotNull), QStringLiteral("Last *"));
        QCOMPARE(reducerDisplayName(Reducer::Sum), QStringLiteral("Total"));
    }

    // The legacy graph panel, option by option, as Grafana's flotToGraphOptions migrates it.
    void legacyGraph()
    {
        const Panel p = loadPanel(R"({"id":3,"type":"graph","title":"legacy",
          "lines":true,"bars":false,"points":true,"pointradius":2,"fill":3,"linewidth":2,"steppedLine":true,
          "stack":true,"percentage":true,"nullPointMode":"null as zero","decimals":3,
          "dashes":true,"dashLength":6,"spaceLength":4,
          "yaxes":[{"format":"bytes","min":"0","max":null,"logBase":10,"label":"memory","show":true},
                   {"format":"percentunit","min":0,"max":1,"logBase":1,"show":true}],
          "aliasColors":{"free":"light-green","used":""},
          "thresholds":[{"value":80,"op":"gt","colorMode":"critical","fill":true,"line":true},
                        {"value":50,"op":"gt","colorMode":"warning","fill":false,"line":true}],
          "seriesOverrides":[
            {"alias":"/ratio.*/","yaxis":2,"lines":false,"bars":true,"color":"dark-blue"},
            {"alias":"sent","transform":"negative-Y","stack":"B","legend":false,"fill":0,"linewidth":4,
             "dashes":false,"zindex":3,"nullPointMode":"connected","steppedLine":false,"points":false},
            {"alias":"hidden tip","hideTooltip":true}],
          "hiddenSeries":{"noise":true},
          "legend":{"alignAsTable":true,"avg":true,"current":true,"max":false,"min":true,"rightSide":true,
                    "show":true,"total":false,"values":true,"sideWidth":250,"hideEmpty":true,"hideZero":true,
                    "sort":"current","sortDesc":true},
          "tooltip":{"shared":true,"sort":2,"value_type":"individual"},
          "targets":[{"expr":"up","refId":"A"}]})");
        QCOMPARE(p.kind, PanelKind::TimeSeries);
        const FieldConfig d = p.fieldConfig;
        using G = GraphFieldConfig;
        QCOMPARE(d.unit, QStringLiteral("bytes"));
        QCOMPARE(d.min, 0.0);
        QVERIFY(!d.max);
        QCOMPARE(d.decimals, 3); // the panel's decimals, the axis having none
        QCOMPARE(d.custom.logBase, 10);
        QCOMPARE(d.custom.axisLabel, QStringLiteral("memory"));
        QCOMPARE(d.custom.axisPlacement, G::Axis::Auto);
        QCOMPARE(d.custom.drawStyle, G::DrawStyle::Line);
        QCOMPARE(d.custom.showPoints, G::Points::Always);
        QCOMPARE(d.custom.pointSize, 6.0);
        QCOMPARE(d.custom.fillOpacity, 30.0);
        QCOMPARE(d.custom.lineWidth, 2.0);
        QCOMPARE(d.custom.lineInterpolation, G::Interpolation::StepAfter);
        QCOMPARE(d.custom.stacking, G::Stacking::Percent);
        QVERIFY(d.custom.nullAsZero);
        QVERIFY(!d.custom.spanNulls);
        QCOMPARE(d.custom.lineStyle, G::LineFill::Dash);
        QCOMPARE(d.custom.dash, (std::vector<double>{6, 4}));
        // Thresholds: gt steps over a transparent base; line and area.
        QCOMPARE(d.thresholds.size(), size_t(3));
        QCOMPARE(d.thresholds[0].color, QStringLiteral("transparent"));
        QCOMPARE(d.thresholds[1].value, 50.0);
        QCOMPARE(d.thresholds[1].color, QStringLiteral("orange"));
        QCOMPARE(d.thresholds[2].color, QStringLiteral("red"));
        QCOMPARE(d.custom.thresholdsStyle, G::ThresholdsStyle::LineAndArea);
        // aliasColors (the empty one skipped), seriesOverrides, hiddenSeries.
        const FieldConfig free = p.resolveField(series(QStringLiteral("free")));
        QCOMPARE(free.color.mode, QStringLiteral("fixed"));
        QCOMPARE(free.color.fixedColor, QStringLiteral("light-green"));
        QCOMPARE(p.resolveField(series(QStringLiteral("used"))).color.mode,
                 QStringLiteral("palette-classic"));
        const FieldConfig ratio = p.resolveField(series(QStringLiteral("ratio errors")));
        QCOMPARE(ratio.unit, QStringLiteral("percentunit"));
        QCOMPARE(ratio.max, 1.0);
        QCOMPARE(ratio.custom.logBase, 0); // y2 is linear
        QCOMPARE(ratio.custom.axisPlacement, G::Axis::Right);
        QCOMPARE(ratio.custom.drawStyle, G::DrawStyle::Bars);
        QCOMPARE(ratio.custom.fillOpacity, 100.0);
        QCOMPARE(ratio.custom.lineWidth, 0.0);
        QCOMPARE(ratio.color.fixedColor, QStringLiteral("dark-blue"));
        const FieldConfig sent = p.resolveField(series(QStringLiteral("sent")));
        QCOMPARE(sent.custom.transform, G::Transform::NegativeY);
        QCOMPARE(sent.custom.stacking, G::Stacking::Normal);
        QCOMPARE(sent.custom.stackGroup, QStringLiteral("B"));
        QVERIFY(sent.custom.hideFromLegend && !sent.custom.hideFromViz);
        QCOMPARE(sent.custom.fillOpacity, 0.0);
        QCOMPARE(sent.custom.lineWidth, 4.0);
        QCOMPARE(sent.custom.lineStyle, G::LineFill::Solid);
        QCOMPARE(sent.custom.zIndex, 3);
        QVERIFY(sent.custom.spanNulls && !sent.custom.nullAsZero);
        QCOMPARE(sent.custom.lineInterpolation, G::Interpolation::Linear);
        QCOMPARE(sent.custom.showPoints, G::Points::Never);
        QVERIFY(p.resolveField(series(QStringLiteral("hidden tip"))).custom.hideFromTooltip);
        QVERIFY(p.resolveField(series(QStringLiteral("noise"))).custom.hideFromViz);
        // Legend and tooltip.
        QVERIFY(p.legend.show);
        QCOMPARE(p.legend.mode, LegendOptions::Mode::Table);
        QCOMPARE(p.legend.placement, LegendOptions::Placement::Right);
        QCOMPARE(p.legend.width, 250);
        QCOMPARE(p.legend.calcs, (std::vector<Reducer>{Reducer::Mean, Reducer::LastNotNull, Reducer::Min}));
        QVERIFY(p.legend.hideEmpty && p.legend.hideZero);
        QCOMPARE(p.legend.sortBy, QStringLiteral("Last *"));
        QVERIFY(p.legend.sortDesc);
        QCOMPARE(p.tooltip.mode, TooltipOptions::Mode::All);
        QCOMPARE(p.tooltip.sort, TooltipOptions::Sort::Descending);
    }

    void legacyGraphDefaults()
    {
        // Bars alone; points alone; lt thresholds; no legend; nullPointMode connected.
        const Panel bars =
            loadPanel(R"({"id":1,"type":"graph","bars":true,"lines":false,"nullPointMode":"connected",
            "legend":{"show":false},"tooltip":{"shared":false,"sort":2},
            "thresholds":[{"value":10,"op":"lt","colorMode":"custom","fillColor":"light-blue","fill":true,"line":false}]})");
        QCOMPARE(bars.fieldConfig.custom.drawStyle, GraphFieldConfig::DrawStyle::Bars);
        QCOMPARE(bars.fieldConfig.custom.fillOpacity, 100.0);
        QVERIFY(bars.fieldConfig.custom.spanNulls);
        QVERIFY(!bars.legend.show);
        QCOMPARE(bars.tooltip.mode, TooltipOptions::Mode::Single);
        QCOMPARE(bars.tooltip.sort, TooltipOptions::Sort::None); // sort only counts when shared
        QCOMPARE(bars.fieldConfig.thresholds.size(), size_t(2));
        QCOMPARE(bars.fieldConfig.thresholds[0].color, QStringLiteral("light-blue"));
        QCOMPARE(bars.fieldConfig.thresholds[1].color, QStringLiteral("transparent"));
        QCOMPARE(bars.fieldConfig.custom.thresholdsStyle, GraphFieldConfig::ThresholdsStyle::Area);
        const Panel points =
            loadPanel(R"({"id":1,"type":"graph","lines":false,"points":false,"stack":true})");
        QCOMPARE(points.fieldConfig.custom.drawStyle, GraphFieldConfig::DrawStyle::Points);
        QCOMPARE(points.fieldConfig.custom.stacking, GraphFieldConfig::Stacking::Normal);
        QCOMPARE(points.fieldConfig.custom.stackGroup, QStringLiteral("A"));
    }

    // The legacy singlestat, as Grafana's sharedSingleStatPanelChangedHandler and
    // statPanelChangedHandler migrate it.
    void legacySinglestat()
    {
        const Panel p = loadPanel(R"js({"id":2,"type":"singlestat","title":"Up",
          "format":"percentunit","decimals":1,"valueName":"max","nullText":"none","prefix":"~","postfix":" now",
          "thresholds":"0.5,0.9","colors":["rgba(41, 156, 70, 0.97)","rgba(237, 129, 40, 0.89)","rgba(212, 74, 58, 1)"],
          "colorBackground":true,"sparkline":{"show":true,"lineColor":"rgb(31, 120, 193)"},
          "mappingType":1,"valueMaps":[{"op":"=","text":"DOWN","value":"0"},{"op":"=","text":"0.95","value":"1"},
                                       {"op":"=","text":"missing","value":"null"}],
          "rangeMaps":[{"from":"1","to":"2","text":"ignored: mappingType is 1"}],
          "targets":[{"expr":"up","refId":"A"}]})js");
        QCOMPARE(p.kind, PanelKind::Stat);
        QCOMPARE(p.reduceOptions.calcs, std::vector<Reducer>{Reducer::Max});
        QCOMPARE(p.fieldConfig.unit, QStringLiteral("percentunit"));
        QCOMPARE(p.fieldConfig.decimals, 1);
        QCOMPARE(p.fieldConfig.noValue, QStringLiteral("none"));
        QCOMPARE(p.fieldConfig.thresholds.size(), size_t(3));
        QCOMPARE(p.fieldConfig.thresholds[1].value, 0.5);
        QCOMPARE(p.fieldConfig.thresholds[2].color, QStringLiteral("rgba(212, 74, 58, 1)"));
        QCOMPARE(p.stat.colorMode, StatOptions::ColorMode::Background);
        QCOMPARE(p.stat.graphMode, StatOptions::GraphMode::Area);
        QCOMPARE(p.stat.orientation, StatOptions::Orientation::Horizontal);
        QCOMPARE(p.stat.prefix, QStringLiteral("~"));
        QCOMPARE(p.stat.postfix, QStringLiteral(" now"));
        QCOMPARE(p.fieldConfig.mappings.size(), size_t(3));
        QCOMPARE(p.fieldConfig.mappingFor(0.0)->text, QStringLiteral("DOWN"));
        // A mapped text that reads as a number takes that number's threshold colour.
        QCOMPARE(p.fieldConfig.mappingFor(1.0)->color, QStringLiteral("rgba(212, 74, 58, 1)"));
        QCOMPARE(p.fieldConfig.mappingFor(std::nullopt)->text, QStringLiteral("missing"));
        const FieldDisplay d(p.fieldConfig, series(QStringLiteral("up")), {0, 1});
        QCOMPARE(d.display(0.7).toString(), QStringLiteral("70.0%"));
        QCOMPARE(d.display(0.7).color.hex(), QStringLiteral("#ed8128"));
    }

    void legacySinglestatVariants()
    {
        // rangeMaps with a null end; a gauge; colour by value; valueName "name"; an unknown valueName.
        const Panel range = loadPanel(R"({"id":1,"type":"singlestat","valueName":"current","colorValue":true,
            "rangeMaps":[{"from":"null","to":"null","text":"N/A"},{"from":"0","to":"10","text":"low"}]})");
        QCOMPARE(range.reduceOptions.calcs, std::vector<Reducer>{Reducer::LastNotNull});
        QCOMPARE(range.stat.colorMode, StatOptions::ColorMode::Value);
        QCOMPARE(range.stat.graphMode, StatOptions::GraphMode::None);
        QCOMPARE(range.fieldConfig.mappingFor(std::nullopt)->text, QStringLiteral("N/A"));
        QCOMPARE(range.fieldConfig.mappingFor(5.0)->text, QStringLiteral("low"));
        const Panel gauge = loadPanel(R"({"id":1,"type":"singlestat","valueName":"name",
            "gauge":{"show":true,"minValue":10,"maxValue":90},"sparkline":{"show":true,"lineColor":"semi-dark-red"}})");
        QCOMPARE(gauge.fieldConfig.min, 10.0);
        QCOMPARE(gauge.fieldConfig.max, 90.0);
        QCOMPARE(gauge.stat.textMode, StatOptions::TextMode::Name);
        QCOMPARE(gauge.stat.colorMode, StatOptions::ColorMode::None);
        QCOMPARE(gauge.fieldConfig.color.mode, QStringLiteral("fixed")); // the sparkline's colour
        QCOMPARE(gauge.fieldConfig.color.fixedColor, QStringLiteral("semi-dark-red"));
        const Panel unknown = loadPanel(R"({"id":1,"type":"singlestat","valueName":"last_time"})");
        QCOMPARE(unknown.reduceOptions.calcs, std::vector<Reducer>{Reducer::Mean});
    }

    void modernOptions()
    {
        const Panel stat =
            loadPanel(R"({"id":1,"type":"stat","options":{"reduceOptions":{"calcs":["max","mean"],
            "values":true,"limit":5,"fields":"/cpu/"},"textMode":"value_and_name","colorMode":"background_solid",
            "graphMode":"none","justifyMode":"center","orientation":"vertical"}})");
        QCOMPARE(stat.reduceOptions.calcs, (std::vector<Reducer>{Reducer::Max, Reducer::Mean}));
        QVERIFY(stat.reduceOptions.values);
        QCOMPARE(stat.reduceOptions.limit, 5);
        QCOMPARE(stat.reduceOptions.fields, QStringLiteral("/cpu/"));
        QCOMPARE(stat.stat.textMode, StatOptions::TextMode::ValueAndName);
        QCOMPARE(stat.stat.colorMode, StatOptions::ColorMode::BackgroundSolid);
        QCOMPARE(stat.stat.graphMode, StatOptions::GraphMode::None);
        QCOMPARE(stat.stat.justify, StatOptions::Justify::Center);
        QCOMPARE(stat.stat.orientation, StatOptions::Orientation::Vertical);
        const Panel ts = loadPanel(R"({"id":1,"type":"timeseries","options":{"legend":{"displayMode":"table",
            "placement":"right","width":300,"calcs":["lastNotNull","max"],"sortBy":"Max","sortDesc":true,"showLegend":true},
            "tooltip":{"mode":"multi","sort":"asc"}}})");
        QCOMPARE(ts.legend.mode, LegendOptions::Mode::Table);
        QCOMPARE(ts.legend.placement, LegendOptions::Placement::Right);
        QCOMPARE(ts.legend.width, 300);
        QCOMPARE(ts.legend.calcs, (std::vector<Reducer>{Reducer::LastNotNull, Reducer::Max}));
        QCOMPARE(ts.legend.sortBy, QStringLiteral("Max"));
        QCOMPARE(ts.tooltip.mode, TooltipOptions::Mode::All);
        QCOMPARE(ts.tooltip.sort, TooltipOptions::Sort::Ascending);
        const Panel hidden =
            loadPanel(R"({"id":1,"type":"timeseries","options":{"legend":{"displayMode":"hidden"},
            "tooltip":{"mode":"none"}}})");
        QVERIFY(!hidden.legend.show);
        QCOMPARE(hidden.tooltip.mode, TooltipOptions::Mode::Hidden);
    }

    void colors()
    {
        QCOMPARE(parseColor(u"semi-dark-red")->hex(), QStringLiteral("#e02f44"));
        QCOMPARE(parseColor(u"#EAB839")->hex(), QStringLiteral("#eab839"));
        QCOMPARE(parseColor(u"#abc")->hex(), QStringLiteral("#aabbcc"));
        QCOMPARE(parseColor(u"rgba(237, 129, 40, 0.89)")->hex(), QStringLiteral("#ed8128"));
        QCOMPARE(parseColor(u"rgba(237, 129, 40, 0.89)")->a, 227);
        QCOMPARE(parseColor(u"transparent")->a, 0);
        QCOMPARE(parseColor(u"White")->hex(), QStringLiteral("#ffffff"));
        QVERIFY(!parseColor(u"no-such-colour"));
        QCOMPARE(colorOrFallback(u"no-such-colour").hex(), QStringLiteral("#808080"));
        QCOMPARE(classicPaletteColor(5).hex(), QStringLiteral("#b877d9")); // purple
        QCOMPARE(classicPaletteColor(18).hex(), QStringLiteral("#447ebc"));
        QCOMPARE(classicPaletteColor(classicPaletteSize()), classicPaletteColor(0));
    }

    // Grafana's named colours as its dark and its light theme show them (createVisualizationColors.ts'
    // getDarkHues and getLightHues, createColors.ts' text.primary and background.primary).
    void namedColorsPerTheme_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("dark");
        QTest::addColumn<QString>("light");
        QTest::newRow("super-light-red") << "super-light-red"
                                         << "#ffa6b0"
                                         << "#ff7383";
        QTest::newRow("light-red") << "light-red"
                                   << "#ff7383"
                                   << "#f2495c";
        QTest::newRow("red") << "red"
                             << "#f2495c"
                             << "#e02f44";
        QTest::newRow("semi-dark-red") << "semi-dark-red"
                                       << "#e02f44"
                                       << "#c4162a";
        QTest::newRow("dark-red") << "dark-red"
                                  << "#c4162a"
                                  << "#ad0317";
        QTest::newRow("dark-orange") << "dark-orange"
                                     << "#fa6400"
                                     << "#e55400";
        QTest::newRow("orange") << "orange"
                                << "#ff9830"
                                << "#ff780a";
        QTest::newRow("yellow") << "yellow"
                                << "#fade2a"
                                << "#f2cc0c";
        QTest::newRow("dark-yellow") << "dark-yellow"
                                     << "#e0b400"
                                     << "#cc9d00";
        QTest::newRow("green") << "green"
                               << "#73bf69"
                               << "#56a64b";
        QTest::newRow("dark-green") << "dark-green"
                                    << "#37872d"
                                    << "#19730e";
        QTest::newRow("super-light-blue") << "super-light-blue"
                                          << "#c0d8ff"
                                          << "#8ab8ff";
        QTest::newRow("blue") << "blue"
                              << "#5794f2"
                              << "#3274d9";
        QTest::newRow("dark-blue") << "dark-blue"
                                   << "#1f60c4"
                                   << "#1250b0";
        QTest::newRow("semi-dark-purple") << "semi-dark-purple"
                                          << "#a352cc"
                                          << "#8f3bb8";
        QTest::newRow("dark-purple") << "dark-purple"
                                     << "#8f3bb8"
                                     << "#7c2ea3";
        QTest::newRow("text") << "text"
                              << "#ccccdc"
                              << "#24292e";
        QTest::newRow("panel-bg") << "panel-bg"
                                  << "#181b1f"
                                  << "#ffffff";
        QTest::newRow("upper case") << "Dark-Red"
                                    << "#c4162a"
                                    << "#ad0317";
        // What is not a theme's name is the same in both.
        QTest::newRow("hex") << "#EAB839"
                             << "#eab839"
                             << "#eab839";
        QTest::newRow("css") << "tomato"
                             << "#ff6347"
                             << "#ff6347";
        QTest::newRow("unknown") << "no-such-colour"
                                 << "#808080"
                                 << "#808080";
    }
    void namedColorsPerTheme()
    {
        QFETCH(QString, name);
        QFETCH(QString, dark);
        QFETCH(QString, light);
        QCOMPARE(colorOrFallback(name, ColorTheme::Dark).hex(), dark);
        QCOMPARE(colorOrFallback(name, ColorTheme::Light).hex(), light);
        QCOMPARE(colorOrFallback(name).hex(), dark); // Grafana's default theme, what `promdeck data` reports
    }

    // The palette, the continuous schemes and a field's thresholds take the theme's shades.
    void themeReachesPaletteAndThresholds()
    {
        QCOMPARE(classicPaletteColor(0, ColorTheme::Light).hex(), QStringLiteral("#56a64b"));  // green
        QCOMPARE(classicPaletteColor(5, ColorTheme::Light).hex(), QStringLiteral("#a352cc"));  // purple
        QCOMPARE(classicPaletteColor(18, ColorTheme::Light).hex(), QStringLiteral("#447ebc")); // not a name
        QCOMPARE(continuousSchemeColor(u"continuous-GrYlRd", 1.0, ColorTheme::Light)->hex(),
                 QStringLiteral("#e02f44"));
        QCOMPARE(continuousSchemeColor(u"continuous-blues", 0.0, ColorTheme::Light)->hex(),
                 QStringLiteral("#ffffff"));
        FieldConfig config;
        config.color.mode = QStringLiteral("thresholds");
        config.thresholds = {{std::nullopt, QStringLiteral("green")}, {80.0, QStringLiteral("red")}};
        FieldInfo field;
        field.name = QStringLiteral("cpu");
        const FieldDisplay light(config, field, {0, 100}, {}, ColorTheme::Light);
        QCOMPARE(light.display(90.0).color.hex(), QStringLiteral("#e02f44"));
        QCOMPARE(light.display(10.0).color.hex(), QStringLiteral("#56a64b"));
        const FieldDisplay dark(config, field, {0, 100});
        QCOMPARE(dark.display(90.0).color.hex(), QStringLiteral("#f2495c"));
    }
};

QTEST_GUILESS_MAIN(TestFieldConfig)
#include "tst_field_config.moc"
