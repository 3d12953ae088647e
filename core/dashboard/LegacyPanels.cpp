#include "dashboard/LegacyPanels.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cmath>

namespace promdeck {

using json::LocatedJson;

namespace {

// Where a legacy option is written, so a property derived from it is reported there.
qsizetype offsetOf(const LocatedJson &panel, QStringView key)
{
    const LocatedJson *v = panel.member(key);
    return v ? v->offset() : panel.offset();
}

std::optional<double> validNumber(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().trimmed().toDouble(&ok);
        if (ok)
            return d;
    }
    return std::nullopt;
}

bool truthy(const QJsonValue &v)
{
    if (v.isBool())
        return v.toBool();
    if (v.isDouble())
        return v.toDouble() != 0;
    if (v.isString())
        return !v.toString().isEmpty();
    return !v.isNull() && !v.isUndefined();
}

// getFieldConfigFromOldAxis: a flot y axis as field properties (unit, decimals, min, max, placement,
// label, log scale).
QJsonObject axisProperties(const QJsonValue &axisValue)
{
    QJsonObject out;
    if (!axisValue.isObject())
        return out;
    const QJsonObject axis = axisValue.toObject();
    QJsonObject custom;
    custom.insert(QLatin1String("axisPlacement"), truthy(axis.value(QLatin1String("show")))
                                                      ? QStringLiteral("auto")
                                                      : QStringLiteral("hidden"));
    if (const QString label = axis.value(QLatin1String("label")).toString(); !label.isEmpty())
        custom.insert(QLatin1String("axisLabel"), label);
    // Always written (linear too), so a right axis under a logarithmic left one is linear again.
    if (const auto log = validNumber(axis.value(QLatin1String("logBase"))); log && (*log == 2 || *log == 10))
        custom.insert(
            QLatin1String("scaleDistribution"),
            QJsonObject{{QLatin1String("type"), QStringLiteral("log")}, {QLatin1String("log"), *log}});
    else
        custom.insert(QLatin1String("scaleDistribution"),
                      QJsonObject{{QLatin1String("type"), QStringLiteral("linear")}});
    if (const QJsonValue format = axis.value(QLatin1String("format")); format.isString())
        out.insert(QLatin1String("unit"), format);
    for (const char *key : {"decimals", "min", "max"}) {
        if (const auto n = validNumber(axis.value(QLatin1String(key))))
            out.insert(QLatin1String(key), *n);
    }
    out.insert(QLatin1String("custom"), custom);
    return out;
}

void pushAxis(std::vector<FieldProperty> &out, const QJsonObject &axis, qsizetype offset)
{
    for (auto it = axis.begin(); it != axis.end(); ++it) {
        if (it.key() == u"custom") {
            const QJsonObject custom = it.value().toObject();
            for (auto c = custom.begin(); c != custom.end(); ++c)
                out.push_back({QStringLiteral("custom.") + c.key(), c.value(), offset});
        } else {
            out.push_back({it.key(), it.value(), offset});
        }
    }
}

QString thresholdColor(const QJsonObject &t)
{
    const QString mode = t.value(QLatin1String("colorMode")).toString();
    if (mode == u"warning")
        return QStringLiteral("orange");
    if (mode == u"custom") {
        const QString fill = t.value(QLatin1String("fillColor")).toString();
        return fill.isEmpty() ? t.value(QLatin1String("lineColor")).toString() : fill;
    }
    return QStringLiteral("red"); // critical, and anything else
}

// The flot thresholds (`[{value, op: gt|lt, colorMode, fill, line}]`) as steps and a style.
void migrateThresholds(const QJsonArray &thresholds, std::vector<FieldProperty> &out, qsizetype offset)
{
    std::vector<QJsonObject> sorted;
    for (const QJsonValue &t : thresholds)
        sorted.push_back(t.toObject());
    std::stable_sort(sorted.begin(), sorted.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QLatin1String("value")).toDouble() < b.value(QLatin1String("value")).toDouble();
    });
    QJsonArray steps;
    bool area = false, line = false, haveBase = false;
    auto step = [&](const QJsonValue &value, const QString &color) {
        steps.append(QJsonObject{{QLatin1String("value"), value}, {QLatin1String("color"), color}});
    };
    for (size_t i = 0; i < sorted.size(); ++i) {
        const QJsonObject &t = sorted[i];
        const QJsonObject *next = i + 1 < sorted.size() ? &sorted[i + 1] : nullptr;
        area = area || truthy(t.value(QLatin1String("fill")));
        line = line || truthy(t.value(QLatin1String("line")));
        const double value = t.value(QLatin1String("value")).toDouble();
        const QString op = t.value(QLatin1String("op")).toString();
        if (op == u"gt") {
            step(value, thresholdColor(t));
        } else if (op == u"lt") {
            if (steps.isEmpty()) {
                step(QJsonValue(QJsonValue::Null), thresholdColor(t));
                haveBase = true;
            }
            if (next && next->value(QLatin1String("op")).toString() == u"lt")
                step(value, thresholdColor(*next));
            else
                step(value, QStringLiteral("transparent"));
        }
    }
    if (steps.isEmpty())
        return;
    if (!haveBase)
        steps.prepend(QJsonObject{{QLatin1String("value"), QJsonValue(QJsonValue::Null)},
                                  {QLatin1String("color"), QStringLiteral("transparent")}});
    out.push_back(
        {QStringLiteral("thresholds"),
         QJsonObject{{QLatin1String("mode"), QStringLiteral("absolute")}, {QLatin1String("steps"), steps}},
         offset});
    const QString mode = line && area ? QStringLiteral("line+area")
                         : area       ? QStringLiteral("area")
                                      : QStringLiteral("line");
    out.push_back(
        {QStringLiteral("custom.thresholdsStyle"), QJsonObject{{QLatin1String("mode"), mode}}, offset});
}

