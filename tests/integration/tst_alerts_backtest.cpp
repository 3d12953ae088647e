// `promdeck alerts backtest` with the built-in rules over the fixture's 24 hours: every documented
// incident fires its alert and nothing fires outside the incidents (no crying wolf), and at every
// evaluation (each group at its own instants, on the phase Prometheus gives it) the firing set equals
// what Prometheus answers the condition is at that instant and at each instant of the last `for`.
#include "alerting/AlertRule.h"
#include "alerting/GroupClock.h"
#include "support/TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <set>

using namespace promdeck;

namespace {
constexpr std::int64_t Minute = 60'000;
const std::int64_t Start = test::FixtureStartMs;
const std::int64_t End = test::FixtureEndMs;

QString key(const QJsonObject &labels, const QStringList &drop = {})
{
    QStringList parts;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        if (!drop.contains(it.key()) && it.key() != u"__name__")
            parts << it.key() + QLatin1Char('=') + it.value().toString();
    parts.sort();
    return parts.join(QLatin1Char(','));
}
} // namespace

class TestAlertsBacktest : public QObject
{
    Q_OBJECT
    QNetworkAccessManager m_nam;
    QTemporaryDir m_dir;
    QJsonArray m_transitions;
    RuleFileResult m_rules;

    // alertname -> labels key -> firing minutes (evaluation times)
    std::map<QString, std::map<QString, std::set<std::int64_t>>>
    firingMinutes(const QStringList &ruleLabelNames) const
    {
        std::map<QString, std::map<QString, std::set<std::int64_t>>> out;
        std::map<std::pair<QString, QString>, std::int64_t> since; // firing since
        auto close = [&](const QString &name, const QString &k, std::int64_t until) {
            const auto it = since.find({name, k});
            if (it == since.end())
                return;
            for (std::int64_t t = it->second; t < until; t += Minute)
                out[name][k].insert(t);
            since.erase(it);
        };
        for (const QJsonValue &v : m_transitions) {
            const QJsonObject t = v.toObject();
            const QString name = t.value(QLatin1String("alertname")).toString();
            const QString k = key(t.value(QLatin1String("labels")).toObject(), ruleLabelNames);
            const std::int64_t at = t.value(QLatin1String("time_ms")).toInteger();
            if (t.value(QLatin1String("to")).toString() == u"firing")
                since[{name, k}] = at;
            else if (t.value(QLatin1String("from")).toString() == u"firing")
                close(name, k, at);
        }
        for (const auto &[id, from] : std::map(since))
            close(id.first, id.second, End + Minute);
        return out;
    }

private slots:
    void initTestCase()
    {
        const QString rules = test::sourcePath(QStringLiteral("dashboards/event-system.rules.yml"));
        m_rules = loadRuleFile(rules);
        QVERIFY2(m_rules.ok(), qPrintable(toStrings(m_rules.errors).join(QLatin1Char('\n'))));
        const QString out = m_dir.filePath(QStringLiteral("backtest.json"));
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedChannels);
        p.start(test::promdeckBinary(),
                {QStringLiteral("alerts"), QStringLiteral("backtest"), QStringLiteral("--rules"), rules,
                 QStringLiteral("--prometheus"), test::fixturePrometheusUrl().toString(),
                 QStringLiteral("--from"), QString::number(Start / 1000), QStringLiteral("--to"),
                 QString::number(End / 1000), QStringLiteral("--interval"), QStringLiteral("1m"),
                 QStringLiteral("-o"), out});
        QVERIFY(p.waitForFinished(120'000));
        QCOMPARE(p.exitCode(), 0);
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_transitions =
            QJsonDocument::fromJson(f.readAll()).object().value(QLatin1String("transitions")).toArray();
        QVERIFY(!m_transitions.isEmpty());
        // In time order, each with the documented fields.
        std::int64_t last = 0;
        for (const QJsonValue &v : m_transitions) {
            const QJsonObject t = v.toObject();
            QVERIFY(t.value(QLatin1String("time_ms")).toInteger() >= last);
            last = t.value(QLatin1String("time_ms")).toInteger();
            QVERIFY(t.value(QLatin1String("labels")).toObject().contains(QStringLiteral("severity")));
            QVERIFY(!t.value(QLatin1String("labels")).toObject().contains(QStringLiteral("alertname")));
            for (const char *field : {"alertname", "from", "to", "value"})
                QVERIFY(t.contains(QLatin1String(field)));
        }
    }

    void everyIncidentFiresAndNothingElse()
    {
        // tests/fixtures/INCIDENTS.md, as offsets from the start; an alert may fire from the incident's
        // start (plus its `for`) until its end plus 15 minutes (rates look back, queues drain).
        struct Incident
        {
            const char *alert;
            double fromHours, toHours;
        };
        const Incident incidents[] = {
            {"TargetDown", 6.0, 6.0 + 10 / 60.0},
            {"CeleryWorkerDown", 10.0, 10.5},
            {"CeleryQueueBacklog", 10.0, 11.0},
            {"CeleryTaskFailureRatio", 10.25, 10.0 + 35 / 60.0},
            {"RedisMemoryHigh", 12.0, 12.0 + 40 / 60.0},
            {"ApiHighP99Latency", 14.0, 14.0 + 20 / 60.0},
            {"ApiHigh5xxRatio", 16.5, 16.75},
            {"PostgresConnectionsHigh", 18.0, 18.0 + 20 / 60.0},
            {"PostgresDeadlocks", 18.0, 18.0 + 20 / 60.0},
            {"IstioLowSuccessRate", 20.0, 20.25},
            {"NodeDiskFilling", 21.0, 24.0},
        };
        const auto firing = firingMinutes({QStringLiteral("severity")});
        for (const Incident &i : incidents) {
            const auto it = firing.find(QString::fromLatin1(i.alert));
            QVERIFY2(it != firing.end(), i.alert);
            for (const auto &[labels, minutes] : it->second) {
                const std::int64_t first = *minutes.begin(), lastMinute = *minutes.rbegin();
                QVERIFY2(first >= Start + static_cast<std::int64_t>(i.fromHours * 3'600'000),
                         qPrintable(QStringLiteral("%1 {%2} fired before its incident")
                                        .arg(QLatin1String(i.alert), labels)));
                QVERIFY2(lastMinute <= Start + static_cast<std::int64_t>(i.toHours * 3'600'000) + 15 * Minute,
                         qPrintable(QStringLiteral("%1 {%2} still firing after its incident")
                                        .arg(QLatin1String(i.alert), labels)));
            }
        }
        QCOMPARE(firing.size(), std::size(incidents)); // nothing fires that is not an incident
    }

    void forMeansWhatPrometheusSays()
    {
        const auto firing = firingMinutes({QStringLiteral("severity")});
        int compared = 0;
        for (const RuleGroup &g : m_rules.groups) {
            // The group's own instants (every minute, at its phase), as the backtest evaluates it.
            const GroupClock clock(g.name, g.file, g.intervalMs);
            QCOMPARE(clock.intervalMs(), Minute);
            for (const AlertRule &rule : g.rules) {
                if (rule.keepFiringForMs > 0)
                    continue; // keep_firing_for has no one-expression equivalent; the unit tests cover it
                // Prometheus' answer at each instant: which series meet the condition.
                const std::int64_t first = clock.firstInstantAtOrAfterMs(Start);
                const QJsonObject answer = test::askPrometheus(
                    m_nam, test::fixturePrometheusUrl(), QStringLiteral("/api/v1/query_range"),
                    test::rangeQuery(rule.expr, first, End, Minute));
                QCOMPARE(answer.value(QLatin1String("status")).toString(), QStringLiteral("success"));
                std::map<std::int64_t, std::set<QString>> holds;
                for (const QJsonValue &s : answer.value(QLatin1String("data"))
                                               .toObject()
                                               .value(QLatin1String("result"))
                                               .toArray()) {
                    const QString k = key(s.toObject().value(QLatin1String("metric")).toObject());
                    for (const QJsonValue &p : s.toObject().value(QLatin1String("values")).toArray())
                        holds[std::llround(p.toArray().at(0).toDouble() * 1000)].insert(k);
                }
                // Firing: the condition held at this instant and at every one of the last `for`.
                const std::int64_t from = first + rule.forMs; // before that, the backtest has not looked back
                std::map<std::int64_t, std::set<QString>> expected;
                for (std::int64_t t = from; t <= End; t += Minute)
                    for (const QString &k : holds[t]) {
                        bool all = true;
                        for (std::int64_t back = t - rule.forMs; back < t && all; back += Minute)
                            all = holds[back].count(k) > 0;
                        if (all)
                            expected[t].insert(k);
                    }
                std::map<std::int64_t, std::set<QString>> got;
                if (const auto it = firing.find(rule.name); it != firing.end())
                    for (const auto &[k, minutes] : it->second)
                        for (std::int64_t t : minutes)
                            if (t >= from)
                                got[t].insert(k);
                for (std::int64_t t = from; t <= End; t += Minute) {
                    QVERIFY2(
                        got[t] == expected[t],
                        qPrintable(QStringLiteral("%1 at +%2 ms: Promdeck %3, Prometheus %4")
                                       .arg(rule.name)
                                       .arg(t - Start)
                                       .arg(QStringList(got[t].begin(), got[t].end()).join(QLatin1Char(';')),
                                            QStringList(expected[t].begin(), expected[t].end())
                                                .join(QLatin1Char(';')))));
                    ++compared;
                }
            }
        }
        QVERIFY(compared > 10 * 1400);
    }
};

QTEST_GUILESS_MAIN(TestAlertsBacktest)
#include "tst_alerts_backtest.moc"
