#include "alerting/AlertmanagerClient.h"

#include "http/HttpErrors.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QTimer>

namespace promdeck {

AlertmanagerClient::AlertmanagerClient(QNetworkAccessManager *network, QUrl baseUrl,
                                       std::chrono::milliseconds timeout, QObject *parent)
    : QObject(parent), m_network(network), m_baseUrl(std::move(baseUrl)), m_timeout(timeout)
{
}

MetadataReply *AlertmanagerClient::send(const QByteArray &verb, const QString &path, const QByteArray &body)
{
    QUrl url = m_baseUrl;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + path);
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network->sendCustomRequest(request, verb, body);
    auto timedOut = std::make_shared<bool>(false);
    QTimer::singleShot(m_timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    auto *result = new MetadataReply(this);
    const QString where = m_baseUrl.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
    connect(reply, &QNetworkReply::finished, result, [reply, result, timedOut, where] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray answer = reply->readAll();
        if (status == 0 || *timedOut) {
            result->fail(networkErrorOf(reply, where, *timedOut));
            return;
        }
        if (status < 200 || status >= 300) {
            Error error;
            error.kind = Error::Kind::HttpStatus;
            error.httpStatus = status;
            error.url = where;
            error.detail = summarizeErrorBody(answer);
            result->fail(error);
            return;
        }
        QJsonParseError parse;
        const QJsonDocument doc = QJsonDocument::fromJson(answer, &parse);
        if (answer.trimmed().isEmpty()) {
            result->succeed(QJsonValue());
        } else if (parse.error != QJsonParseError::NoError) {
            Error error;
            error.kind = Error::Kind::MalformedResponse;
            error.url = where;
            error.detail = parse.errorString();
            result->fail(error);
        } else {
            result->succeed(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
        }
    });
    return result;
}

MetadataReply *AlertmanagerClient::alerts()
{
    return send("GET", QStringLiteral("/api/v2/alerts"));
}

MetadataReply *AlertmanagerClient::silences()
{
    return send("GET", QStringLiteral("/api/v2/silences"));
}

MetadataReply *AlertmanagerClient::createSilence(const Silence &silence, const QString &createdBy)
{
    QJsonArray matchers;
    for (const LabelMatcher &m : silence.matchers)
        matchers.append(QJsonObject{{QStringLiteral("name"), m.name},
                                    {QStringLiteral("value"), m.value},
                                    {QStringLiteral("isRegex"), m.isRegex},
                                    {QStringLiteral("isEqual"), m.isEqual}});
    auto iso = [](std::int64_t ms) {
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
    };
    const QJsonObject body{{QStringLiteral("matchers"), matchers},
                           {QStringLiteral("startsAt"), iso(silence.startsMs)},
                           {QStringLiteral("endsAt"), iso(silence.endsMs)},
                           {QStringLiteral("createdBy"), createdBy},
                           {QStringLiteral("comment"), silence.comment.isEmpty()
                                                           ? QStringLiteral("silenced from Promdeck")
                                                           : silence.comment}};
    return send("POST", QStringLiteral("/api/v2/silences"),
                QJsonDocument(body).toJson(QJsonDocument::Compact));
}

MetadataReply *AlertmanagerClient::expireSilence(const QString &id)
{
    return send("DELETE", QStringLiteral("/api/v2/silence/") + id);
}

} // namespace promdeck