// A legend's legacy value flags (`avg: true, current: true, ...`) as calcs, in the order written.
std::vector<Reducer> legendCalcs(const LocatedJson &legend)
{
    std::vector<Reducer> out;
    for (size_t i = 0; i < legend.keys().size(); ++i) {
        const LocatedJson &v = legend.items()[i];
        if (!v.isBool() || !v.boolean())
            continue;
        if (const auto r = reducerById(legend.keys()[i]))
            out.push_back(*r);
    }
    return out;
}

} // namespace

MigratedPanel migrateGraphPanel(const LocatedJson &panelJson)
{
    MigratedPanel m;
    m.applies = true;
    m.becomes = QStringLiteral("timeseries");
    const QJsonObject panel = panelJson.toJsonValue().toObject();
    const QJsonArray yaxes = panel.value(QLatin1String("yaxes")).toArray();
    const QJsonObject y1 = axisProperties(yaxes.size() > 0 ? yaxes[0] : QJsonValue());
    const qsizetype axesAt = offsetOf(panelJson, u"yaxes");
    pushAxis(m.defaults, y1, axesAt);
    // The panel-wide `decimals` (legend and tooltip) when the axis sets none.
    if (!y1.contains(QLatin1String("decimals")))
        if (const auto d = validNumber(panel.value(QLatin1String("decimals"))))
            m.defaults.push_back({QStringLiteral("decimals"), *d, offsetOf(panelJson, u"decimals")});

    auto set = [&](const char *id, const QJsonValue &value, QStringView from) {
        m.defaults.push_back({QString::fromLatin1(id), value, offsetOf(panelJson, from)});
    };
    const bool bars = truthy(panel.value(QLatin1String("bars")));
    const bool lines =
        panel.contains(QLatin1String("lines")) ? truthy(panel.value(QLatin1String("lines"))) : true;
    const QString drawStyle = bars    ? QStringLiteral("bars")
                              : lines ? QStringLiteral("line")
                                      : QStringLiteral("points");
    set("custom.drawStyle", drawStyle, bars ? u"bars" : u"lines");
    if (truthy(panel.value(QLatin1String("points")))) {
        set("custom.showPoints", QStringLiteral("always"), u"points");
        if (const auto radius = validNumber(panel.value(QLatin1String("pointradius"))))
            set("custom.pointSize", 2 + *radius * 2, u"pointradius");
    } else if (drawStyle != u"points") {
        set("custom.showPoints", QStringLiteral("never"), u"points");
    }
    if (const auto width = validNumber(panel.value(QLatin1String("linewidth"))))
        set("custom.lineWidth", *width, u"linewidth");
    const double dashLength = validNumber(panel.value(QLatin1String("dashLength"))).value_or(10);
    const double spaceLength = validNumber(panel.value(QLatin1String("spaceLength"))).value_or(10);
    if (truthy(panel.value(QLatin1String("dashes"))))
        set("custom.lineStyle",
            QJsonObject{{QLatin1String("fill"), QStringLiteral("dash")},
                        {QLatin1String("dash"), QJsonArray{dashLength, spaceLength}}},
            u"dashes");

    bool fillBelowTo = false;
    for (const QJsonValue &o : panel.value(QLatin1String("seriesOverrides")).toArray())
        fillBelowTo = fillBelowTo || o.toObject().contains(QLatin1String("fillBelowTo"));
    if (fillBelowTo)
        set("custom.fillOpacity", 35, u"seriesOverrides"); // flot's bands are fixed at that
    else if (const auto fill = validNumber(panel.value(QLatin1String("fill"))))
        set("custom.fillOpacity", *fill * 10, u"fill");
    if (const auto gradient = validNumber(panel.value(QLatin1String("fillGradient")));
        gradient && *gradient > 0) {
        set("custom.gradientMode", QStringLiteral("opacity"), u"fillGradient");
        set("custom.fillOpacity", *gradient * 10, u"fillGradient");
    }
    const QString nullPointMode = panel.value(QLatin1String("nullPointMode")).toString();
    set("custom.spanNulls", nullPointMode == u"connected", u"nullPointMode");
    if (nullPointMode == u"null as zero")
        set("custom.nullAsZero", true, u"nullPointMode");
    if (truthy(panel.value(QLatin1String("steppedLine"))))
        set("custom.lineInterpolation", QStringLiteral("stepAfter"), u"steppedLine");
    if (bars)
        set("custom.fillOpacity", 100, u"bars");
    if (truthy(panel.value(QLatin1String("stack")))) {
        const bool percent = truthy(panel.value(QLatin1String("percentage")));
        set("custom.stacking",
            QJsonObject{
                {QLatin1String("mode"), percent ? QStringLiteral("percent") : QStringLiteral("normal")},
                {QLatin1String("group"), QStringLiteral("A")}},
            u"stack");
    }
    if (panel.value(QLatin1String("thresholds")).isArray())
        migrateThresholds(panel.value(QLatin1String("thresholds")).toArray(), m.defaults,
                          offsetOf(panelJson, u"thresholds"));

    // aliasColors: a fixed colour per series name.
    if (const LocatedJson *aliasColors = panelJson.member(u"aliasColors");
        aliasColors && aliasColors->isObject()) {
        for (size_t i = 0; i < aliasColors->keys().size(); ++i) {
            const LocatedJson &color = aliasColors->items()[i];
            if (!color.isString() || color.string().isEmpty())
                continue;
            FieldOverride o;
            o.offset = color.offset();
            o.matcher = parseFieldMatcher(QJsonObject{{QLatin1String("id"), QStringLiteral("byName")},
                                                      {QLatin1String("options"), aliasColors->keys()[i]}});
            o.properties.push_back({QStringLiteral("color"),
                                    QJsonObject{{QLatin1String("mode"), QStringLiteral("fixed")},
                                                {QLatin1String("fixedColor"), color.string()}},
                                    color.offset()});
            m.overrides.push_back(std::move(o));
        }
    }

    // seriesOverrides: per alias (a name or /regex/), as override rules.
    if (const LocatedJson *overrides = panelJson.member(u"seriesOverrides");
        overrides && overrides->isArray()) {
        const QJsonObject y2 = axisProperties(yaxes.size() > 1 ? yaxes[1] : QJsonValue());
        for (const LocatedJson &entry : overrides->items()) {
            const QJsonObject so = entry.toJsonValue().toObject();
            const QString alias = so.value(QLatin1String("alias")).toString();
            if (alias.isEmpty())
                continue;
            FieldOverride rule;
            rule.offset = entry.offset();
            const bool isRegex = alias.size() > 1 && alias.startsWith(QLatin1Char('/')) &&
                                 alias.lastIndexOf(QLatin1Char('/')) > 0;
            QString why;
            rule.matcher =
                parseFieldMatcher(QJsonObject{{QLatin1String("id"), isRegex ? QStringLiteral("byRegexp")
                                                                            : QStringLiteral("byName")},
                                              {QLatin1String("options"), alias}},
                                  &why);
            if (!why.isEmpty())
                m.problems << QStringLiteral("seriesOverrides alias %1: %2").arg(alias, why);
            auto prop = [&](const char *id, const QJsonValue &value) {
                rule.properties.push_back({QString::fromLatin1(id), value, entry.offset()});
            };
            std::optional<QJsonObject> dash;
            for (auto it = so.begin(); it != so.end(); ++it) {
                const QString key = it.key();
                const QJsonValue v = it.value();
                if (key == u"alias" || key == u"$$hashKey") {
                    continue;
                } else if (key == u"yaxis") {
                    if (v.toInt() != 2)
                        continue;
                    // Grafana carries over what differs from the left axis; Promdeck also puts the
                    // series on its own right-hand scale, as flot drew it, even when both axes read the same.
                    for (auto a = y2.begin(); a != y2.end(); ++a) {
                        if (a.key() == u"custom") {
                            const QJsonObject c2 = a.value().toObject();
                            const QJsonObject c1 = y1.value(QLatin1String("custom")).toObject();
                            for (auto c = c2.begin(); c != c2.end(); ++c)
                                if (c.key() != u"axisPlacement" && c1.value(c.key()) != c.value())
                                    rule.properties.push_back(
                                        {QStringLiteral("custom.") + c.key(), c.value(), entry.offset()});
                        } else if (y1.value(a.key()) != a.value()) {
                            rule.properties.push_back({a.key(), a.value(), entry.offset()});
                        }
                    }
                    const bool hidden = y2.value(QLatin1String("custom"))
                                            .toObject()
                                            .value(QLatin1String("axisPlacement"))
                                            .toString() == u"hidden";
                    prop("custom.axisPlacement", hidden ? QStringLiteral("hidden") : QStringLiteral("right"));
                } else if (key == u"fill") {
                    prop("custom.fillOpacity", v.toDouble() * 10);
                } else if (key == u"fillBelowTo") {
                    prop("custom.fillBelowTo", v);
                } else if (key == u"fillGradient") {
                    if (truthy(v)) {
                        prop("custom.gradientMode", QStringLiteral("opacity"));
                        prop("custom.fillOpacity", v.toDouble() * 10);
                    }
                } else if (key == u"points") {
                    prop("custom.showPoints", truthy(v) ? QStringLiteral("always") : QStringLiteral("never"));
                } else if (key == u"bars") {
                    if (truthy(v)) {
                        prop("custom.drawStyle", QStringLiteral("bars"));
                        prop("custom.fillOpacity", 100);
                    } else {
                        prop("custom.drawStyle", QStringLiteral("line"));
                    }
                } else if (key == u"lines") {
                    if (!truthy(v))
                        prop("custom.lineWidth", 0); // no line, only what else is drawn
                    else
                        prop("custom.drawStyle", QStringLiteral("line"));
                } else if (key == u"linewidth") {
                    prop("custom.lineWidth", v);
                } else if (key == u"pointradius") {
                    prop("custom.pointSize", 2 + v.toDouble() * 2);
                } else if (key == u"dashes" || key == u"dashLength" || key == u"spaceLength") {
                    if (!dash)
                        dash =
                            QJsonObject{{QLatin1String("fill"), truthy(panel.value(QLatin1String("dashes")))
                                                                    ? QStringLiteral("dash")
                                                                    : QStringLiteral("solid")},
                                        {QLatin1String("dash"), QJsonArray{dashLength, spaceLength}}};
                    QJsonArray d = dash->value(QLatin1String("dash")).toArray();
                    if (key == u"dashLength")
                        d[0] = v;
                    else if (key == u"spaceLength")
                        d[1] = v;
                    else
                        dash->insert(QLatin1String("fill"),
                                     truthy(v) ? QStringLiteral("dash") : QStringLiteral("solid"));
                    dash->insert(QLatin1String("dash"), d);
                } else if (key == u"stack") {
                    // `stack: true` joins the panel's group; a name or number makes a group of its own.
                    if (v.isBool())
                        prop("custom.stacking",
                             QJsonObject{{QLatin1String("mode"),
                                          v.toBool() ? QStringLiteral("normal") : QStringLiteral("none")},
                                         {QLatin1String("group"), QStringLiteral("A")}});
                    else
                        prop("custom.stacking", QJsonObject{{QLatin1String("mode"), QStringLiteral("normal")},
                                                            {QLatin1String("group"), v}});
                } else if (key == u"color") {
                    prop("color", QJsonObject{{QLatin1String("mode"), QStringLiteral("fixed")},
                                              {QLatin1String("fixedColor"), v}});
                } else if (key == u"transform") {
                    prop("custom.transform", v.toString() == u"negative-Y" ? QStringLiteral("negative-Y")
                                                                           : QStringLiteral("constant"));
                } else if (key == u"legend") {
                    if (!truthy(v))
                        prop("custom.hideFrom", QJsonObject{{QLatin1String("legend"), true},
                                                            {QLatin1String("tooltip"), false},
                                                            {QLatin1String("viz"), false}});
                } else if (key == u"hideTooltip") {
                    if (truthy(v))
                        prop("custom.hideFrom", QJsonObject{{QLatin1String("legend"), false},
                                                            {QLatin1String("tooltip"), true},
                                                            {QLatin1String("viz"), false}});
                } else if (key == u"nullPointMode") {
                    prop("custom.spanNulls", v.toString() == u"connected");
                    prop("custom.nullAsZero", v.toString() == u"null as zero");
                } else if (key == u"steppedLine") {
                    prop("custom.lineInterpolation",
                         truthy(v) ? QStringLiteral("stepAfter") : QStringLiteral("linear"));
                } else if (key == u"zindex") {
                    prop("custom.zindex", v);
                } else {
                    m.problems << QStringLiteral("seriesOverrides %1: \"%2\" is not drawn").arg(alias, key);
                }
            }
            if (dash)
                prop("custom.lineStyle", *dash);
            if (!rule.properties.empty())
                m.overrides.push_back(std::move(rule));
        }
    }

    // hiddenSeries: series switched off in the legend when the dashboard was saved.
    if (const LocatedJson *hidden = panelJson.member(u"hiddenSeries"); hidden && hidden->isObject()) {
        for (size_t i = 0; i < hidden->keys().size(); ++i) {
            if (!hidden->items()[i].isBool() || !hidden->items()[i].boolean())
                continue;
            FieldOverride o;
            o.offset = hidden->items()[i].offset();
            o.matcher = parseFieldMatcher(QJsonObject{{QLatin1String("id"), QStringLiteral("byName")},
                                                      {QLatin1String("options"), hidden->keys()[i]}});
            o.properties.push_back({QStringLiteral("custom.hideFrom"),
                                    QJsonObject{{QLatin1String("legend"), false},
                                                {QLatin1String("tooltip"), false},
                                                {QLatin1String("viz"), true}},
                                    o.offset});
            m.overrides.push_back(std::move(o));
        }
    }

    // The legend and the tooltip.
    if (const LocatedJson *legend = panelJson.member(u"legend"); legend && legend->isObject()) {
        const QJsonObject l = legend->toJsonValue().toObject();
        m.legend.show = truthy(l.value(QLatin1String("show")));
        m.legend.mode = truthy(l.value(QLatin1String("alignAsTable"))) ? LegendOptions::Mode::Table
                                                                       : LegendOptions::Mode::List;
        if (truthy(l.value(QLatin1String("rightSide"))))
            m.legend.placement = LegendOptions::Placement::Right;
        if (truthy(l.value(QLatin1String("values"))))
            m.legend.calcs = legendCalcs(*legend);
        if (const auto width = validNumber(l.value(QLatin1String("sideWidth"))))
            m.legend.width = static_cast<int>(*width);
        m.legend.hideEmpty = truthy(l.value(QLatin1String("hideEmpty")));
        m.legend.hideZero = truthy(l.value(QLatin1String("hideZero")));
        if (const QString sort = l.value(QLatin1String("sort")).toString(); !sort.isEmpty()) {
            if (const auto r = reducerById(sort))
                m.legend.sortBy = reducerDisplayName(*r);
            m.legend.sortDesc = truthy(l.value(QLatin1String("sortDesc")));
        }
    }
    const QJsonObject tooltip = panel.value(QLatin1String("tooltip")).toObject();
    if (tooltip.contains(QLatin1String("shared"))) {
        const bool shared = truthy(tooltip.value(QLatin1String("shared")));
        m.tooltip.mode = shared ? TooltipOptions::Mode::All : TooltipOptions::Mode::Single;
        const int sort = tooltip.value(QLatin1String("sort")).toInt();
        if (shared)
            m.tooltip.sort = sort == 1   ? TooltipOptions::Sort::Ascending
                             : sort == 2 ? TooltipOptions::Sort::Descending
                                         : TooltipOptions::Sort::None;
    }
    // A hidden time axis.
    const QJsonObject xaxis = panel.value(QLatin1String("xaxis")).toObject();
    if (xaxis.contains(QLatin1String("show")) && !truthy(xaxis.value(QLatin1String("show"))))
        m.problems << QStringLiteral("xaxis.show false: the time axis is drawn anyway");
    if (xaxis.value(QLatin1String("mode")).toString() == u"series" ||
        xaxis.value(QLatin1String("mode")).toString() == u"histogram")
        m.problems << QStringLiteral("xaxis.mode \"%1\": drawn as a time series")
                          .arg(xaxis.value(QLatin1String("mode")).toString());
    return m;
}

