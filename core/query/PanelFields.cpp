#include "query/PanelFields.h"

#include "query/LegendFormat.h"

namespace promdeck {

std::vector<PanelField> panelFields(const Panel &panel, const PanelData &data,
                                    const VariableValues &variables, int maxSeries, ColorTheme theme)
{
    std::vector<PanelField> out;
    const auto interpolate = [&variables](const QString &text) {
        return substituteVariablesForDisplay(text, variables);
    };
    int index = 0;
    for (const QueryData &q : data.queries) {
        if (!q.result)
            continue;
        // Grafana writes the dashboard's variables into the legend before the labels.
        const QString legend = interpolate(q.query.legendFormat);
        for (const Series &s : q.result->series) {
            if (static_cast<int>(out.size()) >= maxSeries)
                return out;
            PanelField f;
            f.info.name = seriesDisplayName(legend, s.labels, q.query.expr());
            f.info.refId = q.query.refId;
            f.info.labels = s.labels;
            f.info.type = FieldType::Number;
            f.info.values = s.values;
            f.info.index = index++;
            f.config = panel.resolveField(f.info);
            f.displayName = fieldDisplayName(f.config, f.info, interpolate);
            f.theme = theme;
            f.color = FieldDisplay(f.config, f.info, fieldRange(f.config, s.values), {}, theme).seriesColor();
            f.owner = q.result;
            f.series = &s;
            out.push_back(std::move(f));
        }
    }
    return out;
}

} // namespace promdeck
