// Explore's query history: every query run, in SQLite (QtSql) beside the alert history, searched by
// a part of its text, starred ones first then newest, each expression once (at its latest run).
// Starred expressions are never pruned.
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
        bool starred = false;
    };

    // Opens (creating if needed, bringing an older file to the current schema) the database file;
    // error() says why not (then nothing is kept).
    // `keep`: how many runs are kept, the oldest dropped first (but never a starred expression's runs).
    explicit QueryHistory(const QString &path, int keep = 5000);
    ~QueryHistory();
    QueryHistory(const QueryHistory &) = delete;
    QueryHistory &operator=(const QueryHistory &) = delete;

    // Where the window keeps it: the alert history's directory (the XDG data directory).
    static QString defaultPath();
    // The schema this code writes (SQLite's user_version); a file at 0 is the first one, without stars.
    static constexpr int SchemaVersion = 1;

    bool isOpen() const { return m_open; }
    const QString &error() const { return m_error; }

    void record(const QString &expr, std::int64_t timeMs, const QString &server);
    void setStarred(const QString &expr, bool starred);
    bool isStarred(const QString &expr) const;
    // The expressions containing `text` (any case; all when empty), starred first, then newest first,
    // at most `limit`; only the starred ones with `starredOnly`.
    std::vector<Entry> search(const QString &text, int limit = 200, bool starredOnly = false) const;

private:
    QString open(const QString &path);
    QString migrate(const QString &path);
    void prune();

    QString m_connection;
    QString m_error;
    int m_keep;
    bool m_open = false;
};

} // namespace promdeck
