// Explore's query history: every query run, in SQLite (QtSql) beside the alert history, searched by
// a part of its text, newest first, each expression once (at its latest run).
#pragma once

#include <QString>
#include <cstdint>
#include <vector>

namespace promdeck {

class QueryHistory
{
public:
    struct Entry
    {
        QString expr;
        std::int64_t timeMs = 0; // the latest run
        QString server;          // where it ran then
    };

    // Opens (creating if needed) the database file; error() says why not (then nothing is kept).
    // `keep`: how many runs are kept, the oldest dropped first.
    explicit QueryHistory(const QString &path, int keep = 5000);
    ~QueryHistory();
    QueryHistory(const QueryHistory &) = delete;
    QueryHistory &operator=(const QueryHistory &) = delete;

    // Where the window keeps it: the alert history's directory (the XDG data directory).
    static QString defaultPath();

    bool isOpen() const { return m_open; }
    const QString &error() const { return m_error; }

    void record(const QString &expr, std::int64_t timeMs, const QString &server);
    // The expressions containing `text` (any case; all when empty), newest first, at most `limit`.
    std::vector<Entry> search(const QString &text, int limit = 200) const;

private:
    QString open(const QString &path);

    QString m_connection;
    QString m_error;
    int m_keep;
    bool m_open = false;
};

} // namespace promdeck
