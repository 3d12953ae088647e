// What an operator is looking at, and everything under it: the dashboard, its variables, the time
// range, the refresher that keeps each panel's data, and the source stack they read (a live server,
// recorded by the flight recorder on the way back, or a snapshot being replayed). The window and every
// headless command drive one of these, so they open, resolve and refresh the same way.
//
// Switching dashboard, profile, or live and replay is one call; the teardown order is the member order
// below (what reads a source is declared after it, so it goes first), and the view is told to let go
// (dashboardClosing) before anything it shows is destroyed.
#pragma once

#include "base/Result.h"
#include "connection/LiveConnection.h"
#include "query/DashboardRefresher.h"
#include "query/Variables.h"
#include "settings/SecretStore.h"
#include "snapshot/FlightRecorder.h"
#include "snapshot/RecordingSource.h"
#include "snapshot/ReplayController.h"
#include "snapshot/SnapshotSource.h"

#include <QJsonObject>
#include <QObject>
#include <QSize>
#include <QThreadPool>
#include <QTimer>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace promdeck {

class Settings;

// The range to open a dashboard or a recording at: either end given replaces its own (--from alone
// keeps the dashboard's `to`); nothing given keeps both.
struct TimeOverride
{
    std::optional<TimeExpression> from;
    std::optional<TimeExpression> to;
    static TimeOverride of(const TimeSpec &spec) { return {spec.from, spec.to}; }
    TimeSpec applyTo(TimeSpec own) const
    {
        own.from = from.value_or(own.from);
        own.to = to.value_or(own.to);
        return own;
    }
};

