#include "importing/DashboardDownload.h"

#include "http/HttpErrors.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>

namespace promdeck {

namespace {

const QString OpenTheFileInstead = QStringLiteral("download the JSON there and open the file");

// An error whose message is `text` as written (the kinds whose message() is their detail).
Error said(Error::Kind kind, const QString &text, const QString &url, int status = 0)
{
    Error e = Error::plain(kind, text);
    e.url = url;
    e.httpStatus = status;
    return e;
}

// The server's words in an error answer: grafana.com's {"message": ...}, or a page summed up.
QString serverWords(const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    if (o.value(QLatin1StringView("message")).isString())
        return o.value(QLatin1StringView("message")).toString();
    return summarizeErrorBody(body);
}

// A failed grafana.com call: `what` is "dashboard 763" or "revision 2 of dashboard 763", `at` names a
// mirror, `url` the call.
Error grafanaComError(int status, const QString &reason, const QString &what, const QString &at,
                      const QString &url)
{
    if (status == 0)
        return said(
            Error::Kind::Unavailable,
            QStringLiteral("grafana.com cannot be reached%1: %2; %3").arg(at, reason, OpenTheFileInstead),
            url);
    if (status == 404)
        return said(Error::Kind::NotFound,
                    QStringLiteral("grafana.com has no %1 (HTTP 404 from %2: %3)").arg(what, url, reason),
                    url, status);
    return said(Error::Kind::OtherServerError,
                QStringLiteral("grafana.com answered HTTP %1 for %2 (%3): %4; try again later, or %5")
                    .arg(status)
                    .arg(what, url, reason, OpenTheFileInstead),
                url, status);
}

} // namespace

void DashboardDownload::finish(Result<ImportedDashboard> result)
{
    if (m_result)
        return;
    m_result = std::move(result);
    emit finished();
}

GrafanaComClient::GrafanaComClient(QNetworkAccessManager *network, QUrl apiUrl,
                                   std::chrono::milliseconds timeout, QObject *parent)
    : QObject(parent), m_network(network), m_apiUrl(std::move(apiUrl)), m_timeout(timeout)
{
}

std::optional<GrafanaComClient::Reference> GrafanaComClient::parseReference(const QString &text)
{
    static const QRegularExpression form(QStringLiteral("^\\s*(\\d{1,12})(?:@(\\d{1,9}))?\\s*$"));
    const QRegularExpressionMatch m = form.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    Reference r;
    r.id = m.captured(1).toLongLong();
    r.revision = m.captured(2).toInt();
    if (r.id <= 0 || (m.hasCaptured(2) && r.revision <= 0))
        return std::nullopt;
    return r;
}

QUrl GrafanaComClient::apiPath(const QString &path) const
{
    QUrl url = m_apiUrl;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    url.setPath(prefix + path);
    return url;
}

QString GrafanaComClient::mirrorSuffix() const
{
    // A mirror is named by where it is, so the operator knows which one failed.
    if (m_apiUrl.host() == u"grafana.com")
        return {};
    return QStringLiteral(" at %1").arg(
        m_apiUrl.toDisplayString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash));
}

void GrafanaComClient::get(const QUrl &url, DashboardDownload *download, const Answer &answered,
                           const Describe &describe)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = m_network->get(request);
    auto timedOut = std::make_shared<bool>(false);
    QTimer::singleShot(m_timeout, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    const QString shown = url.toDisplayString(QUrl::RemoveUserInfo);
    connect(reply, &QNetworkReply::finished, download, [=, this] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (*timedOut) {
            download->finish(describe(0, QStringLiteral("no answer within %1 s")
                                             .arg(std::chrono::duration<double>(m_timeout).count())));
            return;
        }
        if (reply->error() != QNetworkReply::NoError && status >= 200 && status < 300) {
            // The headers came, the body did not all come.
            const qint64 declared = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
            const QString of = declared > 0 ? QStringLiteral(" of %1").arg(declared) : QString();
            download->finish(said(Error::Kind::MalformedResponse,
                                  QStringLiteral("the answer was cut short: %1%2 bytes came (%3)")
                                      .arg(body.size())
                                      .arg(of, reply->errorString()),
                                  shown, status));
            return;
        }
        if (status == 0) {
            download->finish(describe(0, networkErrorOf(reply, shown, false).detail));
            return;
        }
        if (status < 200 || status >= 300) {
            download->finish(describe(status, serverWords(body)));
            return;
        }
        answered(body);
    });
}

