// Every way a query can fail, as a value with a message a person can act on: the server's own words
// for PromQL errors, a plain explanation for proxies, refused connections and timeouts.
#pragma once

#include <QString>
#include <QStringList>

namespace promdeck {

struct ApiError
{
    enum class Kind
    {
        // Prometheus' errorType values.
        BadData,
        Execution,
        Canceled,
        Timeout,
        Internal,
        Unavailable,
        NotFound,
        OtherServerError,
        // Everything that is not a Prometheus error envelope.
        HttpStatus,        // a non-JSON answer, typically a proxy's HTML or text page
        MalformedResponse, // JSON that is cut, invalid, or not shaped like the API
        ConnectionRefused,
        ConnectionClosed,
        HostNotFound,
        RequestTimeout,
        TlsError,
        NetworkError,
        Aborted, // a newer refresh replaced this request; never shown to the user
    };

    Kind kind = Kind::NetworkError;
    int httpStatus = 0;
    QString errorType; // as the server wrote it, when it wrote one
    QString detail;    // the server's words, or the network layer's
    QString url;       // without credentials

    // What the panel and the CLI show.
    QString message() const;
    // True for failures of the path to the server (the data may still be valid elsewhere): panels keep
    // their last data and mark it stale instead of clearing it.
    bool isConnectionProblem() const;
    static Kind kindFromErrorType(QStringView errorType);
    static QString kindName(Kind kind);
};

} // namespace promdeck
