#include "alerting/AlertHistory.h"

#include <QDateTime>
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
    const QString why = open(path);
    if (why.isEmpty())
        return;
    if (!QFileInfo::exists(path)) {
        m_error = why; // nothing there to set aside: the directory cannot be written
        return;
    }
    close();
    const QString aside = path + QStringLiteral(".damaged-") +
                          QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    if (!QDir().rename(path, aside)) {
        m_error = QStringLiteral("%1 is damaged (%2) and cannot be moved aside").arg(path, why);
        return;
    }
    // SQLite's companions belong to the damaged file, never to the fresh one.
    for (const char *suffix : {"-wal", "-shm", "-journal"})
        QDir().rename(path + QLatin1String(suffix), aside + QLatin1String(suffix));
    if (const QString again = open(path); !again.isEmpty()) {
        m_error = again;
        return;
    }
    m_damageNotice = QStringLiteral("The alert history %1 was damaged (%2): it was kept as %3 and a new "
                                    "history started (alerts already notified may be notified again).")
                         .arg(path, why, aside);
}

QString AlertHistory::open(const QString &path)
{
    QSqlDatabase db = QSqlDatabase::contains(m_connection)
                          ? QSqlDatabase::database(m_connection, false)
                          : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(path);
    if (QFileInfo(path).isDir())
        return QStringLiteral("a directory is in its place");
    if (!db.open())
        return db.lastError().text();
    QSqlQuery q(db);
    // SQLite opens anything; the first read tells whether it is a database at all, and a quick check
    // whether its pages hold together.
    if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next())
        return q.lastError().text();
    if (const QString verdict = q.value(0).toString(); verdict != u"ok")
        return verdict;
    const char *const schema[] = {
        "CREATE TABLE IF NOT EXISTS transitions (time_ms INTEGER, alert_key TEXT, alertname TEXT, labels "
        "TEXT, from_state TEXT, to_state TEXT, value REAL)",
        "CREATE TABLE IF NOT EXISTS notifications (time_ms INTEGER, alert_key TEXT, kind INTEGER, channel "
        "TEXT, summary TEXT)",
        "CREATE TABLE IF NOT EXISTS acknowledgements (time_ms INTEGER, alert_key TEXT, by TEXT)",
        "CREATE INDEX IF NOT EXISTS notifications_by_key ON notifications (alert_key, time_ms)",
        "PRAGMA journal_mode=WAL",
        // With WAL, NORMAL keeps the file whole on a crash and syncs only at checkpoints: a power cut
        // can lose the last transitions, never the history.
        "PRAGMA synchronous=NORMAL",
    };
    for (const char *sql : schema)
        if (!q.exec(QString::fromLatin1(sql)))
            return q.lastError().text();
    // Tables of the same name from something else (or an older layout) would fail every insert later.
    const std::pair<const char *, int> columns[] = {
        {"transitions", 7}, {"notifications", 5}, {"acknowledgements", 3}};
    for (const auto &[table, count] : columns) {
        if (!q.exec(
                QStringLiteral("SELECT count(*) FROM pragma_table_info('%1')").arg(QLatin1String(table))) ||
            !q.next())
            return q.lastError().text();
        if (q.value(0).toInt() != count)
            return QStringLiteral("its table %1 has %2 columns, not %3")
                .arg(QLatin1String(table))
                .arg(q.value(0).toInt())
                .arg(count);
    }
    m_open = true;
    loadAcknowledgements();
    return {};
}

void AlertHistory::close()
{
    m_open = false;
    QSqlDatabase::database(m_connection, false).close();
}

AlertHistory::~AlertHistory()
{
    close();
    QSqlDatabase::removeDatabase(m_connection);
}

void AlertHistory::recordTransition(const AlertTransition &t)
{
    recordTransitions({t});
}

void AlertHistory::recordTransitions(const std::vector<AlertTransition> &transitions)
{
    if (!m_open || transitions.empty())
        return;
    // One transaction for an evaluation: a rule over a high-cardinality metric changes thousands of
    // instances at once, and a commit (a disk sync) per row stalled the window for minutes.
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    const bool batched = db.transaction();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO transitions VALUES (?, ?, ?, ?, ?, ?, ?)"));
    for (const AlertTransition &t : transitions) {
        q.bindValue(0, static_cast<qint64>(t.timeMs));
        q.bindValue(1, alertKey(t.alertname, t.labels));
        q.bindValue(2, t.alertname);
        q.bindValue(3, labelsText(t.labels));
        q.bindValue(4, alertStateName(t.from));
        q.bindValue(5, alertStateName(t.to));
        q.bindValue(6, t.value);
        q.exec();
    }
    if (batched)
        db.commit();
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
    // Firing anew ends an acknowledgement.
    if (n.kind == Notification::Kind::Firing)
        if (const auto it = m_acknowledgements.find(n.key); it != m_acknowledgements.end())
            it->firedMs = std::max(it->firedMs, timeMs);
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
    if (!m_acknowledgements.contains(key)) {
        // Its first acknowledgement: when it last fired decides whether this one still counts.
        Acknowledgement first;
        q.prepare(QStringLiteral("SELECT max(time_ms) FROM notifications WHERE kind = 0 AND alert_key = ?"));
        q.addBindValue(key);
        if (q.exec() && q.next())
            first.firedMs = q.value(0).toLongLong();
        m_acknowledgements.insert(key, first);
    }
    Acknowledgement &a = m_acknowledgements[key];
    a.acknowledgedMs = std::max(a.acknowledgedMs, timeMs);
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
    const auto it = m_acknowledgements.constFind(key);
    return m_open && it != m_acknowledgements.cend() && it->acknowledgedMs >= it->firedMs;
}

void AlertHistory::loadAcknowledgements()
{
    m_acknowledgements.clear();
    QSqlQuery q(QSqlDatabase::database(m_connection));
    if (q.exec(QStringLiteral("SELECT alert_key, max(time_ms) FROM acknowledgements GROUP BY alert_key")))
        while (q.next())
            m_acknowledgements[q.value(0).toString()].acknowledgedMs = q.value(1).toLongLong();
    if (q.exec(QStringLiteral(
            "SELECT alert_key, max(time_ms) FROM notifications WHERE kind = 0 AND alert_key IN "
            "(SELECT alert_key FROM acknowledgements) GROUP BY alert_key")))
        while (q.next())
            m_acknowledgements[q.value(0).toString()].firedMs = q.value(1).toLongLong();
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
    // Once an hour is enough for a retention of days, and each delete reads the whole table.
    if (!m_open || (m_lastPruneMs != 0 && nowMs - m_lastPruneMs < 3'600'000 && nowMs >= m_lastPruneMs))
        return;
    m_lastPruneMs = nowMs;
    QSqlQuery q(QSqlDatabase::database(m_connection));
    for (const char *table : {"transitions", "notifications", "acknowledgements"}) {
        q.prepare(QStringLiteral("DELETE FROM %1 WHERE time_ms < ?").arg(QLatin1String(table)));
        q.addBindValue(static_cast<qint64>(nowMs - m_keepMs));
        q.exec();
    }
    loadAcknowledgements();
}

} // namespace promdeck
