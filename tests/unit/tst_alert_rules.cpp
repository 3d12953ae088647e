// The alerting core without a server: rule files (errors with file, line and column), Prometheus'
// state machine fed by hand (for, keep_firing_for, duplicates, frozen states on errors, resolved
// retention, for: 0), and the template functions, compared with what Go and Prometheus print.
#include "alerting/AlertRule.h"
#include "alerting/AlertTemplate.h"
#include "alerting/NotificationPolicy.h"
#include "alerting/PanelRules.h"
#include "alerting/RuleState.h"
#include "dashboard/DashboardLoader.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QTest>
#include <cmath>

using namespace promdeck;

namespace {
constexpr std::int64_t Min = 60'000;

AlertSample sample(const QString &instance, double value)
{
    return {{{QStringLiteral("__name__"), QStringLiteral("up")}, {QStringLiteral("instance"), instance}},
            value};
}

AlertRule rule(std::int64_t forMs, std::int64_t keepFiringForMs = 0)
{
    AlertRule r;
    r.name = QStringLiteral("Down");
    r.expr = QStringLiteral("up == 0");
    r.forMs = forMs;
    r.keepFiringForMs = keepFiringForMs;
    r.labels = {{QStringLiteral("severity"), QStringLiteral("page")}};
    r.annotations = {
        {QStringLiteral("summary"), QStringLiteral("{{ $labels.instance }} down, value {{ $value }}")}};
    return r;
}

AlertState stateOf(const RuleState &s, const QString &instance)
{
    for (const auto &[labels, a] : s.instances())
        if (labels.at(QStringLiteral("instance")) == instance)
            return a.state;
    return AlertState::Inactive;
}
} // namespace

