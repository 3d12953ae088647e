// Grafana's display processor: how one value of a field is shown (mapped text, unit, decimals,
// "no value" text) and coloured (mapping colour, thresholds, palette, continuous scheme), and which
// colour stands for the whole field (a line, a legend entry). Every panel kind shows values
// through it: a stat's number, a table cell, a gauge, a legend's calcs.
#pragma once

#include "dashboard/Colors.h"
#include "dashboard/FieldConfig.h"
#include "series/ValueFormat.h"

namespace promdeck {

struct DisplayValue
{
    QString prefix;
    QString text;
    QString suffix;
    Rgba color;
    std::optional<double> numeric; // nullopt for text and missing values
    double percent = 0;            // the value's place in the field's min..max, 0..1
    bool mapped = false;           // a value mapping supplied the text or colour
    QString toString() const { return prefix + text + suffix; }
};

// The range a field's percentages, percentage thresholds and continuous colours refer to: the
// configured min/max, else the values' own extremes (or the panel's, when the caller passes them).
struct FieldRange
{
    double min = 0;
    double max = 100;
};
FieldRange fieldRange(const FieldConfig &config, std::span<const double> values);

class FieldDisplay
{
public:
    FieldDisplay(FieldConfig config, FieldInfo field, FieldRange range, FormatContext format = {},
                 ColorTheme theme = ColorTheme::Dark);

    DisplayValue display(std::optional<double> value) const;
    DisplayValue display(QStringView text) const;
    // The colour of the whole field: fixed, from the palette by index or name, or (for by-value
    // modes) the colour of its `seriesBy` value (the last one by default).
    Rgba seriesColor() const;
    const FieldConfig &config() const { return m_config; }
    const FieldInfo &field() const { return m_field; }
    const FieldRange &range() const { return m_range; }

private:
    Rgba colorForValue(double v) const;

    FieldConfig m_config;
    FieldInfo m_field;
    FieldRange m_range;
    FormatContext m_format;
    ColorTheme m_theme;
    ValueFormat m_valueFormat;
};

} // namespace promdeck
