// Server-side alerts: a real Prometheus evaluating its own rule (tests/alerting/server-side.rules.yml)
// and sending it to a real Alertmanager (Debian's prometheus-alertmanager, on loopback). Promdeck
// lists the alert from Prometheus' /api/v1/alerts and from Alertmanager's /api/v2/alerts, creates a
// silence that Alertmanager shows and that suppresses the alert, and expires it again.
#include "alerting/AlertCenter.h"
#include "alerting/AlertmanagerClient.h"
#include "prometheus/PrometheusClient.h"
#include "support/TestSupport.h"
#include "window/AlertDock.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace promdeck;

namespace {
MetadataReply *wait(MetadataReply *r)
{
    if (!r->isFinished()) {
        QSignalSpy done(r, &MetadataReply::finished);
        done.wait(15'000);
    }
    return r;
}

bool run(const QString &program, const QStringList &args,
         const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.start(program, args);
    return p.waitForFinished(300'000) && p.exitCode() == 0;
}

QString readUrl(const QString &dir)
{
    QFile f(dir + QStringLiteral("/url"));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll().trimmed()) : QString();
}

// The DeskCheck alert in an Alertmanager answer, or an empty object.
QJsonObject deskCheck(const QJsonArray &alerts)
{
    for (const QJsonValue &a : alerts)
        if (a.toObject()
                .value(QLatin1String("labels"))
                .toObject()
                .value(QLatin1String("alertname"))
                .toString() == u"DeskCheck")
            return a.toObject();
    return {};
}
} // namespace

class TestAlertmanager : public QObject
{
    Q_OBJECT
    QNetworkAccessManager m_nam;
    QTemporaryDir m_dir;
    QString m_am, m_prom;
    qint64 m_startedMs = QDateTime::currentMSecsSinceEpoch(); // before the servers start

private slots:
    void initTestCase()
    {
        const QString am = m_dir.filePath(QStringLiteral("alertmanager"));
        QVERIFY(run(test::sourcePath(QStringLiteral("tests/alerting/alertmanager.sh")),
                    {QStringLiteral("start"), am}));
        m_am = readUrl(am);
        // A small Prometheus of its own: one series, the rule, evaluated every second, sending to it.
        const QString series = m_dir.filePath(QStringLiteral("series.om"));
        QFile om(series);
        QVERIFY(om.open(QIODevice::WriteOnly));
        om.write(QStringLiteral("up{job=\"desk\"} 1 %1\n# EOF\n")
                     .arg(QDateTime::currentSecsSinceEpoch() - 60)
                     .toUtf8());
        om.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PROMDECK_FIXTURE_RULES"),
                   test::sourcePath(QStringLiteral("tests/alerting/server-side.rules.yml")));
        env.insert(QStringLiteral("PROMDECK_FIXTURE_EVALUATION_INTERVAL"), QStringLiteral("1s"));
        env.insert(QStringLiteral("PROMDECK_FIXTURE_ALERTMANAGER"), QUrl(m_am).authority());
        // Resent every second instead of every minute: the first send may precede Alertmanager's discovery.
        env.insert(QStringLiteral("PROMDECK_FIXTURE_EXTRA_FLAGS"),
                   QStringLiteral("--rules.alert.resend-delay=1s"));
        const QString prom = m_dir.filePath(QStringLiteral("prometheus"));
        QVERIFY(run(qEnvironmentVariable("PROMDECK_FIXTURE_SCRIPT"),
                    {QStringLiteral("start"), prom,
                     test::sourcePath(QStringLiteral("tests/alerting/copy-series.sh")), series},
                    env));
        m_prom = readUrl(prom);
        QVERIFY(!m_am.isEmpty() && !m_prom.isEmpty());
    }

