// Rule groups on their own clocks: the instants Promdeck evaluates a group at are the ones a real
// Prometheus (Debian's, running the same rule file) evaluates it at, to the nanosecond; the backtest
// uses the same instants; a group slower than its interval skips the instants it missed and counts
// them, while a fast group beside it keeps every one of its instants.
#include "alerting/AlertEngine.h"
#include "alerting/GroupClock.h"
#include "prometheus/PrometheusClient.h"
#include "support/TestSupport.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace promdeck;

namespace {
constexpr std::int64_t NsPerMs = 1'000'000;

// RFC 3339 with nanoseconds, as Prometheus writes activeAt, to nanoseconds since the epoch.
std::int64_t rfc3339Ns(const QString &text)
{
    const qsizetype dot = text.indexOf(QLatin1Char('.'));
    const QString seconds = text.left(dot < 0 ? text.size() - 1 : dot) + QLatin1Char('Z');
    const std::int64_t s = QDateTime::fromString(seconds, Qt::ISODate).toSecsSinceEpoch();
    const QString fraction = dot < 0 ? QString() : text.mid(dot + 1).chopped(1);
    const QString nanoseconds = fraction + QString(9 - fraction.size(), QLatin1Char('0'));
    return s * 1'000'000'000 + nanoseconds.toLongLong();
}

// The real Prometheus behind, with one thing changed: the answers to queries of `slowExpr` arrive
// `delayMs` late, as those of an overloaded server do. Delivered through the event loop.
class SlowFor : public DataSource
{
public:
    SlowFor(DataSource *server, QString slowExpr, int delayMs)
        : m_server(server), m_slowExpr(std::move(slowExpr)), m_delayMs(delayMs)
    {
    }
    QueryReply *queryInstant(const InstantQuery &q) override
    {
        QueryReply *upstream = m_server->queryInstant(q);
        if (q.expr != m_slowExpr)
            return upstream;
        auto *late = new QueryReply(this);
        connect(upstream, &QueryReply::finished, late, [this, upstream, late] {
            upstream->deleteLater();
            QTimer::singleShot(m_delayMs, late, [late, o = upstream->outcome()] { late->finish(o); });
        });
        return late;
    }
    QueryReply *queryRange(const RangeQuery &q) override { return m_server->queryRange(q); }
    MetadataReply *labelValues(const QString &l, const QStringList &m, const TimeRange &r) override
    {
        return m_server->labelValues(l, m, r);
    }
    MetadataReply *labelNames(const QStringList &m, const TimeRange &r) override
    {
        return m_server->labelNames(m, r);
    }
    MetadataReply *buildInfo() override { return m_server->buildInfo(); }
    QString description() const override { return m_server->description(); }

private:
    DataSource *m_server;
    QString m_slowExpr;
    int m_delayMs;
};
} // namespace

class TestAlertGroups : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QNetworkAccessManager m_nam;
    QString m_rulesPath;
    QString m_prom;
    std::unique_ptr<PrometheusClient> m_client;

    bool fixture(const QStringList &args,
                 const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::ForwardedChannels);
        p.start(qEnvironmentVariable("PROMDECK_FIXTURE_SCRIPT"), args);
        return p.waitForFinished(300'000) && p.exitCode() == 0;
    }

    std::vector<RuleGroup> loadRules()
    {
        RuleFileResult r = loadRuleFile(m_rulesPath);
        return std::move(r.groups);
    }