class TestAlertRules : public QObject
{
    Q_OBJECT
private slots:
    void ruleFileErrorsNameFileLineAndRule()
    {
        const QByteArray yaml = "groups:\n"
                                "  - name: g\n"
                                "    rules:\n"
                                "      - alert: Good\n"
                                "        expr: up == 0\n"
                                "        for: 5m\n"
                                "      - alert: Bad\n"
                                "        expr: up == 0\n"
                                "        for: five minutes\n"
                                "        severity: page\n";
        const RuleFileResult r = parseRuleFile(yaml, QStringLiteral("rules.yml"));
        QCOMPARE(r.errors.size(), 2);
        QVERIFY2(r.errors[0].toString().startsWith(QStringLiteral(
                     "rules.yml:10:9: group \"g\", rule 2, \"Bad\": unknown field \"severity\"")),
                 qPrintable(toStrings(r.errors).join(QLatin1Char('\n'))));
        QCOMPARE(r.errors[0].location, (SourceLocation{QStringLiteral("rules.yml"), 10, 9}));
        QVERIFY2(r.errors[1].toString().startsWith(QStringLiteral(
                     "rules.yml:9:14: group \"g\", rule 2, \"Bad\": \"for\": not a valid duration string: "
                     "\"five minutes\"")),
                 qPrintable(r.errors[1].toString()));
        // Broken YAML: the parser's position.
        const RuleFileResult broken = parseRuleFile("groups:\n  - name: [\n", QStringLiteral("x.yml"));
        QVERIFY(!broken.ok());
        QVERIFY2(broken.errors[0].toString().startsWith(QStringLiteral("x.yml:3:")),
                 qPrintable(broken.errors[0].toString()));
        QCOMPARE(broken.errors[0].kind, Error::Kind::Syntax);
        // 50,000 levels of nesting: refused in words, not yaml-cpp's "bad file".
        const QByteArray deep = "groups: " + QByteArray(50'000, '[') + QByteArray(50'000, ']');
        const RuleFileResult tooDeep = parseRuleFile(deep, QStringLiteral("deep.yml"));
        QCOMPARE(tooDeep.errors.size(), size_t(1));
        QVERIFY2(tooDeep.errors[0].toString().contains(QStringLiteral("the YAML nests deeper than")),
                 qPrintable(tooDeep.errors[0].toString()));
        // JSON is YAML; recording rules are named and skipped.
        const RuleFileResult json = parseRuleFile(
            "{\"groups\":[{\"name\":\"j\",\"interval\":\"30s\",\"rules\":[{\"record\":\"r\",\"expr\":\"up\"},"
            "{\"alert\":\"A\",\"expr\":\"up\",\"keep_firing_for\":\"2m\"}]}]}",
            QStringLiteral("j.json"));
        QVERIFY(json.ok());
        QCOMPARE(json.groups.front().intervalMs, 30'000);
        QCOMPARE(json.ruleCount(), 1);
        QCOMPARE(json.groups.front().rules.front().keepFiringForMs, 120'000);
        QCOMPARE(json.warnings.size(), 1);
    }

    void expressionsDurationsAndTemplatesCheckedAsPromtoolDoes()
    {
        // Each error points where it stands in the YAML: inside a plain, a block or a quoted scalar.
        const QByteArray yaml = "groups:\n"
                                "  - name: g\n"
                                "    rules:\n"
                                "      - alert: Plain\n"
                                "        expr: up ==\n"
                                "      - alert: Block\n"
                                "        expr: |\n"
                                "          sum(rate(x[5m]))\n"
                                "            / on(job) * y\n"
                                "      - alert: Quoted\n"
                                "        expr: \"x{a=\\\"b\\\" c}\"\n"
                                "      - alert: Range\n"
                                "        expr: x[5m]\n"
                                "      - record: job:x\n"
                                "        expr: sum by (job) (x)\n"
                                "        for: 5m\n"
                                "      - alert: Template\n"
                                "        expr: up == 0\n"
                                "        for: 1h30\n"
                                "        annotations:\n"
                                "          summary: \"{{ $labels.job }} at {{ humnize $value }}\"\n";
        const RuleFileResult r = parseRuleFile(yaml, QStringLiteral("rules.yml"));
        const QStringList expected{
            QStringLiteral(
                "rules.yml:5:20: group \"g\", rule 1, \"Plain\": could not parse expression: 1:6: parse "
                "error: unexpected end of input"),
            QStringLiteral(
                "rules.yml:9:23: group \"g\", rule 2, \"Block\": could not parse expression: 2:13: parse "
                "error: unexpected <op:*>"),
            QStringLiteral(
                "rules.yml:11:26: group \"g\", rule 3, \"Quoted\": could not parse expression: 1:9: "
                "parse error: unexpected identifier \"c\" in label matching, expected \",\" or \"}\""),
            QStringLiteral(
                "rules.yml:13:15: group \"g\", rule 4, \"Range\": an alerting rule's expression must be "
                "an instant vector or a scalar, not range vector"),
            QStringLiteral(
                "rules.yml:14:17: group \"g\", rule 5, \"job:x\": invalid field 'for' in recording rule"),
            QStringLiteral(
                "rules.yml:19:14: group \"g\", rule 6, \"Template\": \"for\": not a valid duration "
                "string: \"1h30\""),
            QStringLiteral(
                "rules.yml:21:20: group \"g\", rule 6, \"Template\": annotation \"summary\": template: "
                "__alert_Template:1: function \"humnize\" not defined"),
        };
        QCOMPARE(toStrings(r.errors), expected);
        QCOMPARE(r.rulesFound, 6);

        // Same name and labels twice: promtool's duplicate-rules lint, reported but not an error.
        const RuleFileResult twice = parseRuleFile("groups:\n"
                                                   "  - name: a\n"
                                                   "    rules:\n"
                                                   "      - alert: Dup\n"
                                                   "        expr: up == 0\n"
                                                   "        labels: {severity: page}\n"
                                                   "  - name: b\n"
                                                   "    rules:\n"
                                                   "      - alert: Dup\n"
                                                   "        expr: up == 1\n"
                                                   "        labels: {severity: page}\n",
                                                   QStringLiteral("dup.yml"));
        QVERIFY(twice.ok());
        QCOMPARE(twice.duplicates, QStringList{QStringLiteral("Metric: Dup\nLabel(s):\n\tseverity: page\n")});
    }

    void pendingThenFiringThenResolved()
    {
        RuleState s(rule(5 * Min));
        QString error;
        auto t = s.apply(0, {sample(QStringLiteral("a"), 0)}, &error);
        QCOMPARE(t.size(), size_t(1));
        QCOMPARE(t[0].from, AlertState::Inactive);
        QCOMPARE(t[0].to, AlertState::Pending);
        QCOMPARE(t[0].labels.at(QStringLiteral("severity")), QStringLiteral("page"));
        QVERIFY(!t[0].labels.count(QStringLiteral("alertname")));
        QVERIFY(!t[0].labels.count(QStringLiteral("__name__")));
        QCOMPARE(t[0].annotations.value(QStringLiteral("summary")), QStringLiteral("a down, value 0"));
        for (std::int64_t m = 1; m < 5; ++m)
            QVERIFY(s.apply(m * Min, {sample(QStringLiteral("a"), 0)}).empty());
        t = s.apply(5 * Min, {sample(QStringLiteral("a"), 0)}); // t - activeAt >= for
        QCOMPARE(t.size(), size_t(1));
        QCOMPARE(t[0].to, AlertState::Firing);
        t = s.apply(6 * Min, {});
        QCOMPARE(t.size(), size_t(1));
        QCOMPARE(t[0].from, AlertState::Firing);
        QCOMPARE(t[0].to, AlertState::Inactive);
        // Kept 15 minutes as resolved, then forgotten.
        QCOMPARE(s.instances().size(), size_t(1));
        s.apply(21 * Min, {});
        QCOMPARE(s.instances().size(), size_t(1));
        s.apply(21 * Min + 1, {});
        QCOMPARE(s.instances().size(), size_t(0));
    }

    void pendingThatGoesAwayNeverFires()
    {
        RuleState s(rule(5 * Min));
        s.apply(0, {sample(QStringLiteral("a"), 0)});
        const auto t = s.apply(Min, {});
        QCOMPARE(t.size(), size_t(1));
        QCOMPARE(t[0].to, AlertState::Inactive);
        QVERIFY(s.instances().empty());
        // Back: pending from now, its `for` counted again.
        s.apply(2 * Min, {sample(QStringLiteral("a"), 0)});
        s.apply(6 * Min, {sample(QStringLiteral("a"), 0)});
        QCOMPARE(stateOf(s, QStringLiteral("a")), AlertState::Pending);
        s.apply(7 * Min, {sample(QStringLiteral("a"), 0)});
        QCOMPARE(stateOf(s, QStringLiteral("a")), AlertState::Firing);
    }

    void zeroForFiresAtOnce()
    {
        RuleState s(rule(0));
        const auto t = s.apply(0, {sample(QStringLiteral("a"), 0)});
        QCOMPARE(t.size(), size_t(1));
        QCOMPARE(t[0].from, AlertState::Inactive);
        QCOMPARE(t[0].to, AlertState::Firing);
    }

    void keepFiringFor()
    {
        RuleState s(rule(0, 3 * Min));
        s.apply(0, {sample(QStringLiteral("a"), 0)});
        QVERIFY(s.apply(Min, {}).empty()); // missing, but kept firing
        QVERIFY(s.apply(3 * Min, {}).empty());
        QCOMPARE(stateOf(s, QStringLiteral("a")), AlertState::Firing);
        const auto t = s.apply(4 * Min, {}); // 3 minutes since the first miss
        QCOMPARE(t.size(), size_t(1));
        QCOMPARE(t[0].to, AlertState::Inactive);
        // A return resets the clock.
        RuleState r(rule(0, 3 * Min));
        r.apply(0, {sample(QStringLiteral("a"), 0)});
        r.apply(Min, {});
        r.apply(2 * Min, {sample(QStringLiteral("a"), 0)});
        r.apply(3 * Min, {});
        QVERIFY(r.apply(5 * Min, {}).empty());
        QCOMPARE(stateOf(r, QStringLiteral("a")), AlertState::Firing);
    }

    void errorsFreezeAndDuplicatesAreErrors()
    {
        RuleState s(rule(Min));
        s.apply(0, {sample(QStringLiteral("a"), 0)});
        s.fail(Min, QStringLiteral("connection refused"));
        QCOMPARE(stateOf(s, QStringLiteral("a")), AlertState::Pending); // not resolved, not advanced
        QCOMPARE(s.lastError(), QStringLiteral("connection refused"));
        QCOMPARE(s.errorSinceMs(), Min);
        // Two elements that are one label set once __name__ is dropped: an error, no change.
        QString error;
        AlertSample other = sample(QStringLiteral("a"), 0);
        other.labels[QStringLiteral("__name__")] = QStringLiteral("down");
        QVERIFY(s.apply(2 * Min, {sample(QStringLiteral("a"), 0), other}, &error).empty());
        QVERIFY(error.contains(QStringLiteral("same labelset")));
        QCOMPARE(stateOf(s, QStringLiteral("a")), AlertState::Pending);
        s.apply(3 * Min, {sample(QStringLiteral("a"), 0)});
        QCOMPARE(stateOf(s, QStringLiteral("a")), AlertState::Firing);
        QVERIFY(s.lastError().isEmpty());
    }

    void panelThresholdsBecomeRules()
    {
        // The overview marks three stats as alerting with the `promdeckAlert` key.
        const auto loaded = loadDashboardFile(test::sourcePath(QStringLiteral("dashboards/overview.json")));
        QVERIFY(loaded.ok());
        QStringList problems;
        const RuleGroup g = rulesFromPanels(*loaded.dashboard, {}, 60'000, &problems);
        QVERIFY(problems.isEmpty());
        QCOMPARE(g.rules.size(), size_t(3));
        const AlertRule &errors = g.rules[0];
        QCOMPARE(errors.name, QStringLiteral("API5xxRatio"));
        QCOMPARE(errors.expr, QStringLiteral("(sum(rate(http_requests_total{status=\"5xx\"}[1m])) / "
                                             "sum(rate(http_requests_total[1m]))) > 0.05"));
        QCOMPARE(errors.forMs, 5 * Min);
        QCOMPARE(errors.labels.front(), (std::pair{QStringLiteral("severity"), QStringLiteral("critical")}));
        const AlertRule &istio = g.rules[1];
        QVERIFY2(istio.expr.endsWith(QStringLiteral(") < 0.95")), qPrintable(istio.expr)); // "when": "below"
        const AlertRule &queue = g.rules[2];
        QVERIFY2(queue.expr.endsWith(QStringLiteral(") > 1000")), qPrintable(queue.expr)); // the highest step
        QCOMPARE(queue.forMs, 10 * Min);
        // "Open" on a panel alert brings up the dashboard the panel is on.
        AlertLabels labels;
        for (const auto &[name, value] : queue.labels)
            labels[name] = value;
        QCOMPARE(alertDashboardUid(labels, {}), QStringLiteral("promdeck-overview"));
    }

    void alertsNameTheirDashboard()
    {
        // The `dashboard` annotation as teams write it for Grafana, or a bare uid; it wins over a label.
        const AlertLabels none;
        const AlertLabels label{{QStringLiteral("dashboard"), QStringLiteral("from-label")}};
        auto annotated = [](const QString &v) {
            return QMap<QString, QString>{{QStringLiteral("dashboard"), v}};
        };
        QCOMPARE(alertDashboardUid(none, annotated(QStringLiteral("/d/promdeck-redis/redis?orgId=1"))),
                 QStringLiteral("promdeck-redis"));
        QCOMPARE(alertDashboardUid(none,
                                   annotated(QStringLiteral("https://grafana.example/d/abc123/api-latency"))),
                 QStringLiteral("abc123"));
        QCOMPARE(alertDashboardUid(label, annotated(QStringLiteral("promdeck-celery"))),
                 QStringLiteral("promdeck-celery"));
        QCOMPARE(alertDashboardUid(label, {}), QStringLiteral("from-label"));
        QVERIFY(alertDashboardUid(none, {}).isEmpty());
        // Every built-in rule names a built-in dashboard.
        QStringList uids;
        const QDir dashboards(test::sourcePath(QStringLiteral("dashboards")));
        for (const QString &file : dashboards.entryList({QStringLiteral("*.json")})) {
            const auto d = loadDashboardFile(dashboards.filePath(file));
            QVERIFY(d.ok());
            uids << d.dashboard->uid;
        }
        const RuleFileResult builtIn =
            loadRuleFile(test::sourcePath(QStringLiteral("dashboards/event-system.rules.yml")));
        QVERIFY(builtIn.ok());
        for (const RuleGroup &g : builtIn.groups)
            for (const AlertRule &r : g.rules) {
                QMap<QString, QString> annotations;
                for (const auto &[name, value] : r.annotations)
                    annotations[name] = value;
                const QString uid = alertDashboardUid(none, annotations);
                QVERIFY2(uids.contains(uid), qPrintable(r.name + QLatin1Char(' ') + uid));
            }
    }

    void notificationPolicy()
    {
        // An in-memory history of what was sent.
        std::map<QString, std::pair<std::int64_t, Notification::Kind>> sent;
        NotificationPolicy policy([&](const QString &k) {
            const auto it = sent.find(k);
            return it == sent.end() ? std::pair{std::int64_t(0), Notification::Kind::Firing} : it->second;
        });
        policy.setRepeatIntervalMs(60 * Min);
        auto send = [&](std::int64_t now, const std::vector<AlertTransition> &changes,
                        const std::vector<AlertTransition> &firing) {
            const auto out = policy.decide(now, changes, firing);
            for (const Notification &n : out)
                sent[n.key] = {now, n.kind};
            return out;
        };
        AlertTransition fire;
        fire.alertname = QStringLiteral("Down");
        fire.labels = {{QStringLiteral("instance"), QStringLiteral("a")},
                       {QStringLiteral("severity"), QStringLiteral("page")}};
        fire.from = AlertState::Pending;
        fire.to = AlertState::Firing;
        AlertTransition pending = fire;
        pending.from = AlertState::Inactive;
        pending.to = AlertState::Pending;
        AlertTransition still = fire;
        still.from = AlertState::Firing;
        AlertTransition resolved = fire;
        resolved.from = AlertState::Firing;
        resolved.to = AlertState::Inactive;

        QVERIFY(send(0, {pending}, {}).empty()); // pending never notifies
        QCOMPARE(send(Min, {fire}, {still}).size(), size_t(1));
        QVERIFY(send(30 * Min, {}, {still}).empty());
        const auto repeat = send(61 * Min, {}, {still}); // the repeat interval has passed
        QCOMPARE(repeat.size(), size_t(1));
        QCOMPARE(repeat[0].kind, Notification::Kind::Repeat);
        policy.acknowledge(repeat[0].key);
        QVERIFY(send(200 * Min, {}, {still}).empty()); // acknowledged: no more repeats
        const auto done = send(201 * Min, {resolved}, {});
        QCOMPARE(done.size(), size_t(1));
        QCOMPARE(done[0].kind, Notification::Kind::Resolved);
        QVERIFY(!policy.isAcknowledged(done[0].key)); // a new firing is news again

        // Silenced by matchers (regex anchored, as in Alertmanager): quiet, then told once it ends.
        Silence s;
        s.matchers = {{QStringLiteral("alertname"), QStringLiteral("Down"), false, true},
                      {QStringLiteral("instance"), QStringLiteral("a|b"), true, true}};
        s.startsMs = 300 * Min;
        s.endsMs = 360 * Min;
        policy.setSilences({s});
        QVERIFY(send(310 * Min, {fire}, {still}).empty());
        QVERIFY(send(320 * Min, {}, {still}).empty());
        const auto after = send(361 * Min, {}, {still});
        QCOMPARE(after.size(), size_t(1));
        QCOMPARE(after[0].kind, Notification::Kind::Firing);
        LabelMatcher notEqual{QStringLiteral("instance"), QStringLiteral("a"), false, false};
        QVERIFY(!notEqual.matches(fire.labels));
    }

    void silenceMatchers()
    {
        const auto m = parseMatchers(
            QStringLiteral("{alertname=\"Down\", team=~\"de.*\", env!=\"dev\",zone!~\"eu-.*\"}"));
        QVERIFY2(m, qPrintable(m.error().message()));
        QCOMPARE(m->size(), size_t(4));
        QVERIFY((*m)[1].isRegex && (*m)[1].isEqual);
        QVERIFY(!(*m)[2].isRegex && !(*m)[2].isEqual);
        QVERIFY((*m)[3].isRegex && !(*m)[3].isEqual);
        QCOMPARE(matchersText(*m),
                 QStringLiteral("alertname=\"Down\", team=~\"de.*\", env!=\"dev\", zone!~\"eu-.*\""));
        const auto wrong = parseMatchers(QStringLiteral("team = desk"));
        QVERIFY(!wrong);
        QVERIFY2(wrong.error().message().contains(QStringLiteral("team = desk")),
                 qPrintable(wrong.error().message()));
        QVERIFY(!parseMatchers(QStringLiteral("  ")));
    }

    void templates_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("expected");
        // What Go's fmt and Prometheus' template functions print for these.
        QTest::newRow("value") << "{{ $value }}" << 0.05 << "0.05";
        QTest::newRow("million") << "{{ $value }}" << 1e6 << "1e+06";
        QTest::newRow("123456") << "{{ $value }}" << 123456.0 << "123456";
        QTest::newRow("1234567") << "{{ $value }}" << 1234567.0 << "1.234567e+06";
        QTest::newRow("small") << "{{ $value }}" << 0.00001 << "1e-05";
        QTest::newRow("third") << "{{ $value }}" << 1.0 / 3 << "0.3333333333333333";
        QTest::newRow("nan") << "{{ $value }}" << double(NAN) << "NaN";
        QTest::newRow("humanize") << "{{ $value | humanize }}" << 1234567.0 << "1.235M";
        QTest::newRow("humanize small") << "{{ $value | humanize }}" << 0.0123 << "12.3m";
        QTest::newRow("humanize1024") << "{{ humanize1024 $value }}" << 0.0 << "";
        QTest::newRow("percentage") << "{{ $value | humanizePercentage }}" << 0.0512 << "5.12%";
        QTest::newRow("duration") << "{{ $value | humanizeDuration }}" << 90061.0 << "1d 1h 1m 1s";
        QTest::newRow("duration s") << "{{ $value | humanizeDuration }}" << 1.5 << "1.5s";
        QTest::newRow("duration ms") << "{{ $value | humanizeDuration }}" << 0.25 << "250ms";
        // Found by fuzz.alert_template: seconds past 64 bits were converted with undefined behaviour.
        QTest::newRow("duration huge") << "{{ $value | humanizeDuration }}" << 1e300 << "1.157e+295d";
        QTest::newRow("duration huge negative")
            << "{{ $value | humanizeDuration }}" << -1e300 << "-1.157e+295d";
        QTest::newRow("printf") << "{{ printf \"%.2f\" $value }}%" << 3.14159 << "3.14%";
        // Found reading the engine while fuzz.alert_template ran: a width of two billion padded for 80 s, a
        // precision of two billion allocated 8 GB, %d of 1e300 was undefined, %.80f was cut at 63 characters.
        QTest::newRow("printf huge width") << "{{ printf \"%2147483647f\" $value }}" << 1.0 << "%!(BADWIDTH)";
        QTest::newRow("printf huge precision")
            << "{{ printf \"%.2147483647f\" $value }}" << 1.0 << "%!(BADPREC)";
        QTest::newRow("printf %d past 64 bits")
            << "{{ printf \"%d\" $value }}" << 1e300 << "%!d(float64=1e+300)";
        QTest::newRow("printf long")
            << "{{ printf \"%.80f\" $value }}" << 0.1
            << "0.10000000000000000555111512312578270211815834045410156250000000000000000000000000";
        QTest::newRow("labels") << "{{ $labels.job }}/{{ .Labels.instance }} {{ .Value }}" << 2.0
                                << "api/a:1 2";
        QTest::newRow("trim") << "x  {{- $labels.job -}}  y" << 0.0 << "xapiy";
        QTest::newRow("toUpper") << "{{ $labels.job | toUpper }}" << 0.0 << "API";
    }
    void templates()
    {
        QFETCH(QString, text);
        QFETCH(double, value);
        QFETCH(QString, expected);
        QString error;
        const QString out = expandAlertTemplate(text,
                                                {{{QStringLiteral("job"), QStringLiteral("api")},
                                                  {QStringLiteral("instance"), QStringLiteral("a:1")}},
                                                 value},
                                                &error);
        if (text.contains(QLatin1String("humanize1024 $value"))) {
            // Function-call syntax is not supported: said, and the text kept.
            QVERIFY(!error.isEmpty());
            QCOMPARE(out, text);
            return;
        }
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(out, expected);
    }
};

QTEST_GUILESS_MAIN(TestAlertRules)
#include "tst_alert_rules.moc"
