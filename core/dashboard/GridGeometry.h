// Places panels on Grafana's 24-column grid in pixels. Pure arithmetic shared by the window, the
// offscreen renderer and `promdeck data` (which needs each panel's width for the step rule), so all
// three ask Prometheus for the same points.
#pragma once

#include "dashboard/Dashboard.h"

#include <QRect>
#include <QSet>
#include <vector>

namespace promdeck {

struct PlacedPanel
{
    const Panel *panel = nullptr;
    QRect rect;
};

struct GridGeometry
{
    static constexpr int Columns = 24;
    static constexpr int CellHeight = 30; // Grafana's GRID_CELL_HEIGHT
    static constexpr int Margin = 8;      // Grafana's GRID_CELL_VMARGIN

    // `rowsToggled` holds rows whose collapsed state the user flipped from what the file says.
    // Rows are stacked in order; each row's panels keep their layout relative to one another.
    static std::vector<PlacedPanel> place(const Dashboard &dashboard, int widthPx,
                                          const QSet<int> &rowsToggled = {});
    static int contentHeight(const std::vector<PlacedPanel> &placed);
    static QRect rectFor(const GridPos &pos, int yUnits, int widthPx);
};

} // namespace promdeck
