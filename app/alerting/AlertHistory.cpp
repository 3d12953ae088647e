#include "alerting/AlertHistory.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace promdeck {

namespace {
QString labelsText(const AlertLabels &labels)
{
    QStringList parts;
    for (const auto &[name, value] : labels)
        parts << name + QStringLiteral("=\"") + value + QLatin1Char('"');
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}
} // namespace

AlertHistory::AlertHistory(const QString &path, std::int64_t keepMs)
    : m_connection(QStringLiteral("alert-history-") + QUuid::createUuid().toString(QUuid::WithoutBraces)),
      m_keepMs(keepMs)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    if (!db.open()) {
        m_error = db.lastError().text();
        return;
    }
    QSqlQuery q(db);
    const char *const schema[] = {
        "CREATE TABLE IF NOT EXISTS transitions (time_ms INTEGER, alert_key TEXT, alertname TEXT, labels "
        "TEXT, "
        "from_state TEXT, to_state TEXT, value REAL)",
        "CREATE TABLE IF NOT EXISTS notifications (time_ms INTEGER, alert_key TEXT, kind INTEGER, channel "
        "TEXT, "
        "summary TEXT)",
        "CREATE TABLE IF NOT EXISTS acknowledgements (time_ms INTEGER, alert_key TEXT, by TEXT)",
        "CREATE INDEX IF NOT EXISTS notifications_by_key ON notifications (alert_key, time_ms)",
        "PRAGMA journal_mode=WAL",
    };
    for (const char *sql : schema)
        if (!q.exec(QString::fromLatin1(sql))) {
            m_error = q.lastError().text();
            return;
        }
    m_open = true;
}

AlertHistory::~AlertHistory()
{
    QSqlDatabase::database(m_connection, false).close();
    QSqlDatabase::removeDatabase(m_connection);
}

void AlertHistory::recordTransition(const AlertTransition &t)
{
    if (!m_open)
        return;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("INSERT INTO transitions VALUES (?, ?, ?, ?, ?, ?, ?)"));
    q.addBindValue(static_cast<qint64>(t.timeMs));
    q.addBindValue(alertKey(t.alertname, t.labels));
    q.addBindValue(t.alertname);
    q.addBindValue(labelsText(t.labels));
    q.addBindValue(alertStateName(t.from));
    q.addBindValue(alertStateName(t.to));
    q.addBindValue(t.value);
    q.exec();
}

void AlertHistory::recordNotification(std::int64_t timeMs, const Notification &n, const QString &channel)
{
    if (!m_open)
        return;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("INSERT INTO notifications VALUES (?, ?, ?, ?, ?)"));
    q.addBindValue(static_cast<qint64>(timeMs));
    q.addBindValue(n.key);
    q.addBindValue(static_cast<int>(n.kind));
    q.addBindValue(channel);
    q.addBindValue(n.alert.annotations.value(QStringLiteral("summary")));
    q.exec();
}

void AlertHistory::recordAcknowledgement(std::int64_t timeMs, const QString &key, const QString &by)
{
    if (!m_open)
        return;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(QStringLiteral("INSERT INTO acknowledgements VALUES (?, ?, ?)"));
    q.addBindValue(static_cast<qint64>(timeMs));
    q.addBindValue(key);
    q.addBindValue(by);
    q.exec();
}

std::pair<std::int64_t, Notification::Kind> AlertHistory::lastNotification(const QString &key) const
{
    if (!m_open)
        return {0, Notification::Kind::Firing};
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(
        QStringLiteral("SELECT time_ms, kind FROM notifications WHERE alert_key = ? ORDER BY time_ms DESC, "
                       "rowid DESC LIMIT 1"));
    q.addBindValue(key);
    if (q.exec() && q.next())
        return {q.value(0).toLongLong(), static_cast<Notification::Kind>(q.value(1).toInt())};
    return {0, Notification::Kind::Firing};
}

bool AlertHistory::isAcknowledged(const QString &key) const
{
    if (!m_open)
        return false;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(
        QStringLiteral("SELECT count(*) FROM acknowledgements a WHERE a.alert_key = ? AND a.time_ms >= "
                       "coalesce((SELECT max(time_ms) FROM notifications n WHERE n.alert_key = a.alert_key "
                       "AND n.kind = 0), 0)"));
    q.addBindValue(key);
    return q.exec() && q.next() && q.value(0).toInt() > 0;
}

int AlertHistory::notificationCount() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    return q.exec(QStringLiteral("SELECT count(*) FROM notifications")) && q.next() ? q.value(0).toInt() : 0;
}

int AlertHistory::transitionCount() const
{
    QSqlQuery q(QSqlDatabase::database(m_connection));
    return q.exec(QStringLiteral("SELECT count(*) FROM transitions")) && q.next() ? q.value(0).toInt() : 0;
}

void AlertHistory::prune(std::int64_t nowMs)
{
    if (!m_open)
        return;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    for (const char *table : {"transitions", "notifications", "acknowledgements"}) {
        q.prepare(QStringLiteral("DELETE FROM %1 WHERE time_ms < ?").arg(QLatin1String(table)));
        q.addBindValue(static_cast<qint64>(nowMs - m_keepMs));
        q.exec();
    }
}

} // namespace promdeck
