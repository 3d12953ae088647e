#include "panels/PanelContent.h"

#include "panels/Palette.h"

namespace promdeck {

QColor toQColor(const Rgba &c)
{
    return QColor(c.r, c.g, c.b, c.a);
}

std::vector<DisplaySeries> displaySeriesFor(const Panel &panel, const PanelData &data,
                                            const VariableValues &variables, int maxSeries)
{
    std::vector<DisplaySeries> out;
    for (PanelField &f : panelFields(panel, data, variables, maxSeries, theme::active()))
        out.push_back(
            {f.displayName, toQColor(f.color), f.owner, f.series, std::move(f.config), std::move(f.info)});
    return out;
}

} // namespace promdeck
