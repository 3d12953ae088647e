// The one typed settings object: every key, its type and its default declared once, a change signal
// per setting, QSettings underneath. Created once in main() and injected; nothing else reads QSettings.
#pragma once

#include <QObject>
#include <QSettings>
#include <QUrl>
#include <memory>

namespace promdeck {

class Settings : public QObject
{
    Q_OBJECT
public:
    // Takes ownership of the store; tests pass one backed by a temporary file.
    explicit Settings(std::unique_ptr<QSettings> store, QObject *parent = nullptr);

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
    QString lastDashboard() const;
    void setLastDashboard(const QString &nameOrPath);

signals:
    void prometheusUrlChanged();
    void scrapeIntervalChanged();
    void requestTimeoutChanged();
    void refreshIntervalChanged();
    void lastDashboardChanged();

private:
    template <typename T> void write(const char *key, const T &value, void (Settings::*changed)());

    std::unique_ptr<QSettings> m_store;
};

} // namespace promdeck
