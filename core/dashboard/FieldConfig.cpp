#include "dashboard/FieldConfig.h"

#include "series/ValueFormat.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>

namespace promdeck {

// ---------------------------------------------------------------------------------------------------
// Thresholds and mappings

const std::vector<Threshold> &defaultThresholdSteps()
{
    static const std::vector<Threshold> steps = {{std::nullopt, QStringLiteral("green")},
                                                 {80.0, QStringLiteral("red")}};
    return steps;
}

std::vector<Threshold> FieldConfig::thresholdSteps() const
{
    return thresholds.empty() ? defaultThresholdSteps() : thresholds;
}

Threshold FieldConfig::activeThreshold(double v, double rangeMin, double rangeMax) const
{
    const std::vector<Threshold> &steps = thresholds.empty() ? defaultThresholdSteps() : thresholds;
    Threshold active = steps.front();
    for (const Threshold &t : steps) {
        if (!t.value) {
            active = t;
            continue;
        }
        // Percentage steps sit at that share of the field's range.
        const double at = percentageThresholds ? rangeMin + (rangeMax - rangeMin) * *t.value / 100 : *t.value;
        if (v >= at)
            active = t;
    }
    return active;
}

const Threshold *FieldConfig::thresholdFor(double v) const
{
    const Threshold *match = nullptr;
    for (const Threshold &t : thresholds) {
        if (!t.value || v >= *t.value)
            match = &t;
    }
    return match;
}

const ValueMapping *FieldConfig::mappingFor(std::optional<double> v) const
{
    const bool missing = !v;
    const bool nan = v && std::isnan(*v);
    for (const ValueMapping &m : mappings) {
        switch (m.kind) {
        case ValueMapping::Kind::Value:
            // Grafana looks the value up as JavaScript writes it: 1 is "1", 0.5 is "0.5".
            if (!missing && m.key == jsNumberString(*v))
                return &m;
            break;
        case ValueMapping::Kind::Range:
            if (!missing && !nan && (!m.from || *v >= *m.from) && (!m.to || *v <= *m.to))
                return &m;
            break;
        case ValueMapping::Kind::Regex:
            break; // only for text
        case ValueMapping::Kind::Special:
            switch (m.special) {
            case ValueMapping::Special::Null:
                if (missing)
                    return &m;
                break;
            case ValueMapping::Special::NaN:
                if (nan)
                    return &m;
                break;
            case ValueMapping::Special::NullAndNaN:
                if (missing || nan)
                    return &m;
                break;
            default:
                break; // true, false and empty are text values
            }
            break;
        }
    }
    return nullptr;
}

const ValueMapping *FieldConfig::mappingFor(QStringView text) const
{
    for (const ValueMapping &m : mappings) {
        switch (m.kind) {
        case ValueMapping::Kind::Value:
            if (m.key == text)
                return &m;
            break;
        case ValueMapping::Kind::Range: {
            bool ok = false;
            const double v = text.trimmed().toDouble(&ok);
            if (ok && (!m.from || v >= *m.from) && (!m.to || v <= *m.to))
                return &m;
            break;
        }
        case ValueMapping::Kind::Regex:
            if (m.pattern.isValid() && m.pattern.match(text).hasMatch())
                return &m;
            break;
        case ValueMapping::Kind::Special:
            if ((m.special == ValueMapping::Special::True && text == u"true") ||
                (m.special == ValueMapping::Special::False && text == u"false") ||
                (m.special == ValueMapping::Special::Empty && text.isEmpty()))
                return &m;
            break;
        }
    }
    return nullptr;
}

// ---------------------------------------------------------------------------------------------------
// Reading property values

namespace {

std::optional<double> numberValue(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble();
    if (v.isString()) {
        const QString s = v.toString().trimmed();
        if (s == u"-Infinity")
            return -INFINITY;
        if (s == u"Infinity" || s == u"+Infinity")
            return INFINITY;
        bool ok = false;
        const double d = s.toDouble(&ok);
        if (ok)
            return d;
    }
    return std::nullopt;
}

QString expected(const char *what, const QJsonValue &v)
{
    static const char *const names[] = {"null",     "true or false", "a number",
                                        "a string", "an array",      "an object"};
    int index = 0;
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        index = 0;
        break;
    case QJsonValue::Bool:
        index = 1;
        break;
    case QJsonValue::Double:
        index = 2;
        break;
    case QJsonValue::String:
        index = 3;
        break;
    case QJsonValue::Array:
        index = 4;
        break;
    case QJsonValue::Object:
        index = 5;
        break;
    }
    return QStringLiteral("expected %1, found %2").arg(QLatin1String(what), QLatin1String(names[index]));
}

template <typename Enum> struct Named
{
    const char16_t *name;
    Enum value;
};

template <typename Enum, size_t N>
QString setEnum(Enum &out, const QJsonValue &v, const Named<Enum> (&names)[N])
{
    if (!v.isString())
        return expected("one of Grafana's names", v);
    const QString s = v.toString();
    for (const Named<Enum> &n : names) {
        if (s == QStringView(n.name)) {
            out = n.value;
            return {};
        }
    }
    QStringList known;
    for (const Named<Enum> &n : names)
        known << QString::fromUtf16(n.name);
    return QStringLiteral("\"%1\" is not one of %2").arg(s, known.join(QStringLiteral(", ")));
}

QString parseThresholds(FieldConfig &config, const QJsonValue &v)
{
    if (!v.isObject())
        return expected("an object with \"mode\" and \"steps\"", v);
    const QJsonObject o = v.toObject();
    std::vector<Threshold> steps;
    for (const QJsonValue &s : o.value(QLatin1String("steps")).toArray()) {
        const QJsonObject step = s.toObject();
        Threshold t;
        const QJsonValue value = step.value(QLatin1String("value"));
        if (!value.isNull() && !value.isUndefined()) {
            const auto n = numberValue(value);
            if (!n)
                return QStringLiteral("a threshold step's value: ") + expected("a number or null", value);
            if (std::isfinite(*n))
                t.value = *n;
        }
        t.color = step.value(QLatin1String("color")).toString(QStringLiteral("green"));
        steps.push_back(std::move(t));
    }
    std::stable_sort(steps.begin(), steps.end(), [](const Threshold &a, const Threshold &b) {
        return (a.value ? *a.value : -INFINITY) < (b.value ? *b.value : -INFINITY);
    });
    config.thresholds = std::move(steps);
    config.percentageThresholds = o.value(QLatin1String("mode")).toString() == u"percentage";
    return {};
}

void readResult(ValueMapping &m, const QJsonValue &result)
{
    const QJsonObject r = result.toObject();
    m.text = r.value(QLatin1String("text")).toString();
    m.color = r.value(QLatin1String("color")).toString();
}

// Grafana 8+ mappings, and the Grafana 7 form (`{"type": 1, "value": "1", "text": "UP"}`).
QString parseMappings(FieldConfig &config, const QJsonValue &v)
{
    if (!v.isArray())
        return expected("an array of value mappings", v);
    std::vector<ValueMapping> out;
    QStringList problems;
    for (const QJsonValue &item : v.toArray()) {
        const QJsonObject m = item.toObject();
        const QJsonValue type = m.value(QLatin1String("type"));
        const QJsonObject options = m.value(QLatin1String("options")).toObject();
        if (type.isDouble()) { // the Grafana 7 shape
            ValueMapping mapping;
            mapping.text = m.value(QLatin1String("text")).toString();
            if (type.toInt() == 1) {
                const QString value = m.value(QLatin1String("value")).toVariant().toString();
                if (value == u"null") {
                    mapping.kind = ValueMapping::Kind::Special;
                    mapping.special = ValueMapping::Special::Null;
                } else {
                    mapping.key = value;
                }
            } else {
                mapping.kind = ValueMapping::Kind::Range;
                mapping.from = numberValue(m.value(QLatin1String("from")));
                mapping.to = numberValue(m.value(QLatin1String("to")));
            }
            out.push_back(std::move(mapping));
            continue;
        }
        const QString kind = type.toString();
        if (kind == u"value") {
            for (auto it = options.begin(); it != options.end(); ++it) {
                ValueMapping mapping;
                mapping.key = it.key();
                readResult(mapping, it.value());
                out.push_back(std::move(mapping));
            }
        } else if (kind == u"range") {
            ValueMapping mapping;
            mapping.kind = ValueMapping::Kind::Range;
            mapping.from = numberValue(options.value(QLatin1String("from")));
            mapping.to = numberValue(options.value(QLatin1String("to")));
            readResult(mapping, options.value(QLatin1String("result")));
            out.push_back(std::move(mapping));
        } else if (kind == u"regex") {
            ValueMapping mapping;
            mapping.kind = ValueMapping::Kind::Regex;
            mapping.pattern = grafanaRegex(options.value(QLatin1String("pattern")).toString());
            if (!mapping.pattern.isValid())
                problems << QStringLiteral("regex \"%1\": %2")
                                .arg(options.value(QLatin1String("pattern")).toString(),
                                     mapping.pattern.errorString());
            readResult(mapping, options.value(QLatin1String("result")));
            out.push_back(std::move(mapping));
        } else if (kind == u"special") {
            static const Named<ValueMapping::Special> specials[] = {
                {u"null", ValueMapping::Special::Null},           {u"nan", ValueMapping::Special::NaN},
                {u"null+nan", ValueMapping::Special::NullAndNaN}, {u"true", ValueMapping::Special::True},
                {u"false", ValueMapping::Special::False},         {u"empty", ValueMapping::Special::Empty}};
            ValueMapping mapping;
            mapping.kind = ValueMapping::Kind::Special;
            if (const QString why = setEnum(mapping.special, options.value(QLatin1String("match")), specials);
                !why.isEmpty()) {
                problems << QStringLiteral("special value mapping: ") + why;
                continue;
            }
            readResult(mapping, options.value(QLatin1String("result")));
            out.push_back(std::move(mapping));
        } else {
            problems << QStringLiteral("value mapping type \"%1\" is not value, range, regex or special")
                            .arg(kind);
        }
    }
    config.mappings = std::move(out);
    return problems.join(QStringLiteral("; "));
}

QString parseColor(FieldConfig &config, const QJsonValue &v)
{
    if (v.isString()) { // Grafana 6: a plain colour
        config.color = {QStringLiteral("fixed"), v.toString(), Reducer::Last};
        return {};
    }
    if (!v.isObject())
        return expected("an object with \"mode\"", v);
    const QJsonObject o = v.toObject();
    FieldColor c;
    c.mode = o.value(QLatin1String("mode")).toString(QStringLiteral("thresholds"));
    c.fixedColor = o.value(QLatin1String("fixedColor")).toString();
    if (const QJsonValue by = o.value(QLatin1String("seriesBy")); by.isString()) {
        const auto r = reducerById(by.toString());
        if (!r)
            return QStringLiteral("seriesBy \"%1\" is not a reducer").arg(by.toString());
        c.seriesBy = *r;
    }
    static const QStringList modes = {
        QStringLiteral("fixed"),
        QStringLiteral("shades"),
        QStringLiteral("thresholds"),
        QStringLiteral("palette-classic"),
        QStringLiteral("palette-classic-by-name"),
        QStringLiteral("continuous-GrYlRd"),
        QStringLiteral("continuous-RdYlGr"),
        QStringLiteral("continuous-BlYlRd"),
        QStringLiteral("continuous-YlRd"),
        QStringLiteral("continuous-BlPu"),
        QStringLiteral("continuous-YlBl"),
        QStringLiteral("continuous-blues"),
        QStringLiteral("continuous-reds"),
        QStringLiteral("continuous-greens"),
        QStringLiteral("continuous-purples"),
        QStringLiteral("continuous-viridis"),
        QStringLiteral("continuous-magma"),
        QStringLiteral("continuous-plasma"),
        QStringLiteral("continuous-inferno"),
        QStringLiteral("continuous-cividis"),
        QStringLiteral("palette-saturated"),
    };
    if (!modes.contains(c.mode))
        return QStringLiteral("colour mode \"%1\" is not one of Grafana's").arg(c.mode);
    config.color = std::move(c);
    return {};
}

QString parseLinks(std::vector<DataLink> &links, const QJsonValue &v)
{
    if (!v.isArray())
        return expected("an array of links", v);
    links.clear();
    for (const QJsonValue &item : v.toArray()) {
        const QJsonObject l = item.toObject();
        DataLink link{l.value(QLatin1String("title")).toString(), l.value(QLatin1String("url")).toString(),
                      l.value(QLatin1String("targetBlank")).toBool()};
        if (!link.url.isEmpty())
            links.push_back(std::move(link));
    }
    return {};
}

QString setNumber(std::optional<double> &out, const QJsonValue &v)
{
    if (v.isNull() || v.isUndefined()) {
        out.reset();
        return {};
    }
    const auto n = numberValue(v);
    if (!n)
        return expected("a number", v);
    out = *n;
    return {};
}

QString setDouble(double &out, const QJsonValue &v)
{
    const auto n = numberValue(v);
    if (!n)
        return expected("a number", v);
    out = *n;
    return {};
}

QString setBool(bool &out, const QJsonValue &v)
{
    if (!v.isBool())
        return expected("true or false", v);
    out = v.toBool();
    return {};
}

QString setString(QString &out, const QJsonValue &v)
{
    if (v.isNull() || v.isUndefined()) {
        out.clear();
        return {};
    }
    if (v.isDouble()) {
        out = jsNumberString(v.toDouble());
        return {};
    }
    if (!v.isString())
        return expected("a string", v);
    out = v.toString();
    return {};
}

QString applyCustom(GraphFieldConfig &g, QStringView key, const QJsonValue &v)
{
    using G = GraphFieldConfig;
    if (key == u"drawStyle") {
        static const Named<G::DrawStyle> n[] = {
            {u"line", G::DrawStyle::Line}, {u"bars", G::DrawStyle::Bars}, {u"points", G::DrawStyle::Points}};
        return setEnum(g.drawStyle, v, n);
    }
    if (key == u"lineInterpolation") {
        static const Named<G::Interpolation> n[] = {{u"linear", G::Interpolation::Linear},
                                                    {u"smooth", G::Interpolation::Smooth},
                                                    {u"stepBefore", G::Interpolation::StepBefore},
                                                    {u"stepAfter", G::Interpolation::StepAfter}};
        return setEnum(g.lineInterpolation, v, n);
    }
    if (key == u"lineWidth")
        return setDouble(g.lineWidth, v);
    if (key == u"lineStyle") {
        const QJsonObject o = v.toObject();
        static const Named<G::LineFill> n[] = {
            {u"solid", G::LineFill::Solid}, {u"dash", G::LineFill::Dash}, {u"dot", G::LineFill::Dots}};
        if (const QString why = setEnum(g.lineStyle, o.value(QLatin1String("fill")), n); !why.isEmpty())
            return why;
        g.dash.clear();
        for (const QJsonValue &d : o.value(QLatin1String("dash")).toArray())
            if (const auto x = numberValue(d))
                g.dash.push_back(*x);
        return {};
    }
    if (key == u"fillOpacity")
        return setDouble(g.fillOpacity, v);
    if (key == u"gradientMode") {
        static const Named<G::Gradient> n[] = {{u"none", G::Gradient::None},
                                               {u"opacity", G::Gradient::Opacity},
                                               {u"hue", G::Gradient::Hue},
                                               {u"scheme", G::Gradient::Scheme}};
        return setEnum(g.gradientMode, v, n);
    }
    if (key == u"fillGradient") { // legacy graph override
        g.gradientMode = G::Gradient::Opacity;
        return {};
    }
    if (key == u"showPoints") {
        static const Named<G::Points> n[] = {
            {u"auto", G::Points::Auto}, {u"always", G::Points::Always}, {u"never", G::Points::Never}};
        return setEnum(g.showPoints, v, n);
    }
    if (key == u"pointSize")
        return setDouble(g.pointSize, v);
    if (key == u"spanNulls") {
        if (v.isBool()) {
            g.spanNulls = v.toBool();
            g.spanNullsMs.reset();
            return {};
        }
        const auto ms = numberValue(v);
        if (!ms)
            return expected("true, false or a number of milliseconds", v);
        g.spanNulls = false;
        g.spanNullsMs = *ms;
        return {};
    }
    if (key == u"nullAsZero")
        return setBool(g.nullAsZero, v);
    if (key == u"stacking") {
        const QJsonObject o = v.toObject();
        static const Named<G::Stacking> n[] = {{u"none", G::Stacking::None},
                                               {u"normal", G::Stacking::Normal},
                                               {u"percent", G::Stacking::Percent}};
        if (const QString why = setEnum(g.stacking, o.value(QLatin1String("mode")), n); !why.isEmpty())
            return why;
        const QJsonValue group = o.value(QLatin1String("group"));
        if (group.isString() || group.isDouble())
            g.stackGroup = group.isString() ? group.toString() : jsNumberString(group.toDouble());
        return {};
    }
    if (key == u"axisPlacement") {
        static const Named<G::Axis> n[] = {{u"auto", G::Axis::Auto},
                                           {u"left", G::Axis::Left},
                                           {u"right", G::Axis::Right},
                                           {u"hidden", G::Axis::Hidden}};
        return setEnum(g.axisPlacement, v, n);
    }
    if (key == u"axisLabel")
        return setString(g.axisLabel, v);
    if (key == u"axisSoftMin")
        return setNumber(g.axisSoftMin, v);
    if (key == u"axisSoftMax")
        return setNumber(g.axisSoftMax, v);
    if (key == u"axisCenteredZero")
        return setBool(g.axisCenteredZero, v);
    if (key == u"scaleDistribution") {
        const QJsonObject o = v.toObject();
        const QString type = o.value(QLatin1String("type")).toString();
        if (type == u"linear") {
            g.logBase = 0;
            return {};
        }
        if (type == u"log" || type == u"symlog") {
            const int base = o.value(QLatin1String("log")).toInt(2);
            if (base != 2 && base != 10)
                return QStringLiteral("log base %1 is not 2 or 10").arg(base);
            g.logBase = base;
            return {};
        }
        return QStringLiteral("scale \"%1\" is not linear, log or symlog").arg(type);
    }
    if (key == u"transform") {
        static const Named<G::Transform> n[] = {{u"negative-Y", G::Transform::NegativeY},
                                                {u"constant", G::Transform::Constant},
                                                {u"none", G::Transform::None}};
        return setEnum(g.transform, v, n);
    }
    if (key == u"thresholdsStyle") {
        static const Named<G::ThresholdsStyle> n[] = {
            {u"off", G::ThresholdsStyle::Off},       {u"line", G::ThresholdsStyle::Line},
            {u"area", G::ThresholdsStyle::Area},     {u"line+area", G::ThresholdsStyle::LineAndArea},
            {u"dashed", G::ThresholdsStyle::Dashed}, {u"dashed+area", G::ThresholdsStyle::DashedAndArea},
            {u"series", G::ThresholdsStyle::Series}};
        return setEnum(g.thresholdsStyle, v.toObject().value(QLatin1String("mode")), n);
    }
    if (key == u"hideFrom") {
        const QJsonObject o = v.toObject();
        g.hideFromLegend = o.value(QLatin1String("legend")).toBool();
        g.hideFromTooltip = o.value(QLatin1String("tooltip")).toBool();
        // `graph` is the name before Grafana 7.5 called it `viz`.
        g.hideFromViz = o.value(QLatin1String("viz")).toBool() || o.value(QLatin1String("graph")).toBool();
        return {};
    }
    if (key == u"fillBelowTo")
        return setString(g.fillBelowTo, v);
    if (key == u"zindex") {
        double z = 0;
        const QString why = setDouble(z, v);
        g.zIndex = static_cast<int>(z);
        return why;
    }
    return {}; // any other custom property is kept raw for the panel kinds that read it
}

void resetCustom(GraphFieldConfig &g, QStringView key)
{
    const GraphFieldConfig d;
    if (key == u"drawStyle")
        g.drawStyle = d.drawStyle;
    else if (key == u"lineInterpolation")
        g.lineInterpolation = d.lineInterpolation;
    else if (key == u"lineWidth")
        g.lineWidth = d.lineWidth;
    else if (key == u"lineStyle") {
        g.lineStyle = d.lineStyle;
        g.dash = d.dash;
    } else if (key == u"fillOpacity")
        g.fillOpacity = d.fillOpacity;
    else if (key == u"gradientMode" || key == u"fillGradient")
        g.gradientMode = d.gradientMode;
    else if (key == u"showPoints")
        g.showPoints = d.showPoints;
    else if (key == u"pointSize")
        g.pointSize = d.pointSize;
    else if (key == u"spanNulls") {
        g.spanNulls = d.spanNulls;
        g.spanNullsMs = d.spanNullsMs;
    } else if (key == u"stacking") {
        g.stacking = d.stacking;
        g.stackGroup = d.stackGroup;
    } else if (key == u"axisPlacement")
        g.axisPlacement = d.axisPlacement;
    else if (key == u"axisLabel")
        g.axisLabel = d.axisLabel;
    else if (key == u"axisSoftMin")
        g.axisSoftMin = d.axisSoftMin;
    else if (key == u"axisSoftMax")
        g.axisSoftMax = d.axisSoftMax;
    else if (key == u"axisCenteredZero")
        g.axisCenteredZero = d.axisCenteredZero;
    else if (key == u"scaleDistribution")
        g.logBase = d.logBase;
    else if (key == u"transform")
        g.transform = d.transform;
    else if (key == u"thresholdsStyle")
        g.thresholdsStyle = d.thresholdsStyle;
    else if (key == u"hideFrom") {
        g.hideFromLegend = d.hideFromLegend;
        g.hideFromTooltip = d.hideFromTooltip;
        g.hideFromViz = d.hideFromViz;
    } else if (key == u"fillBelowTo")
        g.fillBelowTo = d.fillBelowTo;
    else if (key == u"zindex")
        g.zIndex = d.zIndex;
    else if (key == u"nullAsZero")
        g.nullAsZero = d.nullAsZero;
}

const QStringList &standardProperties()
{
    static const QStringList ids = {
        QStringLiteral("unit"),       QStringLiteral("decimals"),    QStringLiteral("min"),
        QStringLiteral("max"),        QStringLiteral("displayName"), QStringLiteral("displayNameFromDS"),
        QStringLiteral("noValue"),    QStringLiteral("color"),       QStringLiteral("thresholds"),
        QStringLiteral("mappings"),   QStringLiteral("links"),       QStringLiteral("description"),
        QStringLiteral("filterable"), QStringLiteral("writeable"),   QStringLiteral("fieldMinMax"),
        QStringLiteral("path"),       QStringLiteral("interval"),    QStringLiteral("nullValueMode"),
        QStringLiteral("actions"),    QStringLiteral("unitScale"),
    };
    return ids;
}

} // namespace

