// The HTTP client for Prometheus-compatible servers (Prometheus, VictoriaMetrics, Thanos, Mimir).
// Fully asynchronous on an injected QNetworkAccessManager; query bodies are parsed on the thread pool.
#pragma once

#include "source/DataSource.h"

#include <QHash>
#include <QList>
#include <QLoggingCategory>
#include <QSslConfiguration>
#include <QUrl>
#include <chrono>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
class QUrlQuery;

namespace promdeck {

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

struct PrometheusEndpoint
{
    QUrl baseUrl = QUrl(QStringLiteral("http://localhost:9090")); // may carry a path prefix: /prometheus
    QList<std::pair<QByteArray, QByteArray>> headers;             // e.g. X-Scope-OrgID for Mimir
    std::chrono::milliseconds timeout{30'000};                    // whole request, connect to last byte
    // Queries whose encoded form is longer than this go as POST, avoiding URL length limits in proxies.
    int postAbove = 2000;
    std::optional<QSslConfiguration> tls; // CA and client certificate; empty: Qt's defaults
    bool skipTlsVerification = false;     // only with a visible warning (the profile's choice)
    // Bounds on what one answer may cost: past maxResponseBytes (after decompression) the transfer
    // is aborted while streaming; past maxSeries series the rest are counted, not built (0: no cap).
    qint64 maxResponseBytes = qint64(256) << 20;
    qsizetype maxSeries = 1000;
};

class PrometheusClient : public DataSource
{
    Q_OBJECT
public:
    PrometheusClient(QNetworkAccessManager *network, PrometheusEndpoint endpoint, QObject *parent = nullptr);

    const PrometheusEndpoint &endpoint() const { return m_endpoint; }
    // From the next request on (a secret that arrived from the keychain, a port-forward's new port).
    void setEndpoint(PrometheusEndpoint endpoint) { m_endpoint = std::move(endpoint); }

    QueryReply *queryRange(const RangeQuery &query) override;
    QueryReply *queryInstant(const InstantQuery &query) override;
    MetadataReply *labelValues(const QString &label, const QStringList &matchers,
                               const TimeRange &range) override;
    MetadataReply *buildInfo() override;
    MetadataReply *metricMetadata() override;
    // The server's own alerting rules' alerts (/api/v1/alerts): data is {"alerts": [...]}.
    MetadataReply *alerts();
    QString description() const override;

    MetadataReply *labelNames(const QStringList &matchers, const TimeRange &range) override;
    MetadataReply *series(const QStringList &matchers, const TimeRange &range);
    // /-/ready: succeeds with the server's text when it is ready to serve queries.
    MetadataReply *readiness();

    // The URL of an API path under the base URL, keeping its path prefix.
    QUrl apiUrl(const QString &path) const;
    // The requests still waiting for their answer, as "PATH EXPRESSION" (for a command that ran out
    // of time to say what it was waiting for).
    QStringList openRequests() const;

private:
    QueryReply *sendQuery(const QString &path, QUrlQuery params);
    MetadataReply *sendMetadata(const QString &path, const QUrlQuery &params, bool expectJson = true);
    // `formBody`, when given, receives the parameters if they went as a POST body.
    QNetworkReply *send(const QString &path, const QUrlQuery &params, QByteArray *formBody = nullptr);
    QNetworkRequest makeRequest(const QUrl &url) const;
    void armTimeout(QNetworkReply *reply, const std::shared_ptr<bool> &timedOut);
    struct CollectedBody;
    std::shared_ptr<CollectedBody> collectBody(QNetworkReply *reply) const;
    Error tooLargeError(QNetworkReply *reply) const;
    Error networkError(QNetworkReply *reply, bool timedOut) const;
    QString displayUrl() const;

    QNetworkAccessManager *m_network;
    PrometheusEndpoint m_endpoint;
    QHash<const QNetworkReply *, QString> m_open;
};

} // namespace promdeck
