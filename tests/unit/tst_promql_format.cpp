// Printing and formatting: the canonical form, Prometheus' prettier layout, and for every valid
// expression of the conformance corpus: formatted, it parses to the same tree, and formatting it
// again changes nothing. (tst_promql_server compares the layout with Prometheus' own format_query.)
#include "promql/GoText.h"
#include "promql/Parser.h"
#include "promql/Printer.h"
#include "support/TestSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <cmath>

using namespace promdeck::promql;

namespace {

QByteArrayList corpus()
{
    QFile file(promdeck::test::testDataPath(QStringLiteral("promql/corpus.txt")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArrayList out;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        out << QJsonDocument::fromJson('[' + line + ']').array().at(0).toString().toUtf8();
    }
    return out;
}

QByteArrayList sortedMatchers(const Node &n)
{
    QByteArrayList out;
    for (const LabelMatcher &m : n.matchers)
        out << m.name + matchTypeText(m.type).toByteArray() + m.value;
    std::sort(out.begin(), out.end());
    return out;
}

// Two trees are the same query: positions aside, matchers in any order.
bool sameTree(const Expression &a, int i, const Expression &b, int j, QByteArray *why)
{
    const Node &x = a.node(i);
    const Node &y = b.node(j);
    auto differ = [&](const char *what) {
        *why = QByteArray(what) + " differs at " + printExpression(a, i);
        return false;
    };
    if (x.kind != y.kind || x.op != y.op)
        return differ("kind");
    const bool numbersEqual = x.number == y.number || (std::isnan(x.number) && std::isnan(y.number));
    if (!numbersEqual || x.string != y.string || x.metricName != y.metricName)
        return differ("literal");
    if (sortedMatchers(x) != sortedMatchers(y))
        return differ("matchers");
    if (x.grouping != y.grouping || x.without != y.without)
        return differ("grouping");
    if (x.returnBool != y.returnBool || x.hasMatching != y.hasMatching || x.card != y.card || x.on != y.on ||
        x.matchingLabels != y.matchingLabels || x.include != y.include)
        return differ("vector matching");
    if (x.offsetMs != y.offsetMs || x.at != y.at || x.atMs != y.atMs || x.rangeMs != y.rangeMs ||
        x.stepMs != y.stepMs)
        return differ("modifiers");
    if (x.function != y.function || x.args.size() != y.args.size())
        return differ("call");
    for (size_t k = 0; k < x.args.size(); ++k)
        if (!sameTree(a, x.args[k], b, y.args[k], why))
            return false;
    auto child = [&](int p, int q) {
        return (p < 0 && q < 0) || (p >= 0 && q >= 0 && sameTree(a, p, b, q, why));
    };
    if (!child(x.expr, y.expr) || !child(x.param, y.param) || !child(x.lhs, y.lhs) || !child(x.rhs, y.rhs)) {
        if (why->isEmpty())
            return differ("children");
        return false;
    }
    return true;
}

QByteArray printed(const char *text)
{
    const ParseResult r = parse(QByteArrayView(text));
    return r.expression ? printExpression(*r.expression) : r.error->toString().toUtf8();
}

QByteArray formatted(const char *text)
{
    const ParseResult r = parse(QByteArrayView(text));
    return r.expression ? formatExpression(*r.expression) : r.error->toString().toUtf8();
}

} // namespace

class TestPromqlFormat : public QObject
{
    Q_OBJECT
private slots:
    void canonical_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        auto row = [](const char *input, const char *expected) {
            QTest::newRow(input) << QByteArray(input) << QByteArray(expected);
        };
        row("sum(rate(x[5m]))by(job)", "sum by (job) (rate(x[5m]))");
        row("sum by () (x)", "sum(x)");
        row("sum without () (x)", "sum without () (x)");
        row("x{b=\"2\",a=~'1'}", "x{a=~\"1\",b=\"2\"}");
        row("{__name__=\"x\"}", "{__name__=\"x\"}");
        row("x[90s] offset -1h30m @ 1.5", "x[1m30s] @ 1.500 offset -1h30m");
        row("x offset 1w @ end()", "x @ end() offset 1w");
        row("rate(x[5m])[1h:] offset 5m", "rate(x[5m])[1h:] offset 5m");
        row("a>bool on(x)group_left b", "a > bool on (x) group_left () b");
        row("a + ignoring(x) b", "a + ignoring (x) b");
        row("a + on() b", "a + on () b");
        row("a + ignoring() b", "a + b");
        // Prometheus 2.42 prints this one as `a + b`, a different query; later versions keep it.
        row("a + ignoring() group_left b", "a + ignoring () group_left () b");
        row("0x10 + 1e6 + .5 + -Inf + NaN", "16 + 1e+06 + 0.5 + -Inf + NaN");
        row("'it\\'s' + `raw\\n`", "\"it's\" + \"raw\\\\n\"");
        row("-(1) + +x", "-(1) + +x");
        row("SUM(x) AND ON(job) Y", "sum(x) and on (job) Y");
    }
    void canonical()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QCOMPARE(printed(input.constData()), expected);
    }

    void layout_data()
    {
        // As /api/v1/format_query of Prometheus 2.42 lays them out.
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("short stays on one line")
            << QByteArray("sum(rate(x[5m])) by (job)") << QByteArray("sum by (job) (rate(x[5m]))");
        QTest::newRow("binary split with matching")
            << QByteArray(
                   "sum by (namespace, pod) "
                   "(rate(container_cpu_usage_seconds_total{namespace=\"production\", "
                   "container!=\"\", pod=~\"api-.*\"}[5m])) / on (namespace, pod) group_left () sum by "
                   "(namespace, pod) (kube_pod_container_resource_limits{resource=\"cpu\"})")
            << QByteArray(
                   "  sum by (namespace, pod) (\n"
                   "    rate(container_cpu_usage_seconds_total{container!=\"\",namespace=\"production\","
                   "pod=~\"api-.*\"}[5m])\n"
                   "  )\n"
                   "/ on (namespace, pod) group_left ()\n"
                   "  sum by (namespace, pod) (kube_pod_container_resource_limits{resource=\"cpu\"})");
        QTest::newRow("function arguments and bool")
            << QByteArray(
                   "histogram_quantile(0.99, sum by (le, handler) (rate(http_request_duration_seconds_bucket{"
                   "job=\"api\", handler!~\"/metrics|/health\"}[5m]))) > bool 0.5")
            << QByteArray(
                   "  histogram_quantile(\n"
                   "    0.99,\n"
                   "    sum by (le, handler) (\n"
                   "      "
                   "rate(http_request_duration_seconds_bucket{handler!~\"/metrics|/health\",job=\"api\"}"
                   "[5m])\n"
                   "    )\n"
                   "  )\n"
                   "> bool\n"
                   "  0.5");
        QTest::newRow("unary")
            << QByteArray(
                   "-sum(rate(celery_task_failed_total{queue=\"default\", task=~\"billing\\\\..*\"}[10m])) / "
                   "sum(rate(celery_task_succeeded_total{queue=\"default\"}[10m]))")
            << QByteArray(
                   "  -sum(rate(celery_task_failed_total{queue=\"default\",task=~\"billing\\\\..*\"}[10m]))\n"
                   "/\n"
                   "  sum(rate(celery_task_succeeded_total{queue=\"default\"}[10m]))");
    }
    void layout()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QCOMPARE(formatted(input.constData()), expected);
    }

    void corpusRoundTrip()
    {
        const QByteArrayList expressions = corpus();
        QVERIFY(expressions.size() >= 500);
        int valid = 0;
        for (const QByteArray &text : expressions) {
            const ParseResult original = parse(QByteArrayView(text));
            if (!original.ok())
                continue;
            ++valid;
            const QByteArray once = formatExpression(*original.expression);
            const ParseResult reparsed = parse(QByteArrayView(once));
            QVERIFY2(reparsed.ok(), QByteArray(text + " -> " + once).constData());
            QByteArray why;
            QVERIFY2(sameTree(*original.expression, original.expression->rootIndex(), *reparsed.expression,
                              reparsed.expression->rootIndex(), &why),
                     QByteArray(text + " -> " + once + ": " + why).constData());
            QCOMPARE(formatExpression(*reparsed.expression), once);
            QCOMPARE(printExpression(*reparsed.expression), printExpression(*original.expression));
        }
        QVERIFY(valid >= 400);
    }
};

QTEST_GUILESS_MAIN(TestPromqlFormat)
#include "tst_promql_format.moc"