bool isKnownFieldProperty(QStringView id)
{
    return id.startsWith(u"custom.") || standardProperties().contains(id.toString());
}

QString applyFieldProperty(FieldConfig &config, const FieldProperty &property)
{
    const QString &id = property.id;
    const QJsonValue &v = property.value;
    if (id.startsWith(u"custom.")) {
        const QString key = id.mid(7);
        if (v.isNull() || v.isUndefined()) {
            // Unset: back to the time series' default for that property.
            config.customRaw.remove(key);
            resetCustom(config.custom, key);
            return {};
        }
        GraphFieldConfig updated = config.custom;
        if (const QString why = applyCustom(updated, key, v); !why.isEmpty())
            return why;
        config.custom = std::move(updated);
        config.customRaw.insert(key, v);
        return {};
    }
    if (id == u"unit")
        return setString(config.unit, v);
    if (id == u"decimals") {
        std::optional<double> d;
        if (const QString why = setNumber(d, v); !why.isEmpty())
            return why;
        if (d)
            config.decimals = static_cast<int>(std::clamp(*d, -20.0, 20.0));
        else
            config.decimals.reset();
        return {};
    }
    if (id == u"min")
        return setNumber(config.min, v);
    if (id == u"max")
        return setNumber(config.max, v);
    if (id == u"displayName" || id == u"displayNameFromDS")
        return setString(config.displayName, v);
    if (id == u"noValue")
        return setString(config.noValue, v);
    if (id == u"color")
        return v.isNull() ? (config.color = FieldColor{}, QString()) : parseColor(config, v);
    if (id == u"thresholds")
        return v.isNull() ? (config.thresholds.clear(), QString()) : parseThresholds(config, v);
    if (id == u"mappings")
        return v.isNull() ? (config.mappings.clear(), QString()) : parseMappings(config, v);
    if (id == u"links")
        return v.isNull() ? (config.links.clear(), QString()) : parseLinks(config.links, v);
    if (id == u"nullValueMode") { // the legacy graph's nullPointMode, kept by the migration
        config.custom.nullAsZero = v.toString() == u"null as zero";
        return {};
    }
    if (standardProperties().contains(id))
        return {}; // known to Grafana, nothing Promdeck draws differently for it
    return QStringLiteral("\"%1\" is not a field property Grafana knows").arg(id);
}

