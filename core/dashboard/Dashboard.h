// The dashboard model: what Promdeck keeps of Grafana's dashboard JSON. Plain values; the loader
// fills them, the planner and the widgets read them.
#pragma once

#include "dashboard/FieldConfig.h"
#include "dashboard/PanelOptions.h"
#include "series/TimeRange.h"

#include <QJsonObject>
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

// How Grafana's Prometheus data source shapes a target's answer into frames (`format`).
enum class TargetFormat
{
    TimeSeries, // a frame per series
    Table,      // one frame: Time, a column per label, the value
    Heatmap,    // histogram buckets sorted by `le` and de-accumulated
};

struct Target
{
    QString refId;
    QString expr;
    QString legendFormat;
    QString interval;       // per-target minimum step, e.g. "30s"
    int intervalFactor = 1; // the step is this many times the panel's interval (legacy "Resolution 1/N")
    bool instant = false;
    bool hide = false;
    // Where `expr` is written in the file: the offset of its opening quote (-1: not from a file) and
    // its JSON path, so that a query's error can point into the string.
    qsizetype exprOffset = -1;
    QString exprPath;
    TargetFormat format = TargetFormat::TimeSeries;
    // The target's own data source type when it names one (`"datasource": {"type": "loki"}`).
    QString datasourceType;
    // Not hidden, not empty, and PromQL for a Prometheus-compatible server: a query Promdeck sends.
    bool isSent() const;
};

// One step of a panel's `transformations` list; its options are read by core/frames.
struct Transformation
{
    QString id;
    bool disabled = false;
    QJsonObject options;
    int line = 0; // where it is written, for messages
    int column = 0;
};

enum class PanelKind
{
    TimeSeries,    // timeseries, graph
    Stat,          // stat, singlestat: one big value per series
    Gauge,         // gauge: an arc per value with the thresholds as bands
    BarGauge,      // bargauge: a bar per value (basic, gradient, LCD)
    Table,         // table, table-old
    PieChart,      // piechart, grafana-piechart-panel
    Heatmap,       // heatmap (and the old heatmap plugin's options)
    StateTimeline, // state-timeline
    StatusHistory, // status-history
    BarChart,      // barchart
    Histogram,     // histogram
    Row,           // a row header
    Text,          // markdown/text/HTML
    AlertList,     // alertlist
    DashList,      // dashlist
    Unsupported,   // any other type: shown as a placeholder that names it
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
    // Grafana's per-panel time override: a relative range of its own ("1h", "now/d"), a shift back
    // ("1d"), and whether the title hides that it has one.
    QString timeFrom;
    QString timeShift;
    bool hideTimeOverride = false;
    bool collapsed = false;
    int parentRowId = 0; // for panels inside a collapsed row
    QString text;        // text panels
    QString textMode;    // text panels: markdown (default), html or code
    std::vector<Transformation> transformations;
    // The panel's data source type when it names one that is not Prometheus (loki, tempo, ...).
    QString datasourceType;
    // The panel object as written (without nested panels): each kind reads its own options from it.
    QJsonObject json;
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
    // A data source Promdeck does not read (Loki, Tempo, Elasticsearch...): its queries are never sent.
    bool readsOtherDatasource() const { return !unsupportedDatasource().isEmpty(); }
    // That data source's type, or empty when the panel reads Prometheus.
    QString unsupportedDatasource() const;
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

// An entry of `annotations.list` that queries Prometheus: each series' runs of non-zero samples over
// the dashboard's range become markers (a point) or regions on every time series panel.
struct Annotation
{
    QString name;
    QString expr; // `expr`, or (Grafana 10+) `target.expr`
    QString step; // the minimum step (`step`, or `target.interval`); empty: from the range
    QString titleFormat;
    QString textFormat;
    QStringList tagKeys;          // labels whose values become the event's tags
    bool useValueForTime = false; // the sample's value (ms) is the event's time, not its timestamp
    QString iconColor;            // as written: a name, #rrggbb or rgba(...)
    bool enable = true;           // drawn when the dashboard opens (the bar's toggle changes it)
    bool hide = false;            // no toggle in the bar
    bool builtIn = false;         // Grafana's "Annotations & Alerts": its own database, nothing here
    QString datasourceType;       // empty: Prometheus (or a variable or input standing for it)
    int line = 0;

    // A Prometheus query Promdeck runs: not built in, some other data source, or empty.
    bool isQueried() const { return !builtIn && datasourceType.isEmpty() && !expr.trimmed().isEmpty(); }
};

// Grafana's `graphTooltip`: what hovering one time series panel shows on the others.
enum class SharedTooltip
{
    None = 0,      // each panel for itself
    Crosshair = 1, // the same time marked on every time series panel
    Tooltip = 2,   // and each of them shows its values at that time
};

struct Dashboard
{
    QString title;
    QString uid;
    int schemaVersion = 0;
    TimeSpec time;
    // Grafana's `timezone`: "utc", "browser", an IANA name, or "" (the user's setting decides; see
    // series/TimeZones.h).
    QString timezone;
    QString refresh; // e.g. "30s"; empty: off
    std::vector<Panel> panels;
    std::vector<Variable> variables;
    std::vector<Annotation> annotations;
    SharedTooltip sharedTooltip = SharedTooltip::None;
    QString fileName;
    QByteArray sourceJson; // the file as read, so a snapshot can carry the dashboard exactly

    const Panel *panel(int id) const;
    // The panels shown: everything except children of collapsed rows.
    std::vector<const Panel *> visiblePanels() const;
};

PanelKind panelKindFromType(QStringView type);
// The `visual` name of a kind in `promdeck data` (`timeseries`, `gauge`, `piechart`...).
QString panelKindName(PanelKind kind);
// "Loki", "Elasticsearch": a data source type as people call it.
QString datasourceDisplayName(const QString &type);
// True for data source types whose queries are PromQL (Prometheus and what speaks its API).
bool isPrometheusDatasourceType(QStringView type);

} // namespace promdeck
