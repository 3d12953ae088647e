#include "workspace/Playlist.h"

#include "dashboard/DashboardCatalog.h"
#include "settings/SavedPlaylist.h"
#include "workspace/Workspace.h"

#include <algorithm>

namespace promdeck {

Playlist::Playlist(Workspace *workspace, QStringList dashboards, qint64 intervalMs, QObject *parent)
    : QObject(parent), m_workspace(workspace), m_dashboards(std::move(dashboards))
{
    m_timer.setInterval(static_cast<int>(
        std::clamp<qint64>(intervalMs, SavedPlaylist::MinIntervalMs, SavedPlaylist::MaxIntervalMs)));
    connect(&m_timer, &QTimer::timeout, this, &Playlist::next);
}

Result<> Playlist::start()
{
    for (const QString &name : std::as_const(m_dashboards))
        if (DashboardCatalog::resolve(name).isEmpty())
            return Error::plain(
                Error::Kind::NotFound,
                tr("--playlist: \"%1\" is neither a file nor a built-in dashboard (built-in: %2)")
                    .arg(name, DashboardCatalog::builtinNames().join(QStringLiteral(", "))));
    if (m_dashboards.isEmpty())
        return Error::plain(Error::Kind::NotFound, tr("The playlist is empty."));
    m_position = -1;
    next();
    return {};
}

void Playlist::next()
{
    if (m_dashboards.isEmpty())
        return;
    m_position = (m_position + 1) % static_cast<int>(m_dashboards.size());
    const QString name = m_dashboards[m_position];
    const Result<> opened = m_workspace->openDashboard(name, TimeOverride::of(m_workspace->timeSpec()));
    m_timer.start();
    if (!opened)
        emit failed(opened.error().toString());
    else
        emit switched(name);
}

} // namespace promdeck
