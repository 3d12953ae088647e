// The dashboard list's entries: Promdeck's built-in dashboards (by name, with their titles) and the
// ones recently opened, which the app tells it about.
#pragma once

#include "panels/PanelSources.h"

#include <QStringList>

namespace promdeck {

class BuiltinDashboardList : public DashboardListSource
{
    Q_OBJECT
public:
    explicit BuiltinDashboardList(QObject *parent = nullptr);
    std::vector<DashboardListEntry> dashboardEntries() const override;
    // Most recent first: built-in names or file paths.
    void setRecent(const QStringList &locations);

private:
    std::vector<DashboardListEntry> m_builtin;
    QStringList m_recent;
};

} // namespace promdeck
