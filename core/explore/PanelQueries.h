// What a panel's "Explore" opens: its queries as last sent (variables and $__interval written in), at
// the range they were sent for; a panel never asked yet (out of view) is planned as it would be.
#pragma once

#include "query/DashboardRefresher.h"

namespace promdeck {

struct PanelQueries
{
    QStringList exprs;
    TimeRange range;
};

PanelQueries panelQueriesForExplore(const Panel &panel, const PanelData &data,
                                    const VariableValues &variables, const TimeRange &range, int widthPx);

} // namespace promdeck
