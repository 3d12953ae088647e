// Downloads a dashboard to import: from grafana.com's public API by ID (the dashboard's metadata for
// its name and latest revision, then that revision's JSON, as Grafana's own import does), or from any
// URL. The API's base URL is a setting (a company mirror or an air-gapped proxy). Each failure is one
// line a person can act on; nothing is written here.
#pragma once

#include "importing/ImportedDashboard.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>
#include <chrono>
#include <functional>
#include <optional>

class QNetworkReply;

namespace promdeck {

// One download under way; `finished` comes once, from the event loop.
class DashboardDownload : public QObject
{
    Q_OBJECT
public:
    explicit DashboardDownload(QObject *parent = nullptr) : QObject(parent) {}
    bool isFinished() const { return m_result.has_value(); }
    // Meaningful once finished.
    const Result<ImportedDashboard> &result() const { return *m_result; }
    // grafana.com's name for the dashboard (its metadata), before the JSON has come.
    QString name() const { return m_name; }

    void setName(const QString &name) { m_name = name; }
    void finish(Result<ImportedDashboard> result);

signals:
    void finished();

private:
    std::optional<Result<ImportedDashboard>> m_result;
    QString m_name;
};

class GrafanaComClient : public QObject
{
    Q_OBJECT
public:
    static QUrl defaultApiUrl() { return QUrl(QStringLiteral("https://grafana.com/api")); }

    GrafanaComClient(QNetworkAccessManager *network, QUrl apiUrl,
                     std::chrono::milliseconds timeout = std::chrono::seconds(30), QObject *parent = nullptr);

    // GET {api}/dashboards/ID, then {api}/dashboards/ID/revisions/REV/download (REV: the latest when 0).
    DashboardDownload *fetch(qint64 id, int revision = 0);
    // Any dashboard JSON by URL.
    DashboardDownload *fetchUrl(const QUrl &url);

    // "ID" or "ID@REVISION" as typed; nullopt when it is neither.
    struct Reference
    {
        qint64 id = 0;
        int revision = 0;
    };
    static std::optional<Reference> parseReference(const QString &text);

private:
    using Answer = std::function<void(const QByteArray &body)>;
    // How a failed GET reads: `status` 0 for a transfer that failed (`reason`: the network's words),
    // else the HTTP status and the server's words.
    using Describe = std::function<Error(int status, const QString &reason)>;
    // GET url; a 2xx answer goes to `answered`, anything else finishes `download` with the error.
    void get(const QUrl &url, DashboardDownload *download, const Answer &answered, const Describe &describe);
    void download(qint64 id, int revision, DashboardDownload *into);
    QUrl apiPath(const QString &path) const;
    // " at URL" for a mirror, nothing for grafana.com itself.
    QString mirrorSuffix() const;

    QNetworkAccessManager *m_network;
    QUrl m_apiUrl;
    std::chrono::milliseconds m_timeout;
};

} // namespace promdeck
