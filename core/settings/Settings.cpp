#include "settings/Settings.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace promdeck {

namespace {
constexpr auto KeyPrometheusUrl = "connection/prometheusUrl";
constexpr auto KeyScrapeInterval = "connection/scrapeIntervalMs";
constexpr auto KeyRequestTimeout = "connection/requestTimeoutMs";
constexpr auto KeyRefreshInterval = "view/refreshIntervalMs";
constexpr auto KeyLastDashboard = "view/lastDashboard";
constexpr auto KeyTheme = "view/theme";
constexpr auto KeyDashboardsFolder = "dashboards/folder";
constexpr auto KeyGrafanaComUrl = "import/grafanaComUrl";
constexpr auto KeyInputProfiles = "import/inputProfiles";
constexpr auto KeyClusterLabel = "import/clusterLabel";
constexpr auto KeyClusterNamespace = "import/clusterNamespace";
constexpr auto KeyRecentDashboards = "view/recentDashboards";
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
    const int n = std::clamp(m_store->beginReadArray(QStringLiteral("profiles")), 0, MaxProfiles);
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

} // namespace promdeck
