// Grafana's date math as Promdeck reads it: `now/d`, `now-1d/d`, `now/w`, `now-1M/M` rounded down in
// `from` and up to the last millisecond in `to`, in the zone shown (UTC, Berlin across both DST
// changes, Kolkata's half hours), against times worked out by hand; errors name the column.
#include "dashboard/DashboardLoader.h"
#include "series/TimeRange.h"
#include "series/TimeTicks.h"

#include <QDateTime>
#include <QTest>

using namespace promdeck;

namespace {
std::int64_t at(const char *iso)
{
    const QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs);
    Q_ASSERT(t.isValid());
    return t.toMSecsSinceEpoch();
}
QString s(const char *text)
{
    return QString::fromLatin1(text);
}
QString iso(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}
} // namespace

class TestTimeMath : public QObject
{
    Q_OBJECT
private slots:
    void rounding_data()
    {
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("now");
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("asFrom");
        QTest::addColumn<QString>("asTo");
        // Thursday 3 December 2026, 16:55 UTC.
        const char *thu = "2026-12-03T16:55:42.250Z";
        auto row = [](const char *name, const char *zone, const char *now, const char *expr, const char *from,
                      const char *to) {
            QTest::newRow(name) << s(zone) << s(now) << s(expr) << s(from) << s(to);
        };
        row("today", "UTC", thu, "now/d", "2026-12-03T00:00:00.000Z", "2026-12-03T23:59:59.999Z");
        row("yesterday", "UTC", thu, "now-1d/d", "2026-12-02T00:00:00.000Z", "2026-12-02T23:59:59.999Z");
        row("this day last week", "UTC", thu, "now-7d/d", "2026-11-26T00:00:00.000Z",
            "2026-11-26T23:59:59.999Z");
        // ISO weeks: Thursday's week starts on Monday 30 November.
        row("this week", "UTC", thu, "now/w", "2026-11-30T00:00:00.000Z", "2026-12-06T23:59:59.999Z");
        row("previous week", "UTC", thu, "now-1w/w", "2026-11-23T00:00:00.000Z", "2026-11-29T23:59:59.999Z");
        row("this month", "UTC", thu, "now/M", "2026-12-01T00:00:00.000Z", "2026-12-31T23:59:59.999Z");
        row("previous month", "UTC", thu, "now-1M/M", "2026-11-01T00:00:00.000Z", "2026-11-30T23:59:59.999Z");
        row("this year", "UTC", thu, "now/y", "2026-01-01T00:00:00.000Z", "2026-12-31T23:59:59.999Z");
        row("previous year", "UTC", thu, "now-1y/y", "2025-01-01T00:00:00.000Z", "2025-12-31T23:59:59.999Z");
        row("this hour", "UTC", thu, "now/h", "2026-12-03T16:00:00.000Z", "2026-12-03T16:59:59.999Z");
        row("this minute", "UTC", thu, "now/m", "2026-12-03T16:55:00.000Z", "2026-12-03T16:55:59.999Z");
        row("this second", "UTC", thu, "now/s", "2026-12-03T16:55:42.000Z", "2026-12-03T16:55:42.999Z");
        row("rounded, then moved", "UTC", thu, "now/d+8h", "2026-12-03T08:00:00.000Z",
            "2026-12-04T07:59:59.999Z");
        row("unrounded ends are the same both sides", "UTC", thu, "now-6h", "2026-12-03T10:55:42.250Z",
            "2026-12-03T10:55:42.250Z");
        // 31 March minus a month is the last of February, as a calendar counts.
        row("month back from the 31st", "UTC", "2026-03-31T12:00:00Z", "now-1M/d", "2026-02-28T00:00:00.000Z",
            "2026-02-28T23:59:59.999Z");
        // Berlin in December is UTC+1: its midnight is 23:00 UTC the day before.
        row("Berlin today", "Europe/Berlin", thu, "now/d", "2026-12-02T23:00:00.000Z",
            "2026-12-03T22:59:59.999Z");
        row("Berlin late evening is tomorrow", "Europe/Berlin", "2026-12-03T23:30:00Z", "now/d",
            "2026-12-03T23:00:00.000Z", "2026-12-04T22:59:59.999Z");
        // 25 October 2026: CEST (+2) ends at 03:00, clocks go back to 02:00 CET (+1): a 25 hour day.
        row("Berlin, the 25 hour day", "Europe/Berlin", "2026-10-25T12:00:00Z", "now/d",
            "2026-10-24T22:00:00.000Z", "2026-10-25T22:59:59.999Z");
        row("Berlin, the week ending on it", "Europe/Berlin", "2026-10-25T12:00:00Z", "now/w",
            "2026-10-18T22:00:00.000Z", "2026-10-25T22:59:59.999Z");
        row("Berlin, October", "Europe/Berlin", "2026-10-25T12:00:00Z", "now/M", "2026-09-30T22:00:00.000Z",
            "2026-10-31T22:59:59.999Z");
        // 02:30 happens twice that night: the first (CEST) and the second (CET) are different hours.
        row("Berlin, first 02:30", "Europe/Berlin", "2026-10-25T00:30:00Z", "now/h",
            "2026-10-25T00:00:00.000Z", "2026-10-25T00:59:59.999Z");
        row("Berlin, second 02:30", "Europe/Berlin", "2026-10-25T01:30:00Z", "now/h",
            "2026-10-25T01:00:00.000Z", "2026-10-25T01:59:59.999Z");
        // 29 March 2026: 02:00 CET jumps to 03:00 CEST, a 23 hour day. Half past midnight on the 30th,
        // yesterday is the 29th: a calendar day back, not 24 hours (which would land on the 28th).
        row("Berlin, yesterday was 23 hours", "Europe/Berlin", "2026-03-29T22:30:00Z", "now-1d/d",
            "2026-03-28T23:00:00.000Z", "2026-03-29T21:59:59.999Z");
        row("Berlin, today after the 23 hour day", "Europe/Berlin", "2026-03-29T22:30:00Z", "now/d",
            "2026-03-29T22:00:00.000Z", "2026-03-30T21:59:59.999Z");
        // India is UTC+5:30: its hours start at half past UTC hours.
        row("Kolkata hour", "Asia/Kolkata", thu, "now/h", "2026-12-03T16:30:00.000Z",
            "2026-12-03T17:29:59.999Z");
        row("Kolkata today", "Asia/Kolkata", thu, "now/d", "2026-12-02T18:30:00.000Z",
            "2026-12-03T18:29:59.999Z");
    }
    void rounding()
    {
        QFETCH(QString, zone);
        QFETCH(QString, now);
        QFETCH(QString, expression);
        QFETCH(QString, asFrom);
        QFETCH(QString, asTo);
        const QTimeZone tz(zone.toLatin1());
        QVERIFY2(tz.isValid(), qPrintable(zone));
        const Result<TimeExpression> e = TimeExpression::parse(expression);
        QVERIFY2(e.ok(), qPrintable(e.error().message()));
        QVERIFY(e->isRelative());
        const std::int64_t nowMs = at(now.toLatin1().constData());
        QCOMPARE(iso(e->resolve(nowMs, RangeEnd::From, tz)), iso(at(asFrom.toLatin1().constData())));
        QCOMPARE(iso(e->resolve(nowMs, RangeEnd::To, tz)), iso(at(asTo.toLatin1().constData())));
        // What it reads back as is what was written.
        QCOMPARE(e->toString(), expression);
    }

