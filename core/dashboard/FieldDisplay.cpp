#include "dashboard/FieldDisplay.h"

#include <cmath>

namespace promdeck {

namespace {
// JavaScript's String.replace(regex, text) without the g flag: the first match, with $1..$9 and $&.
QString replaceFirstMatch(QStringView text, const QRegularExpression &pattern, const QString &replacement)
{
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return text.toString();
    QString expanded;
    for (qsizetype i = 0; i < replacement.size(); ++i) {
        const QChar c = replacement[i];
        if (c == u'$' && i + 1 < replacement.size()) {
            const QChar next = replacement[i + 1];
            if (next.isDigit()) {
                expanded += match.captured(next.digitValue());
                ++i;
                continue;
            }
            if (next == u'&') {
                expanded += match.captured(0);
                ++i;
                continue;
            }
        }
        expanded += c;
    }
    return text.left(match.capturedStart()).toString() + expanded + text.mid(match.capturedEnd()).toString();
}
} // namespace

FieldRange fieldRange(const FieldConfig &config, std::span<const double> values)
{
    double lo = INFINITY, hi = -INFINITY;
    for (double v : values) {
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    FieldRange r;
    r.min = config.min ? *config.min : std::isfinite(lo) ? lo : 0;
    r.max = config.max ? *config.max : std::isfinite(hi) ? hi : 100;
    return r;
}

FieldDisplay::FieldDisplay(FieldConfig config, FieldInfo field, FieldRange range, FormatContext format,
                           ColorTheme theme)
    : m_config(std::move(config)), m_field(std::move(field)), m_range(range), m_format(format), m_theme(theme)
{
    QString unit = m_config.unit;
    // Grafana's display processor defaults: times as dates, text as text, booleans as True/False.
    if (m_field.type == FieldType::Time && !ValueFormat::isDateTimeUnit(unit))
        unit = QStringLiteral("dateTimeAsSystem");
    else if (m_field.type == FieldType::Boolean && !unit.startsWith(u"bool"))
        unit = QStringLiteral("bool");
    else if (m_field.type == FieldType::String && unit.isEmpty())
        unit = QStringLiteral("string");
    m_valueFormat = ValueFormat(unit, m_config.decimals);
}

Rgba FieldDisplay::colorForValue(double v) const
{
    const QString &mode = m_config.color.mode;
    const double span = m_range.max - m_range.min;
    const double percent = span > 0 ? (v - m_range.min) / span : 0;
    if (mode == u"thresholds")
        return colorOrFallback(m_config.activeThreshold(v, m_range.min, m_range.max).color, m_theme);
    if (const auto continuous = continuousSchemeColor(mode, percent, m_theme))
        return *continuous;
    return seriesColor();
}

Rgba FieldDisplay::seriesColor() const
{
    const FieldColor &c = m_config.color;
    if (c.mode == u"fixed")
        return colorOrFallback(c.fixedColor, m_theme);
    if (c.mode == u"shades")
        return shadeOf(colorOrFallback(c.fixedColor, m_theme), m_field.index);
    if (c.mode == u"palette-classic" || c.mode == u"palette-saturated")
        return classicPaletteColor(m_field.index, m_theme);
    if (c.mode == u"palette-classic-by-name")
        return classicPaletteColor(std::abs(grafanaStringHash(m_field.name)) % classicPaletteSize(), m_theme);
    if (c.mode == u"thresholds" || c.mode.startsWith(u"continuous-")) {
        // By value: the colour of the series' `seriesBy` value (the last, unless told).
        const auto v = reduce(m_field.values, c.seriesBy);
        return colorForValue(v.value_or(0));
    }
    return classicPaletteColor(m_field.index, m_theme);
}

DisplayValue FieldDisplay::display(std::optional<double> value) const
{
    DisplayValue out;
    const bool isNumber = value && !std::isnan(*value);
    std::optional<Rgba> mappedColor;
    if (const ValueMapping *m = m_config.mappingFor(value)) {
        if (!m->text.isEmpty())
            out.text = m->text;
        if (!m->color.isEmpty())
            mappedColor = colorOrFallback(m->color, m_theme);
        out.mapped = true;
    }
    if (isNumber) {
        out.numeric = *value;
        const double span = m_range.max - m_range.min;
        out.percent = span > 0 ? std::clamp((*value - m_range.min) / span, 0.0, 1.0) : 0;
        if (out.text.isEmpty()) {
            const FormattedValue f = m_valueFormat.formatParts(*value, m_format);
            out.prefix = f.prefix;
            out.text = f.text;
            out.suffix = f.suffix;
        }
    } else if (out.text.isEmpty()) {
        // No value: the field's "no value" text; a NaN sample reads NaN, as in Grafana.
        out.text = value ? QStringLiteral("NaN") : m_config.noValue;
    }
    if (mappedColor)
        out.color = *mappedColor;
    else
        out.color = colorForValue(isNumber ? *value : -INFINITY);
    return out;
}

DisplayValue FieldDisplay::display(QStringView text) const
{
    DisplayValue out;
    out.text = text.toString();
    if (const ValueMapping *m = m_config.mappingFor(text)) {
        if (!m->text.isEmpty()) {
            // A regex mapping's text may use the pattern's groups ($1), as JavaScript's replace does.
            out.text =
                m->kind == ValueMapping::Kind::Regex ? replaceFirstMatch(text, m->pattern, m->text) : m->text;
        }
        if (!m->color.isEmpty()) {
            out.color = colorOrFallback(m->color, m_theme);
            out.mapped = true;
            return out;
        }
        out.mapped = true;
    }
    if (out.text.isEmpty() && !m_config.noValue.isEmpty())
        out.text = m_config.noValue;
    out.color = colorForValue(-INFINITY);
    return out;
}

} // namespace promdeck
