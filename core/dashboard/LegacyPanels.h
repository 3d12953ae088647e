// Grafana's migrations of the retired Angular panels, so a 2016 dashboard draws as Grafana 11 draws
// it after auto-migration: `graph` becomes a time series (flotToGraphOptions: lines, bars, points,
// fill, stacking, nullPointMode, seriesOverrides, aliasColors, yaxes, thresholds, legend, tooltip)
// and `singlestat` a stat (valueName, format, thresholds + colors, valueMaps/rangeMaps, sparkline,
// colorValue/colorBackground, nullText, gauge).
#pragma once

#include "dashboard/FieldConfig.h"
#include "dashboard/PanelOptions.h"

#include "json/LocatedJson.h"

namespace promdeck {

struct MigratedPanel
{
    bool applies = false;                // the panel was a legacy one; the options below replace the defaults
    std::vector<FieldProperty> defaults; // applied after `fieldConfig.defaults`
    std::vector<FieldOverride> overrides; // appended to `fieldConfig.overrides`
    LegendOptions legend;
    TooltipOptions tooltip;
    ReduceOptions reduce;
    StatOptions stat;
    QString becomes; // the panel type Grafana turns it into ("stat", "gauge", "timeseries")
    QStringList problems;
};

MigratedPanel migrateGraphPanel(const json::LocatedJson &panel);
MigratedPanel migrateSinglestatPanel(const json::LocatedJson &panel);

} // namespace promdeck
