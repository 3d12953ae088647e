// What a panel's body is handed: the panel's definition and its current data, already parsed and
// shared read-only. Bodies never see a network reply.
#pragma once

#include "dashboard/Dashboard.h"
#include "query/PanelFields.h"

#include <QColor>
#include <QString>
#include <vector>

namespace promdeck {

// One line or one value to show, with the result that owns its samples kept alive.
struct DisplaySeries
{
    QString name;
    QColor color;
    SharedQueryResult owner;
    const Series *series = nullptr;
    FieldConfig config; // this series' resolved field configuration
    FieldInfo info;
};

QColor toQColor(const Rgba &c);
std::vector<DisplaySeries> displaySeriesFor(const Panel &panel, const PanelData &data,
                                            const VariableValues &variables, int maxSeries = 500);

} // namespace promdeck
