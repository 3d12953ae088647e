#include "panels/PanelTable.h"

#include <algorithm>

namespace promdeck {

void showTableFrame(PanelTable &table, int frameIndex)
{
    if (table.frames.empty()) {
        table.model->setFrame(DataFrame{}, table.frames, table.spec);
        return;
    }
    table.frameIndex = std::clamp(frameIndex, 0, static_cast<int>(table.frames.size()) - 1);
    table.model->setFrame(table.frames[static_cast<size_t>(table.frameIndex)], table.frames, table.spec);
    table.proxy->clearFilters();
    for (const TableSortKey &key : table.spec.sortBy) {
        table.proxy->sortByName(key.displayName, key.descending);
        break; // Grafana's table sorts by one column at a time
    }
}

PanelTable buildPanelTable(const Panel &panel, const PanelData &data, const VariableValues &variables,
                           int frameIndex)
{
    PanelTable table;
    PanelFrames shaped = panelFrames(panel, data);
    table.frames = std::move(shaped.frames);
    table.skipped = std::move(shaped.skipped);
    table.spec = tableSpecOf(panel);
    table.model = std::make_unique<TableModel>();
    table.model->setVariables(variables);
    table.proxy = std::make_unique<TableProxyModel>();
    table.proxy->setTableModel(table.model.get());
    showTableFrame(table, frameIndex);
    return table;
}

} // namespace promdeck
