// The one error type of core: what went wrong, as a value with the words a person can act on, and
// where known, where: a place in a file (line, column, JSON path) or a request (URL, HTTP status,
// the server's error type). Loaders, sources, rules, snapshots and the connection all return it.
#pragma once

#include <QString>
#include <QStringList>

namespace promdeck {

// A place in a file: line and column from 1 (0: the file as a whole), and for JSON its path.
struct SourceLocation
{
    QString file;
    int line = 0;
    int column = 0;
    QString jsonPath; // e.g. $.panels[3].gridPos.w

    // FILE:LINE:COL, or FILE alone when the line is not known; LINE:COL in a text with no file.
    QString toString() const;
    bool isKnown() const { return !file.isEmpty() || line > 0; }
    friend bool operator==(const SourceLocation &, const SourceLocation &) = default;
};

struct Error
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
        // A request that got no Prometheus error envelope.
        HttpStatus,        // a non-JSON answer, typically a proxy's HTML or text page
        MalformedResponse, // JSON that is cut, invalid, or not shaped like the API
        ConnectionRefused,
        ConnectionClosed,
        HostNotFound,
        RequestTimeout,
        TlsError,
        NetworkError,
        Aborted,      // a newer refresh replaced this request; never shown to the user
                      // Files and input.
        Syntax,       // not readable as what it must be: JSON, YAML, a duration, a time
        Invalid,      // readable, but a value is wrong or missing
        Io,           // a file that cannot be read or written
        Unsupported,  // something Promdeck does not do (yet): said, never silently dropped
        NotAvailable, // the source cannot answer this: a recording asked what it never recorded
        Secret,       // the keychain could not give or keep a secret
    };
    enum class Severity
    {
        Error,
        Warning, // reported, and the work goes on
    };

    Kind kind = Kind::NetworkError;
    Severity severity = Severity::Error;
    QString detail; // the server's words, the network layer's, or what is wrong with the input
    SourceLocation location;
    // Requests.
    int httpStatus = 0;
    QString errorType; // as the server wrote it, when it wrote one
    QString url;       // without credentials

    // A problem in input at a place: FILE:LINE:COL: detail.
    static Error at(SourceLocation where, QString detail, Kind kind = Kind::Invalid);
    static Error warningAt(SourceLocation where, QString detail, Kind kind = Kind::Unsupported);
    // A problem with no place to point at.
    static Error plain(Kind kind, QString detail);

    bool isWarning() const { return severity == Severity::Warning; }
    // What the panel, the status bar and the CLI show.
    QString message() const;
    // The message with its place first, as compilers write it:
    // FILE:LINE:COL: [warning: ]message (at $.json.path).
    QString toString() const;
    // True for failures of the path to the server (the data may still be valid elsewhere): panels keep
    // their last data and mark it stale instead of clearing it.
    bool isConnectionProblem() const;
    bool isRequestError() const { return kind <= Kind::Aborted; }
    static Kind kindFromErrorType(QStringView errorType);
    // Text from outside (a server's error, a proxy's page) cut once where it enters, so a 10 MB error
    // is not copied into every panel, variable and file: the first `maxChars` characters and
    // "… (N characters more)".
    static QString shortened(QString text, qsizetype maxChars = 4000);
    static QString kindName(Kind kind);
};

// Several errors as lines of text, each with its place.
QStringList toStrings(const std::vector<Error> &errors);

} // namespace promdeck
