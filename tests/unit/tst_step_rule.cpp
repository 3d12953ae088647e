// The step rule and the built-in variables, as Grafana defines them.
#include "query/QueryPlanner.h"
#include "query/StepRule.h"
#include "query/Variables.h"

#include <QTest>

using namespace promdeck;

class TestStepRule : public QObject
{
    Q_OBJECT
private slots:
    void step_data()
    {
        QTest::addColumn<qint64>("rangeMs");
        QTest::addColumn<int>("width");
        QTest::addColumn<qint64>("minInterval");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("width decides") << qint64(3'600'000) << 1200 << qint64(0) << qint64(3000);
        QTest::newRow("min interval decides")
            << qint64(3'600'000) << 1200 << qint64(15'000) << qint64(15'000);
        QTest::newRow("11000 limit decides")
            << qint64(7 * 86'400'000LL) << 100'000 << qint64(0) << qint64((7 * 86'400'000LL + 10999) / 11000);
        QTest::newRow("rounds up") << qint64(1000) << 3 << qint64(0) << qint64(334);
        QTest::newRow("never zero") << qint64(10) << 4000 << qint64(0) << qint64(1);
    }
    void step()
    {
        QFETCH(qint64, rangeMs);
        QFETCH(int, width);
        QFETCH(qint64, minInterval);
        QFETCH(qint64, expected);
        const TimeRange range{1'700'000'000'000, 1'700'000'000'000 + rangeMs};
        const auto step = stepForRange(range, width, minInterval);
        QCOMPARE(step, expected);
        QVERIFY(range.durationMs() / step <= MaxPointsPerSeries);
    }

    void alignment()
    {
        const TimeRange aligned = alignToStep({1'700'000'012'345, 1'700'003'612'345}, 15'000);
        QCOMPARE(aligned.fromMs % 15'000, 0);
        QCOMPARE(aligned.toMs % 15'000, 0);
        QVERIFY(aligned.fromMs <= 1'700'000'012'345 && aligned.fromMs > 1'700'000'012'345 - 15'000);
        QVERIFY(aligned.toMs <= 1'700'003'612'345 && aligned.toMs > 1'700'003'612'345 - 15'000);
        const TimeRange tiny = alignToStep({1000, 1001}, 60'000);
        QVERIFY(tiny.toMs > tiny.fromMs);
    }

    void rateInterval()
    {
        QCOMPARE(rateIntervalMs(15'000, 15'000), 60'000);   // 4 x scrape wins
        QCOMPARE(rateIntervalMs(120'000, 15'000), 135'000); // interval + scrape wins
    }

    void substitution()
    {
        BuiltinVariables v{30'000, 60'000, 3'600'000};
        QCOMPARE(substituteBuiltins(
                     QStringLiteral("rate(x[$__rate_interval]) + rate(y[$__interval]) + $__interval_ms"), v),
                 QStringLiteral("rate(x[1m]) + rate(y[30s]) + 30000"));
        QCOMPARE(
            substituteBuiltins(QStringLiteral("increase(x[${__range}]) / $__range_s + ${__interval}"), v),
            QStringLiteral("increase(x[3600s]) / 3600 + 30s"));
        QCOMPARE(substituteBuiltins(QStringLiteral("$__interval_foo"), v), QStringLiteral("$__interval_foo"));
        QCOMPARE(substituteBuiltins(QStringLiteral("up"), v), QStringLiteral("up"));
    }

    void planner()
    {
        Panel p;
        p.interval = QStringLiteral("1m");
        p.targets = {{.refId = QStringLiteral("A"), .expr = QStringLiteral("rate(x[$__rate_interval])")},
                     {.refId = QStringLiteral("B"), .expr = QStringLiteral("up"), .instant = true},
                     {.refId = QStringLiteral("C"), .expr = QStringLiteral("hidden"), .hide = true}};
        const TimeRange range{1'700'000'000'000, 1'700'021'600'000}; // 6 h
        const auto planned = planPanelQueries(p, range, 800, PlannerSettings{15'000}, VariableValues{});
        QCOMPARE(planned.size(), size_t(2));
        QCOMPARE(planned[0].stepMs, 60'000); // 6h/800 = 27s < the panel's 1m minimum
        QCOMPARE(planned[0].range.expr, QStringLiteral("rate(x[1m15s])"));
        QCOMPARE(planned[0].range.startMs % 60'000, 0);
        QVERIFY(planned[1].instant);
        QCOMPARE(planned[1].instantQuery.timeMs, range.toMs);
    }

    void durations()
    {
        QCOMPARE(parseDurationMs(u"1h30m"), std::optional<std::int64_t>(5'400'000));
        QCOMPARE(parseDurationMs(u"250ms"), std::optional<std::int64_t>(250));
        QCOMPARE(parseDurationMs(u"7d"), std::optional<std::int64_t>(7 * 86'400'000LL));
        QVERIFY(!parseDurationMs(u"5 minutes"));
        QVERIFY(!parseDurationMs(u""));
        QCOMPARE(formatPromDuration(90'000), QStringLiteral("1m30s"));
        QCOMPARE(formatPromDuration(86'400'000 + 1), QStringLiteral("1d1ms"));
    }

    void timeExpressions()
    {
        QCOMPARE(TimeExpression::parse(u"now-6h")->resolve(10'000'000'000), 10'000'000'000 - 21'600'000);
        QCOMPARE(TimeExpression::parse(u"2026-01-05T00:00:00Z")->resolve(0), 1767571200000);
        QCOMPARE(TimeExpression::parse(u"1767571200.5")->resolve(0), 1767571200500);
        QVERIFY(!TimeExpression::parse(u"yesterday"));
        const Result<TimeExpression> wrong = TimeExpression::parse(u"now-6x");
        QVERIFY(!wrong);
        QVERIFY(wrong.error().message().contains(QStringLiteral("now-6x")));
        // As servers write them: Prometheus' nanoseconds, Alertmanager's milliseconds, offsets, no zone.
        QCOMPARE(parseRfc3339Ms(u"2026-01-05T00:00:01.123456789Z"),
                 std::optional<std::int64_t>(1767571201123));
        QCOMPARE(parseRfc3339Ms(u"2026-01-05T00:00:01.5Z"), std::optional<std::int64_t>(1767571201500));
        QCOMPARE(parseRfc3339Ms(u"2026-01-05T02:00:00+02:00"), std::optional<std::int64_t>(1767571200000));
        QCOMPARE(parseRfc3339Ms(u"2026-01-04T19:00:00-05:00"), std::optional<std::int64_t>(1767571200000));
        QCOMPARE(parseRfc3339Ms(u"2026-01-05T00:00:00"), std::optional<std::int64_t>(1767571200000));
        QVERIFY(!parseRfc3339Ms(u"0001-01-01T00:00:00Z garbage"));
    }
};

QTEST_GUILESS_MAIN(TestStepRule)
#include "tst_step_rule.moc"