class Workspace : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString recorderFile;                     // the flight recorder's file; empty: nothing is recorded
        FlightRecorderLimits recorderLimits = {}; // how much it keeps
        // A dashboard's own `refresh` starts the auto-refresh (the window; a one-shot command never).
        bool followDashboardRefresh = false;
    };

    // `keychain` holds profile secrets (the system keychain in the app); none are owned.
    Workspace(Settings *settings, QNetworkAccessManager *network, SecretStore *keychain, Options options,
              QObject *parent = nullptr);
    ~Workspace() override;

    // --- Where the data comes from ---
    // Connects to a server profile (the window: the settings' current one). What was on screen closes.
    void connectLive(const ServerProfile &profile, LiveConnection::Options options = {});
    // The settings' current profile becomes `name` and the dashboard on screen reopens on it.
    bool switchProfile(const QString &name);
    // Replays a snapshot with no network: its dashboard (or `dashboard`, a name or path, instead), its
    // range (or `at`), its recorded variable values. Fails, with what is on screen kept, when it cannot.
    Result<> openSnapshotFile(const QString &path, const QString &dashboard = {}, TimeOverride at = {});
    Result<> openSnapshot(Snapshot snapshot, const QString &label, const QString &dashboard = {},
                          TimeOverride at = {});
    // Replays what the flight recorder kept: the last hours seen live, even after a restart.
    Result<> rewind();
    // Back to the live server (and the dashboard last opened live) after a replay.
    void goLive();
    bool isReplay() const { return m_replaySource != nullptr; }
    QString replayLabel() const { return m_replayLabel; }
    const Snapshot *replayedSnapshot() const
    {
        return m_replaySource ? &m_replaySource->snapshot() : nullptr;
    }
    ReplayController *replay() const { return m_replay.get(); }
    LiveConnection *live() const { return m_live.get(); }
    DataSource *source() const;
    FlightRecorder *recorder() const { return m_recorder.get(); }
    // Writes the flight recorder's file on a thread of its own (the minute's write; a full 6 h took
    // over 100 ms of the GUI thread to encode); recorderWritten() follows. Skipped while one runs.
    void writeRecorderInBackground();

    // --- What is shown ---
    // Opens a dashboard by built-in name or path (at `at`, else at its own time); on failure what is
    // on screen stays. In a replay, goes live first.
    Result<> openDashboard(const QString &nameOrPath, TimeOverride at = {});
    // Another dashboard by its uid (links and alerts name dashboards so), at the range on screen:
    // files beside the one on screen first, then built-ins.
    Result<> openDashboardByUid(const QString &uid);
    // An alert's "Open": the dashboard it names (the one on screen when it names none or an unknown
    // one: the error says so) over the hour before `timeMs` and a quarter after.
    Result<> showMoment(qint64 timeMs, const QString &dashboardUid);
    DashboardRefresher *refresher() const { return m_refresher.get(); }
    const QString &dashboardName() const { return m_dashboardName; }

    // --- Variables ---
    // Values that win over the file and the server's options (--var, a recording's values).
    void setFixedVariables(const QMap<QString, QString> &values) { m_fixedVariables = values; }
    // The user picked a value: dependent variables are asked again, only affected panels re-run.
    void changeVariable(const QString &name, const QString &choice);
    // The bar's annotation toggle (by the annotation's index in the dashboard): on asks it, off hides it.
    void setAnnotationEnabled(int index, bool enabled);
    bool isResolvingVariables() const { return m_resolver && !m_resolver->isFinished(); }
    const QStringList &variableErrors() const { return m_variableErrors; }

    // --- Time and refresh ---
    void setTimeSpec(const TimeSpec &spec);
    const TimeSpec &timeSpec() const { return m_timeSpec; }
    // An operator's change of range (a drag-zoom, the picker, the keys): the one before is kept for Back.
    void changeTime(const TimeSpec &spec);
    void zoomOut();                // twice the range around its centre
    void shiftTime(int direction); // half the range back (< 0) or forward
    // The range before the last change; false when there is none.
    bool timeBack();
    bool canGoTimeBack() const { return !m_timeHistory.empty(); }
    TimeRange range() const { return m_timeSpec.resolve(currentTimeMs(), timeZone()); }
    // The zone times are shown and rounded in (`now/d` is midnight there): --timezone, else the
    // dashboard's own `timezone`, else the user's setting, else local time (series/TimeZones.h).
    QTimeZone timeZone() const;
    // --timezone: the zone of this run, over the dashboard's `timezone` and the user's setting.
    void setTimeZoneOverride(std::optional<QTimeZone> zone);
    void setRefreshInterval(qint64 ms); // 0: off
    qint64 refreshIntervalMs() const { return m_refreshTimer.isActive() ? m_refreshTimer.interval() : 0; }
    void refresh();
    // Each panel now if it is in view, else when it comes into view.
    void refreshPanels(const QList<int> &panelIds);
    // The panels in or near a view's viewport: only those are queried from now on, and those that
    // came into view outdated (never asked, or passed over by a refresh) are asked now. Headless
    // commands never call it: they query every panel.
    void setPanelsInView(const QSet<int> &panelIds);

    // --- The server ---
    const QJsonObject &buildInfo() const { return m_buildInfo; }
    QString serverVersion() const { return m_buildInfo.value(QLatin1String("version")).toString(); }
    // Why the server could not be asked for its version, if it could not.
    const std::optional<Error> &serverProblem() const { return m_serverProblem; }
    void fetchServerInfo();

    // --- Keeping what is shown ---
    // The panels' data as on screen, over the range on screen, with the variable values.
    Snapshot snapshot() const;

    // --- One-shot commands ---
    // Gives every panel the width the window would at `width` pixels (the step follows it).
    void placePanels(int width);
    // Waits (spinning the event loop) until variables are resolved and every panel has its answer or
    // its error, or the deadline passes; false then.
    bool waitUntilSettled(qint64 timeoutMs);
    // Waits for the server's build info (for a snapshot), at most timeoutMs.
    void waitForServerInfo(qint64 timeoutMs);