// ---------------------------------------------------------------------------------------------------
// Matchers

QRegularExpression grafanaRegex(const QString &text)
{
    if (!text.startsWith(QLatin1Char('/')))
        return QRegularExpression(QLatin1Char('^') + text + QLatin1Char('$'));
    const qsizetype end = text.lastIndexOf(QLatin1Char('/'));
    if (end <= 0)
        return QRegularExpression(text); // not closed: as written (Grafana refuses it too)
    QRegularExpression::PatternOptions options;
    for (const QChar flag : QStringView(text).mid(end + 1)) {
        if (flag == u'i')
            options |= QRegularExpression::CaseInsensitiveOption;
        else if (flag == u'm')
            options |= QRegularExpression::MultilineOption;
        else if (flag == u's')
            options |= QRegularExpression::DotMatchesEverythingOption;
    }
    return QRegularExpression(text.mid(1, end - 1), options);
}

FieldMatcher parseFieldMatcher(const QJsonObject &matcher, QString *error)
{
    FieldMatcher m;
    m.id = matcher.value(QLatin1String("id")).toString();
    const QJsonValue options = matcher.value(QLatin1String("options"));
    auto fail = [&](const QString &why) {
        m.kind = FieldMatcher::Kind::Unknown;
        if (error)
            *error = why;
        return m;
    };
    if (m.id == u"byName" || m.id == u"byFrameRefID" || m.id == u"byType") {
        m.kind = m.id == u"byName"         ? FieldMatcher::Kind::ByName
                 : m.id == u"byFrameRefID" ? FieldMatcher::Kind::ByFrameRefId
                                           : FieldMatcher::Kind::ByType;
        m.option = options.isDouble() ? jsNumberString(options.toDouble()) : options.toString();
    } else if (m.id == u"byRegexp") {
        m.kind = FieldMatcher::Kind::ByRegexp;
        m.option = options.toString();
        m.regex = grafanaRegex(m.option);
        if (!m.regex.isValid())
            return fail(QStringLiteral("regex \"%1\": %2").arg(m.option, m.regex.errorString()));
    } else if (m.id == u"byNames" || m.id == u"byRegexpOrNames") {
        const QJsonObject o = options.toObject();
        for (const QJsonValue &n : o.value(QLatin1String("names")).toArray())
            m.names << n.toString();
        if (m.id == u"byNames") {
            m.kind = FieldMatcher::Kind::ByNames;
            m.excludeNames = o.value(QLatin1String("mode")).toString() == u"exclude";
        } else {
            m.kind = FieldMatcher::Kind::ByRegexpOrNames;
            m.option = o.value(QLatin1String("pattern")).toString();
            if (!m.option.isEmpty()) {
                m.regex = grafanaRegex(m.option);
                if (!m.regex.isValid())
                    return fail(QStringLiteral("regex \"%1\": %2").arg(m.option, m.regex.errorString()));
            }
        }
    } else if (m.id == u"byValue") {
        const QJsonObject o = options.toObject();
        const QString reducer = o.value(QLatin1String("reducer")).toString();
        const auto r = reducerById(reducer);
        if (!r)
            return fail(QStringLiteral("byValue reducer \"%1\" is not one Promdeck computes").arg(reducer));
        m.reducer = *r;
        static const Named<FieldMatcher::Comparison> ops[] = {
            {u"eq", FieldMatcher::Comparison::Equal},   {u"neq", FieldMatcher::Comparison::NotEqual},
            {u"lt", FieldMatcher::Comparison::Less},    {u"lte", FieldMatcher::Comparison::LessOrEqual},
            {u"gt", FieldMatcher::Comparison::Greater}, {u"gte", FieldMatcher::Comparison::GreaterOrEqual}};
        if (const QString why = setEnum(m.comparison, o.value(QLatin1String("op")), ops); !why.isEmpty())
            return fail(QStringLiteral("byValue op: ") + why);
        const auto value = numberValue(o.value(QLatin1String("value")));
        if (!value)
            return fail(QStringLiteral("byValue value: ") +
                        expected("a number", o.value(QLatin1String("value"))));
        m.value = *value;
        m.kind = FieldMatcher::Kind::ByValue;
    } else {
        return fail(QStringLiteral("matcher \"%1\" is not byName, byRegexp, byNames, byRegexpOrNames, "
                                   "byFrameRefID, byType or byValue")
                        .arg(m.id));
    }
    return m;
}