MigratedPanel migrateSinglestatPanel(const LocatedJson &panelJson)
{
    MigratedPanel m;
    m.applies = true;
    const QJsonObject panel = panelJson.toJsonValue().toObject();
    auto set = [&](const char *id, const QJsonValue &value, QStringView from) {
        m.defaults.push_back({QString::fromLatin1(id), value, offsetOf(panelJson, from)});
    };
    // valueName -> calcs; a name Grafana does not know reduces by mean, as Grafana's migration does.
    const QString valueName = panel.value(QLatin1String("valueName")).toString(QStringLiteral("avg"));
    m.reduce.calcs = {reducerById(valueName).value_or(Reducer::Mean)};
    m.stat.orientation = StatOptions::Orientation::Horizontal;
    if (valueName == u"name")
        m.stat.textMode = StatOptions::TextMode::Name;
    if (const QString format = panel.value(QLatin1String("format")).toString(); !format.isEmpty())
        set("unit", format, u"format");
    if (const QString column = panel.value(QLatin1String("tableColumn")).toString(); !column.isEmpty())
        m.reduce.fields = QStringLiteral("/^%1$/").arg(column);
    if (const QString nullText = panel.value(QLatin1String("nullText")).toString(); !nullText.isEmpty())
        set("noValue", nullText, u"nullText");
    if (const auto d = validNumber(panel.value(QLatin1String("decimals"))))
        set("decimals", *d, u"decimals");

    // thresholds "80,90" with colors [base, warn, crit].
    std::vector<Threshold> steps;
    const QJsonArray colors = panel.value(QLatin1String("colors")).toArray();
    const QString thresholdText = panel.value(QLatin1String("thresholds")).toString();
    if (!thresholdText.isEmpty() && !colors.isEmpty()) {
        const QStringList levels = thresholdText.split(QLatin1Char(','));
        QJsonArray jsonSteps;
        for (qsizetype i = 0; i < colors.size(); ++i) {
            const QString color = colors[i].toString();
            if (i == 0) {
                jsonSteps.append(QJsonObject{{QLatin1String("value"), QJsonValue(QJsonValue::Null)},
                                             {QLatin1String("color"), color}});
                steps.push_back({std::nullopt, color});
                continue;
            }
            if (i - 1 >= levels.size())
                break;
            bool ok = false;
            const double level = levels[i - 1].trimmed().toDouble(&ok);
            if (!ok) {
                m.problems << QStringLiteral("threshold \"%1\" is not a number").arg(levels[i - 1]);
                continue;
            }
            jsonSteps.append(QJsonObject{{QLatin1String("value"), level}, {QLatin1String("color"), color}});
            steps.push_back({level, color});
        }
        set("thresholds",
            QJsonObject{{QLatin1String("mode"), QStringLiteral("absolute")},
                        {QLatin1String("steps"), jsonSteps}},
            u"thresholds");
    }

    // valueMaps / rangeMaps, each result coloured as its text's number would be by the thresholds.
    auto colorFor = [&](const QString &text) -> QJsonValue {
        bool ok = false;
        const double numeric = text.toDouble(&ok);
        if (!ok || steps.empty())
            return QJsonValue(QJsonValue::Undefined);
        QString color = steps.front().color;
        for (const Threshold &t : steps)
            if (!t.value || numeric >= *t.value)
                color = t.color;
        return color;
    };
    auto result = [&](const QString &text) {
        QJsonObject r{{QLatin1String("text"), text}};
        if (const QJsonValue c = colorFor(text); c.isString())
            r.insert(QLatin1String("color"), c);
        return r;
    };
    int mappingType = panel.value(QLatin1String("mappingType")).toInt();
    const QJsonArray valueMaps = panel.value(QLatin1String("valueMaps")).toArray();
    const QJsonArray rangeMaps = panel.value(QLatin1String("rangeMaps")).toArray();
    if (mappingType == 0)
        mappingType = !valueMaps.isEmpty() ? 1 : !rangeMaps.isEmpty() ? 2 : 0;
    QJsonArray mappings;
    if (mappingType == 1) {
        for (const QJsonValue &vm : valueMaps) {
            const QJsonObject o = vm.toObject();
            const QString value = o.value(QLatin1String("value")).toVariant().toString();
            const QString text = o.value(QLatin1String("text")).toString();
            if (value == u"null")
                mappings.append(QJsonObject{
                    {QLatin1String("type"), QStringLiteral("special")},
                    {QLatin1String("options"), QJsonObject{{QLatin1String("match"), QStringLiteral("null")},
                                                           {QLatin1String("result"), result(text)}}}});
            else if (!value.isEmpty())
                mappings.append(QJsonObject{{QLatin1String("type"), QStringLiteral("value")},
                                            {QLatin1String("options"), QJsonObject{{value, result(text)}}}});
        }
    } else if (mappingType == 2) {
        for (const QJsonValue &rm : rangeMaps) {
            const QJsonObject o = rm.toObject();
            const QString from = o.value(QLatin1String("from")).toVariant().toString();
            const QString to = o.value(QLatin1String("to")).toVariant().toString();
            const QString text = o.value(QLatin1String("text")).toString();
            if (from == u"null" || to == u"null")
                mappings.append(QJsonObject{
                    {QLatin1String("type"), QStringLiteral("special")},
                    {QLatin1String("options"), QJsonObject{{QLatin1String("match"), QStringLiteral("null")},
                                                           {QLatin1String("result"), result(text)}}}});
            else
                mappings.append(QJsonObject{
                    {QLatin1String("type"), QStringLiteral("range")},
                    {QLatin1String("options"), QJsonObject{{QLatin1String("from"), from.toDouble()},
                                                           {QLatin1String("to"), to.toDouble()},
                                                           {QLatin1String("result"), result(text)}}}});
        }
    }
    if (!mappings.isEmpty())
        set("mappings", mappings, mappingType == 1 ? u"valueMaps" : u"rangeMaps");

    // A singlestat drawn as a gauge becomes a gauge, with the gauge's range.
    const QJsonObject gauge = panel.value(QLatin1String("gauge")).toObject();
    const bool isGauge = truthy(gauge.value(QLatin1String("show")));
    m.becomes = isGauge ? QStringLiteral("gauge") : QStringLiteral("stat");
    if (isGauge) {
        if (const auto min = validNumber(gauge.value(QLatin1String("minValue"))))
            set("min", *min, u"gauge");
        if (const auto max = validNumber(gauge.value(QLatin1String("maxValue"))))
            set("max", *max, u"gauge");
    }

    // statPanelChangedHandler: graph, colour and text modes.
    const QJsonObject sparkline = panel.value(QLatin1String("sparkline")).toObject();
    m.stat.graphMode = truthy(sparkline.value(QLatin1String("show"))) ? StatOptions::GraphMode::Area
                                                                      : StatOptions::GraphMode::None;
    if (truthy(panel.value(QLatin1String("colorBackground")))) {
        m.stat.colorMode = StatOptions::ColorMode::Background;
    } else if (truthy(panel.value(QLatin1String("colorValue")))) {
        m.stat.colorMode = StatOptions::ColorMode::Value;
    } else {
        m.stat.colorMode = StatOptions::ColorMode::None;
        const QString lineColor = sparkline.value(QLatin1String("lineColor")).toString();
        if (!lineColor.isEmpty() && m.stat.graphMode == StatOptions::GraphMode::Area)
            set("color",
                QJsonObject{{QLatin1String("mode"), QStringLiteral("fixed")},
                            {QLatin1String("fixedColor"), lineColor}},
                u"sparkline");
    }
    // Grafana dropped prefix and postfix in the migration; Promdeck keeps them around the value.
    m.stat.prefix = panel.value(QLatin1String("prefix")).toString();
    m.stat.postfix = panel.value(QLatin1String("postfix")).toString();
    return m;
}

} // namespace promdeck
