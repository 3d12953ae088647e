// The zone times are shown and rounded in (issue 15): names as Grafana and the settings write them,
// Grafana's precedence (a dashboard's own zone, then the user's, then local time), bad names refused
// with words that say what is accepted; axis ticks on round times of that zone's clock (Kolkata's
// +05:30, Berlin across both DST changes); `now/d` in a panel's `timeFrom` counted in the zone; the
// dashboard's `timezone` read, warned about when unknown, kept when a panel is added to the file; the
// user's setting remembered.
#include "dashboard/DashboardLoader.h"
#include "explore/AddToDashboard.h"
#include "query/PanelTime.h"
#include "query/Variables.h"
#include "series/TimeTicks.h"
#include "series/TimeZones.h"
#include "settings/Settings.h"

#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace promdeck;

namespace {
constexpr std::int64_t Hour = 3'600'000;

std::int64_t at(const char *iso)
{
    const QDateTime t = QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate);
    Q_ASSERT(t.isValid());
    return t.toMSecsSinceEpoch();
}
QTimeZone zone(const char *id)
{
    return QTimeZone(QByteArray(id));
}
QTime wallClock(std::int64_t ms, const QTimeZone &z)
{
    return QDateTime::fromMSecsSinceEpoch(ms, z).time();
}
} // namespace

class TestTimeZones : public QObject
{
    Q_OBJECT
private slots:
    void namesAsGrafanaWritesThem()
    {
        QCOMPARE(*timeZoneNamed(u"utc"), QTimeZone::utc());
        QCOMPARE(*timeZoneNamed(u"UTC"), QTimeZone::utc());
        QCOMPARE(*timeZoneNamed(u"browser"), QTimeZone::systemTimeZone());
        QCOMPARE(*timeZoneNamed(u"local"), QTimeZone::systemTimeZone());
        QCOMPARE(timeZoneNamed(u" Asia/Kolkata ")->id(), QByteArray("Asia/Kolkata"));
        QCOMPARE(timeZoneNamed(u"Europe/Berlin")
                     ->offsetFromUtc(QDateTime::fromMSecsSinceEpoch(at("2026-07-01T00:00:00Z"), Qt::UTC)),
                 7200);
        for (const QString &bad :
             {QStringLiteral("Mars/Olympus"), QStringLiteral("Europe/Berlín"), QStringLiteral("")}) {
            const Result<QTimeZone> refused = timeZoneNamed(bad);
            QVERIFY2(!refused, qPrintable(bad));
            QCOMPARE(refused.error().message(),
                     QStringLiteral("unknown time zone \"%1\": use browser, utc or an IANA name such as "
                                    "Europe/Berlin")
                         .arg(bad));
        }
        QCOMPARE(timeZoneSettingLabel(u""), QStringLiteral("Dashboard default"));
        QCOMPARE(timeZoneSettingLabel(u"browser"), QStringLiteral("Local (browser)"));
        QCOMPARE(timeZoneSettingLabel(u"utc"), QStringLiteral("UTC"));
        QCOMPARE(timeZoneSettingLabel(u"Asia/Tokyo"), QStringLiteral("Asia/Tokyo"));
    }

    // Grafana: a dashboard's own zone wins; its "Default" ("") leaves it to the user's; the user's
    // "Default" is the browser's. A name that is no zone counts as none.
    void precedenceAsGrafana()
    {
        QCOMPARE(effectiveTimeZone(u"utc", u"Asia/Tokyo"), QTimeZone::utc());
        QCOMPARE(effectiveTimeZone(u"browser", u"utc"), QTimeZone::systemTimeZone());
        QCOMPARE(effectiveTimeZone(u"Europe/Berlin", u"utc").id(), QByteArray("Europe/Berlin"));
        QCOMPARE(effectiveTimeZone(u"", u"Asia/Tokyo").id(), QByteArray("Asia/Tokyo"));
        QCOMPARE(effectiveTimeZone(u"", u"utc"), QTimeZone::utc());
        QCOMPARE(effectiveTimeZone(u"", u""), QTimeZone::systemTimeZone());
        QCOMPARE(effectiveTimeZone(u"Mars/Olympus", u"utc"), QTimeZone::utc());
        QCOMPARE(effectiveTimeZone(u"", u"nowhere"), QTimeZone::systemTimeZone());
    }

