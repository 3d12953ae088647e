#include "alerting/DesktopNotifier.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusReply>
#include <QSystemTrayIcon>

namespace promdeck {

namespace {
const QString Service = QStringLiteral("org.freedesktop.Notifications");
const QString Path = QStringLiteral("/org/freedesktop/Notifications");
const QString Interface = QStringLiteral("org.freedesktop.Notifications");
} // namespace

DesktopNotifier::DesktopNotifier(QObject *parent) : QObject(parent) {}

void DesktopNotifier::setTrayIcon(QSystemTrayIcon *tray)
{
    m_tray = tray;
}

bool DesktopNotifier::probeServer()
{
    if (m_probed)
        return m_server;
    m_probed = true;
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected() || !bus.interface() || !bus.interface()->isServiceRegistered(Service).value())
        return m_server = false;
    QDBusMessage call =
        QDBusMessage::createMethodCall(Service, Path, Interface, QStringLiteral("GetCapabilities"));
    const QDBusReply<QStringList> caps = bus.call(call, QDBus::Block, 3000);
    if (!caps.isValid())
        return m_server = false;
    m_markup = caps.value().contains(QStringLiteral("body-markup"));
    m_actions = caps.value().contains(QStringLiteral("actions"));
    bus.connect(Service, Path, Interface, QStringLiteral("ActionInvoked"), this,
                SLOT(onActionInvoked(uint, QString)));
    bus.connect(Service, Path, Interface, QStringLiteral("NotificationClosed"), this,
                SLOT(onClosed(uint, uint)));
    return m_server = true;
}

QString DesktopNotifier::summaryOf(const Notification &n)
{
    const QString state = n.kind == Notification::Kind::Resolved ? QStringLiteral("RESOLVED")
                          : n.kind == Notification::Kind::Repeat ? QStringLiteral("STILL FIRING")
                                                                 : QStringLiteral("FIRING");
    const QString summary = n.alert.annotations.value(QStringLiteral("summary"));
    return QStringLiteral("[%1] %2%3")
        .arg(state, n.alert.alertname, summary.isEmpty() ? QString() : QStringLiteral(": ") + summary);
}

QString DesktopNotifier::bodyOf(const Notification &n)
{
    QStringList lines;
    const QString description = n.alert.annotations.value(QStringLiteral("description"));
    if (!description.isEmpty())
        lines << description;
    QStringList labels;
    for (const auto &[name, value] : n.alert.labels)
        labels << name + QLatin1Char('=') + value;
    lines << labels.join(QStringLiteral(", "));
    return lines.join(QLatin1Char('\n'));
}

int DesktopNotifier::urgencyOf(const Notification &n)
{
    if (n.kind == Notification::Kind::Resolved)
        return 0;
    const auto it = n.alert.labels.find(QStringLiteral("severity"));
    const QString severity = it == n.alert.labels.end() ? QString() : it->second.toLower();
    if (severity == u"critical" || severity == u"page" || severity == u"error")
        return 2;
    if (severity == u"info" || severity == u"none")
        return 0;
    return 1;
}

QString DesktopNotifier::notify(const Notification &n)
{
    const QString summary = summaryOf(n);
    QString body = bodyOf(n);
    if (probeServer()) {
        // Label values are untrusted text: escaped where the server renders markup; where it does not,
        // sent as they are (no markup of ours to strip).
        if (m_markup)
            body = body.toHtmlEscaped();
        QVariantMap hints;
        hints.insert(QStringLiteral("urgency"), QVariant::fromValue(static_cast<uchar>(urgencyOf(n))));
        hints.insert(QStringLiteral("category"), QStringLiteral("promdeck.alert"));
        QStringList actions;
        if (m_actions && n.kind != Notification::Kind::Resolved)
            actions << QStringLiteral("default") << tr("Open") << QStringLiteral("open") << tr("Open")
                    << QStringLiteral("ack") << tr("Acknowledge");
        QDBusMessage call =
            QDBusMessage::createMethodCall(Service, Path, Interface, QStringLiteral("Notify"));
        call << QStringLiteral("Promdeck") << m_ids.value(n.key, 0u) << QStringLiteral("dialog-warning")
             << summary << body << actions << hints
             << (urgencyOf(n) == 2 ? 0 : -1); // critical ones stay until read
        const QDBusReply<uint> id = QDBusConnection::sessionBus().call(call, QDBus::Block, 3000);
        if (id.isValid()) {
            m_ids.insert(n.key, id.value());
            m_keys.insert(id.value(), n.key);
            m_times.insert(id.value(), n.alert.timeMs);
            m_dashboards.insert(id.value(), alertDashboardUid(n.alert.labels, n.alert.annotations));
            return QStringLiteral("dbus");
        }
        m_probed = false; // the server went away: ask again next time
    }
    if (m_tray && QSystemTrayIcon::isSystemTrayAvailable() && m_tray->isVisible()) {
        m_tray->showMessage(summary, body,
                            urgencyOf(n) == 2 ? QSystemTrayIcon::Critical : QSystemTrayIcon::Warning);
        return QStringLiteral("tray");
    }
    emit bannerRequested(summary, body);
    return QStringLiteral("banner");
}

void DesktopNotifier::onActionInvoked(uint id, const QString &action)
{
    if (!m_keys.contains(id))
        return; // another application's notification
    if (action == u"ack")
        emit acknowledgeRequested(m_keys.value(id));
    else
        emit openRequested(m_keys.value(id), m_times.value(id), m_dashboards.value(id));
}

void DesktopNotifier::onClosed(uint id, uint)
{
    const QString key = m_keys.take(id);
    m_times.remove(id);
    m_dashboards.remove(id);
    if (!key.isEmpty() && m_ids.value(key) == id)
        m_ids.remove(key);
}

} // namespace promdeck
