// `promdeck alerts backtest` with the built-in rules over the fixture's 24 hours: every documented
// incident fires its alert and nothing fires outside the incidents (no crying wolf), and at every
// minute the firing set equals what Prometheus' own engine says the `for` clause means:
// `count_over_time((expr)[for:1m]) == for/1m + 1` (the condition held at every evaluation of the
// last `for`).
#include "alerting/AlertRule.h"
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
        for (const RuleGroup &g : m_rules.groups)
            for (const AlertRule &rule : g.rules) {
                if (rule.keepFiringForMs > 0)
                    continue; // keep_firing_for has no one-expression equivalent; the unit tests cover it
                const std::int64_t steps = rule.forMs / Minute + 1;
                // `for: 0`: the condition itself.
                const QString query = rule.forMs == 0 ? rule.expr
                                                      : QStringLiteral("count_over_time((%1)[%2m:1m]) == %3")
                                                            .arg(rule.expr)
                                                            .arg(rule.forMs / Minute)
                                                            .arg(steps);
                const std::int64_t from = Start + rule.forMs; // before that, the backtest has not looked back
                const QJsonObject answer = test::askPrometheus(m_nam, test::fixturePrometheusUrl(),
                                                               QStringLiteral("/api/v1/query_range"),
                                                               test::rangeQuery(query, from, End, Minute));
                QCOMPARE(answer.value(QLatin1String("status")).toString(), QStringLiteral("success"));
                std::map<std::int64_t, std::set<QString>> expected;
                for (const QJsonValue &s : answer.value(QLatin1String("data"))
                                               .toObject()
                                               .value(QLatin1String("result"))
                                               .toArray()) {
                    const QString k = key(s.toObject().value(QLatin1String("metric")).toObject());
                    for (const QJsonValue &p : s.toObject().value(QLatin1String("values")).toArray())
                        expected[std::llround(p.toArray().at(0).toDouble() * 1000)].insert(k);
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
                        qPrintable(QStringLiteral("%1 at +%2 min: Promdeck %3, Prometheus %4")
                                       .arg(rule.name)
                                       .arg((t - Start) / Minute)
                                       .arg(QStringList(got[t].begin(), got[t].end()).join(QLatin1Char(';')),
                                            QStringList(expected[t].begin(), expected[t].end())
                                                .join(QLatin1Char(';')))));
                    ++compared;
                }
            }
        QVERIFY(compared > 10 * 1400);
    }
};

QTEST_GUILESS_MAIN(TestAlertsBacktest)
#include "tst_alerts_backtest.moc"
