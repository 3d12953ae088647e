// A panel's answers as the fields Grafana would draw: one per series, named by its legend, with
// its field configuration resolved (defaults, overrides, legacy options) and its colour. The
// window, `render` and `promdeck data` all take series names, colours and styles from here.
#pragma once

#include "dashboard/FieldDisplay.h"
#include "query/DashboardRefresher.h"

namespace promdeck {

struct PanelField
{
    FieldInfo info;      // name from the legend, refId, labels, values, palette index
    FieldConfig config;  // resolved for this series
    QString displayName; // what legends and tooltips say
    Rgba color;
    ColorTheme theme = ColorTheme::Dark; // the theme `color` and `display` resolve names in
    SharedQueryResult owner;             // keeps the samples alive
    const Series *series = nullptr;
    // The display processor for this field's values, in `range` (min..max for percentages and
    // continuous colours).
    FieldDisplay display(const FieldRange &range, const FormatContext &format = {}) const
    {
        return FieldDisplay(config, info, range, format, theme);
    }
};

// Every series of every answered query, in query order, at most `maxSeries`.
std::vector<PanelField> panelFields(const Panel &panel, const PanelData &data,
                                    const VariableValues &variables, int maxSeries = 500,
                                    ColorTheme theme = ColorTheme::Dark);

} // namespace promdeck
