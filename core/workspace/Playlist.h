// Dashboards on a wall, in turn: each shown for an interval, the time range kept from one to the next
// (a playlist over "Last 6 hours" stays on the last six hours). Drives a Workspace.
#pragma once

#include "base/Result.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

namespace promdeck {

class Workspace;

class Playlist : public QObject
{
    Q_OBJECT
public:
    Playlist(Workspace *workspace, QStringList dashboards, qint64 intervalMs, QObject *parent = nullptr);

    // Opens the first dashboard and starts turning. Fails with the first name that is not a dashboard
    // (every one is checked first, so a wall does not go dark on the third).
    Result<> start();
    void stop() { m_timer.stop(); }
    bool isRunning() const { return m_timer.isActive(); }
    // The next dashboard now (the timer starts over).
    void next();
    int position() const { return m_position; }
    const QStringList &dashboards() const { return m_dashboards; }

signals:
    void switched(const QString &dashboard);
    void failed(const QString &why);

private:
    Workspace *m_workspace;
    QStringList m_dashboards;
    QTimer m_timer;
    int m_position = -1;
};

} // namespace promdeck