    void quickRangesAreNamedAndMove()
    {
        const QTimeZone berlin("Europe/Berlin");
        auto spec = [](const char *from, const char *to) {
            return TimeSpec{*TimeExpression::parse(s(from)), *TimeExpression::parse(s(to))};
        };
        QCOMPARE(spec("now/d", "now/d").toString(), s("Today"));
        QCOMPARE(spec("now/d", "now").toString(), s("Today so far"));
        QCOMPARE(spec("now-1d/d", "now-1d/d").toString(), s("Yesterday"));
        QCOMPARE(spec("now-1w/w", "now-1w/w").toString(), s("Previous week"));
        QCOMPARE(spec("now-6h", "now").toString(), s("Last 6h"));
        QCOMPARE(spec("now-7d/d", "now/d").toString(), s("now-7d/d to now/d"));
        // "Today so far" ends at now and starts at midnight where the range is shown.
        const std::int64_t now = at("2026-12-03T16:55:00Z");
        QCOMPARE(spec("now/d", "now").resolve(now, berlin), (TimeRange{at("2026-12-02T23:00:00Z"), now}));
        // A relative range is resolved again each time: the next day is another "Today".
        const TimeSpec today = spec("now/d", "now/d");
        QCOMPARE(iso(today.resolve(now + 86'400'000, QTimeZone::utc()).fromMs),
                 s("2026-12-04T00:00:00.000Z"));
        QVERIFY(today.isRelative());
        // Every quick range reads and resolves to a valid range.
        QVERIFY(quickRanges().size() >= 20);
        for (const QuickRange &quick : quickRanges())
            QVERIFY2(quick.spec.resolve(now, berlin).isValid(), qPrintable(quick.label));
        // Zooming out of a rounded range keeps it moving with now, as plain offsets.
        const TimeSpec out = zoomedOut(today, now, QTimeZone::utc());
        QVERIFY(out.from.isRelative() && out.to.isRelative());
        // Today ends a millisecond before tomorrow: half its length before midnight is 12:00:00.001.
        QCOMPARE(iso(out.resolve(now, QTimeZone::utc()).fromMs), s("2026-12-02T12:00:00.001Z"));
    }

