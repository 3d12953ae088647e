// The alert list panel's options (Grafana's `alertlist`, current and before 8): which states to
// show, a name filter, how many, in which order; applied to the entries of an AlertListSource.
#pragma once

#include "dashboard/Dashboard.h"
#include "panels/PanelSources.h"

namespace promdeck {

std::vector<AlertListEntry> filterAlertList(const Panel &panel, std::vector<AlertListEntry> entries);

} // namespace promdeck
