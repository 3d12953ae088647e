// A panel's `options` for the kinds Promdeck draws itself: the time series' legend and tooltip, the
// stat's reduction, text, colour and graph modes. Legacy `graph` and `singlestat` panels arrive
// here through the same migrations Grafana runs on them.
#pragma once

#include "series/Reducers.h"

#include <QString>
#include <optional>
#include <vector>

namespace promdeck {

struct LegendOptions
{
    enum class Mode
    {
        List,
        Table
    };
    enum class Placement
    {
        Bottom,
        Right
    };
    bool show = true;
    Mode mode = Mode::List;
    Placement placement = Placement::Bottom;
    std::optional<int> width;   // for the right side, in pixels
    std::vector<Reducer> calcs; // values shown beside each name
    QString sortBy;             // a calc's display name ("Max"), or "Name"; empty: query order
    bool sortDesc = false;
    bool hideEmpty = false; // legacy graph: series without a value are not listed
    bool hideZero = false;  // legacy graph: series that are all zero are not listed
    friend bool operator==(const LegendOptions &, const LegendOptions &) = default;
};

struct TooltipOptions
{
    enum class Mode
    {
        Single,
        All,
        Hidden
    };
    enum class Sort
    {
        None,
        Ascending,
        Descending
    };
    Mode mode = Mode::Single;
    Sort sort = Sort::None;
    friend bool operator==(const TooltipOptions &, const TooltipOptions &) = default;
};

// `options.reduceOptions`: how a stat, gauge or bar gauge turns series into values.
struct ReduceOptions
{
    std::vector<Reducer> calcs = {Reducer::LastNotNull};
    bool values = false;      // one value per row (every sample) instead of one per series
    std::optional<int> limit; // with `values`: at most this many
    QString fields;           // which fields: empty for numeric ones, a name or /regex/
    friend bool operator==(const ReduceOptions &, const ReduceOptions &) = default;
};

struct StatOptions
{
    enum class TextMode
    {
        Auto,
        Value,
        ValueAndName,
        Name,
        None
    };
    enum class ColorMode
    {
        Value,
        Background,
        BackgroundSolid,
        None
    };
    enum class GraphMode
    {
        None,
        Area
    };
    enum class Justify
    {
        Auto,
        Center
    };
    enum class Orientation
    {
        Auto,
        Horizontal,
        Vertical
    };
    TextMode textMode = TextMode::Auto;
    ColorMode colorMode = ColorMode::Value;
    GraphMode graphMode = GraphMode::Area;
    Justify justify = Justify::Auto;
    Orientation orientation = Orientation::Auto;
    // Legacy singlestat: text around the value.
    QString prefix;
    QString postfix;
    friend bool operator==(const StatOptions &, const StatOptions &) = default;
};

} // namespace promdeck