    void dashboardsSayYesterday()
    {
        const DashboardLoadResult loaded = loadDashboard(
            QByteArrayLiteral(R"({"time": {"from": "now-1d/d", "to": "now-1d/d"}})"), s("y.json"));
        QVERIFY(loaded.ok());
        QCOMPARE(loaded.dashboard->time.toString(), s("Yesterday"));
        QCOMPARE(iso(loaded.dashboard->time.resolve(at("2026-12-03T16:55:00Z"), QTimeZone::utc()).toMs),
                 s("2026-12-02T23:59:59.999Z"));
    }

    void oldFormsStillRead()
    {
        QCOMPARE(TimeExpression::parse(u"now-1h30m")->resolve(10'000'000'000), 10'000'000'000 - 5'400'000);
        QCOMPARE(TimeExpression::parse(u"now-1h30m")->toString(), s("now-1h30m"));
        QCOMPARE(TimeExpression::parse(u" now - 6h ")->fixedOffsetMs(),
                 std::optional<std::int64_t>(-21'600'000));
        QCOMPARE(TimeExpression::parse(u"now-7d")->fixedOffsetMs(),
                 std::optional<std::int64_t>(-7 * 86'400'000LL));
        QCOMPARE(TimeExpression::parse(u"now+250ms")->resolve(1000), 1250);
        QCOMPARE(*TimeExpression::parse(u"now"), TimeExpression::relativeToNow(0));
        QCOMPARE(TimeExpression::parse(u"now/d")->fixedOffsetMs(), std::nullopt);
    }

    void errorsNameTheColumn_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown unit")
            << s("now-1x/d") << s("now-1x/d: unknown unit 'x' (units: y M w d h m s) at column 6");
        QTest::newRow("unknown rounding unit")
            << s("now/q") << s("now/q: unknown unit 'q' (units: y M w d h m s) at column 5");
        QTest::newRow("nothing after /")
            << s("now/") << s("now/: expected a unit (y M w d h m s) after '/' at column 5");
        QTest::newRow("no number") << s("now-") << s("now-: expected a number after '-' at column 5");
        QTest::newRow("number without unit")
            << s("now-6") << s("now-6: expected a unit (y M w d h m s) after the number at column 6");
        QTest::newRow("unknown operator")
            << s("now*2")
            << s("now*2: unexpected '*': expected +, - or / (now-6h, now/d, now-1d/d) at column 4");
        // Columns count in the text as written, leading spaces included.
        QTest::newRow("leading spaces")
            << s("  now-1x") << s("now-1x: unknown unit 'x' (units: y M w d h m s) at column 8");
        QTest::newRow("too large") << s("now-99999999999999999999d")
                                   << s("now-99999999999999999999d: the number is too large at column 5");
        QTest::newRow("too many days")
            << s("now-999999y") << s("now-999999y: the duration is too large at column 5");
        QTest::newRow("hours past int64")
            << s("now-9000000000000h") << s("now-9000000000000h: the duration is too large at column 5");
    }
    void errorsNameTheColumn()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const Result<TimeExpression> e = TimeExpression::parse(text);
        QVERIFY(!e.ok());
        QCOMPARE(e.error().message(), message);
    }
};

QTEST_GUILESS_MAIN(TestTimeMath)
#include "tst_time_math.moc"
