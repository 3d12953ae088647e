// A table panel from its data to the rows shown: frames, transformations, the chosen frame in a
// TableModel, sorted as the panel's `sortBy` says. The table widget and `promdeck data` both build
// it here, so the rows a test reads are the rows on screen.
#pragma once

#include "panels/PanelFrames.h"
#include "panels/TableProxyModel.h"

#include <memory>

namespace promdeck {

struct PanelTable
{
    std::unique_ptr<TableModel> model;
    std::unique_ptr<TableProxyModel> proxy;
    TableSpec spec;
    Frames frames;
    int frameIndex = 0; // which frame is shown (Grafana shows one, with a picker when there are several)
    QStringList skipped;
};

PanelTable buildPanelTable(const Panel &panel, const PanelData &data, const VariableValues &variables,
                           int frameIndex = 0);
// Puts another frame of the same answers in the model (the frame picker), keeping the sort.
void showTableFrame(PanelTable &table, int frameIndex);

} // namespace promdeck
