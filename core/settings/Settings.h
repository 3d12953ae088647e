// The one typed settings object: every key, its type and its default declared once, a change signal
// per setting, QSettings underneath. Created once in main() and injected; nothing else reads QSettings.
#pragma once

#include "base/Result.h"
#include "settings/SavedPlaylist.h"
#include "settings/ServerProfile.h"

#include <QMap>
#include <QObject>
#include <QSettings>
#include <QUrl>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace promdeck {

// The window's colours: a theme, or whatever the desktop prefers (the freedesktop portal).
enum class ThemeChoice
{
    Dark,
    Light,
    FollowSystem,
};

class Settings : public QObject
{
    Q_OBJECT
public:
    // Takes ownership of the store; tests pass one backed by a temporary file. A store that cannot be
    // read (garbage, a directory in its place) is moved aside, kept under its name plus
    // ".damaged-TIME", and a fresh one is used: damageNotice() says so, with both paths.
    explicit Settings(std::unique_ptr<QSettings> store, QObject *parent = nullptr);
    // Empty unless the store was damaged and set aside when it was opened.
    QString damageNotice() const { return m_damageNotice; }
    // At most this many profiles are read (a damaged `size` must not stop the window from opening).
    static constexpr int MaxProfiles = 256;
    // Bounds on the other arrays: starred dashboards, saved playlists, dashboards in one playlist, and
    // the length of any name or path in them. Entries past a bound, or damaged, are refused.
    static constexpr int MaxStarred = 256;
    static constexpr int MaxPlaylists = 64;
    static constexpr int MaxPlaylistDashboards = 100;
    static constexpr int MaxNameLength = 4096;
    // What reading the settings refused, one line per problem naming its key (a damaged or oversized
    // value is left out, everything else is read): for the window's status line and stderr.
    QStringList refusedValues() const { return m_refused; }

    // Server profiles; never empty (a first start has one, "local", on http://localhost:9090). The
    // connection settings below are the current profile's.
    std::vector<ServerProfile> profiles() const;
    void setProfiles(const std::vector<ServerProfile> &profiles);
    ServerProfile currentProfile() const;
    // The profile of that name, or an error listing the profiles there are.
    Result<ServerProfile> findProfile(const QString &name) const;
    QString currentProfileName() const;
    // False when there is no profile of that name.
    bool setCurrentProfileName(const QString &name);
    // Only for a profile whose user opted in to plain-text storage (ServerProfile::plaintextSecret);
    // otherwise nothing is written and false is returned.
    bool setPlaintextSecret(const QString &profileName, const QString &secret);
    QString plaintextSecret(const QString &profileName) const;

    QUrl prometheusUrl() const;
    void setPrometheusUrl(const QUrl &url);
    qint64 scrapeIntervalMs() const;
    void setScrapeIntervalMs(qint64 ms);
    qint64 requestTimeoutMs() const;
    void setRequestTimeoutMs(qint64 ms);
    qint64 refreshIntervalMs() const; // 0: off
    void setRefreshIntervalMs(qint64 ms);
    // The flight recorder: how many hours it keeps and how large its file may grow.
    qint64 flightRecorderHours() const;
    qint64 flightRecorderMaxMegabytes() const;
    // Bounds on one answer (see PrometheusEndpoint): series drawn per query, megabytes per answer.
    int maxSeriesPerQuery() const;
    qint64 maxResponseMegabytes() const;
    QString lastDashboard() const;
    void setLastDashboard(const QString &nameOrPath);
    // Dark unless chosen otherwise (stored as "dark", "light" or "system"; anything else reads dark).
    ThemeChoice theme() const;
    void setTheme(ThemeChoice choice);
    // The user's time zone, as Grafana's profile keeps it: "" (the dashboard's own, else local time),
    // "browser", "utc" or an IANA name; what it means is series/TimeZones.h's to say.
    QString timeZone() const;
    void setTimeZone(const QString &name);
    // Where imported dashboards are saved and where the dashboard search looks besides the built-ins:
    // the XDG data directory's promdeck/dashboards unless the user chose another folder.
    QString dashboardsFolder() const;
    void setDashboardsFolder(const QString &path); // an empty path returns to the default
    static QString defaultDashboardsFolder();
    // Importing: grafana.com's API (or a company mirror of it), the profile each data source input
    // was last mapped to (by input name, e.g. DS_PROMETHEUS), and where the cluster keeps dashboards
    // (kube-prometheus-stack's sidecar label and namespace).
    QUrl grafanaComUrl() const;
    void setGrafanaComUrl(const QUrl &url);
    QMap<QString, QString> importInputProfiles() const;
    void rememberInputProfiles(const QMap<QString, QString> &inputProfiles);
    QString clusterDashboardLabel() const;
    void setClusterDashboardLabel(const QString &selector);
    QString clusterDashboardNamespace() const;
    void setClusterDashboardNamespace(const QString &nameSpace);
    // Dashboards opened lately (names or paths), newest first, at most ten.
    QStringList recentDashboards() const;
    void setRecentDashboards(const QStringList &nameOrPaths);
    // Starred dashboards (stable identities: a built-in name or an absolute file path), in the order
    // they were starred.
    QStringList starredDashboards() const;
    void setStarred(const QString &identity, bool starred);
    // Playlists saved from the playlist dialog, in the order saved.
    std::vector<SavedPlaylist> playlists() const;
    void setPlaylists(const std::vector<SavedPlaylist> &playlists);

signals:
    void profilesChanged();
    void currentProfileChanged();
    void prometheusUrlChanged();
    void scrapeIntervalChanged();
    void requestTimeoutChanged();
    void refreshIntervalChanged();
    void lastDashboardChanged();
    void themeChanged();
    void timeZoneChanged();
    void dashboardsFolderChanged();
    void recentDashboardsChanged();
    void starredDashboardsChanged();
    void playlistsChanged();

private:
    template <typename T> void write(const char *key, const T &value, void (Settings::*changed)());
    // Changes the current profile and saves; emits the given signal too.
    void updateCurrent(const std::function<void(ServerProfile &)> &change, void (Settings::*changed)());

    void setAsideIfDamaged();
    // A number from the store, or the default when it is missing, not a number, or outside [lo, hi].
    qint64 bounded(const QString &key, qint64 fallback, qint64 lo, qint64 hi) const;
    // The size of the array `key` for reading, at most `max` (more is refused, said once).
    int arraySize(const QString &key, int max) const;
    // A name or path of an array entry: a non-empty string of at most MaxNameLength characters, else
    // nothing (and the refusal is said once, with `where`).
    std::optional<QString> checkedName(const QVariant &value, const QString &where) const;
    void refuse(const QString &problem) const;

    std::unique_ptr<QSettings> m_store;
    QString m_damageNotice;
    mutable QStringList m_refused;
};

} // namespace promdeck