bool FieldMatcher::matches(const FieldInfo &field) const
{
    switch (kind) {
    case Kind::ByName:
        return field.name == option;
    case Kind::ByRegexp:
        return regex.isValid() && regex.match(field.name).hasMatch();
    case Kind::ByFrameRefId:
        return field.refId == option;
    case Kind::ByType: {
        static const Named<FieldType> types[] = {{u"number", FieldType::Number},
                                                 {u"string", FieldType::String},
                                                 {u"time", FieldType::Time},
                                                 {u"boolean", FieldType::Boolean},
                                                 {u"other", FieldType::Other}};
        for (const auto &t : types)
            if (option == QStringView(t.name))
                return field.type == t.value;
        return false;
    }
    case Kind::ByNames:
        return names.contains(field.name) != excludeNames;
    case Kind::ByRegexpOrNames:
        return names.contains(field.name) ||
               (regex.isValid() && !regex.pattern().isEmpty() && regex.match(field.name).hasMatch());
    case Kind::ByValue: {
        if (field.type != FieldType::Number)
            return false;
        const auto left = reduce(field.values, reducer);
        if (!left)
            return false;
        switch (comparison) {
        case Comparison::Equal:
            return *left == value;
        case Comparison::NotEqual:
            return *left != value;
        case Comparison::Less:
            return *left < value;
        case Comparison::LessOrEqual:
            return *left <= value;
        case Comparison::Greater:
            return *left > value;
        case Comparison::GreaterOrEqual:
            return *left >= value;
        }
        return false;
    }
    case Kind::Unknown:
        return false;
    }
    return false;
}

