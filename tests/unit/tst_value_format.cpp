// Units as Grafana shows them, axis scales, reducers and legend names.
#include "query/LegendFormat.h"
#include "series/Reducers.h"
#include "series/ValueFormat.h"

#include <QTest>
#include <cmath>

using namespace promdeck;

class TestValueFormat : public QObject
{
    Q_OBJECT
private slots:
    // Grafana's own expectations (packages/grafana-data/src/valueFormats/valueFormats.test.ts and
    // dateTimeFormatters.test.ts), value for value.
    void grafanaUnits_data()
    {
        QTest::addColumn<QString>("unit");
        QTest::addColumn<int>("decimals"); // -1: not set
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        auto row = [](const char *unit, int decimals, double value, const QString &text) {
            QTest::addRow("%s %g/%d", unit, value, decimals)
                << QString::fromUtf8(unit) << decimals << value << text;
        };
        row("currencyUSD", 2, 1532.82, QStringLiteral("$1.53K"));
        row("currencyKRW", 2, 1532.82, QStringLiteral("₩1.53K"));
        row("currencyIDR", 2, 1532.82, QStringLiteral("Rp1.53K"));
        row("none", -1, 3.23, QStringLiteral("3.23"));
        row("none", -1, 0.0245, QStringLiteral("0.0245"));
        row("none", -1, 1.0 / 3, QStringLiteral("0.333"));
        row("ms", 4, 0.0024, QStringLiteral("0.0024 ms"));
        row("ms", 0, 100, QStringLiteral("100 ms"));
        row("ms", 2, 1250, QStringLiteral("1.25 s"));
        row("ms", 1, 10000086.123, QStringLiteral("2.8 hours"));
        row("ms", -1, 1000, QStringLiteral("1 s"));
        row("ms", 0, 1200, QStringLiteral("1 s"));
        row("short", -1, 1000, QStringLiteral("1 K"));
        row("short", -1, 1200, QStringLiteral("1.20 K"));
        row("short", -1, 1250, QStringLiteral("1.25 K"));
        row("short", -1, 1000000, QStringLiteral("1 Mil"));
        row("short", -1, 1500000, QStringLiteral("1.50 Mil"));
        row("short", -1, 1000120, QStringLiteral("1.00 Mil"));
        row("short", -1, 98765, QStringLiteral("98.8 K"));
        row("short", -1, 9876543, QStringLiteral("9.88 Mil"));
        row("kbytes", -1, 10000000, QStringLiteral("9.54 GiB"));
        row("deckbytes", -1, 10000000, QStringLiteral("10 GB"));
        row("megwatt", 3, 1000, QStringLiteral("1.000 GW"));
        row("kohm", 3, 1000, QStringLiteral("1.000 MΩ"));
        row("Mohm", 3, 1000, QStringLiteral("1.000 GΩ"));
        row("farad", 3, 1000, QStringLiteral("1.000 kF"));
        row("µfarad", 3, 1000, QStringLiteral("1.000 mF"));
        row("nfarad", 3, 1000, QStringLiteral("1.000 µF"));
        row("pfarad", 3, 1000, QStringLiteral("1.000 nF"));
        row("ffarad", 3, 1000, QStringLiteral("1.000 pF"));
        row("henry", 3, 1000, QStringLiteral("1.000 kH"));
        row("mhenry", 3, 1000, QStringLiteral("1.000 H"));
        row("µhenry", 3, 1000, QStringLiteral("1.000 mH"));
        row("a", 0, 1532.82, QStringLiteral("1533 a"));
        row("b", 0, 1532.82, QStringLiteral("1533 b"));
        row("prefix:b", -1, 1532.82, QStringLiteral("b1533"));
        row("suffix:d", -1, 1532.82, QStringLiteral("1533 d"));
        row("si:µF", 2, 0, QStringLiteral("0.00 µF"));
        row("si:µF", 2, 1234, QStringLiteral("1.23 mF"));
        row("si:µF", 2, 1234000000, QStringLiteral("1.23 kF"));
        row("si:µF", 2, 1234000000000000, QStringLiteral("1.23 GF"));
        row("count:xpm", 2, 1234567, QStringLiteral("1.23M xpm"));
        row("count:x/min", 2, 1234, QStringLiteral("1.23K x/min"));
        row("currency:@", 2, 1234567, QStringLiteral("@1.23M"));
        row("currency:@", 2, 1234, QStringLiteral("@1.23K"));
        row("dtdurationms", -1, 100000, QStringLiteral("1 minute"));
        // dateTimeFormatters.test.ts: durations, clocks.
        row("dtdurationms", 0, 0, QStringLiteral("0 milliseconds"));
        row("dtdurationms", 0, 1, QStringLiteral("1 millisecond"));
        row("dtdurationms", 0, -1, QStringLiteral("1 millisecond ago"));
        row("dtdurations", 0, 1, QStringLiteral("1 second"));
        row("dtdurationms", 0, 38898367008, QStringLiteral("1 year"));
        row("dtdurationms", 1, 38898367008, QStringLiteral("1 year, 2 months"));
        row("dtdurationms", 20, 38898367008,
            QStringLiteral(
                "1 year, 2 months, 3 weeks, 4 days, 5 hours, 6 minutes, 7 seconds, 8 milliseconds"));
        row("dtdurationms", 8, 36993906007,
            QStringLiteral(
                "1 year, 2 months, 0 weeks, 3 days, 4 hours, 5 minutes, 6 seconds, 7 milliseconds"));
        row("dthms", -1, 1, QStringLiteral("00:00:01"));
        row("dthms", -1, -1, QStringLiteral("00:00:01 ago"));
        row("dthms", -1, 0, QStringLiteral("00:00:00"));
        row("dtdhms", -1, 86399, QStringLiteral("23:59:59"));
        row("dtdhms", -1, 86400, QStringLiteral("1 d 00:00:00"));
        row("dtdhms", -1, 360000, QStringLiteral("4 d 04:00:00"));
        row("dtdhms", -1, 1179811, QStringLiteral("13 d 15:43:31"));
        row("dtdhms", -1, -1179811, QStringLiteral("13 d 15:43:31 ago"));
        row("dtdhms", -1, 116876364, QStringLiteral("1352 d 17:39:24"));
        row("clockms", 0, 999, QStringLiteral("999ms"));
        row("clockms", -1, 59999, QStringLiteral("59s:999ms"));
        row("clockms", 0, 59999, QStringLiteral("59s"));
        row("clockms", -1, 3599999, QStringLiteral("59m:59s:999ms"));
        row("clockms", 0, 3599999, QStringLiteral("59m"));
        row("clockms", 1, 3599999, QStringLiteral("59m:59s"));
        row("clockms", -1, 7199999, QStringLiteral("01h:59m:59s:999ms"));
        row("clockms", 0, 7199999, QStringLiteral("01h"));
        row("clockms", 1, 7199999, QStringLiteral("01h:59m"));
        row("clockms", 2, 7199999, QStringLiteral("01h:59m:59s"));
        row("clockms", -1, 89999999, QStringLiteral("24h:59m:59s:999ms"));
        row("clockms", 2, 89999999, QStringLiteral("24h:59m:59s"));
        // toFixed's own cases: rounding as JavaScript's Math.round, padding to the decimals asked.
        row("none", -1, 100, QStringLiteral("100"));
        row("none", -1, 100.4, QStringLiteral("100"));
        row("none", -1, 100.5, QStringLiteral("101"));
        row("none", -1, 27.4, QStringLiteral("27.4"));
        row("none", -1, -100.5, QStringLiteral("-100"));
        row("none", -1, -100.6, QStringLiteral("-101"));
        row("none", -1, -27.5, QStringLiteral("-27.5"));
        row("none", 1, 100, QStringLiteral("100.0"));
        row("none", 1, 100.37, QStringLiteral("100.4"));
        row("none", 2, 100.5, QStringLiteral("100.50"));
        row("none", 1, 0, QStringLiteral("0.0"));
        row("none", -2, 186.123, QStringLiteral("186"));
        row("none", -1, double(NAN), QStringLiteral("NaN"));
        row("none", -1, double(INFINITY), QStringLiteral("∞"));
        row("short", -1, -double(INFINITY), QStringLiteral("-∞"));
        // The rest of the list, one of each kind, by the same rules.
        row("s", -1, 0.2345, QStringLiteral("235 ms"));
        row("s", -1, 1.5, QStringLiteral("1.50 s"));
        row("s", -1, 0, QStringLiteral("0 s"));
        row("s", -1, 90, QStringLiteral("1.50 mins"));
        row("s", -1, 3600, QStringLiteral("1 hour"));
        row("s", -1, 7 * 86400, QStringLiteral("1 week"));
        row("ms", -1, 90000, QStringLiteral("1.50 mins"));
        row("µs", -1, 1500, QStringLiteral("1.50 ms"));
        row("ns", -1, 2500000, QStringLiteral("2.50 ms"));
        row("m", -1, 90, QStringLiteral("1.50 hours"));
        row("h", -1, 36, QStringLiteral("1.50 days"));
        row("d", -1, 14, QStringLiteral("2 weeks"));
        row("timeticks", -1, 150, QStringLiteral("1.50 s"));
        row("bytes", -1, 3.0 * 1024 * 1024, QStringLiteral("3 MiB"));
        row("bytes", -1, 0, QStringLiteral("0 B"));
        row("bytes", -1, 512, QStringLiteral("512 B"));
        row("decbytes", -1, 2500000, QStringLiteral("2.50 MB"));
        row("bits", -1, 2048, QStringLiteral("2 Kib"));
        row("decbits", -1, 2000, QStringLiteral("2 kb"));
        row("Bps", -1, 1500, QStringLiteral("1.50 kB/s"));
        row("binBps", -1, 2048, QStringLiteral("2 KiB/s"));
        row("bps", -1, 1e9, QStringLiteral("1 Gb/s"));
        row("pps", -1, 12, QStringLiteral("12 p/s"));
        row("MBs", -1, 1500, QStringLiteral("1.50 GB/s"));
        row("percentunit", -1, 0.0123, QStringLiteral("1.23%"));
        row("percent", -1, 99.5, QStringLiteral("99.5%"));
        row("reqps", -1, 1530, QStringLiteral("1.53K req/s"));
        row("reqps", -1, 15, QStringLiteral("15 req/s"));
        row("ops", -1, 2000, QStringLiteral("2K ops/s"));
        row("rps", -1, 3, QStringLiteral("3 rd/s"));
        row("wps", -1, 3, QStringLiteral("3 wr/s"));
        row("iops", -1, 3, QStringLiteral("3 io/s"));
        row("cps", -1, 3, QStringLiteral("3 c/s"));
        row("opm", -1, 3, QStringLiteral("3 ops/m"));
        row("short", -1, 0.000123, QStringLiteral("0.000123"));
        row("hertz", -1, 1500, QStringLiteral("1.50 kHz"));
        row("celsius", -1, 21.5, QStringLiteral("21.5 °C"));
        row("fahrenheit", -1, 70, QStringLiteral("70 °F"));
        row("farenheit", -1, 70, QStringLiteral("70 °F"));
        row("kelvin", -1, 300, QStringLiteral("300 K"));
        row("currencyEUR", -1, -12, QStringLiteral("-€12"));
        row("currencySEK", -1, 1500, QStringLiteral("1.50Kkr"));
        row("pressurepsi", -1, 1500, QStringLiteral("1.50ksi"));
        row("hex", -1, 255, QStringLiteral("FF"));
        row("hex0x", -1, 255, QStringLiteral("0xFF"));
        row("hex0x", -1, -255, QStringLiteral("-0xFF"));
        row("sci", 2, 12345, QStringLiteral("1.23e+4"));
        row("sci", -1, 0.00012, QStringLiteral("1.2e-4"));
        row("locale", -1, 1234567.891, QStringLiteral("1,234,567.891"));
        row("string", -1, 0.1, QStringLiteral("0.1"));
        row("bool", -1, 1, QStringLiteral("True"));
        row("bool_yes_no", -1, 0, QStringLiteral("No"));
        row("bool_on_off", -1, 2, QStringLiteral("On"));
        row("bool:up/down", -1, 0, QStringLiteral("down"));
        row("suffix: jobs", 0, 3, QStringLiteral("3  jobs"));
        row("lengthkm", -1, 1500, QStringLiteral("1.50 Mm"));
        row("mwatt", -1, 1500, QStringLiteral("1.50 W"));
    }
    void grafanaUnits()
    {
        QFETCH(QString, unit);
        QFETCH(int, decimals);
        QFETCH(double, value);
        QFETCH(QString, text);
        const std::optional<int> d = decimals == -1 ? std::nullopt : std::optional<int>(decimals);
        QCOMPARE(ValueFormat(unit, d).format(value), text);
        QVERIFY(ValueFormat::isKnownUnit(unit) || unit == u"a" || unit == u"b");
    }

