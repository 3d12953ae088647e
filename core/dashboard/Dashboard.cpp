#include "dashboard/Dashboard.h"

#include <QSet>
#include <QUrl>
#include <algorithm>
#include <cmath>

namespace promdeck {

QString PanelLink::dashboardUid() const
{
    // Grafana writes `/d/<uid>/<slug>?...`, `d/<uid>` or a full URL with that path.
    const QUrl u(url);
    const QStringList parts = u.path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        if (parts[i] == u"d")
            return parts[i + 1];
    }
    return {};
}

bool Target::isSent() const
{
    return !hide && !expr.trimmed().isEmpty() &&
           (datasourceType.isEmpty() || isPrometheusDatasourceType(datasourceType));
}

bool Panel::hasQueries() const
{
    return !readsOtherDatasource() &&
           std::any_of(targets.begin(), targets.end(), [](const Target &t) { return t.isSent(); });
}

QString Panel::unsupportedDatasource() const
{
    if (!datasourceType.isEmpty() && !isPrometheusDatasourceType(datasourceType))
        return datasourceType;
    // A mixed panel whose every query reads another data source reads that one.
    QString other;
    for (const Target &t : targets) {
        if (t.hide || t.expr.trimmed().isEmpty())
            continue;
        if (t.datasourceType.isEmpty() || isPrometheusDatasourceType(t.datasourceType))
            return {};
        other = t.datasourceType;
    }
    return other;
}

QString datasourceDisplayName(const QString &type)
{
    static const std::pair<const char16_t *, const char16_t *> names[] = {
        {u"loki", u"Loki"},
        {u"tempo", u"Tempo"},
        {u"elasticsearch", u"Elasticsearch"},
        {u"influxdb", u"InfluxDB"},
        {u"graphite", u"Graphite"},
        {u"jaeger", u"Jaeger"},
        {u"zipkin", u"Zipkin"},
        {u"cloudwatch", u"CloudWatch"},
        {u"grafana", u"Grafana built-in"},
        {u"dashboard", u"Dashboard"},
        {u"grafana-testdata-datasource", u"TestData"},
        {u"testdata", u"TestData"},
    };
    for (const auto &[id, name] : names)
        if (type == QStringView(id))
            return QString::fromUtf16(name);
    return type;
}

bool isPrometheusDatasourceType(QStringView type)
{
    // Grafana's own Prometheus plugin, and the plugins of servers that answer the same API.
    return type.isEmpty() || type == u"prometheus" || type.contains(u"victoriametrics") ||
           type == u"grafana-amazonprometheus-datasource" || type == u"grafana-azureprometheus-datasource";
}

const Panel *Dashboard::panel(int id) const
{
    for (const Panel &p : panels) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

std::vector<const Panel *> Dashboard::visiblePanels() const
{
    // Collapsed rows looked up once, not per panel: 10,000 panels must not cost 10,000² steps.
    QSet<int> collapsedRows;
    for (const Panel &p : panels)
        if (p.isRow() && p.collapsed)
            collapsedRows.insert(p.id);
    std::vector<const Panel *> out;
    out.reserve(panels.size());
    for (const Panel &p : panels) {
        if (p.parentRowId != 0 && collapsedRows.contains(p.parentRowId))
            continue;
        out.push_back(&p);
    }
    return out;
}

namespace {
struct KindName
{
    const char16_t *type;
    PanelKind kind;
};
// Grafana's panel types, current and legacy, and the kind Promdeck draws each as.
constexpr KindName Kinds[] = {
    {u"timeseries", PanelKind::TimeSeries},
    {u"graph", PanelKind::TimeSeries},
    {u"stat", PanelKind::Stat},
    {u"singlestat", PanelKind::Stat},
    {u"gauge", PanelKind::Gauge},
    {u"bargauge", PanelKind::BarGauge},
    {u"table", PanelKind::Table},
    {u"table-old", PanelKind::Table},
    {u"piechart", PanelKind::PieChart},
    {u"grafana-piechart-panel", PanelKind::PieChart},
    {u"heatmap", PanelKind::Heatmap},
    {u"state-timeline", PanelKind::StateTimeline},
    {u"status-history", PanelKind::StatusHistory},
    {u"barchart", PanelKind::BarChart},
    {u"histogram", PanelKind::Histogram},
    {u"row", PanelKind::Row},
    {u"text", PanelKind::Text},
    {u"alertlist", PanelKind::AlertList},
    {u"dashlist", PanelKind::DashList},
};
} // namespace

PanelKind panelKindFromType(QStringView type)
{
    for (const KindName &k : Kinds)
        if (type == QStringView(k.type))
            return k.kind;
    return PanelKind::Unsupported;
}

QString panelKindName(PanelKind kind)
{
    switch (kind) {
    case PanelKind::TimeSeries:
        return QStringLiteral("timeseries");
    case PanelKind::Stat:
        return QStringLiteral("stat");
    case PanelKind::Gauge:
        return QStringLiteral("gauge");
    case PanelKind::BarGauge:
        return QStringLiteral("bargauge");
    case PanelKind::Table:
        return QStringLiteral("table");
    case PanelKind::PieChart:
        return QStringLiteral("piechart");
    case PanelKind::Heatmap:
        return QStringLiteral("heatmap");
    case PanelKind::StateTimeline:
        return QStringLiteral("state-timeline");
    case PanelKind::StatusHistory:
        return QStringLiteral("status-history");
    case PanelKind::BarChart:
        return QStringLiteral("barchart");
    case PanelKind::Histogram:
        return QStringLiteral("histogram");
    case PanelKind::Row:
        return QStringLiteral("row");
    case PanelKind::Text:
        return QStringLiteral("text");
    case PanelKind::AlertList:
        return QStringLiteral("alertlist");
    case PanelKind::DashList:
        return QStringLiteral("dashlist");
    case PanelKind::Unsupported:
        break;
    }
    return QStringLiteral("placeholder");
}

} // namespace promdeck
