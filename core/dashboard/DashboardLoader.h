// Reads Grafana's dashboard JSON model (schemaVersion 14 to 41: old `rows[]` and current `panels[]`)
// into a Dashboard. Errors name the file, line, column and JSON path; an unknown panel type never
// fails the dashboard, it becomes a placeholder.
#pragma once

#include "dashboard/Dashboard.h"

#include <optional>
#include <vector>

namespace promdeck {

struct Diagnostic
{
    enum class Severity
    {
        Error,
        Warning
    };
    Severity severity = Severity::Error;
    QString file;
    int line = 0; // 0 when the problem is the file as a whole
    int column = 0;
    QString jsonPath; // e.g. $.panels[3].gridPos.w
    QString message;

    // FILE:LINE:COL: message (at $.path)
    QString toString() const;
};

struct DashboardLoadResult
{
    std::optional<Dashboard> dashboard; // set unless there was an error
    std::vector<Diagnostic> diagnostics;
    bool ok() const { return dashboard.has_value(); }
};

DashboardLoadResult loadDashboard(const QByteArray &json, const QString &fileName);
DashboardLoadResult loadDashboardFile(const QString &path);

} // namespace promdeck
