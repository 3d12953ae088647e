#include "settings/Settings.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QMetaType>
#include <QStandardPaths>
#include <algorithm>

namespace promdeck {

namespace {
constexpr auto KeyPrometheusUrl = "connection/prometheusUrl";
constexpr auto KeyScrapeInterval = "connection/scrapeIntervalMs";
constexpr auto KeyRequestTimeout = "connection/requestTimeoutMs";
constexpr auto KeyRefreshInterval = "view/refreshIntervalMs";
constexpr auto KeyLastDashboard = "view/lastDashboard";
constexpr auto KeyTheme = "view/theme";
constexpr auto KeyTimeZone = "view/timezone";
constexpr auto KeyDashboardsFolder = "dashboards/folder";
constexpr auto KeyGrafanaComUrl = "import/grafanaComUrl";
constexpr auto KeyInputProfiles = "import/inputProfiles";
constexpr auto KeyClusterLabel = "import/clusterLabel";
constexpr auto KeyClusterNamespace = "import/clusterNamespace";
constexpr auto KeyRecentDashboards = "view/recentDashboards";
constexpr auto KeyStarred = "starred";
constexpr auto KeyPlaylists = "playlists";
constexpr auto KeyFlightHours = "flightRecorder/hours";
constexpr auto KeyFlightMegabytes = "flightRecorder/maxMegabytes";
constexpr auto KeyMaxSeries = "limits/maxSeriesPerQuery";
constexpr auto KeyMaxResponseMegabytes = "limits/maxResponseMegabytes";
constexpr qint64 Day = 24 * 3600 * 1000;
} // namespace

Settings::Settings(std::unique_ptr<QSettings> store, QObject *parent)
    : QObject(parent), m_store(std::move(store))
{
    setAsideIfDamaged();
}

void Settings::setAsideIfDamaged()
{
    const QString path = m_store->fileName();
    const QFileInfo info(path);
    m_store->allKeys(); // reads the file; status() tells how that went
    const bool damaged = m_store->status() == QSettings::FormatError || info.isDir() ||
                         (info.exists() && m_store->status() == QSettings::AccessError);
    if (!damaged || path.isEmpty())
        return;
    const QSettings::Format format = m_store->format();
    const QString why = info.isDir() ? QStringLiteral("a directory is in its place")
                        : m_store->status() == QSettings::AccessError
                            ? QStringLiteral("it cannot be read")
                            : QStringLiteral("it is not a settings file");
    m_store.reset();
    const QString aside = path + QStringLiteral(".damaged-") +
                          QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    const bool moved = QDir().rename(path, aside);
    m_store = std::make_unique<QSettings>(path, format);
    m_damageNotice =
        moved ? QStringLiteral("The settings file %1 was damaged (%2): it was kept as %3, and Promdeck "
                               "starts with default settings (profiles and secrets must be set again).")
                    .arg(path, why, aside)
              : QStringLiteral("The settings file %1 is damaged (%2) and could not be moved aside: Promdeck "
                               "runs with default settings and will not save them.")
                    .arg(path, why);
}

qint64 Settings::bounded(const QString &key, qint64 fallback, qint64 lo, qint64 hi) const
{
    bool ok = false;
    const qint64 v = m_store->value(key, fallback).toLongLong(&ok);
    return ok && v >= lo && v <= hi ? v : fallback;
}

int Settings::arraySize(const QString &key, int max) const
{
    const int size = m_store->beginReadArray(key);
    if (size > max)
        refuse(QStringLiteral("settings [%1]: size=%2 is more than the %3 kept; the first %3 are read")
                   .arg(key)
                   .arg(size)
                   .arg(max));
    return std::clamp(size, 0, max);
}

std::optional<QString> Settings::checkedName(const QVariant &value, const QString &where) const
{
    if (!value.isValid()) {
        // Said once per array: a size in the billions would otherwise say it for every index.
        refuse(QStringLiteral("settings %1: entries its size counts are missing")
                   .arg(where.left(where.indexOf(u']') + 1)));
        return std::nullopt;
    }
    // A list or a map where a string belongs is damage too, not a string to make up.
    const bool isText = value.typeId() == QMetaType::QString || value.typeId() == QMetaType::QByteArray;
    const QString text = isText ? value.toString() : QString();
    if (!isText || text.trimmed().isEmpty()) {
        refuse(QStringLiteral("settings %1: not a name or a path; left out").arg(where));
        return std::nullopt;
    }
    if (text.size() > MaxNameLength) {
        refuse(
            QStringLiteral("settings %1: %2 characters, more than the %3 a name or path may have; left out")
                .arg(where)
                .arg(text.size())
                .arg(MaxNameLength));
        return std::nullopt;
    }
    return text;
}

void Settings::refuse(const QString &problem) const
{
    // A size in the billions over missing entries must not make a message per entry.
    constexpr int MaxSaid = 20;
    if (m_refused.size() == MaxSaid)
        m_refused << QStringLiteral("settings: more values were refused");
    if (m_refused.size() < MaxSaid && !m_refused.contains(problem))
        m_refused << problem;
}

Result<ServerProfile> Settings::findProfile(const QString &name) const
{
    QStringList names;
    for (const ServerProfile &p : profiles()) {
        if (p.name == name)
            return p;
        names << p.name;
    }
    return Error::plain(
        Error::Kind::NotFound,
        QStringLiteral("no profile named \"%1\" (profiles: %2)").arg(name, names.join(QStringLiteral(", "))));
}

template <typename T> void Settings::write(const char *key, const T &value, void (Settings::*changed)())
{
    const QString k = QString::fromLatin1(key);
    if (m_store->value(k) == QVariant::fromValue(value))
        return;
    m_store->setValue(k, QVariant::fromValue(value));
    emit(this->*changed)();
}

std::vector<ServerProfile> Settings::profiles() const
{
    std::vector<ServerProfile> out;
    const int n = arraySize(QStringLiteral("profiles"), MaxProfiles);
    for (int i = 0; i < n; ++i) {
        m_store->setArrayIndex(i);
        ServerProfile p;
        p.name = m_store->value(QStringLiteral("name"), p.name).toString();
        p.url = m_store->value(QStringLiteral("url"), p.url).toUrl();
        p.auth = authKindFromName(m_store->value(QStringLiteral("auth")).toString());
        p.username = m_store->value(QStringLiteral("username")).toString();
        const QStringList headers = m_store->value(QStringLiteral("headers")).toStringList();
        for (const QString &h : headers) {
            const qsizetype colon = h.indexOf(QLatin1Char(':'));
            if (colon > 0)
                p.headers.append({h.left(colon).trimmed(), h.mid(colon + 1).trimmed()});
        }
        p.caFile = m_store->value(QStringLiteral("caFile")).toString();
        p.clientCertificateFile = m_store->value(QStringLiteral("clientCertificateFile")).toString();
        p.clientKeyFile = m_store->value(QStringLiteral("clientKeyFile")).toString();
        p.skipTlsVerification = m_store->value(QStringLiteral("skipTlsVerification"), false).toBool();
        p.timeoutMs = bounded(QStringLiteral("timeoutMs"), p.timeoutMs, 100, Day);
        p.scrapeIntervalMs = bounded(QStringLiteral("scrapeIntervalMs"), p.scrapeIntervalMs, 100, Day);
        p.alertmanagerUrl = m_store->value(QStringLiteral("alertmanagerUrl")).toUrl();
        p.portForwardCommand = m_store->value(QStringLiteral("portForwardCommand")).toString();
        p.autoLocalPort = m_store->value(QStringLiteral("autoLocalPort"), false).toBool();
        p.plaintextSecret = m_store->value(QStringLiteral("plaintextSecret"), false).toBool();
        // Profiles from before secret ids filed their secret under the name: that stays their id, so a
        // rename from here on keeps the secret.
        p.secretId = m_store->value(QStringLiteral("secretId"), p.name).toString();
        out.push_back(std::move(p));
    }
    m_store->endArray();
    if (out.empty()) {
        // Before profiles existed there was one connection; it becomes the "local" profile.
        ServerProfile p;
        p.url = m_store->value(QString::fromLatin1(KeyPrometheusUrl), p.url).toUrl();
        p.scrapeIntervalMs = bounded(QString::fromLatin1(KeyScrapeInterval), p.scrapeIntervalMs, 100, Day);
        p.timeoutMs = bounded(QString::fromLatin1(KeyRequestTimeout), p.timeoutMs, 100, Day);
        out.push_back(std::move(p));
    }
    return out;
}

void Settings::setProfiles(const std::vector<ServerProfile> &profiles)
{
    // Plain-text secrets survive only for profiles that still opt in.
    QHash<QString, QString> kept;
    for (const ServerProfile &p : profiles)
        if (p.plaintextSecret)
            kept.insert(p.secretIdentity(),
                        m_store->value(QStringLiteral("plaintextSecrets/") + p.secretIdentity()).toString());
    m_store->remove(QStringLiteral("profiles"));
    m_store->remove(QStringLiteral("plaintextSecrets"));
    m_store->beginWriteArray(QStringLiteral("profiles"), static_cast<int>(profiles.size()));
    for (int i = 0; i < static_cast<int>(profiles.size()); ++i) {
        const ServerProfile &p = profiles[static_cast<size_t>(i)];
        m_store->setArrayIndex(i);
        m_store->setValue(QStringLiteral("name"), p.name);
        m_store->setValue(QStringLiteral("url"), p.url);
        m_store->setValue(QStringLiteral("auth"), authKindName(p.auth));
        m_store->setValue(QStringLiteral("username"), p.username);
        QStringList headers;
        for (const auto &[name, value] : p.headers)
            headers << name + QStringLiteral(": ") + value;
        m_store->setValue(QStringLiteral("headers"), headers);
        m_store->setValue(QStringLiteral("caFile"), p.caFile);
        m_store->setValue(QStringLiteral("clientCertificateFile"), p.clientCertificateFile);
        m_store->setValue(QStringLiteral("clientKeyFile"), p.clientKeyFile);
        m_store->setValue(QStringLiteral("skipTlsVerification"), p.skipTlsVerification);
        m_store->setValue(QStringLiteral("timeoutMs"), p.timeoutMs);
        m_store->setValue(QStringLiteral("scrapeIntervalMs"), p.scrapeIntervalMs);
        m_store->setValue(QStringLiteral("alertmanagerUrl"), p.alertmanagerUrl);
        m_store->setValue(QStringLiteral("portForwardCommand"), p.portForwardCommand);
        m_store->setValue(QStringLiteral("autoLocalPort"), p.autoLocalPort);
        m_store->setValue(QStringLiteral("plaintextSecret"), p.plaintextSecret);
        m_store->setValue(QStringLiteral("secretId"), p.secretIdentity());
    }
    m_store->endArray();
    for (auto it = kept.begin(); it != kept.end(); ++it)
        if (!it.value().isEmpty())
            m_store->setValue(QStringLiteral("plaintextSecrets/") + it.key(), it.value());
    emit profilesChanged();
    emit prometheusUrlChanged();
}

ServerProfile Settings::currentProfile() const
{
    const std::vector<ServerProfile> all = profiles();
    const QString name = m_store->value(QStringLiteral("connection/currentProfile")).toString();
    for (const ServerProfile &p : all)
        if (p.name == name)
            return p;
    return all.front();
}

QString Settings::currentProfileName() const
{
    return currentProfile().name;
}

bool Settings::setCurrentProfileName(const QString &name)
{
    const std::vector<ServerProfile> all = profiles();
    if (std::none_of(all.begin(), all.end(), [&](const ServerProfile &p) { return p.name == name; }))
        return false;
    // Compared with what is stored, not with currentProfileName(): after a rename the stored name may
    // be gone and the fallback (the first profile) already carry the new one.
    if (m_store->value(QStringLiteral("connection/currentProfile")).toString() != name) {
        m_store->setValue(QStringLiteral("connection/currentProfile"), name);
        emit currentProfileChanged();
        emit prometheusUrlChanged();
    }
    return true;
}

bool Settings::setPlaintextSecret(const QString &profileName, const QString &secret)
{
    for (const ServerProfile &p : profiles())
        if (p.name == profileName && p.plaintextSecret) {
            m_store->setValue(QStringLiteral("plaintextSecrets/") + p.secretIdentity(), secret);
            return true;
        }
    return false;
}

QString Settings::plaintextSecret(const QString &profileName) const
{
    for (const ServerProfile &p : profiles())
        if (p.name == profileName)
            return m_store->value(QStringLiteral("plaintextSecrets/") + p.secretIdentity()).toString();
    return {};
}

void Settings::updateCurrent(const std::function<void(ServerProfile &)> &change, void (Settings::*changed)())
{
    std::vector<ServerProfile> all = profiles();
    const QString name = currentProfileName();
    for (ServerProfile &p : all)
        if (p.name == name) {
            const ServerProfile before = p;
            change(p);
            if (p == before)
                return;
        }
    QSignalBlocker quiet(this); // one precise signal instead of profilesChanged + url
    setProfiles(all);
    m_store->setValue(QStringLiteral("connection/currentProfile"), name);
    quiet.unblock();
    emit(this->*changed)();
}

QUrl Settings::prometheusUrl() const
{
    return currentProfile().url;
}
void Settings::setPrometheusUrl(const QUrl &url)
{
    updateCurrent([&](ServerProfile &p) { p.url = url; }, &Settings::prometheusUrlChanged);
}

qint64 Settings::scrapeIntervalMs() const
{
    return currentProfile().scrapeIntervalMs;
}
void Settings::setScrapeIntervalMs(qint64 ms)
{
    updateCurrent([&](ServerProfile &p) { p.scrapeIntervalMs = ms; }, &Settings::scrapeIntervalChanged);
}

qint64 Settings::requestTimeoutMs() const
{
    return currentProfile().timeoutMs;
}
void Settings::setRequestTimeoutMs(qint64 ms)
{
    updateCurrent([&](ServerProfile &p) { p.timeoutMs = ms; }, &Settings::requestTimeoutChanged);
}

qint64 Settings::refreshIntervalMs() const
{
    return bounded(QString::fromLatin1(KeyRefreshInterval), 30'000, 0, Day);
}
void Settings::setRefreshIntervalMs(qint64 ms)
{
    write(KeyRefreshInterval, ms, &Settings::refreshIntervalChanged);
}

qint64 Settings::flightRecorderHours() const
{
    return bounded(QString::fromLatin1(KeyFlightHours), 6, 1, 24 * 31);
}

qint64 Settings::flightRecorderMaxMegabytes() const
{
    return bounded(QString::fromLatin1(KeyFlightMegabytes), 256, 1, 64 * 1024);
}

int Settings::maxSeriesPerQuery() const
{
    return static_cast<int>(bounded(QString::fromLatin1(KeyMaxSeries), 1000, 1, 1'000'000));
}

qint64 Settings::maxResponseMegabytes() const
{
    return bounded(QString::fromLatin1(KeyMaxResponseMegabytes), 256, 1, 64 * 1024);
}

QString Settings::lastDashboard() const
{
    return m_store->value(QString::fromLatin1(KeyLastDashboard), QStringLiteral("api")).toString();
}
void Settings::setLastDashboard(const QString &nameOrPath)
{
    write(KeyLastDashboard, nameOrPath, &Settings::lastDashboardChanged);
}

ThemeChoice Settings::theme() const
{
    const QString stored = m_store->value(QString::fromLatin1(KeyTheme)).toString();
    if (stored == u"light")
        return ThemeChoice::Light;
    if (stored == u"system")
        return ThemeChoice::FollowSystem;
    return ThemeChoice::Dark;
}
void Settings::setTheme(ThemeChoice choice)
{
    const QString stored = choice == ThemeChoice::Light          ? QStringLiteral("light")
                           : choice == ThemeChoice::FollowSystem ? QStringLiteral("system")
                                                                 : QStringLiteral("dark");
    write(KeyTheme, stored, &Settings::themeChanged);
}

QString Settings::timeZone() const
{
    const QString stored = m_store->value(QString::fromLatin1(KeyTimeZone)).toString();
    if (stored.size() > MaxNameLength) {
        refuse(QStringLiteral("%1: a time zone name of %2 characters")
                   .arg(QLatin1String(KeyTimeZone))
                   .arg(stored.size()));
        return {};
    }
    return stored.trimmed();
}
void Settings::setTimeZone(const QString &name)
{
    write(KeyTimeZone, name.trimmed(), &Settings::timeZoneChanged);
}

QString Settings::defaultDashboardsFolder()
{
    return QDir::cleanPath(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                           QStringLiteral("/dashboards"));
}

QString Settings::dashboardsFolder() const
{
    const QString chosen = m_store->value(QString::fromLatin1(KeyDashboardsFolder)).toString();
    return chosen.isEmpty() ? defaultDashboardsFolder() : QDir::cleanPath(chosen);
}
void Settings::setDashboardsFolder(const QString &path)
{
    const QString before = dashboardsFolder();
    if (path.isEmpty())
        m_store->remove(QString::fromLatin1(KeyDashboardsFolder));
    else
        m_store->setValue(QString::fromLatin1(KeyDashboardsFolder), QDir::cleanPath(path));
    if (dashboardsFolder() != before)
        emit dashboardsFolderChanged();
}

QUrl Settings::grafanaComUrl() const
{
    return m_store
        ->value(QString::fromLatin1(KeyGrafanaComUrl), QUrl(QStringLiteral("https://grafana.com/api")))
        .toUrl();
}
void Settings::setGrafanaComUrl(const QUrl &url)
{
    m_store->setValue(QString::fromLatin1(KeyGrafanaComUrl), url);
}

QMap<QString, QString> Settings::importInputProfiles() const
{
    QMap<QString, QString> out;
    const QVariantMap stored = m_store->value(QString::fromLatin1(KeyInputProfiles)).toMap();
    for (auto it = stored.begin(); it != stored.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}
void Settings::rememberInputProfiles(const QMap<QString, QString> &inputProfiles)
{
    QVariantMap stored = m_store->value(QString::fromLatin1(KeyInputProfiles)).toMap();
    for (auto it = inputProfiles.begin(); it != inputProfiles.end(); ++it)
        stored.insert(it.key(), it.value());
    m_store->setValue(QString::fromLatin1(KeyInputProfiles), stored);
}

QString Settings::clusterDashboardLabel() const
{
    return m_store->value(QString::fromLatin1(KeyClusterLabel), QStringLiteral("grafana_dashboard=1"))
        .toString();
}
void Settings::setClusterDashboardLabel(const QString &selector)
{
    m_store->setValue(QString::fromLatin1(KeyClusterLabel), selector);
}

QString Settings::clusterDashboardNamespace() const
{
    return m_store->value(QString::fromLatin1(KeyClusterNamespace), QStringLiteral("monitoring")).toString();
}
void Settings::setClusterDashboardNamespace(const QString &nameSpace)
{
    m_store->setValue(QString::fromLatin1(KeyClusterNamespace), nameSpace);
}

QStringList Settings::recentDashboards() const
{
    return m_store->value(QString::fromLatin1(KeyRecentDashboards)).toStringList();
}
void Settings::setRecentDashboards(const QStringList &nameOrPaths)
{
    write(KeyRecentDashboards, nameOrPaths.mid(0, 10), &Settings::recentDashboardsChanged);
}

QStringList Settings::starredDashboards() const
{
    QStringList out;
    const QString key = QString::fromLatin1(KeyStarred);
    const int n = arraySize(key, MaxStarred);
    for (int i = 0; i < n; ++i) {
        m_store->setArrayIndex(i);
        const std::optional<QString> identity =
            checkedName(m_store->value(QStringLiteral("dashboard")),
                        QStringLiteral("[%1] %2\\dashboard").arg(key).arg(i + 1));
        if (identity && !out.contains(*identity))
            out << *identity;
    }
    m_store->endArray();
    return out;
}

void Settings::setStarred(const QString &identity, bool starred)
{
    QStringList all = starredDashboards();
    if (all.contains(identity) == starred || identity.isEmpty() || identity.size() > MaxNameLength ||
        (starred && all.size() >= MaxStarred))
        return;
    if (starred)
        all << identity;
    else
        all.removeAll(identity);
    m_store->remove(QString::fromLatin1(KeyStarred));
    m_store->beginWriteArray(QString::fromLatin1(KeyStarred), static_cast<int>(all.size()));
    for (int i = 0; i < all.size(); ++i) {
        m_store->setArrayIndex(i);
        m_store->setValue(QStringLiteral("dashboard"), all[i]);
    }
    m_store->endArray();
    emit starredDashboardsChanged();
}

std::vector<SavedPlaylist> Settings::playlists() const
{
    std::vector<SavedPlaylist> out;
    const QString key = QString::fromLatin1(KeyPlaylists);
    const int n = arraySize(key, MaxPlaylists);
    for (int i = 0; i < n; ++i) {
        m_store->setArrayIndex(i);
        const QString where = QStringLiteral("[%1] %2\\").arg(key).arg(i + 1);
        SavedPlaylist p;
        const std::optional<QString> name =
            checkedName(m_store->value(QStringLiteral("name")), where + QStringLiteral("name"));
        const QVariant dashboards = m_store->value(QStringLiteral("dashboards"));
        bool ok = false;
        p.intervalMs = m_store->value(QStringLiteral("intervalMs")).toLongLong(&ok);
        QString problem;
        if (!name)
            continue; // said by checkedName
        if (!ok || p.intervalMs < SavedPlaylist::MinIntervalMs || p.intervalMs > SavedPlaylist::MaxIntervalMs)
            problem = QStringLiteral("intervalMs=%1 is not a number of milliseconds from %2 to %3")
                          .arg(m_store->value(QStringLiteral("intervalMs")).toString())
                          .arg(SavedPlaylist::MinIntervalMs)
                          .arg(SavedPlaylist::MaxIntervalMs);
        else if (dashboards.isValid() && dashboards.typeId() != QMetaType::QStringList &&
                 dashboards.typeId() != QMetaType::QString)
            problem = QStringLiteral("dashboards is not a list of dashboards");
        else if (const QStringList list = dashboards.toStringList();
                 list.isEmpty() || list.size() > MaxPlaylistDashboards)
            problem = QStringLiteral("%1 dashboards; a playlist has 1 to %2")
                          .arg(list.size())
                          .arg(MaxPlaylistDashboards);
        else
            for (const QString &d : list) {
                if (d.trimmed().isEmpty() || d.size() > MaxNameLength) {
                    problem = QStringLiteral("a dashboard is empty or longer than %1 characters")
                                  .arg(MaxNameLength);
                    break;
                }
                p.dashboards << d;
            }
        if (problem.isEmpty() &&
            std::any_of(out.begin(), out.end(), [&](const SavedPlaylist &q) { return q.name == *name; }))
            problem = QStringLiteral("a second playlist named \"%1\"").arg(*name);
        if (!problem.isEmpty()) {
            refuse(QStringLiteral("settings %1: playlist \"%2\" left out: %3")
                       .arg(where.chopped(1), *name, problem));
            continue;
        }
        p.name = *name;
        out.push_back(std::move(p));
    }
    m_store->endArray();
    return out;
}

void Settings::setPlaylists(const std::vector<SavedPlaylist> &playlists)
{
    const QString key = QString::fromLatin1(KeyPlaylists);
    const int n = std::min(static_cast<int>(playlists.size()), MaxPlaylists);
    m_store->remove(key);
    m_store->beginWriteArray(key, n);
    for (int i = 0; i < n; ++i) {
        const SavedPlaylist &p = playlists[static_cast<size_t>(i)];
        m_store->setArrayIndex(i);
        m_store->setValue(QStringLiteral("name"), p.name);
        m_store->setValue(QStringLiteral("dashboards"), p.dashboards.mid(0, MaxPlaylistDashboards));
        m_store->setValue(QStringLiteral("intervalMs"), p.intervalMs);
    }
    m_store->endArray();
    emit playlistsChanged();
}

} // namespace promdeck
