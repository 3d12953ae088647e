// The desktop window: toolbar (dashboard, time range, refresh), the dashboard, and a status bar that
// always tells the truth about where the data comes from (a live server, or a REPLAY of a snapshot)
// and how old it is.
#pragma once

#include "dashboard/Dashboard.h"
#include "panels/BuiltinDashboardList.h"
#include "series/TimeRange.h"
#include "settings/SecretStore.h"
#include "settings/ServerProfile.h"

#include <QJsonObject>
#include <QMainWindow>
#include <QMap>
#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QToolBar;
class QSystemTrayIcon;
class QNetworkAccessManager;
class QTimer;

namespace promdeck {

class AlertCenter;
class AlertDock;
class AlertPanelSource;
class ConnectionHealth;
class DashboardRefresher;
class PortForward;
class PrometheusClient;
class DashboardView;
class DataSource;
class FlightRecorder;
struct Snapshot;
class RefreshPicker;
class Settings;
class TimeRangePicker;
class VariableResolver;
class VariableBar;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `keychain`: where profile secrets are read; null for the system keychain. Tests inject one.
    MainWindow(Settings *settings, QNetworkAccessManager *network, SecretStore *keychain = nullptr,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a dashboard by built-in name or path; false (with the reason) when it cannot, and the
    // dashboard on screen stays.
    bool openDashboard(const QString &nameOrPath, QString *error = nullptr);
    // Replays a snapshot file with no network: its dashboard, its range, a REPLAY marker.
    bool openSnapshot(const QString &path, QString *error = nullptr);
    bool openSnapshot(Snapshot snapshot, const QString &label, QString *error = nullptr);
    // Replays what the flight recorder kept: the last hours seen live, even after a restart.
    bool rewind(QString *error = nullptr);
    // Back to the live server after a replay.
    void goLive();
    void setTimeSpec(const TimeSpec &spec);
    // An alert's "Open": the dashboard it names (by uid; the current one when it names none or an
    // unknown one, said in the status bar) around the moment it began.
    void showAlert(qint64 timeMs, const QString &dashboardUid);
    void setRefreshInterval(qint64 ms);
    void refreshNow();
    bool isReplay() const { return !m_replayFile.isEmpty(); }
    // Incident playback in a replay: "now" moves through the recording at 1x, 10x or 60x, and the
    // panels show the window up to it, as they did live.
    void play(int speed);
    void pause();
    bool isPlaying() const;
    // Moves "now" on by `wallMs` of real time at the current speed (the playback timer's step).
    void advancePlayback(qint64 wallMs);
    std::int64_t playbackNowMs() const { return m_playNowMs; }
    DashboardView *dashboardView() const { return m_view; }
    const DashboardRefresher *refresher() const { return m_refresher.get(); }
    VariableBar *variableBar() const { return m_variableBar; }
    // Alerting: the built-in rules, the open dashboard's alerting panels, and these files.
    void setAlertRuleFiles(const QStringList &files);
    AlertCenter *alertCenter() const { return m_alerts.get(); }
    AlertDock *alertDock() const { return m_alertDock; }
    // The connection, as the status bar shows it.
    ConnectionHealth *connectionHealth() const { return m_health; }
    PortForward *portForward() const { return m_portForward; }
    QString connectionText() const;
    // Switches to another server profile: reconnects and reopens the dashboard on it.
    bool switchProfile(const QString &name);
    // The secret of the current profile for this session only (the keychain was not available).
    void useSessionSecret(const QString &secret);

private:
    void buildMenus();
    void buildToolbar();
    void connectToServer();
    void fetchServerVersion();
    void showDashboard(Dashboard dashboard, const QString &name);
    // Panel links and alerts name dashboards by uid; false when none is known or it cannot open.
    bool openDashboardByUid(const QString &uid);
    void updateStatus();
    void chooseDashboardFile();
    void chooseSnapshotFile();
    void saveSnapshot();
    void showNoServerBanner(bool show);
    void applySecret(const ServerProfile &profile, const QString &secret);
    void askForSessionSecret(const ServerProfile &profile, const QString &why);
    void reportConnection();
    void editProfiles();
    void showPortForwardOutput();
    void fillProfilePicker();
    // Drops the dashboard on screen, connects to the current profile, opens `dashboard` on it.
    void reconnect(const QString &dashboard);
    void setupAlerts();
    void updateTray();
    // What to do once the variables are (re)resolved.
    enum class AfterResolve
    {
        RefreshAll,      // a new dashboard or a new time range
        RefreshAffected, // a variable changed: only the panels that use what changed
    };
    void resolveVariables(const QMap<QString, QString> &preferred, AfterResolve then);
    void changeVariable(const QString &name, const QString &choice);

    Settings *m_settings;
    QNetworkAccessManager *m_network;
    std::unique_ptr<FlightRecorder> m_recorder;
    std::unique_ptr<DataSource> m_liveSource; // the server, under the recording source
    PrometheusClient *m_liveClient = nullptr; // m_liveSource, typed
    std::unique_ptr<SecretStore> m_ownKeychain;
    SecretStore *m_keychain = nullptr;
    SessionSecretStore m_sessionSecrets;
    ConnectionHealth *m_health = nullptr;
    PortForward *m_portForward = nullptr;
    QComboBox *m_profilePicker = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QString m_secretError; // why the current profile's secret could not be read
    std::unique_ptr<AlertCenter> m_alerts;
    // What alert list and dashboard list panels show.
    std::unique_ptr<AlertPanelSource> m_alertPanels;
    BuiltinDashboardList m_dashboardList;
    QStringList m_recentDashboards;
    AlertDock *m_alertDock = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QStringList m_ruleFiles;
    QString m_alertSignature;                   // the rules the running alert engine evaluates
    PrometheusClient *m_alertsClient = nullptr; // and where
    std::unique_ptr<DataSource> m_source;       // what the dashboard reads
    std::unique_ptr<DashboardRefresher> m_refresher;
    DashboardView *m_view = nullptr;
    QWidget *m_banner = nullptr;
    QComboBox *m_dashboardPicker = nullptr;
    TimeRangePicker *m_timePicker = nullptr;
    RefreshPicker *m_refreshPicker = nullptr;
    QLabel *m_replayLabel = nullptr;
    QLabel *m_replayBadge = nullptr;
    QAction *m_replayBadgeAction = nullptr;
    QLabel *m_serverLabel = nullptr;
    QLabel *m_ageLabel = nullptr;
    QTimer *m_refreshTimer = nullptr;
    QTimer *m_statusTimer = nullptr;
    QTimer *m_flushTimer = nullptr;
    QTimer *m_playTimer = nullptr;
    VariableResolver *m_resolver = nullptr;
    QMap<QString, QString> m_variableOverrides; // a replay's recorded values
    VariableBar *m_variableBar = nullptr;
    QToolBar *m_variableToolBar = nullptr;
    QAction *m_playAction = nullptr;
    QAction *m_speedAction = nullptr;
    QComboBox *m_speedPicker = nullptr;
    TimeRange m_recordedRange;
    std::int64_t m_playNowMs = 0;
    std::int64_t m_playWindowMs = 0;
    int m_playSpeed = 1;
    TimeSpec m_timeSpec;
    QString m_dashboardName;
    QString m_serverVersion;
    QJsonObject m_buildInfo;
    QString m_connectionError;
    QString m_replayFile;
};

} // namespace promdeck
