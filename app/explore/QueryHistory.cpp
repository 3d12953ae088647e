#include "explore/QueryHistory.h"

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
    for (const char *sql :
         {"CREATE TABLE IF NOT EXISTS runs (time_ms INTEGER, expr TEXT, server TEXT)",
          "CREATE INDEX IF NOT EXISTS runs_by_time ON runs (time_ms)", "PRAGMA journal_mode=WAL"})
        if (!q.exec(QString::fromLatin1(sql)))
            return QStringLiteral("%1: %2").arg(path, q.lastError().text());
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
    q.prepare(QStringLiteral("DELETE FROM runs WHERE rowid NOT IN (SELECT rowid FROM runs ORDER BY time_ms "
                             "DESC, rowid DESC LIMIT ?)"));
    q.addBindValue(m_keep);
    q.exec();
}

std::vector<QueryHistory::Entry> QueryHistory::search(const QString &text, int limit) const
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
    q.prepare(QStringLiteral("SELECT expr, MAX(time_ms), server FROM runs WHERE expr LIKE ? ESCAPE '\\' "
                             "GROUP BY expr ORDER BY MAX(time_ms) DESC, MAX(rowid) DESC LIMIT ?"));
    q.addBindValue(QString(QLatin1Char('%') + pattern + QLatin1Char('%')));
    q.addBindValue(limit);
    if (!q.exec())
        return out;
    while (q.next())
        out.push_back({q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toString()});
    return out;
}

} // namespace promdeck
