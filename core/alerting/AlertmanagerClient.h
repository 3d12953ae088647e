// Alertmanager's v2 API: the alerts it holds, and silences created from Promdeck (label matchers with
// an end) and expired again. Replies are MetadataReply, finished from the event loop; every request
// has a deadline.
#pragma once

#include "alerting/NotificationPolicy.h"
#include "source/DataSource.h"

#include <QNetworkAccessManager>
#include <QUrl>
#include <chrono>

namespace promdeck {

class AlertmanagerClient : public QObject
{
    Q_OBJECT
public:
    AlertmanagerClient(QNetworkAccessManager *network, QUrl baseUrl,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10),
                       QObject *parent = nullptr);

    MetadataReply *alerts();   // GET /api/v2/alerts: data is the array
    MetadataReply *silences(); // GET /api/v2/silences
    // POST /api/v2/silences: data is {"silenceID": "..."}.
    MetadataReply *createSilence(const Silence &silence, const QString &createdBy);
    MetadataReply *expireSilence(const QString &id); // DELETE /api/v2/silence/{id}

private:
    MetadataReply *send(const QByteArray &verb, const QString &path, const QByteArray &body = {});
    QNetworkAccessManager *m_network;
    QUrl m_baseUrl;
    std::chrono::milliseconds m_timeout;
};

} // namespace promdeck
