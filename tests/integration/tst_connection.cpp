// Connections that survive: the health monitor backs off and notices the server's return, and the
// port-forward supervisor restarts a tunnel that exited or went half-dead. Against the fixture
// Prometheus, through the fault proxy and a STAND-IN kubectl (tests/connection/kubectl-standin.py,
// since Kubernetes cannot run here).
#include "alerting/AlertEngine.h"
#include "connection/ConnectionHealth.h"
#include "connection/PortForward.h"
#include "prometheus/PrometheusClient.h"
#include "support/FaultProxy.h"
#include "support/TestSupport.h"

#include <QDateTime>
#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <signal.h>

using namespace promdeck;
using test::FaultProxy;

class TestConnection : public QObject
{
    Q_OBJECT
    QNetworkAccessManager m_nam;
    QTemporaryDir m_dir;

    bool upAnswers(const QUrl &url)
    {
        PrometheusClient client(&m_nam, {url, {}, std::chrono::seconds(3), 2000});
        QueryReply *reply = client.queryInstant({QStringLiteral("up"), test::FixtureEndMs, {}});
        QSignalSpy done(reply, &QueryReply::finished);
        done.wait(5000);
        const bool ok = reply->outcome().ok() && !reply->outcome().result->series.empty();
        reply->deleteLater();
        return ok;
    }

