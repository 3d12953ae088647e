// The dashboard model: what Promdeck keeps of Grafana's dashboard JSON. Plain values; the loader
// fills them, the planner and the widgets read them.
#pragma once

#include "dashboard/FieldConfig.h"
#include "dashboard/PanelOptions.h"
#include "series/TimeRange.h"

#include <QString>
#include <QStringList>
#include <optional>
#include <vector>

namespace promdeck {

struct GridPos
{
    int x = 0;
    int y = 0;
    int w = 12;
    int h = 8;
    friend bool operator==(const GridPos &, const GridPos &) = default;
};

// A panel link (`links[]`); `/d/<uid>` URLs open another dashboard at the same time range.
struct PanelLink
{
    QString title;
    QString url;
    // The uid of a `/d/<uid>/...` link, or empty for any other URL.
    QString dashboardUid() const;
};

struct Target
{
    QString refId;
    QString expr;
    QString legendFormat;
    QString interval; // per-target minimum step, e.g. "30s"
    bool instant = false;
    bool hide = false;
};

enum class PanelKind
{
    TimeSeries,  // timeseries, graph
    Stat,        // stat, singlestat, gauge, bargauge: one big value per series
    Row,         // a row header
    Text,        // markdown/text
    Unsupported, // any other type: shown as a placeholder that names it
};

struct Panel
{
    int id = 0;
    QString type; // as written in the file
    PanelKind kind = PanelKind::Unsupported;
    QString title;
    QString description;
    GridPos gridPos;
    std::vector<Target> targets;
    // `fieldConfig.defaults` as every field starts (the legacy options migrated into it), and the
    // overrides: resolveField() gives one field its configuration.
    FieldConfig fieldConfig;
    std::vector<FieldOverride> overrides;
    ReduceOptions reduceOptions;
    StatOptions stat;
    LegendOptions legend;
    TooltipOptions tooltip;
    QString interval;      // panel minimum interval
    int maxDataPoints = 0; // 0: the panel's width in pixels
    bool collapsed = false;
    int parentRowId = 0; // for panels inside a collapsed row
    QString text;        // text panels
    std::vector<PanelLink> links;
    // Promdeck's extension key `promdeckAlert` (Grafana ignores it): the panel's threshold is an alert.
    struct AlertSpec
    {
        QString name; // empty: from the title
        std::int64_t forMs = 0;
        QString severity = QStringLiteral("warning");
        bool below = false;              // fire under the threshold instead of over it (success rates)
        std::optional<double> threshold; // empty: the panel's highest threshold step
    };
    std::optional<AlertSpec> alert;
    int line = 0; // where the panel starts in its file, for messages

    bool isRow() const { return kind == PanelKind::Row; }
    bool hasQueries() const;
    // This panel's configuration for one field (a series, a table column).
    FieldConfig resolveField(const FieldInfo &field) const
    {
        return resolveFieldConfig(fieldConfig, overrides, field);
    }
};

// A template variable from Grafana's `templating.list`.
struct Variable
{
    enum class Type
    {
        Query,
        Custom,
        Constant,
        Interval,
        TextBox,
        DataSource,
        Unsupported
    };
    QString name;
    QString label;
    Type type = Type::Unsupported;
    QString typeName; // as written
    QString query;    // the query, the custom list, the constant, the interval list
    QString regex;    // filters (and with a capture group, rewrites) query results
    bool multi = false;
    bool includeAll = false;
    QString allValue;
    bool refreshOnTimeChange = false; // Grafana's `refresh: 2`: the options depend on the range
    // Grafana's `sort` of a query variable's options (and so which one is picked first): 0 as the
    // server answered, 1/2 alphabetical, 3/4 numerical (the first number in each), 5/6 alphabetical
    // ignoring case, 7/8 natural; odd ascending, even descending.
    int sort = 0;
    // Grafana's `hide`: 0 shown, 1 shown without its label, 2 not in the bar (still substituted).
    int hide = 0;
    QStringList current; // the selection saved in the file; "$__all" for All
    // Interval variables: "auto" derives the value from the range.
    bool autoInterval = false;
    int autoCount = 30;
    QString autoMin = QStringLiteral("10s");
};

struct Dashboard
{
    QString title;
    QString uid;
    int schemaVersion = 0;
    TimeSpec time;
    QString refresh; // e.g. "30s"; empty: off
    std::vector<Panel> panels;
    std::vector<Variable> variables;
    QString fileName;
    QByteArray sourceJson; // the file as read, so a snapshot can carry the dashboard exactly

    const Panel *panel(int id) const;
    // The panels shown: everything except children of collapsed rows.
    std::vector<const Panel *> visiblePanels() const;
};

PanelKind panelKindFromType(QStringView type);

} // namespace promdeck