DashboardDownload *GrafanaComClient::fetch(qint64 id, int revision)
{
    auto *download = new DashboardDownload(this);
    const QUrl metadataUrl = apiPath(QStringLiteral("/dashboards/%1").arg(id));
    const QString name = QStringLiteral("grafana.com");
    const QString shown = metadataUrl.toDisplayString(QUrl::RemoveUserInfo);
    const Describe describe = [what = QStringLiteral("dashboard %1").arg(id), at = mirrorSuffix(),
                               shown](int status, const QString &reason) {
        return grafanaComError(status, reason, what, at, shown);
    };
    get(
        metadataUrl, download,
        [=, this](const QByteArray &body) {
            QJsonParseError parse;
            const QJsonObject metadata = QJsonDocument::fromJson(body, &parse).object();
            const int latest = metadata.value(QLatin1StringView("revision")).toInt();
            if (parse.error != QJsonParseError::NoError || latest <= 0) {
                download->finish(said(
                    Error::Kind::MalformedResponse,
                    parse.error != QJsonParseError::NoError
                        ? QStringLiteral("%1's answer for dashboard %2 is not JSON: %3")
                              .arg(name)
                              .arg(id)
                              .arg(parse.errorString())
                        : QStringLiteral("%1's answer for dashboard %2 names no revision").arg(name).arg(id),
                    shown));
                return;
            }
            download->setName(metadata.value(QLatin1StringView("name")).toString());
            GrafanaComClient::download(id, revision > 0 ? revision : latest, download);
        },
        describe);
    return download;
}

void GrafanaComClient::download(qint64 id, int revision, DashboardDownload *into)
{
    const QUrl url = apiPath(QStringLiteral("/dashboards/%1/revisions/%2/download").arg(id).arg(revision));
    const QString shown = url.toDisplayString(QUrl::RemoveUserInfo);
    const Describe describe = [what = QStringLiteral("revision %1 of dashboard %2").arg(revision).arg(id),
                               at = mirrorSuffix(), shown](int status, const QString &reason) {
        return grafanaComError(status, reason, what, at, shown);
    };
    get(
        url, into,
        [=](const QByteArray &body) {
            Result<ImportedDashboard> read = readImportedDashboard(body, shown);
            if (read) {
                read->origin = {};
                read->origin.from = shown;
                read->origin.grafanaComId = id;
                read->origin.revision = revision;
            }
            into->finish(std::move(read));
        },
        describe);
}

DashboardDownload *GrafanaComClient::fetchUrl(const QUrl &url)
{
    auto *download = new DashboardDownload(this);
    const QString shown = url.toDisplayString(QUrl::RemoveUserInfo);
    if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https")) {
        QTimer::singleShot(0, download, [download, shown] {
            download->finish(said(Error::Kind::Invalid,
                                  QStringLiteral("\"%1\" is not an http or https URL").arg(shown), shown));
        });
        return download;
    }
    const auto describe = [shown](int status, const QString &reason) {
        if (status == 0)
            return said(Error::Kind::Unavailable,
                        QStringLiteral("%1 cannot be reached: %2; %3").arg(shown, reason, OpenTheFileInstead),
                        shown);
        return said(status == 404 ? Error::Kind::NotFound : Error::Kind::OtherServerError,
                    QStringLiteral("%1 answered HTTP %2: %3").arg(shown).arg(status).arg(reason), shown,
                    status);
    };
    get(
        url, download,
        [=](const QByteArray &body) {
            Result<ImportedDashboard> read = readImportedDashboard(body, shown);
            if (read) {
                read->origin = {};
                read->origin.from = shown;
            }
            download->finish(std::move(read));
        },
        describe);
    return download;
}

} // namespace promdeck
