// Every alert transition, notification and acknowledgement, in SQLite (QtSql) under the user's data
// directory; kept 30 days by default. It is how a restart knows what was already notified.
#pragma once

#include "alerting/NotificationPolicy.h"

#include <QHash>
#include <QSqlDatabase>

namespace promdeck {

class AlertHistory
{
public:
    // Opens (creating if needed) the database file; `error` says why not. A file that is not this
    // history (random bytes, cut, zero-filled, another schema, a directory) is moved aside, kept under
    // its name plus ".damaged-TIME", and a fresh history started: damageNotice() says so.
    explicit AlertHistory(const QString &path, std::int64_t keepMs = 30LL * 24 * 3'600'000);
    ~AlertHistory();
    bool isOpen() const { return m_open; }
    QString error() const { return m_error; }
    QString damageNotice() const { return m_damageNotice; }

    void recordTransition(const AlertTransition &t);
    // All of an evaluation's transitions, in one transaction.
    void recordTransitions(const std::vector<AlertTransition> &transitions);
    void recordNotification(std::int64_t timeMs, const Notification &n, const QString &channel);
    void recordAcknowledgement(std::int64_t timeMs, const QString &key, const QString &by);
    // The newest notification of an alert: (time, kind), or (0, Firing) when none.
    std::pair<std::int64_t, Notification::Kind> lastNotification(const QString &key) const;
    // Acknowledged after its newest Firing notification (so it stays acknowledged across restarts
    // until it fires anew).
    bool isAcknowledged(const QString &key) const;
    int notificationCount() const;
    int transitionCount() const;
    // Drops what is older than the retention (at most once an hour).
    void prune(std::int64_t nowMs);

private:
    // Empty when the file is open with the expected tables; else what is wrong with it.
    QString open(const QString &path);
    void close();
    void loadAcknowledgements();

    QString m_connection;
    QString m_damageNotice;
    bool m_open = false;
    QString m_error;
    std::int64_t m_keepMs;
    std::int64_t m_lastPruneMs = 0;
    // Per acknowledged alert, its newest acknowledgement and newest Firing notification: the dock asks
    // for every active alert on every evaluation, and a query each stalled the window on thousands.
    struct Acknowledgement
    {
        std::int64_t acknowledgedMs = -1;
        std::int64_t firedMs = 0;
    };
    QHash<QString, Acknowledgement> m_acknowledgements;
};

} // namespace promdeck
