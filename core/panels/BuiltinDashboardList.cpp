#include "panels/BuiltinDashboardList.h"

#include "dashboard/DashboardCatalog.h"
#include "dashboard/DashboardLoader.h"

#include <QFileInfo>

namespace promdeck {

namespace {
QString titleOf(const QString &location)
{
    const QString path = DashboardCatalog::resolve(location);
    const DashboardLoadResult r = path.isEmpty() ? DashboardLoadResult{} : loadDashboardFile(path);
    return r.ok() ? r.dashboard->title : QFileInfo(location).completeBaseName();
}
} // namespace

BuiltinDashboardList::BuiltinDashboardList(QObject *parent) : DashboardListSource(parent)
{
    for (const QString &name : DashboardCatalog::builtinNames())
        m_builtin.push_back({titleOf(name), name, true, false});
}

std::vector<DashboardListEntry> BuiltinDashboardList::dashboardEntries() const
{
    std::vector<DashboardListEntry> out;
    for (const QString &location : m_recent)
        out.push_back({titleOf(location), location,
                       !DashboardCatalog::resolve(location).isEmpty() && !QFileInfo::exists(location), true});
    out.insert(out.end(), m_builtin.begin(), m_builtin.end());
    return out;
}

void BuiltinDashboardList::setRecent(const QStringList &locations)
{
    m_recent = locations;
    emit dashboardsChanged();
}

} // namespace promdeck
