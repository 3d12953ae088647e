#include "dashboard/Dashboard.h"

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

bool Panel::hasQueries() const
{
    return std::any_of(targets.begin(), targets.end(),
                       [](const Target &t) { return !t.hide && !t.expr.trimmed().isEmpty(); });
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
    std::vector<const Panel *> out;
    for (const Panel &p : panels) {
        if (p.parentRowId != 0) {
            const Panel *row = panel(p.parentRowId);
            if (row && row->collapsed)
                continue;
        }
        out.push_back(&p);
    }
    return out;
}

PanelKind panelKindFromType(QStringView type)
{
    if (type == u"timeseries" || type == u"graph")
        return PanelKind::TimeSeries;
    if (type == u"stat" || type == u"singlestat" || type == u"gauge" || type == u"bargauge")
        return PanelKind::Stat;
    if (type == u"row")
        return PanelKind::Row;
    if (type == u"text")
        return PanelKind::Text;
    return PanelKind::Unsupported;
}

} // namespace promdeck
