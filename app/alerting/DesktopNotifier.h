// Tells the operator through the desktop: org.freedesktop.Notifications over D-Bus (replaces_id so
// an alert's resolution updates its notification instead of stacking, urgency from severity, markup
// escaped when the server renders it and never sent when it does not, actions Open and Acknowledge);
// without a notification server, the tray icon's message; without a tray, an in-app banner.
#pragma once

#include "alerting/NotificationPolicy.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSystemTrayIcon>

namespace promdeck {

class DesktopNotifier : public QObject
{
    Q_OBJECT
public:
    explicit DesktopNotifier(QObject *parent = nullptr);
    void setTrayIcon(QSystemTrayIcon *tray);

    // Sends one notification; returns the channel used: "dbus", "tray" or "banner".
    QString notify(const Notification &n);

    // What the text says, for every channel and for tests.
    static QString summaryOf(const Notification &n);
    static QString bodyOf(const Notification &n);
    // 0 low, 1 normal, 2 critical (from the `severity` label; a resolution is low).
    static int urgencyOf(const Notification &n);

signals:
    // "Open": the alert's time, and the dashboard it names (alertDashboardUid; may be empty).
    void openRequested(const QString &key, qint64 timeMs, const QString &dashboardUid);
    void acknowledgeRequested(const QString &key);
    void bannerRequested(const QString &summary, const QString &body);

private slots:
    void onActionInvoked(uint id, const QString &action);
    void onClosed(uint id, uint reason);

private:
    bool probeServer();

    QPointer<QSystemTrayIcon> m_tray;
    bool m_probed = false;
    bool m_server = false;
    bool m_markup = false;
    bool m_actions = false;
    QHash<QString, uint> m_ids;        // alert key -> notification id
    QHash<uint, QString> m_keys;       // notification id -> alert key
    QHash<uint, qint64> m_times;       // notification id -> time of the change
    QHash<uint, QString> m_dashboards; // notification id -> the dashboard the alert names
};

} // namespace promdeck
