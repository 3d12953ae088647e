#include "http/HttpErrors.h"

#include <QNetworkReply>
#include <QRegularExpression>

namespace promdeck {

Error networkErrorOf(QNetworkReply *reply, const QString &url, bool timedOut)
{
    Error error;
    error.url = url;
    error.detail = reply->errorString();
    error.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (timedOut) {
        error.kind = Error::Kind::RequestTimeout;
        return error;
    }
    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        error.kind = Error::Kind::ConnectionRefused;
        break;
    case QNetworkReply::RemoteHostClosedError:
        error.kind = Error::Kind::ConnectionClosed;
        break;
    case QNetworkReply::HostNotFoundError:
        error.kind = Error::Kind::HostNotFound;
        break;
    case QNetworkReply::TimeoutError:
        error.kind = Error::Kind::RequestTimeout;
        break;
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::UnknownNetworkError:
        error.kind = reply->error() == QNetworkReply::SslHandshakeFailedError ? Error::Kind::TlsError
                                                                              : Error::Kind::NetworkError;
        break;
    case QNetworkReply::OperationCanceledError:
        error.kind = Error::Kind::Aborted;
        break;
    default:
        error.kind = Error::Kind::NetworkError;
        break;
    }
    return error;
}

QString summarizeErrorBody(QByteArrayView body)
{
    QString text = QString::fromUtf8(body.first(std::min<qsizetype>(body.size(), 4096)));
    static const QRegularExpression title(QStringLiteral("<title[^>]*>([^<]*)</title>"),
                                          QRegularExpression::CaseInsensitiveOption);
    const auto m = title.match(text);
    if (m.hasMatch()) {
        text = m.captured(1);
    } else {
        static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
        text.remove(tags);
    }
    text = text.simplified();
    if (text.size() > 200)
        text = text.left(197) + QStringLiteral("...");
    return text;
}

} // namespace promdeck
