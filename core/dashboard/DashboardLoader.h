// Reads Grafana's dashboard JSON model (schemaVersion 14 to 41: old `rows[]` and current `panels[]`)
// into a Dashboard. Errors name the file, line, column and JSON path; an unknown panel type never
// fails the dashboard, it becomes a placeholder.
#pragma once

#include "base/Error.h"
#include "dashboard/Dashboard.h"

#include <optional>
#include <vector>

namespace promdeck {

struct DashboardLoadResult
{
    std::optional<Dashboard> dashboard; // set unless there was an error
    std::vector<Error> diagnostics;     // errors and warnings, in the order of the file
    bool ok() const { return dashboard.has_value(); }
};

DashboardLoadResult loadDashboard(const QByteArray &json, const QString &fileName);
DashboardLoadResult loadDashboardFile(const QString &path);

} // namespace promdeck