    void control(const QString &command)
    {
        QFile f(m_dir.filePath(QStringLiteral("control")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(command.toUtf8());
    }

private slots:
    void localPortOfKubectlArguments()
    {
        const QStringList args = QProcess::splitCommand(
            QStringLiteral("port-forward -n monitoring svc/kube-prometheus-stack-prometheus 9090:9090"));
        quint16 port = 0;
        QCOMPARE(PortForward::withLocalPort(args, 0, &port), args);
        QCOMPARE(port, quint16(9090));
        const QStringList moved = PortForward::withLocalPort(args, 31000, &port);
        QCOMPARE(moved.last(), QStringLiteral("31000:9090"));
        QCOMPARE(port, quint16(31000));
        // `svc/x 9090` means the same port locally.
        PortForward::withLocalPort(QProcess::splitCommand(QStringLiteral("port-forward svc/p 9091")), 0,
                                   &port);
        QCOMPARE(port, quint16(9091));
    }

    void healthBacksOffAndNoticesRecovery()
    {
        FaultProxy proxy(test::fixturePrometheusUrl());
        PrometheusClient client(&m_nam, {proxy.url(), {}, std::chrono::seconds(2), 2000});
        ConnectionHealth health([&] { return client.readiness(); });
        health.setBackoff(200, 1600);
        QSignalSpy recovered(&health, &ConnectionHealth::recovered);

        proxy.setFault(FaultProxy::Fault::Refuse);
        health.reportRefresh(0, 5, QStringLiteral("connection refused"), QDateTime::currentMSecsSinceEpoch());
        QCOMPARE(health.state(), ConnectionState::Down);
        // The first probe within 200 ms +-25%, then twice as long each time, never over 1.6 s +25%.
        // (The chosen delays, not the time left: a slow sanitizer build must not fail this.)
        const int first = health.scheduledProbeDelayMs();
        QVERIFY2(first >= 150 && first <= 250, qPrintable(QString::number(first)));
        QTRY_VERIFY_WITH_TIMEOUT(health.probesSent() >= 3, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(health.scheduledProbeDelayMs() > 0, 2000);
        const int later = health.scheduledProbeDelayMs();
        QVERIFY2(later >= 600 && later <= 2000, qPrintable(QString::number(later)));
        QVERIFY(recovered.isEmpty());
        QCOMPARE(health.state(), ConnectionState::Down);

        // The server comes back: noticed by the next probe, without any refresh asked for.
        proxy.setFault(FaultProxy::Fault::None);
        QVERIFY(recovered.wait(5000));
        health.reportRefresh(5, 0, {}, QDateTime::currentMSecsSinceEpoch());
        QCOMPARE(health.state(), ConnectionState::Connected);

        // Some panels through, some not: degraded, with the reason.
        health.reportRefresh(3, 2, QStringLiteral("timed out"), QDateTime::currentMSecsSinceEpoch());
        QCOMPARE(health.state(), ConnectionState::Degraded);
        QVERIFY(health.detail().contains(QStringLiteral("timed out")));
    }

    void alertsUnderALostConnection()
    {
        // Mid-incident the path to Prometheus drops: every rule keeps its state (nothing resolves,
        // nothing advances), Promdeck's own alert says so after 2 minutes, and it all carries on after.
        FaultProxy proxy(test::fixturePrometheusUrl());
        PrometheusClient client(&m_nam, {proxy.url(), {}, std::chrono::seconds(2), 2000});
        RuleGroup group;
        AlertRule worker;
        worker.name = QStringLiteral("CeleryWorkerDown");
        worker.expr = QStringLiteral("celery_worker_up == 0");
        worker.forMs = 15 * 60'000;
        group.rules.push_back(worker);
        AlertEngine engine(&client, {group});
        QSignalSpy evaluated(&engine, &AlertEngine::evaluated);
        const std::int64_t ten = test::FixtureStartMs + 10 * 3'600'000; // worker-1 down from 10:00
        auto at = [&](std::int64_t minute) {
            engine.evaluateAt(ten + minute * 60'000);
            return evaluated.wait(10'000);
        };
        auto state = [](const RuleState &r) {
            return r.instances().empty() ? AlertState::Inactive : r.instances().begin()->second.state;
        };
        for (int m = 0; m <= 5; ++m)
            QVERIFY(at(m));
        QCOMPARE(state(*engine.rules()[0]), AlertState::Pending);
        const std::int64_t activeAt = engine.rules()[0]->instances().begin()->second.activeAtMs;

        proxy.setFault(FaultProxy::Fault::Refuse);
        for (int m = 6; m <= 20; ++m)
            QVERIFY(at(m));
        // Frozen: still pending since 10:00, although `for` ran out at 10:15 and the data ended.
        QCOMPARE(state(*engine.rules()[0]), AlertState::Pending);
        QCOMPARE(engine.rules()[0]->instances().begin()->second.activeAtMs, activeAt);
        QVERIFY(engine.rules()[0]->lastError().contains(QStringLiteral("refused")));
        QCOMPARE(state(*engine.metaRules()[0]), AlertState::Firing); // PromdeckServerUnreachable
        QCOMPARE(engine.metaRules()[0]->rule().name, QStringLiteral("PromdeckServerUnreachable"));

        proxy.setFault(FaultProxy::Fault::None);
        QVERIFY(at(21));
        QCOMPARE(state(*engine.rules()[0]), AlertState::Firing); // 21 minutes since 10:00 >= 15
        QVERIFY(engine.rules()[0]->lastError().isEmpty());
        QCOMPARE(state(*engine.metaRules()[0]), AlertState::Inactive);
    }

    void ruleWhoseQueryErrors()
    {
        // A rule the server refuses (its PromQL does not parse): the server's words on the rule, the
        // other rules unharmed, and with `promdeck_on_error: alerting`, an alert of its own after 2 minutes.
        PrometheusClient client(&m_nam, {test::fixturePrometheusUrl(), {}, std::chrono::seconds(5), 2000});
        const RuleFileResult file =
            parseRuleFile("groups:\n  - name: g\n    rules:\n"
                          "      - alert: Broken\n        expr: sum(rate(up[5m])\n"
                          "        annotations: {promdeck_on_error: alerting}\n"
                          "      - alert: Fine\n        expr: up{job=\"fastapi\"} == 1\n",
                          QStringLiteral("broken.yml"));
        QVERIFY2(file.ok(), qPrintable(toStrings(file.errors).join(QLatin1Char('\n'))));
        AlertEngine engine(&client, file.groups);
        QSignalSpy evaluated(&engine, &AlertEngine::evaluated);
        const std::int64_t t0 = test::FixtureStartMs + 3'600'000;
        for (int m = 0; m <= 3; ++m) {
            engine.evaluateAt(t0 + m * 60'000);
            QVERIFY(evaluated.wait(10'000));
        }
        const RuleState &broken = *engine.rules()[0];
        QVERIFY2(broken.lastError().contains(QStringLiteral("parse error")), qPrintable(broken.lastError()));
        QCOMPARE(broken.errorSinceMs(), t0);
        QVERIFY(broken.instances().empty());
        QCOMPARE(engine.rules()[1]->instances().size(), size_t(2)); // both API instances, firing
        QVERIFY(engine.rules()[1]->lastError().isEmpty());
        const RuleState *ruleError = nullptr;
        for (const auto &meta : engine.metaRules())
            if (meta->rule().name == u"PromdeckRuleError")
                ruleError = meta.get();
        QVERIFY(ruleError);
        QCOMPARE(ruleError->instances().begin()->second.state, AlertState::Firing); // 3 minutes >= 2
        QCOMPARE(ruleError->instances().begin()->first.at(QStringLiteral("rule")), QStringLiteral("Broken"));
        // The unreachable alert stays quiet: the server answered, with an error.
        QVERIFY(engine.metaRules()[0]->instances().empty());
    }

    void portForwardHealsExitAndHalfDeadTunnel()
    {
        // `kubectl` on PATH is the stand-in; it forwards to the fixture Prometheus.
        const QString bin = m_dir.filePath(QStringLiteral("bin"));
        QVERIFY(QDir().mkpath(bin));
        QVERIFY(QFile::link(test::sourcePath(QStringLiteral("tests/connection/kubectl-standin.py")),
                            bin + QStringLiteral("/kubectl")));
        qputenv("PATH", (bin + QLatin1Char(':')).toUtf8() + qgetenv("PATH"));
        const QUrl upstream = test::fixturePrometheusUrl();
        qputenv("PROMDECK_STANDIN_UPSTREAM",
                QStringLiteral("%1:%2").arg(upstream.host()).arg(upstream.port()).toUtf8());
        qputenv("PROMDECK_STANDIN_CONTROL", m_dir.filePath(QStringLiteral("control")).toUtf8());

        PortForward::Options options;
        options.command = QStringLiteral(
            "kubectl port-forward -n monitoring svc/kube-prometheus-stack-prometheus 9090:9090");
        options.autoLocalPort = true;
        options.probeIntervalMs = 300;
        options.probeTimeoutMs = 500;
        options.backoffMinMs = 100;
        options.backoffMaxMs = 800;
        PortForward forward(&m_nam, options);
        QSignalSpy ready(&forward, &PortForward::ready);
        forward.start();
        QVERIFY(forward.localPort() != 9090); // a free port was chosen
        QVERIFY(ready.wait(10'000));
        QVERIFY(upAnswers(forward.localUrl()));
        const qint64 first = forward.processId();

        // The tunnel's process exits (the pod went away): started again, answering again.
        control(QStringLiteral("exit"));
        QVERIFY(ready.wait(10'000));
        QCOMPARE(forward.restarts(), 1);
        QVERIFY(forward.processId() != first);
        QVERIFY(upAnswers(forward.localUrl()));

        // Half-dead: the process lives, the port accepts and never answers. Detected by the probe.
        const qint64 second = forward.processId();
        control(QStringLiteral("hang"));
        QVERIFY(ready.wait(15'000));
        QCOMPARE(forward.restarts(), 2);
        QVERIFY(forward.processId() != second);
        QVERIFY(forward.output().join(QLatin1Char('\n')).contains(QStringLiteral("does not answer")));
        QVERIFY(upAnswers(forward.localUrl()));

        // Stopping (Promdeck quitting) ends the process.
        const qint64 last = forward.processId();
        forward.stop();
        QCOMPARE(forward.state(), PortForward::State::Stopped);
        QVERIFY(::kill(static_cast<pid_t>(last), 0) != 0);
    }
};

QTEST_GUILESS_MAIN(TestConnection)
#include "tst_connection.moc"
