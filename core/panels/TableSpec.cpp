#include "panels/TableSpec.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace promdeck {

std::optional<CellDisplay> cellDisplayFromName(const QString &type, const QString &mode)
{
    if (type.isEmpty() || type == u"auto")
        return CellDisplay::Auto;
    if (type == u"color-text")
        return CellDisplay::ColorText;
    if (type == u"color-background" || type == u"color-background-solid")
        return CellDisplay::ColorBackground;
    if (type == u"gradient-gauge")
        return CellDisplay::GradientGauge;
    if (type == u"lcd-gauge")
        return CellDisplay::LcdGauge;
    if (type == u"basic")
        return CellDisplay::BasicGauge;
    if (type == u"gauge")
        return mode == u"lcd" ? CellDisplay::LcdGauge
                              : (mode == u"basic" ? CellDisplay::BasicGauge : CellDisplay::GradientGauge);
    if (type == u"json-view")
        return CellDisplay::JsonView;
    return std::nullopt;
}

namespace {

void readCustom(const QJsonObject &custom, ColumnStyle &s)
{
    const QString align = custom.value(QStringLiteral("align")).toString();
    s.align = align == u"left"     ? CellAlign::Left
              : align == u"center" ? CellAlign::Center
              : align == u"right"  ? CellAlign::Right
                                   : CellAlign::Auto;
    s.width = custom.value(QStringLiteral("width")).toInt(0);
    s.minWidth = custom.value(QStringLiteral("minWidth")).toInt(0);
    s.hidden = custom.value(QStringLiteral("hidden")).toBool(false) ||
               custom.value(QStringLiteral("hideFrom")).toObject().value(QStringLiteral("viz")).toBool(false);
    s.filterable = custom.value(QStringLiteral("filterable")).toBool(false);
    QString type = custom.value(QStringLiteral("displayMode")).toString();
    QString mode;
    const QJsonObject cellOptions = custom.value(QStringLiteral("cellOptions")).toObject();
    if (cellOptions.contains(QStringLiteral("type"))) {
        type = cellOptions.value(QStringLiteral("type")).toString();
        mode = cellOptions.value(QStringLiteral("mode")).toString();
    }
    s.display = cellDisplayFromName(type, mode).value_or(CellDisplay::Auto);
    s.solidBackground =
        type == u"color-background-solid" || (type == u"color-background" && mode == u"basic");
}

// A legacy style: `{"pattern", "type": "number|string|date|hidden", "alias", "unit", "decimals",
// "colorMode": "cell|value|row", "thresholds": ["80", "90"], "colors": [...], "link", "linkUrl"}`.
ColumnStyle legacyStyle(const QJsonObject &o, const ColumnStyle &defaults)
{
    ColumnStyle s = defaults;
    const QString type = o.value(QStringLiteral("type")).toString();
    s.hidden = type == u"hidden";
    s.displayName = o.value(QStringLiteral("alias")).toString();
    if (type == u"date")
        s.dateFormat = o.value(QStringLiteral("dateFormat")).toString(QStringLiteral("YYYY-MM-DD HH:mm:ss"));
    if (o.contains(QStringLiteral("unit")))
        s.config.unit = o.value(QStringLiteral("unit")).toString();
    if (o.value(QStringLiteral("decimals")).isDouble())
        s.config.decimals = o.value(QStringLiteral("decimals")).toInt();
    const QString colorMode = o.value(QStringLiteral("colorMode")).toString();
    const QJsonArray thresholds = o.value(QStringLiteral("thresholds")).toArray();
    const QJsonArray colors = o.value(QStringLiteral("colors")).toArray();
    if (!colorMode.isEmpty() && !thresholds.isEmpty()) {
        s.config.thresholds.clear();
        s.config.thresholds.push_back({std::nullopt, colors.at(0).toString(QStringLiteral("green"))});
        for (qsizetype i = 0; i < thresholds.size(); ++i) {
            bool ok = false;
            const double v = thresholds.at(i).toVariant().toString().toDouble(&ok);
            if (ok)
                s.config.thresholds.push_back({v, colors.at(i + 1).toString(QStringLiteral("red"))});
        }
        s.display = colorMode == u"value" ? CellDisplay::ColorText : CellDisplay::ColorBackground;
        s.solidBackground = true;
    }
    if (o.value(QStringLiteral("link")).toBool() && !o.value(QStringLiteral("linkUrl")).toString().isEmpty())
        s.links = {{o.value(QStringLiteral("linkTooltip")).toString(),
                    o.value(QStringLiteral("linkUrl")).toString()}};
    return s;
}

bool patternMatches(const QString &pattern, const QString &name)
{
    if (pattern == name)
        return true;
    if (pattern.size() > 2 && pattern.startsWith(QLatin1Char('/'))) {
        const qsizetype end = pattern.lastIndexOf(QLatin1Char('/'));
        QRegularExpression re(pattern.mid(1, end - 1), pattern.mid(end + 1).contains(QLatin1Char('i'))
                                                           ? QRegularExpression::CaseInsensitiveOption
                                                           : QRegularExpression::NoPatternOption);
        return end > 0 && re.isValid() && re.match(name).hasMatch();
    }
    return false;
}

} // namespace

namespace {
// A resolved field configuration read as a table column's style.
ColumnStyle styleFromConfig(const FieldConfig &config)
{
    ColumnStyle s;
    s.config = config;
    readCustom(config.customRaw, s);
    for (const DataLink &l : config.links)
        s.links.push_back({l.title, l.url});
    return s;
}
} // namespace

ColumnStyle TableSpec::styleFor(const FieldInfo &column) const
{
    for (const LegacyStyle &l : legacyStyles)
        if (patternMatches(l.pattern, column.name))
            return l.style;
    return styleFromConfig(resolveFieldConfig(fieldDefaults, overrides, column));
}

TableSpec tableSpecOf(const Panel &panel)
{
    TableSpec spec;
    spec.fieldDefaults = panel.fieldConfig;
    spec.overrides = panel.overrides;
    spec.defaults = styleFromConfig(panel.fieldConfig);

    const QJsonObject options = panel.json.value(QStringLiteral("options")).toObject();
    spec.showHeader = options.value(QStringLiteral("showHeader")).toBool(true);
    spec.cellHeight = options.value(QStringLiteral("cellHeight")).toString() == u"sm"   ? 28
                      : options.value(QStringLiteral("cellHeight")).toString() == u"lg" ? 48
                                                                                        : 0;
    for (const QJsonValue &k : options.value(QStringLiteral("sortBy")).toArray())
        spec.sortBy.push_back({k.toObject().value(QStringLiteral("displayName")).toString(),
                               k.toObject().value(QStringLiteral("desc")).toBool()});
    const QJsonObject footer = options.value(QStringLiteral("footer")).toObject();
    spec.footer.show = footer.value(QStringLiteral("show")).toBool(false);
    for (const QJsonValue &r : footer.value(QStringLiteral("reducer")).toArray())
        spec.footer.reducers << r.toString();
    for (const QJsonValue &f : footer.value(QStringLiteral("fields")).toArray())
        spec.footer.fields << f.toString();
    spec.footer.countRows = footer.value(QStringLiteral("countRows")).toBool(false);

    // Grafana's old table: `styles`, and its `sort: {"col": 2, "desc": true}` by column index.
    for (const QJsonValue &v : panel.json.value(QStringLiteral("styles")).toArray()) {
        const QJsonObject o = v.toObject();
        spec.legacyStyles.push_back(
            {o.value(QStringLiteral("pattern")).toString(), legacyStyle(o, spec.defaults)});
    }
    return spec;
}

} // namespace promdeck
