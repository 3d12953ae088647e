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
    void units_data()
    {
        QTest::addColumn<QString>("unit");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("seconds as ms") << QStringLiteral("s") << 0.2345 << QStringLiteral("235 ms");
        QTest::newRow("seconds") << QStringLiteral("s") << 1.5 << QStringLiteral("1.5 s");
        QTest::newRow("ms as minutes") << QStringLiteral("ms") << 90'000.0 << QStringLiteral("1.5 min");
        QTest::newRow("bytes") << QStringLiteral("bytes") << 3.0 * 1024 * 1024 << QStringLiteral("3 MiB");
        QTest::newRow("decbytes") << QStringLiteral("decbytes") << 2'500'000.0 << QStringLiteral("2.5 MB");
        QTest::newRow("percentunit") << QStringLiteral("percentunit") << 0.0123 << QStringLiteral("1.23%");
        QTest::newRow("percent") << QStringLiteral("percent") << 99.5 << QStringLiteral("99.5%");
        QTest::newRow("reqps") << QStringLiteral("reqps") << 1530.0 << QStringLiteral("1.53 K req/s");
        QTest::newRow("short") << QString() << 2'000'000.0 << QStringLiteral("2 Mil");
        QTest::newRow("small") << QStringLiteral("short") << 0.000123 << QStringLiteral("0.000123");
        QTest::newRow("NaN") << QStringLiteral("s") << double(NAN) << QStringLiteral("NaN");
        QTest::newRow("+Inf") << QStringLiteral("s") << double(INFINITY) << QStringLiteral("+Inf");
        QTest::newRow("custom suffix") << QStringLiteral("suffix: jobs") << 3.0 << QStringLiteral("3 jobs");
        QTest::newRow("unknown unit shown")
            << QStringLiteral("widgets") << 3.0 << QStringLiteral("3 widgets");
    }
    void units()
    {
        QFETCH(QString, unit);
        QFETCH(double, value);
        QFETCH(QString, text);
        QCOMPARE(ValueFormat(unit).format(value), text);
    }

    void fixedDecimals()
    {
        QCOMPARE(ValueFormat(QStringLiteral("none"), 3).format(1.0), QStringLiteral("1.000"));
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
