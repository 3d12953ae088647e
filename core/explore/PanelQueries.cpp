#include "explore/PanelQueries.h"

#include "query/QueryPlanner.h"

namespace promdeck {

PanelQueries panelQueriesForExplore(const Panel &panel, const PanelData &data,
                                    const VariableValues &variables, const TimeRange &range, int widthPx)
{
    PanelQueries out;
    if (!data.queries.empty()) {
        for (const QueryData &q : data.queries)
            out.exprs << q.query.expr();
        out.range = data.range.isValid() ? data.range : range;
        return out;
    }
    for (const PlannedQuery &q : planPanelQueries(panel, range, std::max(widthPx, 100), {}, variables))
        out.exprs << q.expr();
    out.range = range;
    return out;
}

} // namespace promdeck
