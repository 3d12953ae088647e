#include "explore/QueryHistory.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

namespace promdeck {

QueryHistory::QueryHistory(const QString &path, int keep)
    : m_connection(QStringLiteral("query-history-") + QUuid::createUuid().toString(QUuid::WithoutBraces)),
      m_keep(keep)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    m_error = open(path);
    m_open = m_error.isEmpty();
}

QueryHistory::~QueryHistory()
{
    QSqlDatabase::database(m_connection, false).close();
    QSqlDatabase::removeDatabase(m_connection);
}

QString QueryHistory::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/explore-history.sqlite");
}

QString QueryHistory::open(const QString &path)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    if (QFileInfo(path).isDir())
        return QStringLiteral("%1: a directory is in its place").arg(path);
    if (!db.open())
        return QStringLiteral("%1: %2").arg(path, db.lastError().text());
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")))
        return QStringLiteral("%1: %2").arg(path, q.lastError().text());
    q.finish(); // an open statement would keep the migration's transaction from starting
    return migrate(path);
}

// Each step takes a file from the version before it to its own, in one transaction: a step that fails
// leaves the file as it was (and the history unkept this time), never half-changed.
QString QueryHistory::migrate(const QString &path)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return QStringLiteral("%1: %2").arg(path, q.lastError().text());
    const int version = q.value(0).toInt();
    q.finish();
    if (version > SchemaVersion)
        return QStringLiteral("%1: written by a newer Promdeck (schema %2; this one reads up to %3)")
            .arg(path)
            .arg(version)
            .arg(SchemaVersion);
    static const std::vector<std::vector<const char *>> steps = {
        // 0: the runs (also what a file without stars already has: IF NOT EXISTS keeps its rows).
        {"CREATE TABLE IF NOT EXISTS runs (time_ms INTEGER, expr TEXT, server TEXT)",
         "CREATE INDEX IF NOT EXISTS runs_by_time ON runs (time_ms)"},
        // 1: stars, by expression (an entry is an expression); pruning keeps their runs.
        {"CREATE TABLE IF NOT EXISTS starred (expr TEXT PRIMARY KEY, time_ms INTEGER)",
         "CREATE INDEX IF NOT EXISTS runs_by_expr ON runs (expr)"},
    };
    for (int step = version == 0 ? 0 : version + 1; step <= SchemaVersion; ++step) {
        if (!db.transaction())
            return QStringLiteral("%1: %2").arg(path, db.lastError().text());
        for (const char *sql : steps[size_t(step)])
            if (!q.exec(QString::fromLatin1(sql))) {
                const QString words = q.lastError().text();
                db.rollback();
                return QStringLiteral("%1: %2").arg(path, words);
            }
        if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(step)) || !db.commit()) {
            const QString words = q.lastError().isValid() ? q.lastError().text() : db.lastError().text();
            db.rollback();
            return QStringLiteral("%1: %2").arg(path, words);
        }
    }
    return {};
}

void QueryHistory::record(const QString &expr, std::int64_t timeMs, const QString &server)
{
    if (!m_open || expr.trimmed().isEmpty())
        return;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("INSERT INTO runs (time_ms, expr, server) VALUES (?, ?, ?)"));
    q.addBindValue(qlonglong(timeMs));
    q.addBindValue(expr.trimmed());
    q.addBindValue(server);
    q.exec();
    prune();
}

void QueryHistory::prune()
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("DELETE FROM runs WHERE expr NOT IN (SELECT expr FROM starred) AND rowid NOT IN "
                             "(SELECT rowid FROM runs ORDER BY time_ms DESC, rowid DESC LIMIT ?)"));
    q.addBindValue(m_keep);
    q.exec();
}

void QueryHistory::setStarred(const QString &expr, bool starred)
{
    if (!m_open)
        return;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (starred) {
        q.prepare(QStringLiteral("INSERT OR IGNORE INTO starred (expr, time_ms) VALUES (?, ?)"));
        q.addBindValue(expr.trimmed());
        q.addBindValue(QDateTime::currentMSecsSinceEpoch());
        q.exec();
        return;
    }
    q.prepare(QStringLiteral("DELETE FROM starred WHERE expr = ?"));
    q.addBindValue(expr.trimmed());
    q.exec();
    prune(); // what the star kept beyond the limit goes now, as it would have
}

bool QueryHistory::isStarred(const QString &expr) const
{
    if (!m_open)
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("SELECT 1 FROM starred WHERE expr = ?"));
    q.addBindValue(expr.trimmed());
    return q.exec() && q.next();
}

std::vector<QueryHistory::Entry> QueryHistory::search(const QString &text, int limit, bool starredOnly) const
{
    std::vector<Entry> out;
    if (!m_open)
        return out;
    QString pattern = text;
    pattern.replace(u'\\', QStringLiteral("\\\\"))
        .replace(u'%', QStringLiteral("\\%"))
        .replace(u'_', QStringLiteral("\\_"));
    QSqlQuery q(QSqlDatabase::database(m_connection));
    // The server of the latest run: SQLite takes the bare column from the row holding the MAX().
    q.prepare(
        QStringLiteral("SELECT runs.expr, MAX(runs.time_ms), runs.server, starred.expr IS NOT NULL FROM runs "
                       "LEFT JOIN starred ON starred.expr = runs.expr WHERE runs.expr LIKE ? ESCAPE '\\' "
                       "%1 GROUP BY runs.expr ORDER BY starred.expr IS NOT NULL DESC, MAX(runs.time_ms) "
                       "DESC, MAX(runs.rowid) DESC LIMIT ?")
            .arg(starredOnly ? QStringLiteral("AND starred.expr IS NOT NULL") : QString()));
    q.addBindValue(QString(QLatin1Char('%') + pattern + QLatin1Char('%')));
    q.addBindValue(limit);
    if (!q.exec())
        return out;
    while (q.next())
        out.push_back(
            {q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toString(), q.value(3).toBool()});
    return out;
}

} // namespace promdeck