// ---------------------------------------------------------------------------------------------------
// Resolution

FieldConfig resolveFieldConfig(const FieldConfig &defaults, const std::vector<FieldOverride> &overrides,
                               const FieldInfo &field)
{
    FieldConfig config = defaults;
    for (const FieldOverride &o : overrides) {
        if (!o.matcher.matches(field))
            continue;
        for (const FieldProperty &p : o.properties)
            applyFieldProperty(config, p); // problems were reported when the dashboard was read
    }
    // Grafana swaps a min above the max.
    if (config.min && config.max && *config.min > *config.max)
        std::swap(config.min, config.max);
    return config;
}

namespace {

QString labelsText(const LabelSet &labels, bool braces)
{
    QStringList parts;
    for (const Label &l : labels.labels()) {
        if (l.name != u"__name__")
            parts << QStringLiteral("%1=\"%2\"").arg(l.name, l.value);
    }
    const QString inner = parts.join(QStringLiteral(", "));
    return braces ? QLatin1Char('{') + inner + QLatin1Char('}') : inner;
}

} // namespace

QString fieldDisplayName(const FieldConfig &config, const FieldInfo &field,
                         const std::function<QString(const QString &)> &interpolate)
{
    if (config.displayName.isEmpty())
        return field.name;
    QString out;
    const QString &text = config.displayName;
    qsizetype i = 0;
    while (i < text.size()) {
        const qsizetype open = text.indexOf(QLatin1String("${__"), i);
        if (open < 0) {
            out += QStringView(text).mid(i);
            break;
        }
        const qsizetype close = text.indexOf(QLatin1Char('}'), open);
        if (close < 0) {
            out += QStringView(text).mid(i);
            break;
        }
        out += QStringView(text).mid(i, open - i);
        QString name = text.mid(open + 2, close - open - 2);
        const qsizetype colon = name.indexOf(QLatin1Char(':')); // a format (`:raw`) changes nothing here
        if (colon >= 0)
            name.truncate(colon);
        if (name.startsWith(u"__field.labels.")) {
            const QString label = name.mid(15);
            out += label == u"__values" ? labelsText(field.labels, false) : field.labels.value(label);
        } else if (name == u"__field.labels") {
            out += labelsText(field.labels, true);
        } else if (name == u"__field.name" || name == u"__field.displayName" || name == u"__series.name") {
            out += field.name;
        } else if (name == u"__field.refId" || name == u"__data.refId") {
            out += field.refId;
        } else {
            out += QStringView(text).mid(open, close - open + 1); // for the dashboard's variables below
        }
        i = close + 1;
    }
    return interpolate ? interpolate(out) : out;
}

} // namespace promdeck
