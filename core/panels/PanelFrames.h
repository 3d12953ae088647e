// A panel's answers as frames, after its transformations: what tables, pies, gauges and bar charts
// draw, and what `promdeck data` reports for them. The window and the command line both come here.
#pragma once

#include "frames/Transformations.h"
#include "query/DashboardRefresher.h"

namespace promdeck {

struct PanelFrames
{
    Frames frames;
    QStringList skipped; // transformations Promdeck could not apply, for the panel to say
};

// The answers of the panel's current data, shaped by each target's `format` and the panel's
// transformations (and, for Grafana's old table panel, its `transform`).
PanelFrames panelFrames(const Panel &panel, const PanelData &data);

} // namespace promdeck