    // Times: patterns in the dashboard's zone, "today" without the date, and moment's fromNow.
    void dateTimes()
    {
        const FormatContext utc{0, true};
        const std::int64_t july2 = 1278028800000; // 2010-07-02T00:00:00Z
        QCOMPARE(ValueFormat(QStringLiteral("dateTimeAsIso")).format(july2, utc),
                 QStringLiteral("2010-07-02 00:00:00"));
        QCOMPARE(ValueFormat(QStringLiteral("dateTimeAsUS")).format(july2, utc),
                 QStringLiteral("07/02/2010 12:00:00 am"));
        QCOMPARE(ValueFormat(QStringLiteral("dateTimeAsSystem")).format(july2, utc),
                 QStringLiteral("2010-07-02 00:00:00"));
        QCOMPARE(ValueFormat(QStringLiteral("time:YYYY")).format(july2, utc), QStringLiteral("2010"));
        QCOMPARE(ValueFormat(QStringLiteral("time:YYYY.MM")).format(july2, utc), QStringLiteral("2010.07"));
        const FormatContext sameDay{july2 + 3600'000 * 5, true};
        QCOMPARE(ValueFormat(QStringLiteral("dateTimeAsIsoNoDateIfToday")).format(july2 + 61'000, sameDay),
                 QStringLiteral("00:01:01"));
        QCOMPARE(
            ValueFormat(QStringLiteral("dateTimeAsUSNoDateIfToday")).format(july2 + 13 * 3600'000, sameDay),
            QStringLiteral("1:00:00 pm"));
        QVERIFY(ValueFormat::isDateTimeUnit(u"dateTimeFromNow"));
        QVERIFY(!ValueFormat::isDateTimeUnit(u"s"));
    }

    void fromNow_data()
    {
        QTest::addColumn<qint64>("agoMs");
        QTest::addColumn<QString>("text");
        // moment.js' documented thresholds for fromNow.
        const qint64 s = 1000, m = 60 * s, h = 60 * m, d = 24 * h;
        QTest::newRow("44 s") << 44 * s << QStringLiteral("a few seconds ago");
        QTest::newRow("45 s") << 45 * s << QStringLiteral("a minute ago");
        QTest::newRow("89 s") << 89 * s << QStringLiteral("a minute ago");
        QTest::newRow("2 min") << 2 * m << QStringLiteral("2 minutes ago");
        QTest::newRow("44 min") << 44 * m << QStringLiteral("44 minutes ago");
        QTest::newRow("45 min") << 45 * m << QStringLiteral("an hour ago");
        QTest::newRow("90 min") << 90 * m << QStringLiteral("2 hours ago");
        QTest::newRow("21 h") << 21 * h << QStringLiteral("21 hours ago");
        QTest::newRow("22 h") << 22 * h << QStringLiteral("a day ago");
        QTest::newRow("36 h") << 36 * h << QStringLiteral("2 days ago");
        QTest::newRow("7 d") << 7 * d << QStringLiteral("7 days ago");
        QTest::newRow("26 d") << 26 * d << QStringLiteral("a month ago");
        QTest::newRow("46 d") << 46 * d << QStringLiteral("2 months ago");
        QTest::newRow("320 d") << 320 * d << QStringLiteral("a year ago");
        QTest::newRow("548 d") << 548 * d << QStringLiteral("2 years ago");
        QTest::newRow("future 3 h") << -3 * h << QStringLiteral("in 3 hours");
    }
    void fromNow()
    {
        QFETCH(qint64, agoMs);
        QFETCH(QString, text);
        const std::int64_t now = 1'767'225'600'000;
        // The value is epoch milliseconds, as PostgreSQL's "Start Time" stat computes it.
        QCOMPARE(ValueFormat(QStringLiteral("dateTimeFromNow")).format(double(now - agoMs), {now, true}),
                 text);
    }

    void jsNumbers()
    {
        QCOMPARE(jsNumberString(1e21), QStringLiteral("1e+21"));
        QCOMPARE(jsNumberString(123456789012345680000.0), QStringLiteral("123456789012345680000"));
        QCOMPARE(jsNumberString(0.000001), QStringLiteral("0.000001"));
        QCOMPARE(jsNumberString(1e-7), QStringLiteral("1e-7"));
        QCOMPARE(jsNumberString(-1.5), QStringLiteral("-1.5"));
        QCOMPARE(jsNumberString(0.1 + 0.2), QStringLiteral("0.30000000000000004"));
    }

    // Every id of Grafana's unit list (packages/grafana-data/src/valueFormats/categories.ts) is one
    // Promdeck formats itself, not a suffix it does not understand.
    void everyUnitOfGrafanasList()
    {
        const QStringList ids =
            QStringLiteral(
                "none string short percent percentunit humidity dB hex0x hex sci locale pixel accMS2 "
                "accFS2 accG degree radian grad arcmin arcsec areaM2 areaF2 areaMI2 flops mflops "
                "gflops tflops pflops eflops zflops yflops ppm conppb conngm3 conngNm3 conμgm3 "
                "conμgNm3 conmgm3 conmgNm3 congm3 congNm3 conmgdL conmmolL currencyUSD currencyGBP "
                "currencyEUR currencyJPY currencyRUB currencyUAH currencyBRL currencyDKK currencyISK "
                "currencyNOK currencySEK currencyCZK currencyCHF currencyPLN currencyBTC "
                "currencymBTC currencyμBTC currencyZAR currencyINR currencyKRW bits bytes kbytes "
                "mbytes gbytes tbytes pbytes decbits decbytes deckbytes decmbytes decgbytes "
                "dectbytes decpbytes pps bps Bps KBs Kbits MBs Mbits GBs Gbits TBs Tbits PBs Pbits "
                "dateTimeAsIso dateTimeAsIsoNoDateIfToday dateTimeAsUS dateTimeAsUSNoDateIfToday "
                "dateTimeFromNow watt kwatt megwatt gwatt mwatt Wm2 voltamp kvoltamp voltampreact "
                "kvoltampreact watth watthperkg kwatth kwattm amph kamph mamph joule ev amp kamp "
                "mamp volt kvolt mvolt dBm ohm kohm Mohm farad µfarad nfarad pfarad ffarad henry "
                "mhenry µhenry lumens flowgpm flowcms flowcfs flowcfm litreh flowlpm flowmlpm lux "
                "forceNm forcekNm forceN forcekN Hs KHs MHs GHs THs PHs EHs massmg massg masskg "
                "masst lengthmm lengthft lengthm lengthkm lengthmi pressurembar pressurebar "
                "pressurekbar pressurepa pressurehpa pressurekpa pressurehg pressurepsi radbq radci "
                "radgy radrad radsv radmsv radusv radrem radexpckg radr radsvh radmsvh radusvh "
                "rotrpm rothz rotrads rotdegs celsius fahrenheit kelvin hertz ns µs ms s m h d "
                "dtdurationms dtdurations dthms dtdhms timeticks clockms clocks cps ops reqps rps "
                "wps iops cpm opm rpm wpm velocityms velocitykmh velocitymph velocityknot mlitre "
                "litre m3 Nm3 dm3 gallons")
                .split(QLatin1Char(' '));
        QCOMPARE(ids.size(), 224);
        for (const QString &id : ids)
            QVERIFY2(ValueFormat::isKnownUnit(id), qPrintable(id));
    }

    void unknownUnits()
    {
        QVERIFY(!ValueFormat::isKnownUnit(u"widgets"));
        QVERIFY(ValueFormat::isKnownUnit(u"suffix:widgets"));
        QVERIFY(ValueFormat::isKnownUnit(u""));
        QCOMPARE(ValueFormat(QStringLiteral("widgets")).format(3.0), QStringLiteral("3 widgets"));
    }

    void fixedDecimals()
    {
        QCOMPARE(ValueFormat(QStringLiteral("none"), 3).format(1.0), QStringLiteral("1.000"));
        const FormattedValue parts = ValueFormat(QStringLiteral("bytes"), 1).formatParts(1536);
        QCOMPARE(parts.text, QStringLiteral("1.5"));
        QCOMPARE(parts.suffix, QStringLiteral(" KiB"));
    }

    void axisScale()
    {
        const AxisScale bytes =
            chooseAxisScale(QStringLiteral("bytes"), 6.0 * 1024 * 1024 * 1024, 6.0 * 1024 * 1024 * 1024);
        QCOMPARE(bytes.factor, 1024.0 * 1024 * 1024);
        QCOMPARE(bytes.title, QStringLiteral("GiB"));
        const AxisScale latency = chooseAxisScale(QStringLiteral("s"), 0.25, 0.25);
        QCOMPARE(latency.factor, 1e-3);
        QCOMPARE(latency.title, QStringLiteral("ms"));
        const AxisScale ratio = chooseAxisScale(QStringLiteral("percentunit"), 0.5, 0.5);
        QCOMPARE(ratio.factor, 0.01);
        QCOMPARE(ratio.title, QStringLiteral("%"));
        QCOMPARE(chooseAxisScale(QStringLiteral("reqps"), 120'000, 120'000).title, QStringLiteral("K req/s"));
    }

    void reducers()
    {
        Series s;
        s.timestampsMs = {1, 2, 3, 4};
        s.values = {5, 2, NAN, 3};
        QCOMPARE(*reduce(s, Reducer::LastNotNull), 3.0);
        QCOMPARE(*reduce(s, Reducer::Mean), 10.0 / 3);
        QCOMPARE(*reduce(s, Reducer::Max), 5.0);
        QCOMPARE(*reduce(s, Reducer::Min), 2.0);
        QCOMPARE(*reduce(s, Reducer::Delta), 3.0); // 5 -> 2 is a reset counted as +2, then +1
        s.values = {NAN, NAN, NAN, NAN};
        QVERIFY(!reduce(s, Reducer::LastNotNull));
        QCOMPARE(reducerFromName(u"current"), Reducer::LastNotNull);
        QCOMPARE(reducerFromName(u"avg"), Reducer::Mean);
    }

    void legend()
    {
        const LabelSet labels = LabelSet::fromLabels({{QStringLiteral("__name__"), QStringLiteral("up")},
                                                      {QStringLiteral("job"), QStringLiteral("api")},
                                                      {QStringLiteral("instance"), QStringLiteral("a:1")}});
        QCOMPARE(seriesDisplayName(QStringLiteral("{{job}} on {{ instance }}"), labels),
                 QStringLiteral("api on a:1"));
        QCOMPARE(seriesDisplayName(QStringLiteral("{{missing}}x"), labels), QStringLiteral("x"));
        QCOMPARE(seriesDisplayName(QString(), labels), QStringLiteral("up{instance=\"a:1\", job=\"api\"}"));
        QCOMPARE(seriesDisplayName(QString(), LabelSet(), QStringLiteral("sum(x)")),
                 QStringLiteral("sum(x)"));
    }
};

QTEST_GUILESS_MAIN(TestValueFormat)
#include "tst_value_format.moc"
