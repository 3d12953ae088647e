// Queries with Grafana variables: found in all three syntaxes, checked after substitution, and their
// errors placed where the person wrote them.
#include "promql/Templating.h"

#include <QTest>

using namespace promdeck::promql;

namespace {

std::optional<QString> values(const QString &name, const QString &format)
{
    if (name == u"job")
        return format == u"regex" ? QStringLiteral("(api|worker)") : QStringLiteral("api");
    if (name == u"window")
        return QStringLiteral("10m");
    if (name == u"metric")
        return QStringLiteral("http_requests_total");
    if (name == u"broken")
        return QStringLiteral("(((");
    return std::nullopt;
}

} // namespace

class TestPromqlTemplating : public QObject
{
    Q_OBJECT
private slots:
    void references()
    {
        const QByteArray text =
            "rate($metric{job=~\"${job:regex}\"}[[[window]]]) / ${__range_s} + [[job:raw]]";
        QStringList found;
        for (const VariableReference &r : findVariableReferences(text))
            found << QString::fromUtf8(text.mid(r.start, r.end - r.start)) + QLatin1Char('=') + r.name +
                         QLatin1Char(':') + r.format;
        QCOMPARE(found,
                 QStringList({QStringLiteral("$metric=metric:"), QStringLiteral("${job:regex}=job:regex"),
                              QStringLiteral("[[window]]=window:"), QStringLiteral("${__range_s}=__range_s:"),
                              QStringLiteral("[[job:raw]]=job:raw")}));
        // Regex anchors and replacement references are not variables anyone defines.
        QCOMPARE(findVariableReferences("x{a=~\"b$\"}").size(), size_t(0));
    }

    void substitutesAndParses()
    {
        Substitution s;
        const ParseResult r = parseTemplated(
            "sum(rate($metric{job=~\"${job:regex}\"}[$__rate_interval])) by (job) / $__interval_ms", values,
            &s);
        QVERIFY2(r.ok(), r.error ? qPrintable(r.error->toString()) : "");
        QCOMPARE(s.text,
                 QByteArray("sum(rate(http_requests_total{job=~\"(api|worker)\"}[4m])) by (job) / 60000"));
        QVERIFY(s.unknown.empty());
    }

    void errorsPointIntoTheOriginal_data()
    {
        QTest::addColumn<QByteArray>("original");
        QTest::addColumn<QString>("expected");
        // After a longer substitution: "http_requests_total" replaced "$metric".
        QTest::newRow("after a value") << QByteArray("rate($metric[$window]) +")
                                       << QStringLiteral("1:25: parse error: unexpected end of input");
        QTest::newRow("second line") << QByteArray("sum(\n  $metric{job=\"$job\"} $metric\n)")
                                     << QStringLiteral("2:23: parse error: unexpected identifier "
                                                       "\"http_requests_total\" in aggregation");
        QTest::newRow("inside a value: at the reference")
            << QByteArray("x{a=~\"$broken\"}")
            << QStringLiteral("1:3: parse error: error parsing regexp: missing "
                              "closing ): `^(?:((()$`");
        QTest::newRow("unknown variable") << QByteArray("rate(x[5m]) > $threshold")
                                          << QStringLiteral("1:15: parse error: unknown variable $threshold");
    }
    void errorsPointIntoTheOriginal()
    {
        QFETCH(QByteArray, original);
        QFETCH(QString, expected);
        const ParseResult r = parseTemplated(original, values);
        QVERIFY(!r.ok());
        QCOMPARE(r.error->toString(), expected);
    }

    void offsets()
    {
        const Substitution s = substituteVariables("$job + $window", values);
        QCOMPARE(s.text, QByteArray("api + 10m"));
        QCOMPARE(s.toOriginal(0), 0); // in the first value
        QCOMPARE(s.toOriginal(2), 0);
        QCOMPARE(s.toOriginal(4), 5);  // the '+'
        QCOMPARE(s.toOriginal(7), 7);  // in the second value
        QCOMPARE(s.toOriginal(9), 14); // the end
    }
};

QTEST_GUILESS_MAIN(TestPromqlTemplating)
#include "tst_promql_templating.moc"