signals:
    // Before the refresher (and with it every panel's data) goes: views showing it let go now.
    void dashboardClosing();
    // A dashboard is open on the current source; its variables are being resolved.
    void dashboardOpened();
    // The variables are known (their values in refresher()->variables()): for a new dashboard or time
    // range (`wholeDashboard`), or after the user changed one.
    void variablesResolved(bool wholeDashboard);
    void timeSpecChanged(const promdeck::TimeSpec &spec);
    // The zone times are shown in changed (the user's setting, or a dashboard with its own zone).
    void timeZoneChanged();
    // Live or replay, the profile, or the connection's state changed.
    void sourceChanged();
    void serverInfoChanged();
    // Every visible panel answered after a refresh.
    void settled();
    // The live connection's secret could not be read: a window may offer to take one for this session.
    void secretUnavailable(const promdeck::Error &why);
    // Something to tell the operator in passing (variables that could not be read, unknown links).
    void notice(const QString &text);
    // The flight recorder's file was written in the background (`problem` empty), or why not.
    void recorderWritten(const QString &problem);

private:
    enum class AfterResolve
    {
        RefreshAll,      // a new dashboard or a new time range
        RefreshAffected, // a variable changed: only the panels that use what changed
    };
    void closeDashboard();
    void closeSources();
    // From a replay back to the live connection (made again if there is none), with no dashboard yet.
    void leaveReplay();
    void showDashboard(Dashboard dashboard, const QString &name, TimeOverride at);
    void resolveVariables(const QMap<QString, QString> &preferred, AfterResolve then);
    // Repeated panels and rows for the variables' values: a new refresher (and views) when the set
    // of copies changed. Returns whether it did.
    bool expandRepeatsFor(const VariableValues &values);
    PlannerSettings plannerSettings() const;
    // Gives the refresher the zone in use and says so when it changed; then, with `refreshIfChanged`,
    // asks the panels again (`now/d` is another range in another zone).
    void applyTimeZone(bool refreshIfChanged);
    void reportConnection();
    void markStale();

    Settings *m_settings;
    QNetworkAccessManager *m_network;
    SecretStore *m_keychain;
    SessionSecretStore m_sessionSecrets;
    std::unique_ptr<FlightRecorder> m_recorder;
    // The sources, then what reads them: destroyed in the reverse order.
    std::unique_ptr<LiveConnection> m_live;
    std::unique_ptr<RecordingSource> m_recording; // the live server, recorded
    std::unique_ptr<SnapshotSource> m_replaySource;
    std::unique_ptr<ReplayController> m_replay;
    std::unique_ptr<DashboardRefresher> m_refresher;
    Dashboard m_dashboardAsWritten;         // before repeats are expanded
    int m_placedWidth = 0;                  // the width panels were placed for, again after an expansion
    VariableResolver *m_resolver = nullptr; // a child: superseded ones go with deleteLater
    QTimer m_refreshTimer;
    QTimer m_staleTimer;
    QTimer m_flushTimer;          // the flight recorder's file, written every minute
    QThreadPool m_recorderWriter; // one thread: writes never overlap
    bool m_recorderWriting = false;
    LiveConnection::Options m_liveOptions;
    bool m_followDashboardRefresh = false;
    std::optional<QTimeZone> m_timeZoneOverride;
    QTimeZone m_shownTimeZone = QTimeZone::systemTimeZone(); // what timeZoneChanged() last said
    QMap<QString, QString> m_fixedVariables;                 // --var: win over everything
    QMap<QString, QString> m_recordedVariables;              // a replay's values
    QStringList m_variableErrors;
    TimeSpec m_timeSpec;
    std::vector<TimeSpec> m_timeHistory; // for Back, newest last
    QString m_dashboardName;
    QString m_lastLiveDashboard;
    QString m_replayLabel;
    QJsonObject m_buildInfo;
    std::optional<Error> m_serverProblem;
    bool m_serverInfoPending = false;
    bool m_refreshPending = false; // variables resolved, the refresh comes from the event loop
};

} // namespace promdeck
