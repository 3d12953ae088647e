// The toolbar above the dashboard: the server profile, the dashboard, the replay badge and playback,
// the time range and the auto-refresh. Every control follows the workspace and drives it.
#pragma once

#include <QPointer>
#include <QToolBar>

class QAction;
class QComboBox;
class QLabel;

namespace promdeck {

class RefreshPicker;
class ReplayController;
class Settings;
class TimeRangePicker;
class Workspace;

class WorkspaceToolBar : public QToolBar
{
    Q_OBJECT
public:
    WorkspaceToolBar(Workspace *workspace, Settings *settings, QWidget *parent = nullptr);

    // The profiles changed (the profile dialog): the picker lists them again.
    void fillProfiles();
    // Star or unstar the dashboard on screen (the View menu shows it too).
    QAction *starAction() const { return m_starAction; }

signals:
    // "Open file…" in the dashboard picker.
    void openFileRequested();
    // A dashboard picked could not be opened (what is on screen stays).
    void openFailed(const QString &why);

private:
    void followSource();
    void followDashboard();
    void followStar();

    Workspace *m_workspace;
    Settings *m_settings;
    QComboBox *m_profilePicker;
    QComboBox *m_dashboardPicker;
    QAction *m_starAction;
    QLabel *m_replayBadge;
    QAction *m_replayBadgeAction;
    QAction *m_playAction;
    QComboBox *m_speedPicker;
    QAction *m_speedAction;
    QAction *m_timeBack = nullptr;
    TimeRangePicker *m_timePicker;
    RefreshPicker *m_refreshPicker;
    QPointer<ReplayController> m_followedReplay;
};

} // namespace promdeck