    void cleanupTestCase()
    {
        run(qEnvironmentVariable("PROMDECK_FIXTURE_SCRIPT"),
            {QStringLiteral("stop"), m_dir.filePath(QStringLiteral("prometheus"))});
        run(test::sourcePath(QStringLiteral("tests/alerting/alertmanager.sh")),
            {QStringLiteral("stop"), m_dir.filePath(QStringLiteral("alertmanager"))});
    }

    void prometheusListsItsOwnAlerts()
    {
        PrometheusClient prometheus(&m_nam, {QUrl(m_prom), {}, std::chrono::seconds(10), 2000});
        QJsonArray alerts;
        QTRY_VERIFY_WITH_TIMEOUT(
            (alerts = wait(prometheus.alerts())->data().toObject().value(QLatin1String("alerts")).toArray(),
             !alerts.isEmpty()),
            15'000);
        const QJsonObject a = alerts.at(0).toObject();
        QCOMPARE(a.value(QLatin1String("labels")).toObject().value(QLatin1String("alertname")).toString(),
                 QStringLiteral("DeskCheck"));
        QCOMPARE(a.value(QLatin1String("state")).toString(), QStringLiteral("firing"));
    }

    void silenceFromPromdeckSuppressesIt()
    {
        AlertmanagerClient am(&m_nam, QUrl(m_am));
        // Prometheus sends it on its own; Alertmanager has it.
        QTRY_VERIFY_WITH_TIMEOUT(!deskCheck(wait(am.alerts())->data().toArray()).isEmpty(), 20'000);
        QCOMPARE(deskCheck(wait(am.alerts())->data().toArray())
                     .value(QLatin1String("status"))
                     .toObject()
                     .value(QLatin1String("state"))
                     .toString(),
                 QStringLiteral("active"));

        Silence s;
        s.matchers = {{QStringLiteral("alertname"), QStringLiteral("DeskCheck"), false, true},
                      {QStringLiteral("team"), QStringLiteral("de.*"), true, true}};
        s.startsMs = QDateTime::currentMSecsSinceEpoch();
        s.endsMs = s.startsMs + 3'600'000;
        s.comment = QStringLiteral("looking into it");
        MetadataReply *created = wait(am.createSilence(s, QStringLiteral("promdeck-test")));
        QVERIFY2(created->ok(), qPrintable(created->error().message()));
        const QString id = created->data().toObject().value(QLatin1String("silenceID")).toString();
        QVERIFY(!id.isEmpty());

        // Alertmanager lists it, active, with our matchers; the alert is suppressed by it.
        bool listed = false;
        for (const QJsonValue &v : wait(am.silences())->data().toArray()) {
            const QJsonObject silence = v.toObject();
            if (silence.value(QLatin1String("id")).toString() != id)
                continue;
            listed = true;
            QCOMPARE(
                silence.value(QLatin1String("status")).toObject().value(QLatin1String("state")).toString(),
                QStringLiteral("active"));
            QCOMPARE(silence.value(QLatin1String("createdBy")).toString(), QStringLiteral("promdeck-test"));
            QCOMPARE(silence.value(QLatin1String("matchers")).toArray().size(), 2);
        }
        QVERIFY(listed);
        QTRY_COMPARE_WITH_TIMEOUT(deskCheck(wait(am.alerts())->data().toArray())
                                      .value(QLatin1String("status"))
                                      .toObject()
                                      .value(QLatin1String("state"))
                                      .toString(),
                                  QStringLiteral("suppressed"), 10'000);
        QVERIFY(deskCheck(wait(am.alerts())->data().toArray())
                    .value(QLatin1String("status"))
                    .toObject()
                    .value(QLatin1String("silencedBy"))
                    .toArray()
                    .contains(id));

        // Expired from Promdeck: the alert is active again.
        QVERIFY(wait(am.expireSilence(id))->ok());
        QTRY_COMPARE_WITH_TIMEOUT(deskCheck(wait(am.alerts())->data().toArray())
                                      .value(QLatin1String("status"))
                                      .toObject()
                                      .value(QLatin1String("state"))
                                      .toString(),
                                  QStringLiteral("active"), 10'000);

        // A matcher the local policy applies the same way (Alertmanager's anchored regex).
        QVERIFY(s.matches(QStringLiteral("DeskCheck"), {{QStringLiteral("team"), QStringLiteral("desk")}}));
        QVERIFY(!s.matches(QStringLiteral("DeskCheck"), {{QStringLiteral("team"), QStringLiteral("xdesk")}}));
    }

    void theWindowsAlertListHasBoth()
    {
        // What the alert dock lists besides Promdeck's own: both servers' view of DeskCheck.
        PrometheusClient prometheus(&m_nam, {QUrl(m_prom), {}, std::chrono::seconds(10), 2000});
        AlertmanagerClient am(&m_nam, QUrl(m_am));
        AlertCenter center(&prometheus, {}, m_dir.filePath(QStringLiteral("alerts.sqlite")));
        center.setServerSources(&prometheus, &am);
        QSignalSpy changed(&center, &AlertCenter::changed);
        center.evaluateAt(QDateTime::currentMSecsSinceEpoch());
        QTRY_VERIFY_WITH_TIMEOUT(center.serverAlerts().size() >= 2, 10'000);
        QStringList seen;
        for (const ServerAlert &a : center.serverAlerts()) {
            QCOMPARE(a.alertname, QStringLiteral("DeskCheck"));
            QCOMPARE(a.summary, QStringLiteral("always firing, for the Alertmanager test"));
            // Since when, read from the server's RFC 3339 (Prometheus writes nanoseconds), and where
            // "Open" goes: what the dock needs to act on a server's alert too.
            QVERIFY2(a.sinceMs > m_startedMs - 60'000 && a.sinceMs <= QDateTime::currentMSecsSinceEpoch(),
                     qPrintable(a.since));
            QCOMPARE(a.dashboardUid, QStringLiteral("promdeck-overview"));
            seen << a.source + QLatin1Char(':') + a.state;
        }
        seen.sort();
        QCOMPARE(seen,
                 (QStringList{QStringLiteral("Alertmanager:active"), QStringLiteral("Prometheus:firing")}));
        QVERIFY(center.serverError().isEmpty());

        // In the dock: listed, and "Open at its time" on Prometheus' row goes to its time and dashboard.
        AlertDock dock;
        dock.setCenter(&center);
        QSignalSpy open(&dock, &AlertDock::openRequested);
        QTreeWidget *list = dock.list();
        QTreeWidgetItem *prometheusRow = nullptr;
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            if (list->topLevelItem(i)->text(0) == u"Prometheus: firing")
                prometheusRow = list->topLevelItem(i);
        QVERIFY(prometheusRow);
        list->setCurrentItem(prometheusRow);
        for (QPushButton *b : dock.findChildren<QPushButton *>())
            if (b->text() == u"Open at its time")
                b->click();
        QCOMPARE(open.size(), 1);
        const auto prometheusAlert =
            std::find_if(center.serverAlerts().begin(), center.serverAlerts().end(),
                         [](const ServerAlert &a) { return a.source == u"Prometheus"; });
        QCOMPARE(open.at(0).at(0).toLongLong(), prometheusAlert->sinceMs);
        QCOMPARE(open.at(0).at(1).toString(), QStringLiteral("promdeck-overview"));
    }

    void unreachableAlertmanagerIsAReadableError()
    {
        AlertmanagerClient am(&m_nam, QUrl(QStringLiteral("http://127.0.0.1:9")));
        MetadataReply *r = wait(am.alerts());
        QVERIFY(!r->ok());
        QVERIFY2(r->error().message().contains(QStringLiteral("refused")), qPrintable(r->error().message()));
    }
};

QTEST_MAIN(TestAlertmanager) // the dock is a widget (offscreen)
#include "tst_alertmanager.moc"
