// Time navigation and axis ticks: ticks fall on round times in the axis' zone, zoom out doubles the
// range around its centre, shifts move by half, relative ends stay relative; the workspace keeps the
// previous range for Back.
#include "series/TimeTicks.h"

#include <QDateTime>
#include <QTest>

using namespace promdeck;

namespace {
std::int64_t utc(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
}
QString s(const char *text)
{
    return QString::fromLatin1(text);
}
QStringList list(std::initializer_list<const char *> texts)
{
    QStringList out;
    for (const char *t : texts)
        out << s(t);
    return out;
}
QStringList labels(const TimeTicks &ticks, const QTimeZone &zone)
{
    QStringList out;
    for (std::int64_t t : ticks.timesMs)
        out << QDateTime::fromMSecsSinceEpoch(t, zone).toString(ticks.format);
    return out;
}
} // namespace

class TestNavigation : public QObject
{
    Q_OBJECT
private slots:
    void ticksOnRoundTimes_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<int>("maxTicks");
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QStringList>("expected");
        // The odd minutes (10:46, 11:07, 11:29) over an odd range: now every 15 minutes.
        QTest::newRow("odd 1h10m range") << s("2026-01-05T10:46:13Z") << s("2026-01-05T11:56:13Z") << 7
                                         << s("UTC") << list({"11:00", "11:15", "11:30", "11:45"});
        QTest::newRow("6 hours, 7 ticks")
            << s("2026-01-05T12:00:00Z") << s("2026-01-05T18:00:00Z") << 7 << s("UTC")
            << list({"12:00", "13:00", "14:00", "15:00", "16:00", "17:00", "18:00"});
        QTest::newRow("6 hours, 4 ticks: every 3 h") << s("2026-01-05T12:05:00Z") << s("2026-01-05T18:05:00Z")
                                                     << 4 << s("UTC") << list({"15:00", "18:00"});
        QTest::newRow("7 days: days")
            << s("2026-01-01T05:00:00Z") << s("2026-01-08T05:00:00Z") << 8 << s("UTC")
            << list({"01-02", "01-03", "01-04", "01-05", "01-06", "01-07", "01-08"});
        QTest::newRow("10 minutes: every 2 min")
            << s("2026-01-05T10:01:30Z") << s("2026-01-05T10:11:30Z") << 6 << s("UTC")
            << list({"10:02", "10:04", "10:06", "10:08", "10:10"});
        // Round in the zone shown, not in UTC: India is 5:30 ahead.
        QTest::newRow("Kolkata hours") << s("2026-01-05T12:00:00Z") << s("2026-01-05T15:00:00Z") << 4
                                       << s("Asia/Kolkata") << list({"18:00", "19:00", "20:00"});
    }
    void ticksOnRoundTimes()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(int, maxTicks);
        QFETCH(QString, zone);
        QFETCH(QStringList, expected);
        const QTimeZone tz(zone.toLatin1());
        QVERIFY(tz.isValid());
        const TimeTicks ticks = chooseTimeTicks({utc(qPrintable(from)), utc(qPrintable(to))}, maxTicks, tz);
        QCOMPARE(labels(ticks, tz), expected);
        QVERIFY(static_cast<int>(ticks.timesMs.size()) <= maxTicks);
    }

    void zoomOutDoublesAroundTheCentre()
    {
        const TimeRange r{utc("2026-01-05T12:00:00Z"), utc("2026-01-05T18:00:00Z")};
        const TimeRange out = zoomedOut(r);
        QCOMPARE(out.fromMs, utc("2026-01-05T09:00:00Z"));
        QCOMPARE(out.toMs, utc("2026-01-05T21:00:00Z"));
        QCOMPARE(shifted(r, -1), (TimeRange{utc("2026-01-05T09:00:00Z"), utc("2026-01-05T15:00:00Z")}));
        QCOMPARE(shifted(r, 1), (TimeRange{utc("2026-01-05T15:00:00Z"), utc("2026-01-05T21:00:00Z")}));
    }

    void relativeEndsStayRelative()
    {
        const std::int64_t now = utc("2026-01-05T18:00:00Z");
        const TimeSpec last6h; // now-6h to now
        const TimeSpec out = zoomedOut(last6h, now);
        QVERIFY(out.from.isRelative() && out.to.isRelative());
        QCOMPARE(out.from.resolve(now), utc("2026-01-05T09:00:00Z"));
        QCOMPARE(out.to.resolve(now), utc("2026-01-05T21:00:00Z"));
        // An hour later the zoomed range has moved with the clock.
        QCOMPARE(out.from.resolve(now + 3'600'000), utc("2026-01-05T10:00:00Z"));
        const TimeSpec fixed{TimeExpression::absolute(utc("2026-01-05T12:00:00Z")),
                             TimeExpression::absolute(utc("2026-01-05T18:00:00Z"))};
        const TimeSpec back = shifted(fixed, -1, now);
        QVERIFY(!back.from.isRelative() && !back.to.isRelative());
        QCOMPARE(back.from.resolve(0), utc("2026-01-05T09:00:00Z"));
    }
};

QTEST_GUILESS_MAIN(TestNavigation)
#include "tst_navigation.moc"
