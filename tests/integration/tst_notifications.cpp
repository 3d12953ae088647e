// Alerts reaching the operator through a real notification server (dunst on a private session bus,
// run by tests/alerting/with-notifications.sh): the fixture's Celery worker crash loop, played through
// the engine on a simulated clock over the fixture's past, gives exactly one FIRING and one RESOLVED
// notification with the right summary and urgency; acknowledging and opening from the notification's
// own actions; an acknowledged alert is not repeated; a restart (a new engine over the same history)
// repeats nothing; without a notification server, the tray icon's message, then the in-app banner.
#include "alerting/AlertCenter.h"
#include "prometheus/PrometheusClient.h"
#include "support/TestSupport.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusReply>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QXmlStreamReader>
#include <csignal>

using namespace promdeck;

namespace {
constexpr std::int64_t Minute = 60'000;
const std::int64_t TenOClock = test::FixtureStartMs + 10 * 3'600'000; // the crash loop: 10:00 to 10:30

QString dunstctl(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral("dunstctl"), args);
    p.waitForFinished(10'000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

// The dunst that tests/support/session.sh started for this test (and no other on the machine).
uint notificationServerPid()
{
    return qEnvironmentVariable("PROMDECK_NOTIFICATION_SERVER_PID").toUInt();
}

void stopNotificationServer()
{
    if (const uint pid = notificationServerPid())
        ::kill(static_cast<pid_t>(pid), SIGTERM);
}

// What dunst received and closed: (summary, urgency) of each, newest first. Closing moves them into
// the history.
QList<std::pair<QString, QString>> dunstHistory()
{
    dunstctl({QStringLiteral("close-all")});
    QTest::qWait(300);
    QList<std::pair<QString, QString>> out;
    const QJsonArray data = QJsonDocument::fromJson(dunstctl({QStringLiteral("history")}).toUtf8())
                                .object()
                                .value(QLatin1String("data"))
                                .toArray()
                                .at(0)
                                .toArray();
    for (const QJsonValue &n : data) {
        const QJsonObject o = n.toObject();
        // tests/alerting/dunstrc writes the urgency in front of the message.
        const QString message =
            o.value(QLatin1String("message")).toObject().value(QLatin1String("data")).toString();
        out.append({o.value(QLatin1String("summary")).toObject().value(QLatin1String("data")).toString(),
                    message.section(QLatin1Char(' '), 0, 0)});
    }
    return out;
}

// The text a person reads on dunst's bubble: dunst renders the formatted message (its history's
// `message`) as Pango markup, an XML dialect, so the reader's character data is what is drawn. A tag
// that reached Pango as markup is not in it; text escaped for Pango reads as written.
QString dunstVisibleText()
{
    dunstctl({QStringLiteral("close-all")});
    QTest::qWait(300);
    const QJsonObject newest = QJsonDocument::fromJson(dunstctl({QStringLiteral("history")}).toUtf8())
                                   .object()
                                   .value(QLatin1String("data"))
                                   .toArray()
                                   .at(0)
                                   .toArray()
                                   .at(0)
                                   .toObject();
    const QString markup =
        newest.value(QLatin1String("message")).toObject().value(QLatin1String("data")).toString();
    QXmlStreamReader pango(QStringLiteral("<markup>") + markup + QStringLiteral("</markup>"));
    QString text;
    while (!pango.atEnd())
        if (pango.readNext() == QXmlStreamReader::Characters)
            text += pango.text();
    if (pango.hasError())
        return QStringLiteral("(not valid Pango markup: %1) %2").arg(pango.errorString(), markup);
    return text;
}

// What a QLabel shows of its text: as written when it is plain, else the rich text's words.
QString shownByLabel(const QLabel *label)
{
    const bool rich = label->textFormat() == Qt::RichText ||
                      (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(label->text()));
    if (!rich)
        return label->text();
    QTextDocument document;
    document.setHtml(label->text());
    return document.toPlainText();
}

// An alert whose every server-given word is markup (a hostile or careless rule file or exporter).
Notification markupEverywhere()
{
    Notification n;
    n.key = QStringLiteral("markup");
    n.alert.alertname = QStringLiteral("Disk<b>Full</b>");
    n.alert.timeMs = TenOClock;
    n.alert.to = AlertState::Firing;
    n.alert.labels = {{QStringLiteral("severity"), QStringLiteral("critical")},
                      {QStringLiteral("instance"), QStringLiteral("<i>node-2</i> & <u>co</u>")}};
    n.alert.annotations = {
        {QStringLiteral("summary"), QStringLiteral("<span foreground=\"red\">95%</span> & rising")},
        {QStringLiteral("description"), QStringLiteral("<a href=\"http://x\">click</a> &amp; see")}};
    return n;
}

std::vector<RuleGroup> workerDownRule()
{
    RuleFileResult all = loadRuleFile(test::sourcePath(QStringLiteral("dashboards/event-system.rules.yml")));
    std::vector<RuleGroup> out;
    for (RuleGroup g : all.groups) {
        std::erase_if(g.rules, [](const AlertRule &r) { return r.name != u"CeleryWorkerDown"; });
        if (!g.rules.empty())
            out.push_back(std::move(g));
    }
    return out;
}

void run(AlertCenter &center, std::int64_t fromMs, std::int64_t toMs)
{
    QSignalSpy evaluated(center.engine(), &AlertEngine::evaluated);
    for (std::int64_t t = fromMs; t <= toMs; t += Minute) {
        center.evaluateAt(t);
        QVERIFY(evaluated.wait(20'000));
    }
}
} // namespace

class TestNotifications : public QObject
{
    Q_OBJECT
    QNetworkAccessManager m_nam;
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QFAIL("run through with-notifications.sh (ctest does): a session bus and dunst are needed");
        // The notification server on this bus is the dunst the script started with the test's dunstrc,
        // not one the bus started on its own (issue 19).
        const QDBusReply<uint> owner = QDBusConnection::sessionBus().interface()->servicePid(
            QStringLiteral("org.freedesktop.Notifications"));
        QVERIFY2(owner.isValid(), qPrintable(owner.error().message()));
        QCOMPARE(owner.value(), notificationServerPid());
        dunstctl({QStringLiteral("history-clear")});
    }

    void incidentNotifiesOnceAndRestartRepeatsNothing()
    {
        PrometheusClient client(&m_nam, {test::fixturePrometheusUrl(), {}, std::chrono::seconds(20), 2000});
        const QString history = m_dir.filePath(QStringLiteral("alerts.sqlite"));
        QString key;
        {
            AlertCenter center(&client, workerDownRule(), history);
            QVERIFY(center.history().isOpen());
            center.policy().setRepeatIntervalMs(2 * Minute); // short, so a missing acknowledgement would show
            QSignalSpy notified(&center, &AlertCenter::notified);
            run(center, TenOClock - 10 * Minute, TenOClock + 15 * Minute);
            // for: 15m from 10:00: firing at 10:15, one notification, over D-Bus.
            QCOMPARE(notified.size(), 1);
            const auto n = notified.at(0).at(0).value<Notification>();
            QCOMPARE(n.kind, Notification::Kind::Firing);
            QCOMPARE(n.alert.timeMs, TenOClock + 15 * Minute);
            QCOMPARE(notified.at(0).at(1).toString(), QStringLiteral("dbus"));
            key = n.key;
            // Acknowledged from the notification itself: dunst's context menu (whose `dmenu`, in
            // tests/alerting/dunstrc, picks "Acknowledge") invokes the action over D-Bus.
            QSignalSpy acked(center.notifier(), &DesktopNotifier::acknowledgeRequested);
            QTRY_COMPARE_WITH_TIMEOUT(
                dunstctl({QStringLiteral("count"), QStringLiteral("displayed")}).trimmed(),
                QStringLiteral("1"), 5000);
            dunstctl({QStringLiteral("context")});
            QTRY_COMPARE_WITH_TIMEOUT(acked.size(), 1, 5000);
            QCOMPARE(acked.at(0).at(0).toString(), key);
            QVERIFY(center.policy().isAcknowledged(key));
            const auto shown = dunstHistory();
            QCOMPARE(shown.size(), 1);
            QCOMPARE(shown[0].first,
                     QStringLiteral("[FIRING] CeleryWorkerDown: Celery worker celery@worker-1 has "
                                    "sent no heartbeat for 15 minutes"));
            QCOMPARE(shown[0].second, QStringLiteral("CRITICAL"));

            // Acknowledged: still firing for ten more minutes, past two repeat intervals, and quiet.
            run(center, TenOClock + 16 * Minute, TenOClock + 25 * Minute);
            QCOMPARE(notified.size(), 1);
            QCOMPARE(center.active().size(), size_t(1));
            QCOMPARE(center.worstState(), AlertState::Firing);
        }
        {
            // A restart: a new engine over the same history, going through the same incident.
            AlertCenter center(&client, workerDownRule(), history);
            center.policy().setRepeatIntervalMs(2 * Minute);
            QSignalSpy notified(&center, &AlertCenter::notified);
            run(center, TenOClock, TenOClock + 29 * Minute);
            QCOMPARE(notified.size(), 0); // fired again in this engine, but already told, and acknowledged
            run(center, TenOClock + 30 * Minute, TenOClock + 32 * Minute);
            QCOMPARE(notified.size(), 1); // the worker is back at 10:30
            const auto n = notified.at(0).at(0).value<Notification>();
            QCOMPARE(n.kind, Notification::Kind::Resolved);
            QCOMPARE(n.key, key);
            const auto shown = dunstHistory();
            QCOMPARE(shown.size(), 2);
            QVERIFY2(shown[0].first.startsWith(QStringLiteral("[RESOLVED] CeleryWorkerDown")),
                     qPrintable(shown[0].first));
            QCOMPARE(shown[0].second, QStringLiteral("LOW"));
            QCOMPARE(center.history().notificationCount(), 2);
            QVERIFY(center.history().transitionCount() >= 4); // pending, firing, twice; resolved
        }
    }

    void openFromTheNotification()
    {
        // A click on the notification (its default action, what `dunstctl action` performs) asks to
        // open the alert's dashboard at its time; the window shows the hour before it (tst_main_window).
        DesktopNotifier notifier;
        QSignalSpy open(&notifier, &DesktopNotifier::openRequested);
        Notification n;
        n.key = QStringLiteral("ApiHigh5xxRatio{}");
        n.alert.alertname = QStringLiteral("ApiHigh5xxRatio");
        n.alert.timeMs = TenOClock + 7 * Minute;
        n.alert.to = AlertState::Firing;
        n.alert.labels = {{QStringLiteral("severity"), QStringLiteral("critical")}};
        n.alert.annotations = {{QStringLiteral("dashboard"), QStringLiteral("/d/promdeck-api/api")}};
        QCOMPARE(notifier.notify(n), QStringLiteral("dbus"));
        QTRY_COMPARE_WITH_TIMEOUT(dunstctl({QStringLiteral("count"), QStringLiteral("displayed")}).trimmed(),
                                  QStringLiteral("1"), 5000);
        dunstctl({QStringLiteral("action"), QStringLiteral("0")});
        QTRY_COMPARE_WITH_TIMEOUT(open.size(), 1, 5000);
        QCOMPARE(open.at(0).at(0).toString(), n.key);
        QCOMPARE(open.at(0).at(1).toLongLong(), TenOClock + 7 * Minute);
        QCOMPARE(open.at(0).at(2).toString(), QStringLiteral("promdeck-api"));
    }

    void markupInAnAlertIsShownAsWritten()
    {
        // Dunst renders the body as markup (it says so: `body-markup`) and escapes the summary itself;
        // either way the operator reads the alert's words exactly as the rule and the labels wrote them.
        dunstctl({QStringLiteral("close-all")}); // the critical one before stays until read
        DesktopNotifier notifier;
        const Notification n = markupEverywhere();
        QCOMPARE(notifier.notify(n), QStringLiteral("dbus"));
        QTRY_COMPARE_WITH_TIMEOUT(dunstctl({QStringLiteral("count"), QStringLiteral("displayed")}).trimmed(),
                                  QStringLiteral("1"), 5000);
        // tests/alerting/dunstrc's format: urgency, summary, a new line, body.
        const QString expected = QStringLiteral("CRITICAL ") + DesktopNotifier::summaryOf(n) +
                                 QLatin1Char('\n') + DesktopNotifier::bodyOf(n);
        QVERIFY(expected.contains(QStringLiteral("Disk<b>Full</b>")));
        QVERIFY(expected.contains(QStringLiteral("<span foreground=\"red\">95%</span> & rising")));
        QVERIFY(expected.contains(QStringLiteral("<a href=\"http://x\">click</a> &amp; see")));
        QVERIFY(expected.contains(QStringLiteral("instance=<i>node-2</i> & <u>co</u>")));
        QCOMPARE(dunstVisibleText(), expected);
    }

    void withoutAServerTheTrayTellsIt()
    {
        // No notification server on this bus any more (dunst stopped), but a system tray on the display
        // (trayer, started by with-notifications.sh): the tray icon's own message balloon tells it.
        stopNotificationServer();
        QTRY_VERIFY_WITH_TIMEOUT(!QDBusConnection::sessionBus().interface()->isServiceRegistered(
                                     QStringLiteral("org.freedesktop.Notifications")),
                                 5000);
        QTRY_VERIFY_WITH_TIMEOUT(QSystemTrayIcon::isSystemTrayAvailable(), 5000);
        QSystemTrayIcon tray;
        QPixmap icon(22, 22);
        icon.fill(Qt::red);
        tray.setIcon(QIcon(icon));
        tray.show();
        DesktopNotifier notifier;
        notifier.setTrayIcon(&tray);
        QSignalSpy banner(&notifier, &DesktopNotifier::bannerRequested);
        Notification n;
        n.key = QStringLiteral("k-tray");
        n.alert.alertname = QStringLiteral("RedisMemoryHigh");
        n.alert.labels = {{QStringLiteral("severity"), QStringLiteral("warning")}};
        QCOMPARE(notifier.notify(n), QStringLiteral("tray"));
        QVERIFY(banner.isEmpty());
        // What the operator sees: Qt's balloon next to the tray icon, with the alert's summary.
        auto balloonText = [] {
            for (QWidget *w : QApplication::topLevelWidgets())
                if (w->isVisible() && QLatin1String(w->metaObject()->className()) == u"QBalloonTip") {
                    QStringList texts;
                    for (const QLabel *label : w->findChildren<QLabel *>())
                        texts << label->text();
                    return texts.join(QLatin1Char('\n'));
                }
            return QString();
        };
        QTRY_VERIFY_WITH_TIMEOUT(balloonText().contains(QStringLiteral("RedisMemoryHigh")), 5000);

        // The balloon's title and message show an alert's markup as written, too.
        const Notification hostile = markupEverywhere();
        QCOMPARE(notifier.notify(hostile), QStringLiteral("tray"));
        const QStringList expected = {DesktopNotifier::summaryOf(hostile), DesktopNotifier::bodyOf(hostile)};
        QTRY_VERIFY_WITH_TIMEOUT(balloonText().contains(QStringLiteral("Disk")), 5000);
        QStringList shown;
        for (QWidget *w : QApplication::topLevelWidgets())
            if (w->isVisible() && QLatin1String(w->metaObject()->className()) == u"QBalloonTip")
                for (const QLabel *label : w->findChildren<QLabel *>())
                    if (!label->text().isEmpty())
                        shown << shownByLabel(label);
        QCOMPARE(shown, expected);
    }

    void withoutAServerTheBannerTellsIt()
    {
        // No notification server and no tray icon: the in-app banner is the channel left.
        stopNotificationServer();
        QTRY_VERIFY_WITH_TIMEOUT(!QDBusConnection::sessionBus().interface()->isServiceRegistered(
                                     QStringLiteral("org.freedesktop.Notifications")),
                                 5000);
        DesktopNotifier notifier;
        QSignalSpy banner(&notifier, &DesktopNotifier::bannerRequested);
        Notification n;
        n.key = QStringLiteral("k");
        n.alert.alertname = QStringLiteral("TargetDown");
        n.alert.labels = {{QStringLiteral("severity"), QStringLiteral("critical")},
                          {QStringLiteral("instance"), QStringLiteral("<b>node-2</b>")}};
        QCOMPARE(notifier.notify(n), QStringLiteral("banner"));
        QCOMPARE(banner.size(), 1);
        QVERIFY(banner.at(0).at(1).toString().contains(QStringLiteral("<b>node-2</b>"))); // plain text, as is
    }
};

QTEST_MAIN(TestNotifications)
#include "tst_notifications.moc"