    // Kolkata is UTC+05:30: its round hours are half past in UTC, and the ticks are on its hours.
    void ticksOnKolkatasRoundTimes_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<int>("maxTicks");
        QTest::addColumn<qint64>("stepMs");
        QTest::newRow("hours") << "2026-01-05T00:10:00Z"
                               << "2026-01-05T06:10:00Z" << 8 << qint64(Hour);
        QTest::newRow("half hours") << "2026-01-05T00:10:00Z"
                                    << "2026-01-05T03:10:00Z" << 8 << qint64(Hour / 2);
        QTest::newRow("3 hours") << "2026-01-05T00:10:00Z"
                                 << "2026-01-06T00:10:00Z" << 9 << qint64(3 * Hour);
        QTest::newRow("days") << "2026-01-05T00:10:00Z"
                              << "2026-01-12T00:10:00Z" << 8 << qint64(24 * Hour);
    }
    void ticksOnKolkatasRoundTimes()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(int, maxTicks);
        QFETCH(qint64, stepMs);
        const QTimeZone kolkata = zone("Asia/Kolkata");
        const TimeRange range{at(qPrintable(from)), at(qPrintable(to))};
        const TimeTicks ticks = chooseTimeTicks(range, maxTicks, kolkata);
        QCOMPARE(qint64(ticks.stepMs), stepMs);
        QVERIFY(ticks.timesMs.size() >= 2 && int(ticks.timesMs.size()) <= maxTicks);
        // Every round time of the step inside the range, none left out.
        QVERIFY(ticks.timesMs.front() - range.fromMs < stepMs);
        QVERIFY(range.toMs - ticks.timesMs.back() < stepMs);
        for (size_t i = 0; i < ticks.timesMs.size(); ++i) {
            const std::int64_t t = ticks.timesMs[i];
            const QTime local = wallClock(t, kolkata);
            const int stepMinutes = int(std::min<qint64>(stepMs, 24 * Hour) / 60'000);
            QVERIFY2((local.hour() * 60 + local.minute()) % stepMinutes == 0 && local.second() == 0,
                     qPrintable(local.toString()));
            // Not UTC's round times: Kolkata's hours are UTC's half hours.
            if (stepMs >= Hour)
                QCOMPARE(wallClock(t, QTimeZone::utc()).minute(), 30);
            if (i > 0)
                QCOMPARE(qint64(t - ticks.timesMs[i - 1]), stepMs);
        }
        // The same range in UTC ticks on other instants (half hours are round in both).
        if (stepMs >= Hour)
            QVERIFY(chooseTimeTicks(range, maxTicks, QTimeZone::utc()).timesMs != ticks.timesMs);
    }

    // Berlin springs forward on 2026-03-29 at 02:00 (a 23-hour day) and falls back on 2026-10-25 at
    // 03:00 (25 hours): the ticks stay on its 00:00, 06:00, 12:00, 18:00 and on its midnights.
    void ticksAcrossBerlinsDstChanges_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<int>("maxTicks");
        QTest::addColumn<int>("stepHours");
        QTest::addColumn<qint64>("changeMs"); // the gap between ticks across the change
        QTest::newRow("spring, 6 h") << "2026-03-28T10:00:00Z"
                                     << "2026-03-30T10:00:00Z" << 10 << 6 << qint64(5 * Hour);
        QTest::newRow("autumn, 6 h") << "2026-10-24T10:00:00Z"
                                     << "2026-10-26T10:00:00Z" << 10 << 6 << qint64(7 * Hour);
        QTest::newRow("spring, days") << "2026-03-25T10:00:00Z"
                                      << "2026-04-01T10:00:00Z" << 8 << 24 << qint64(23 * Hour);
        QTest::newRow("autumn, days") << "2026-10-21T10:00:00Z"
                                      << "2026-10-28T10:00:00Z" << 8 << 24 << qint64(25 * Hour);
    }
    void ticksAcrossBerlinsDstChanges()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(int, maxTicks);
        QFETCH(int, stepHours);
        QFETCH(qint64, changeMs);
        const QTimeZone berlin = zone("Europe/Berlin");
        const TimeTicks ticks = chooseTimeTicks({at(qPrintable(from)), at(qPrintable(to))}, maxTicks, berlin);
        QCOMPARE(ticks.stepMs, stepHours * Hour);
        int acrossChange = 0;
        for (size_t i = 0; i < ticks.timesMs.size(); ++i) {
            const QTime local = wallClock(ticks.timesMs[i], berlin);
            QVERIFY2(local.minute() == 0 && local.hour() % stepHours == 0, qPrintable(local.toString()));
            if (i == 0)
                continue;
            const std::int64_t gap = ticks.timesMs[i] - ticks.timesMs[i - 1];
            if (gap == changeMs)
                ++acrossChange;
            else
                QCOMPARE(gap, stepHours * Hour);
        }
        QCOMPARE(acrossChange, 1);
    }

    // A panel's `timeFrom: now/d` is the zone's day (the picker's own rounding, TimeExpression's).
    void panelTodayIsTheZonesDay()
    {
        const std::int64_t now = at("2026-01-05T20:00:00Z"); // 01:30 on the 6th in Kolkata
        for (const char *id : {"Asia/Kolkata", "America/New_York", "UTC"}) {
            const QTimeZone z = zone(id);
            const auto today = describeTextRange(QStringLiteral("now/d"), now, z);
            QVERIFY(today);
            QCOMPARE(today->display, QStringLiteral("Today"));
            const QDate day = QDateTime::fromMSecsSinceEpoch(now, z).date();
            QCOMPARE(qint64(today->range.fromMs), day.startOfDay(z).toMSecsSinceEpoch());
            QCOMPARE(qint64(today->range.toMs), day.addDays(1).startOfDay(z).toMSecsSinceEpoch());
            const auto yesterday = describeTextRange(QStringLiteral("now-1d/d"), now, z);
            QCOMPARE(yesterday->display, QStringLiteral("Yesterday"));
            QCOMPARE(qint64(yesterday->range.fromMs), day.addDays(-1).startOfDay(z).toMSecsSinceEpoch());
            QCOMPARE(yesterday->range.toMs, today->range.fromMs);
        }
        Panel panel;
        panel.timeFrom = QStringLiteral("now/d");
        const TimeRange shown{at("2026-01-05T14:00:00Z"), at("2026-01-05T20:00:00Z")};
        const QTimeZone kolkata = zone("Asia/Kolkata");
        const PanelTime own = panelTime(panel, shown, true, {}, kolkata);
        QCOMPARE(qint64(own.range.fromMs), QDate(2026, 1, 6).startOfDay(kolkata).toMSecsSinceEpoch());
        QCOMPARE(own.info, QStringLiteral("Today"));
    }

    void dashboardTimezoneReadWarnedAndKept()
    {
        const auto load = [](const char *zoneJson) {
            return loadDashboard(QByteArray(R"({"title": "z", "timezone": )") + zoneJson +
                                     R"(, "panels": []})",
                                 QStringLiteral("z.json"));
        };
        const DashboardLoadResult kolkata = load(R"("Asia/Kolkata")");
        QVERIFY(kolkata.ok());
        QCOMPARE(kolkata.dashboard->timezone, QStringLiteral("Asia/Kolkata"));
        QVERIFY(kolkata.diagnostics.empty());
        QCOMPARE(load(R"("")").dashboard->timezone, QString());
        const DashboardLoadResult mars = load(R"("Mars/Olympus")");
        QVERIFY(mars.ok()); // shown in the user's zone, and said where
        QCOMPARE(mars.diagnostics.size(), size_t(1));
        const Error &warning = mars.diagnostics[0];
        QVERIFY(warning.isWarning());
        QCOMPARE(warning.detail,
                 QStringLiteral("unknown time zone \"Mars/Olympus\": use browser, utc or an IANA "
                                "name such as Europe/Berlin; the user's time zone is used"));
        QCOMPARE(warning.location.jsonPath, QStringLiteral("$.timezone"));
        QCOMPARE(warning.location.line, 1);
        QCOMPARE(warning.location.column,
                 int(QByteArray(R"({"title": "z", "timezone": "Mars/Olympus")").indexOf("\"Mars")) + 1);
        const DashboardLoadResult number = load("3");
        QVERIFY(number.ok());
        QCOMPARE(number.diagnostics.size(), size_t(1));

        // A panel added from Explore rewrites the file: its zone stays.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("kolkata.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"title": "k", "timezone": "Asia/Kolkata", "panels": []})");
        file.close();
        QVERIFY(addTimeSeriesPanel(path, QStringLiteral("added"), {QStringLiteral("up")}));
        const DashboardLoadResult again = loadDashboardFile(path);
        QCOMPARE(again.dashboard->timezone, QStringLiteral("Asia/Kolkata"));
        QCOMPARE(again.dashboard->panels.size(), size_t(1));
    }

    void userSettingRemembered()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("zone.ini"));
        {
            Settings settings(std::make_unique<QSettings>(file, QSettings::IniFormat));
            QCOMPARE(settings.timeZone(), QString());
            QSignalSpy changed(&settings, &Settings::timeZoneChanged);
            settings.setTimeZone(QStringLiteral("utc"));
            settings.setTimeZone(QStringLiteral("utc"));
            QCOMPARE(changed.size(), 1);
            settings.setTimeZone(QStringLiteral("Asia/Kolkata"));
            QCOMPARE(changed.size(), 2);
        }
        QCOMPARE(Settings(std::make_unique<QSettings>(file, QSettings::IniFormat)).timeZone(),
                 QStringLiteral("Asia/Kolkata"));
    }
};

QTEST_GUILESS_MAIN(TestTimeZones)
#include "tst_time_zones.moc"