private slots:
    void initTestCase()
    {
        // Two groups on their own intervals, each with a rule that always holds: its alert's activeAt
        // is the instant of the group's first evaluation, to the nanosecond.
        m_rulesPath = m_dir.filePath(QStringLiteral("clocks.rules.yml"));
        QFile rules(m_rulesPath);
        QVERIFY(rules.open(QIODevice::WriteOnly));
        rules.write("groups:\n"
                    "  - name: every-2s\n    interval: 2s\n    rules:\n"
                    "      - alert: AlwaysA\n        expr: vector(1)\n"
                    "  - name: every-3s\n    interval: 3s\n    rules:\n"
                    "      - alert: AlwaysB\n        expr: vector(2)\n");
        rules.close();
        const QString series = m_dir.filePath(QStringLiteral("series.om"));
        QFile om(series);
        QVERIFY(om.open(QIODevice::WriteOnly));
        // The rules need no data; a fixed series keeps the fixture's backfill cached across runs.
        om.write("up{job=\"clock\"} 1 1767225600\n# EOF\n");
        om.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PROMDECK_FIXTURE_RULES"), m_rulesPath);
        QVERIFY(fixture({QStringLiteral("start"), m_dir.filePath(QStringLiteral("prometheus")),
                         test::sourcePath(QStringLiteral("tests/alerting/copy-series.sh")), series},
                        env));
        QFile url(m_dir.filePath(QStringLiteral("prometheus/url")));
        QVERIFY(url.open(QIODevice::ReadOnly));
        m_prom = QString::fromUtf8(url.readAll()).trimmed();
        m_client = std::make_unique<PrometheusClient>(
            &m_nam, PrometheusEndpoint{QUrl(m_prom), {}, std::chrono::seconds(10), 2000});
    }

    void cleanupTestCase()
    {
        m_client.reset();
        fixture({QStringLiteral("stop"), m_dir.filePath(QStringLiteral("prometheus"))});
    }

    void instantsFollowTheGroupsPhase_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("file");
        QTest::addColumn<qint64>("intervalMs");
        QTest::addColumn<qint64>("offsetNs");
        // Observed on Debian's Prometheus 2.42 (activeAt of an always-firing rule, modulo the interval).
        const QString file = QStringLiteral("/tmp/gck/rules.yml");
        QTest::newRow("fast") << QStringLiteral("fast") << file << qint64(2000) << qint64(1'398'554'392);
        QTest::newRow("slowish") << QStringLiteral("slowish") << file << qint64(7000) << qint64(47'777'546);
    }
    void instantsFollowTheGroupsPhase()
    {
        QFETCH(QString, name);
        QFETCH(QString, file);
        QFETCH(qint64, intervalMs);
        QFETCH(qint64, offsetNs);
        const GroupClock clock(name, file, intervalMs);
        QCOMPARE(clock.offsetNs(), offsetNs);
        const std::int64_t intervalNs = intervalMs * NsPerMs;
        // Prometheus' EvalTimestamp: the last instant at or before, on the group's phase.
        const std::int64_t t = 1'796'000'000'123'456'789;
        const std::int64_t at = clock.instantAtOrBeforeNs(t);
        QVERIFY(at <= t && t - at < intervalNs);
        QCOMPARE(at % intervalNs, offsetNs);
        QCOMPARE(clock.instantAtOrBeforeNs(at), at);
        QCOMPARE(clock.instantAtOrBeforeNs(at - 1), at - intervalNs);
        // In milliseconds: the millisecond Prometheus queries at.
        const std::int64_t atMs = clock.instantAtOrBeforeMs(t / NsPerMs);
        QCOMPARE(atMs, at / NsPerMs);
        QCOMPARE(clock.firstInstantAtOrAfterMs(atMs), atMs);
        QCOMPARE(clock.firstInstantAtOrAfterMs(atMs + 1), atMs + intervalMs);
        const std::vector<std::int64_t> instants = clock.instantsMs(atMs - 1, atMs + 10 * intervalMs);
        QCOMPARE(instants.size(), size_t(11));
        QCOMPARE(instants.front(), atMs);
        for (size_t i = 1; i < instants.size(); ++i)
            QCOMPARE(instants[i] - instants[i - 1], intervalMs);
    }

    void groupWithoutIntervalRunsEveryMinute()
    {
        const GroupClock clock(QStringLiteral("g"), QStringLiteral("f.yml"), 0);
        QCOMPARE(clock.intervalMs(), 60'000);
        QVERIFY(clock.offsetNs() >= 0 && clock.offsetNs() < 60'000 * NsPerMs);
        QCOMPARE(static_cast<std::uint64_t>(clock.offsetNs()),
                 prometheusGroupHash(QStringLiteral("g"), QStringLiteral("f.yml")) % (60'000ULL * NsPerMs));
    }

    void missedInstantsAreSkipped()
    {
        const GroupClock clock(QStringLiteral("g"), QStringLiteral("f.yml"), 2000);
        const std::int64_t last = clock.instantAtOrBeforeMs(1'796'000'000'000);
        // Done in time: the next instant, nothing missed.
        QCOMPARE(clock.after(last, last + 300).instantMs, last + 2000);
        QCOMPARE(clock.after(last, last + 300).missed, 0);
        QCOMPARE(clock.after(last, last + 2000).instantMs, last + 2000);
        QCOMPARE(clock.after(last, last + 2000).missed, 0);
        // 7.5 s late: the instants at +2, +4 s are skipped, +6 s is evaluated (the latest that passed).
        QCOMPARE(clock.after(last, last + 7500).instantMs, last + 6000);
        QCOMPARE(clock.after(last, last + 7500).missed, 2);
    }

    void instantsAreWhatPrometheusUses()
    {
        // Prometheus' alerts: activeAt is the instant of its group's first evaluation.
        std::map<QString, std::int64_t> activeAtNs;
        auto readAlerts = [&] {
            MetadataReply *r = m_client->alerts();
            QSignalSpy done(r, &MetadataReply::finished);
            if (!done.wait(10'000) || !r->ok())
                return false;
            for (const QJsonValue &v : r->data().toObject().value(QLatin1String("alerts")).toArray()) {
                const QJsonObject a = v.toObject();
                const QString name =
                    a.value(QLatin1String("labels")).toObject().value(QLatin1String("alertname")).toString();
                activeAtNs[name] = rfc3339Ns(a.value(QLatin1String("activeAt")).toString());
            }
            r->deleteLater();
            return activeAtNs.size() == 2;
        };
        QTRY_VERIFY_WITH_TIMEOUT(readAlerts(), 15'000);
        const std::vector<RuleGroup> groups = loadRules();
        QCOMPARE(groups.size(), size_t(2));
        std::map<QString, std::int64_t> promMs; // per group: one instant of Prometheus', in ms
        for (const RuleGroup &g : groups) {
            const GroupClock clock(g.name, g.file, g.intervalMs);
            const std::int64_t prometheus = activeAtNs.at(g.rules.front().name);
            QVERIFY2(
                clock.instantAtOrBeforeNs(prometheus) == prometheus,
                qPrintable(QStringLiteral("%1: Prometheus evaluated at %2 ns, Promdeck's instants are at "
                                          "%3 ns within %4 ms")
                               .arg(g.name)
                               .arg(prometheus)
                               .arg(clock.offsetNs())
                               .arg(g.intervalMs)));
            promMs[g.name] = prometheus / NsPerMs;
        }

        // The live engine on the same file: every evaluation at one of Prometheus' instants of its group,
        // each group at its own pace, none skipped.
        AlertEngine engine(m_client.get(), loadRules());
        std::vector<std::int64_t> times;
        connect(&engine, &AlertEngine::evaluated, this, [&](qint64 t, const auto &) { times.push_back(t); });
        const std::int64_t started = QDateTime::currentMSecsSinceEpoch();
        engine.start();
        QTest::qWait(6500);
        engine.stop();
        const std::int64_t elapsed = QDateTime::currentMSecsSinceEpoch() - started;
        QVERIFY(!times.empty());
        for (std::int64_t t : times)
            QVERIFY2((t - promMs[QStringLiteral("every-2s")]) % 2000 == 0 ||
                         (t - promMs[QStringLiteral("every-3s")]) % 3000 == 0,
                     qPrintable(QString::number(t)));
        for (const RuleGroupStatus &s : engine.groups()) {
            // The instant just past at the start, then one per interval.
            const std::int64_t expected = 1 + elapsed / s.intervalMs;
            QVERIFY2(std::abs(s.evaluations - expected) <= 1,
                     qPrintable(QStringLiteral("%1: %2 evaluations in %3 ms")
                                    .arg(s.name)
                                    .arg(s.evaluations)
                                    .arg(elapsed)));
            QVERIFY(s.lastDurationMs >= 0);
        }
    }

    void backtestUsesTheSameInstants()
    {
        AlertEngine engine(m_client.get(), loadRules());
        std::vector<std::int64_t> times;
        connect(&engine, &AlertEngine::evaluated, this, [&](qint64 t, const auto &) { times.push_back(t); });
        QSignalSpy finished(&engine, &AlertEngine::finished);
        const std::int64_t to = QDateTime::currentMSecsSinceEpoch() - 1000;
        const std::int64_t from = to - 30'000;
        engine.backtest(from, to);
        QVERIFY(finished.wait(20'000));
        std::vector<std::int64_t> expected;
        for (const RuleGroup &g : loadRules())
            for (std::int64_t t : GroupClock(g.name, g.file, g.intervalMs).instantsMs(from, to))
                expected.push_back(t);
        std::sort(expected.begin(), expected.end());
        QCOMPARE(times, expected);
        QCOMPARE(times.size(), size_t(15 + 10)); // 30 s of a 2 s and a 3 s group
    }

    void slowGroupSkipsWhatItMissedOthersKeepTheirTime()
    {
        // Two groups at 1 s; the second's query takes 2.3 s to answer.
        const QString file = m_dir.filePath(QStringLiteral("slow.rules.yml"));
        RuleFileResult r = parseRuleFile("groups:\n"
                                         "  - name: quick\n    interval: 1s\n    rules:\n"
                                         "      - alert: Quick\n        expr: vector(1)\n"
                                         "  - name: slow\n    interval: 1s\n    rules:\n"
                                         "      - alert: Slow\n        expr: vector(2)\n",
                                         file);
        QVERIFY(r.ok());
        SlowFor source(m_client.get(), QStringLiteral("vector(2)"), 2300);
        AlertEngine engine(&source, r.groups);
        std::map<QString, std::vector<std::int64_t>> instants;
        std::map<QString, std::int64_t> seen;
        std::map<QString, std::int64_t> missedWhenSeen; // an evaluation still running at the end counts
                                                        // its missed instants already
        connect(&engine, &AlertEngine::evaluated, this, [&](qint64 t, const auto &) {
            for (const RuleGroupStatus &s : engine.groups())
                if (s.evaluations != seen[s.name]) {
                    seen[s.name] = s.evaluations;
                    missedWhenSeen[s.name] = s.missed;
                    instants[s.name].push_back(t);
                }
        });
        engine.start();
        QTest::qWait(9000);
        engine.stop();
        const std::vector<RuleGroupStatus> status = engine.groups();
        // The quick group: every instant, none missed, never held up by the slow one.
        const auto &quick = instants[QStringLiteral("quick")];
        QVERIFY2(quick.size() >= 8, qPrintable(QString::number(quick.size())));
        for (size_t i = 1; i < quick.size(); ++i)
            QCOMPARE(quick[i] - quick[i - 1], 1000);
        QCOMPARE(status[0].missed, 0);
        // The slow group: about one evaluation per 2.3 s, each at the latest instant that had passed,
        // the ones in between counted as missed.
        const auto &slow = instants[QStringLiteral("slow")];
        QVERIFY2(slow.size() >= 3 && slow.size() <= 5, qPrintable(QString::number(slow.size())));
        std::int64_t skipped = 0;
        for (size_t i = 1; i < slow.size(); ++i) {
            const std::int64_t gap = slow[i] - slow[i - 1];
            QVERIFY2(gap % 1000 == 0 && gap >= 2000, qPrintable(QString::number(gap)));
            skipped += gap / 1000 - 1;
        }
        QCOMPARE(missedWhenSeen[QStringLiteral("slow")], skipped);
        QVERIFY(status[1].missed >= 2);
        QVERIFY2(status[1].lastDurationMs >= 2000, // 2.3 s, by a coarse timer (5%)
                 qPrintable(QString::number(status[1].lastDurationMs)));
        const GroupClock slowClock(QStringLiteral("slow"), file, 1000);
        for (std::int64_t t : slow)
            QCOMPARE(slowClock.instantAtOrBeforeMs(t), t);
    }
};

QTEST_GUILESS_MAIN(TestAlertGroups)
#include "tst_alert_groups.moc"
