#include "base/Error.h"

namespace promdeck {

Error::Kind Error::kindFromErrorType(QStringView errorType)
{
    if (errorType == u"bad_data")
        return Kind::BadData;
    if (errorType == u"execution")
        return Kind::Execution;
    if (errorType == u"canceled")
        return Kind::Canceled;
    if (errorType == u"timeout")
        return Kind::Timeout;
    if (errorType == u"internal")
        return Kind::Internal;
    if (errorType == u"unavailable")
        return Kind::Unavailable;
    if (errorType == u"not_found")
        return Kind::NotFound;
    return Kind::OtherServerError;
}

QString Error::shortened(QString text, qsizetype maxChars)
{
    if (text.size() <= maxChars)
        return text;
    qsizetype cut = maxChars;
    if (text.at(cut - 1).isHighSurrogate())
        --cut; // never half a character
    const qsizetype more = text.size() - cut;
    text.truncate(cut);
    text += QStringLiteral("… (%1 characters more)").arg(more);
    return text;
}

QString Error::kindName(Kind kind)
{
    switch (kind) {
    case Kind::BadData:
        return QStringLiteral("bad_data");
    case Kind::Execution:
        return QStringLiteral("execution");
    case Kind::Canceled:
        return QStringLiteral("canceled");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::Internal:
        return QStringLiteral("internal");
    case Kind::Unavailable:
        return QStringLiteral("unavailable");
    case Kind::NotFound:
        return QStringLiteral("not_found");
    case Kind::OtherServerError:
        return QStringLiteral("server_error");
    case Kind::HttpStatus:
        return QStringLiteral("http_status");
    case Kind::MalformedResponse:
        return QStringLiteral("malformed_response");
    case Kind::ConnectionRefused:
        return QStringLiteral("connection_refused");
    case Kind::ConnectionClosed:
        return QStringLiteral("connection_closed");
    case Kind::HostNotFound:
        return QStringLiteral("host_not_found");
    case Kind::RequestTimeout:
        return QStringLiteral("request_timeout");
    case Kind::TlsError:
        return QStringLiteral("tls_error");
    case Kind::NetworkError:
        return QStringLiteral("network_error");
    case Kind::Aborted:
        return QStringLiteral("aborted");
    case Kind::Syntax:
        return QStringLiteral("syntax");
    case Kind::Invalid:
        return QStringLiteral("invalid");
    case Kind::Io:
        return QStringLiteral("io");
    case Kind::Unsupported:
        return QStringLiteral("unsupported");
    case Kind::NotAvailable:
        return QStringLiteral("not_available");
    case Kind::Secret:
        return QStringLiteral("secret");
    }
    return {};
}

bool Error::isConnectionProblem() const
{
    switch (kind) {
    case Kind::HttpStatus:
    case Kind::MalformedResponse:
    case Kind::ConnectionRefused:
    case Kind::ConnectionClosed:
    case Kind::HostNotFound:
    case Kind::RequestTimeout:
    case Kind::TlsError:
    case Kind::NetworkError:
    case Kind::Unavailable:
        return true;
    default:
        return false;
    }
}

QString Error::message() const
{
    const QString where = url.isEmpty() ? QStringLiteral("the server") : url;
    switch (kind) {
    case Kind::BadData:
    case Kind::Execution:
    case Kind::Canceled:
    case Kind::Timeout:
    case Kind::Internal:
    case Kind::Unavailable:
    case Kind::NotFound:
    case Kind::OtherServerError:
        // The server's own words first: they name the position in the PromQL.
        return detail.isEmpty() ? QStringLiteral("%1 error (HTTP %2)").arg(errorType).arg(httpStatus)
                                : detail;
    case Kind::HttpStatus:
        return QStringLiteral("HTTP %1 from %2 (not a Prometheus API answer; a proxy or port-forward in "
                              "between?)%3")
            .arg(httpStatus)
            .arg(where, detail.isEmpty() ? QString() : QStringLiteral(": ") + detail);
    case Kind::MalformedResponse:
        return QStringLiteral("unreadable answer from %1: %2").arg(where, detail);
    case Kind::ConnectionRefused:
        return QStringLiteral("connection refused by %1: is Prometheus running, or the port-forward up?")
            .arg(where);
    case Kind::ConnectionClosed:
        return QStringLiteral("connection to %1 closed before the answer was complete").arg(where);
    case Kind::HostNotFound:
        return QStringLiteral("host not found: %1").arg(where);
    case Kind::RequestTimeout:
        return QStringLiteral("no answer from %1 within the request timeout").arg(where);
    case Kind::TlsError:
        return QStringLiteral("TLS error with %1: %2").arg(where, detail);
    case Kind::NetworkError:
        return QStringLiteral("network error with %1: %2").arg(where, detail);
    case Kind::Aborted:
        return QStringLiteral("request replaced by a newer one");
    default:
        return detail;
    }
}

QString SourceLocation::toString() const
{
    if (line <= 0)
        return file;
    // A text of its own (an expression on the command line) is placed as Prometheus places it: LINE:COL.
    return file.isEmpty() ? QStringLiteral("%1:%2").arg(line).arg(column)
                          : QStringLiteral("%1:%2:%3").arg(file).arg(line).arg(column);
}

Error Error::at(SourceLocation where, QString detail, Kind kind)
{
    Error e;
    e.kind = kind;
    e.location = std::move(where);
    e.detail = std::move(detail);
    return e;
}

Error Error::warningAt(SourceLocation where, QString detail, Kind kind)
{
    Error e = at(std::move(where), std::move(detail), kind);
    e.severity = Severity::Warning;
    return e;
}

Error Error::plain(Kind kind, QString detail)
{
    Error e;
    e.kind = kind;
    e.detail = std::move(detail);
    return e;
}

QString Error::toString() const
{
    QString out;
    if (location.isKnown())
        out = location.toString() + QStringLiteral(": ");
    if (isWarning())
        out += QStringLiteral("warning: ");
    out += message();
    if (!location.jsonPath.isEmpty())
        out += QStringLiteral(" (at %1)").arg(location.jsonPath);
    return out;
}

QStringList toStrings(const std::vector<Error> &errors)
{
    QStringList out;
    for (const Error &e : errors)
        out << e.toString();
    return out;
}

} // namespace promdeck
