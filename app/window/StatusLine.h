// The status bar's permanent part, which always tells the truth about the data: connected, degraded
// or down (with the reason and the next attempt), the server and its version, REPLAY with what is
// replayed, and the age of the last good refresh.
#pragma once

#include <QObject>
#include <QTimer>
#include <optional>

class QLabel;
class QStatusBar;

namespace promdeck {

class Workspace;

class StatusLine : public QObject
{
    Q_OBJECT
public:
    StatusLine(Workspace *workspace, QStatusBar *bar);

    QString connectionText() const;
    void update();

private:
    void updateConnection();
    void updateServer();
    // What the age says now; how long until it reads differently (none: it does not change with time).
    std::optional<std::int64_t> updateAge(std::int64_t nowMs);

    Workspace *m_workspace;
    QLabel *m_connection;
    QLabel *m_replay;
    QLabel *m_server;
    QLabel *m_zone;
    QLabel *m_age;
    QTimer m_timer;
};

} // namespace promdeck
