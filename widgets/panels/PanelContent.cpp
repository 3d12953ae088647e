#include "panels/PanelContent.h"

#include "panels/Palette.h"
#include "query/LegendFormat.h"

namespace promdeck {

std::vector<DisplaySeries> displaySeriesFor(const PanelData &data, int maxSeries)
{
    std::vector<DisplaySeries> out;
    int colorIndex = 0;
    for (const QueryData &q : data.queries) {
        if (!q.result)
            continue;
        for (const Series &s : q.result->series) {
            if (static_cast<int>(out.size()) >= maxSeries)
                return out;
            out.push_back({seriesDisplayName(q.query.legendFormat, s.labels, q.query.expr()),
                           seriesColor(colorIndex++), q.result, &s});
        }
    }
    return out;
}

} // namespace promdeck
