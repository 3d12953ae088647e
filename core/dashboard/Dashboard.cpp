#include "dashboard/Dashboard.h"

#include <algorithm>

namespace promdeck {

const Threshold *FieldConfig::thresholdFor(double v) const
{
    const Threshold *match = nullptr;
    for (const Threshold &t : thresholds) {
        if (!t.value || v >= *t.value)
            match = &t;
    }
    return match;
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
