// The desktop window: small widgets composed around one workspace. The toolbar, the variable bar, the
// dashboard view, the status line, the no-server banner and the alert dock each observe the workspace
// and drive it; the window adds the menus, the dialogs and the messages a person needs.
#pragma once

#include "base/Result.h"
#include "dashboard/DashboardIndex.h"
#include "panels/BuiltinDashboardList.h"

#include <QMainWindow>
#include <functional>
#include <memory>

class QDockWidget;
class QMenu;
class QNetworkAccessManager;
class QShortcut;
class QToolBar;

namespace promdeck {

class AlertCenter;
class AlertDock;
class AlertsController;
class Playlist;
class PlaylistIndicator;
class DashboardView;
class ExploreWindow;
class SecretStore;
class Settings;
class StatusLine;
class ThemeController;
class VariableBar;
class Workspace;
class WorkspaceToolBar;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `keychain`: where profile secrets are read; null for the system keychain. Tests inject one.
    MainWindow(Settings *settings, QNetworkAccessManager *network, SecretStore *keychain = nullptr,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    Workspace *workspace() const { return m_workspace.get(); }
    // As from the menus: on failure a message box says why (while the window is shown) and false.
    bool openDashboard(const QString &nameOrPath);
    bool openSnapshot(const QString &path);
    bool rewind();
    // Alerting: the built-in rules, the open dashboard's alerting panels, and these files.
    void setAlertRuleFiles(const QStringList &files);
    // A state file that was damaged and set aside: said once, in a box that does not block.
    void showDamageNotice(const QString &text);
    // An alert's "Open": its dashboard around the moment it began; the window comes to the front.
    void showAlert(qint64 timeMs, const QString &dashboardUid);

    DashboardView *dashboardView() const { return m_view.get(); }
    VariableBar *variableBar() const { return m_variableBar; }
    AlertCenter *alertCenter() const;
    AlertDock *alertDock() const { return m_alertDock; }
    QString connectionText() const;
    DashboardIndex *dashboardIndex() { return &m_dashboardIndex; }

    // Kiosk: full screen with the dashboard alone (no menus, toolbars, docks or status line).
    void setKiosk(bool on);
    bool isKiosk() const { return m_kiosk; }
    // Ctrl+K: the dashboard search; what is chosen opens at the range on screen.
    void searchDashboards();
    // A playlist turns the dashboards on screen; the toolbar says which, with a Stop button; Esc or
    // Stop ends it. Fails (nothing changes) when one of the dashboards does not open.
    Result<> startPlaylist(const QStringList &dashboards, qint64 intervalMs, const QString &name = {});
    void stopPlaylist();
    const Playlist *playlist() const { return m_playlist.get(); }
    // View > Playlists…: make, edit, delete and start saved playlists.
    void editPlaylists();
    // Explore (Ctrl+Shift+E, a panel's `e`): its own window, made on first use.
    ExploreWindow *explore();
    void showExplore();

private:
    void buildMenus();
    void buildViewMenu();
    void buildThemeMenu(QMenu *view);
    // View > Time zone: the user's setting, checked as stored, and the zone in use.
    void buildTimeZoneMenu(QMenu *view);
    void followTimeZoneSetting();
    // The theme changed: the dashboard is drawn again over the answers it holds, in the new colours.
    void restyle();
    void buildHelpMenu();
    void showAbout();
    void buildVariableBar();
    void buildAlerts();
    void showView();
    void updateTitle();
    void saveSnapshot();
    void editProfiles();
    void showPortForwardOutput();
    // File > Import dashboard: the dialog, then the dashboard saved, opened on the profile its inputs
    // were mapped to.
    void importDashboard();
    // File > Cluster dashboards: one of the cluster's dashboards, saved (refreshed) and opened.
    void openClusterDashboard();
    void askForSessionSecret(const QString &why);
    void warn(const QString &title, const QString &text);
    // Esc leaves kiosk mode and stops a playlist, unless a panel is viewed alone (its own Esc first).
    void updateEscape();

    Settings *m_settings;
    std::function<void()> m_followTimeZone; // View > Time zone's checks and "Shown in" follow the setting
    QNetworkAccessManager *m_network;
    std::unique_ptr<SecretStore> m_ownKeychain;
    SecretStore *m_keychain;
    std::unique_ptr<ThemeController> m_theme; // first: every widget below is made in its colours
    // Declared first so it goes last: everything below observes it.
    std::unique_ptr<Workspace> m_workspace;
    std::unique_ptr<AlertsController> m_alerts;
    BuiltinDashboardList m_dashboardList;     // what dashboard list panels show
    DashboardIndex m_dashboardIndex;          // what Ctrl+K searches
    std::unique_ptr<DashboardView> m_view;    // the central widget; goes before the refresher it shows
    std::unique_ptr<ExploreWindow> m_explore; // goes before the workspace whose source it asks
    std::unique_ptr<Playlist> m_playlist;     // drives the workspace: goes before it
    PlaylistIndicator *m_playlistIndicator = nullptr;
    QAction *m_playlistIndicatorAction = nullptr;
    WorkspaceToolBar *m_toolBar = nullptr;
    QToolBar *m_variableToolBar = nullptr;
    VariableBar *m_variableBar = nullptr;
    AlertDock *m_alertDock = nullptr;
    StatusLine *m_status = nullptr;
    QDockWidget *m_alertDockWidget = nullptr;
    QShortcut *m_leaveKiosk = nullptr;
    bool m_kiosk = false;
    bool m_alertsListed = true; // the dock starts shown; the first count hides it when nothing fires
    Qt::WindowStates m_statesBeforeKiosk;
    QList<QWidget *> m_hiddenByKiosk;
};

} // namespace promdeck
