#include "settings/Settings.h"

namespace promdeck {

namespace {
constexpr auto KeyPrometheusUrl = "connection/prometheusUrl";
constexpr auto KeyScrapeInterval = "connection/scrapeIntervalMs";
constexpr auto KeyRequestTimeout = "connection/requestTimeoutMs";
constexpr auto KeyRefreshInterval = "view/refreshIntervalMs";
constexpr auto KeyLastDashboard = "view/lastDashboard";
constexpr auto KeyFlightHours = "flightRecorder/hours";
constexpr auto KeyFlightMegabytes = "flightRecorder/maxMegabytes";
} // namespace

Settings::Settings(std::unique_ptr<QSettings> store, QObject *parent)
    : QObject(parent), m_store(std::move(store))
{
}

template <typename T> void Settings::write(const char *key, const T &value, void (Settings::*changed)())
{
    const QString k = QString::fromLatin1(key);
    if (m_store->value(k) == QVariant::fromValue(value))
        return;
    m_store->setValue(k, QVariant::fromValue(value));
    emit(this->*changed)();
}

QUrl Settings::prometheusUrl() const
{
    return m_store
        ->value(QString::fromLatin1(KeyPrometheusUrl), QUrl(QStringLiteral("http://localhost:9090")))
        .toUrl();
}
void Settings::setPrometheusUrl(const QUrl &url)
{
    write(KeyPrometheusUrl, url, &Settings::prometheusUrlChanged);
}

qint64 Settings::scrapeIntervalMs() const
{
    return m_store->value(QString::fromLatin1(KeyScrapeInterval), 15'000).toLongLong();
}
void Settings::setScrapeIntervalMs(qint64 ms)
{
    write(KeyScrapeInterval, ms, &Settings::scrapeIntervalChanged);
}

qint64 Settings::requestTimeoutMs() const
{
    return m_store->value(QString::fromLatin1(KeyRequestTimeout), 30'000).toLongLong();
}
void Settings::setRequestTimeoutMs(qint64 ms)
{
    write(KeyRequestTimeout, ms, &Settings::requestTimeoutChanged);
}

qint64 Settings::refreshIntervalMs() const
{
    return m_store->value(QString::fromLatin1(KeyRefreshInterval), 30'000).toLongLong();
}
void Settings::setRefreshIntervalMs(qint64 ms)
{
    write(KeyRefreshInterval, ms, &Settings::refreshIntervalChanged);
}

qint64 Settings::flightRecorderHours() const
{
    return std::max<qint64>(1, m_store->value(QString::fromLatin1(KeyFlightHours), 6).toLongLong());
}

qint64 Settings::flightRecorderMaxMegabytes() const
{
    return std::max<qint64>(1, m_store->value(QString::fromLatin1(KeyFlightMegabytes), 256).toLongLong());
}

QString Settings::lastDashboard() const
{
    return m_store->value(QString::fromLatin1(KeyLastDashboard), QStringLiteral("api")).toString();
}
void Settings::setLastDashboard(const QString &nameOrPath)
{
    write(KeyLastDashboard, nameOrPath, &Settings::lastDashboardChanged);
}

} // namespace promdeck
