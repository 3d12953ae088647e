// What a table panel's JSON says about its columns and itself: cell types, alignment, widths,
// footer, initial sort, and Grafana's old `styles` (patterns with alias, unit, colours, links).
// Read once per panel; the table model asks it for each column's style by the column's name.
#pragma once

#include "dashboard/Dashboard.h"

namespace promdeck {

// How a cell draws its value (Grafana's `custom.cellOptions.type`, before 10 `custom.displayMode`).
enum class CellDisplay
{
    Auto,            // the text
    ColorText,       // the text in its threshold or mapping colour
    ColorBackground, // the cell filled with that colour
    GradientGauge,   // a bar with a gradient through the thresholds' colours
    LcdGauge,        // a bar of lit cells
    BasicGauge,      // a plain bar in the value's colour
    JsonView,        // the value as indented JSON
};
// Grafana's name of a cell type ("color-background", "gauge"...); nullopt when Promdeck cannot draw it.
std::optional<CellDisplay> cellDisplayFromName(const QString &type, const QString &mode);

enum class CellAlign
{
    Auto, // numbers right, text left
    Left,
    Center,
    Right,
};

struct ColumnStyle
{
    FieldConfig config; // unit, decimals, min/max, thresholds, value mappings
    CellDisplay display = CellDisplay::Auto;
    bool solidBackground = false; // color-background in `basic` mode: no gradient
    CellAlign align = CellAlign::Auto;
    int width = 0; // pixels; 0: as wide as the content asks
    int minWidth = 0;
    bool hidden = false;
    bool filterable = false;
    std::vector<PanelLink> links;
    QString displayName; // a legacy style's alias
    QString dateFormat;  // a legacy style's date format (moment.js tokens)
};

struct TableFooter
{
    bool show = false;
    QStringList reducers; // Grafana reducer ids
    QStringList fields;   // empty: every numeric column
    bool countRows = false;
};

struct TableSortKey
{
    QString displayName;
    bool descending = false;
};

struct TableSpec
{
    // The panel's field configuration: defaults and overrides, resolved per column.
    FieldConfig fieldDefaults;
    std::vector<FieldOverride> overrides;
    ColumnStyle defaults; // what the defaults alone give (legacy styles start from it)
    bool showHeader = true;
    int cellHeight = 0; // 0: the default
    std::vector<TableSortKey> sortBy;
    TableFooter footer;
    // Grafana's old `styles`: the first whose pattern matches a column name styles it.
    struct LegacyStyle
    {
        QString pattern;
        ColumnStyle style;
    };
    std::vector<LegacyStyle> legacyStyles;

    // A column's style: the first legacy style whose pattern matches its name, else the defaults with
    // every matching override applied (fidelity's resolveFieldConfig), read for a table.
    ColumnStyle styleFor(const FieldInfo &column) const;
};

TableSpec tableSpecOf(const Panel &panel);

} // namespace promdeck
