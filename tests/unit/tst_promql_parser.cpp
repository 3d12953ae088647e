// The PromQL lexer, parser and type checks: trees, values, byte positions, and errors worded and
// placed as Prometheus 2.42 places them (the messages below are the ones its own tests and promtool
// give; the conformance test checks a thousand more against promtool itself).
#include "promql/Functions.h"
#include "promql/GoText.h"
#include "promql/Lexer.h"
#include "promql/Parser.h"
#include "promql/Re2Syntax.h"

#include <QTest>
#include <cmath>

using namespace promdeck::promql;

namespace {

// The tree as an S-expression: (op lhs rhs), (call args...), selectors as name{matchers}.
QByteArray tree(const Expression &e, int i)
{
    const Node &n = e.node(i);
    switch (n.kind) {
    case NodeKind::Binary:
        return '(' + tokenTypeText(n.op).toByteArray() + (n.returnBool ? " bool " : " ") + tree(e, n.lhs) +
               ' ' + tree(e, n.rhs) + ')';
    case NodeKind::Unary:
        return '(' + tokenTypeText(n.op).toByteArray() + ' ' + tree(e, n.expr) + ')';
    case NodeKind::Paren:
        return "(paren " + tree(e, n.expr) + ')';
    case NodeKind::NumberLiteral:
        return go::formatFloat(n.number);
    case NodeKind::StringLiteral:
        return go::quote(n.string);
    case NodeKind::Call: {
        QByteArray s = QByteArray("(") + n.function->name;
        for (int a : n.args)
            s += ' ' + tree(e, a);
        return s + ')';
    }
    case NodeKind::Aggregate: {
        QByteArray s = '(' + tokenTypeText(n.op).toByteArray();
        if (n.without || !n.grouping.isEmpty())
            s += (n.without ? " without[" : " by[") + n.grouping.join(',') + ']';
        if (n.param >= 0)
            s += ' ' + tree(e, n.param);
        return s + ' ' + tree(e, n.expr) + ')';
    }
    case NodeKind::MatrixSelector:
        return "(range " + QByteArray::number(n.rangeMs) + ' ' + tree(e, n.expr) + ')';
    case NodeKind::Subquery:
        return "(subquery " + QByteArray::number(n.rangeMs) + ':' + QByteArray::number(n.stepMs) +
               (n.offsetMs ? " offset " + QByteArray::number(n.offsetMs) : QByteArray()) + ' ' +
               tree(e, n.expr) + ')';
    case NodeKind::VectorSelector: {
        QByteArray s = n.metricName;
        for (const LabelMatcher &m : n.matchers)
            s += '{' + m.name + matchTypeText(m.type).toByteArray() + m.value + '}';
        if (n.offsetMs)
            s += " offset " + QByteArray::number(n.offsetMs);
        if (n.at == AtModifier::Timestamp)
            s += " @" + QByteArray::number(n.atMs);
        if (n.at == AtModifier::Start || n.at == AtModifier::End)
            s += n.at == AtModifier::Start ? " @start" : " @end";
        return s;
    }
    }
    return {};
}

ParseResult parseBytes(const QByteArray &text)
{
    return parse(QByteArrayView(text));
}

} // namespace

class TestPromqlParser : public QObject
{
    Q_OBJECT
private slots:
    void tokens_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected"); // type@pos text ...
        QTest::newRow("selector with range and modifiers")
            << QByteArray("foo{a=~\"b\"}[5m] offset -1h @ start()")
            << QByteArray(
                   "id@0:foo {@3 id@4:a =~@5 str@7:\"b\" }@10 [@11 dur@12:5m ]@14 offset@16 -@23 dur@24:1h "
                   "@@27 start@29 (@34 )@35");
        QTest::newRow("keywords case-insensitively, numbers")
            << QByteArray("SUM by(x) 0x1F Inf nan")
            << QByteArray("sum@0 by@4 (@6 id@7:x )@8 num@10:0x1F "
                          "num@15:Inf num@19:nan");
        QTest::newRow("metric identifier and comment")
            << QByteArray("job:rate5m # c\n+ 1") << QByteArray("mid@0:job:rate5m #@11 +@15 num@17:1");
        QTest::newRow("any letter is a colon inside brackets")
            << QByteArray("a[5m x1m]") << QByteArray("id@0:a [@1 dur@2:5m :@5 dur@6:1m ]@8");
    }
    void tokens()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        Lexer lexer(input);
        QByteArrayList out;
        for (Token t = lexer.next(); t.type != TokenType::Eof; t = lexer.next()) {
            QVERIFY2(t.type != TokenType::Error, lexer.errorMessage().constData());
            const QByteArray at = '@' + QByteArray::number(t.pos);
            const QByteArray text = lexer.text(t).toByteArray();
            switch (t.type) {
            case TokenType::Identifier:
                out << "id" + at + ':' + text;
                break;
            case TokenType::MetricIdentifier:
                out << "mid" + at + ':' + text;
                break;
            case TokenType::Number:
                out << "num" + at + ':' + text;
                break;
            case TokenType::String:
                out << "str" + at + ':' + text;
                break;
            case TokenType::Duration:
                out << "dur" + at + ':' + text;
                break;
            case TokenType::Comment:
                out << '#' + at;
                break;
            case TokenType::Colon:
                out << ':' + at;
                break;
            default:
                out << text.toLower() + at;
                break;
            }
        }
        QCOMPARE(out.join(' '), expected);
    }

    void trees_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("* before +") << QByteArray("1 + 2 * 3") << QByteArray("(+ 1 (* 2 3))");
        QTest::newRow("left-associative") << QByteArray("a - b - c") << QByteArray("(- (- a b) c)");
        QTest::newRow("^ right-associative") << QByteArray("2 ^ 3 ^ 2") << QByteArray("(^ 2 (^ 3 2))");
        QTest::newRow("unary binds like *") << QByteArray("-a * b") << QByteArray("(* (- a) b)");
        QTest::newRow("^ binds tighter than unary") << QByteArray("-a ^ b") << QByteArray("(- (^ a b))");
        QTest::newRow("sign folds into a number") << QByteArray("-1 + +2") << QByteArray("(+ -1 2)");
        QTest::newRow("or < and < comparison < +")
            << QByteArray("a or b and c == d + e") << QByteArray("(or a (and b (== c (+ d e))))");
        QTest::newRow("bool") << QByteArray("a > bool 1") << QByteArray("(> bool a 1)");
        QTest::newRow("offset binds to the right operand")
            << QByteArray("a + b offset 5m") << QByteArray("(+ a b offset 300000)");
        QTest::newRow("range binds to the right operand")
            << QByteArray("a / rate(b[5m])") << QByteArray("(/ a (rate (range 300000 b)))");
        QTest::newRow("negative offset, @")
            << QByteArray("a offset -1h @ 1.5") << QByteArray("a offset -3600000 @1500");
        QTest::newRow("@ start()") << QByteArray("a @ start()") << QByteArray("a @start");
        QTest::newRow("subquery of a paren")
            << QByteArray("(a)[1h:5m] offset 1m")
            << QByteArray("(subquery 3600000:300000 offset 60000 (paren a))");
        QTest::newRow("subquery without step")
            << QByteArray("rate(a[5m])[1h:]") << QByteArray("(subquery 3600000:0 (rate (range 300000 a)))");
        QTest::newRow("by before") << QByteArray("sum by (job) (x)") << QByteArray("(sum by[job] x)");
        QTest::newRow("without after")
            << QByteArray("sum(x) without (a, b,)") << QByteArray("(sum without[a,b] x)");
        QTest::newRow("parameter") << QByteArray("topk(5, x)") << QByteArray("(topk 5 x)");
        QTest::newRow("count_values")
            << QByteArray("count_values(\"v\", x)") << QByteArray("(count_values \"v\" x)");
        QTest::newRow("keywords as metric names")
            << QByteArray("sum + by * offset") << QByteArray("(+ sum (* by offset))");
        QTest::newRow("and as a metric") << QByteArray("and and and") << QByteArray("(and and and)");
        QTest::newRow("matchers") << QByteArray("x{a=\"1\", b!=\"2\", c=~\"3\", d!~\"4\",}")
                                  << QByteArray("x{a=1}{b!=2}{c=~3}{d!~4}");
        QTest::newRow("string escapes")
            << QByteArray("\"a\\tb\\u00e9\\x41\\101\"") << QByteArray("\"a\\tbéAA\"");
        QTest::newRow("raw string") << QByteArray("`a\\tb`") << QByteArray("\"a\\\\tb\"");
        QTest::newRow("hex and octal") << QByteArray("0x1f + 0755") << QByteArray("(+ 31 493)");
        QTest::newRow("Inf and NaN") << QByteArray("-Inf + NaN") << QByteArray("(+ -Inf NaN)");
        QTest::newRow("duration units")
            << QByteArray("x[1y2w3d4h5m6s7ms]") << QByteArray("(range 33019506007 x)");
        QTest::newRow("comments and newlines")
            << QByteArray("# head\nsum(\n  x # why\n)") << QByteArray("(sum x)");
    }
    void trees()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        const ParseResult r = parseBytes(input);
        QVERIFY2(r.ok(), r.error ? qPrintable(r.error->toString()) : "");
        QCOMPARE(tree(*r.expression, r.expression->rootIndex()), expected);
    }

    void positions()
    {
        const QByteArray text = "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) / 2";
        const ParseResult r = parseBytes(text);
        QVERIFY(r.ok());
        const Expression &e = *r.expression;
        auto source = [&](int i) { return text.mid(e.node(i).start, e.node(i).end - e.node(i).start); };
        QCOMPARE(source(e.rootIndex()), text);
        const Node &division = e.root();
        QCOMPARE(source(division.lhs),
                 QByteArray("sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m]))"));
        QCOMPARE(source(division.rhs), QByteArray("2"));
        const Node &sum = e.node(division.lhs);
        QCOMPARE(source(sum.expr), QByteArray("rate(http_requests_total{code=~\"5..\"}[5m])"));
        const Node &rate = e.node(sum.expr);
        QCOMPARE(source(rate.args.front()), QByteArray("http_requests_total{code=~\"5..\"}[5m]"));
        const Node &range = e.node(rate.args.front());
        QCOMPARE(source(range.expr), QByteArray("http_requests_total{code=~\"5..\"}"));
        const LabelMatcher &m = e.node(range.expr).matchers.front();
        QCOMPARE(text.mid(m.start, m.end - m.start), QByteArray("code=~\"5..\""));
        // The innermost node at an offset, for hover.
        QCOMPARE(e.node(e.nodeAt(int(text.indexOf("http")))).kind, NodeKind::VectorSelector);
        QCOMPARE(e.node(e.nodeAt(int(text.indexOf("rate")))).kind, NodeKind::Call);
        // A sign folded into a number starts the number; a unary node starts at its operator.
        const ParseResult signs = parseBytes("  -1 + -x");
        QCOMPARE(signs.expression->node(signs.expression->root().lhs).start, 2);
        QCOMPARE(signs.expression->node(signs.expression->root().rhs).start, 7);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("expected");
        auto row = [](const char *name, const char *input, const char *expected) {
            QTest::newRow(name) << QByteArray(input) << QString::fromUtf8(expected);
        };
        row("empty", "", "1:1: parse error: no expression found in input");
        row("only a comment", "# c\n", "1:1: parse error: no expression found in input");
        row("end of input", "1+", "1:3: parse error: unexpected end of input");
        row("operator first", "*1", "1:1: parse error: unexpected <op:*>");
        row("two dots", "100..4", "1:5: parse error: unexpected number \".4\"");
        row("bad number", "0deadbeef", "1:1: parse error: bad number or duration syntax: \"0de\"");
        row("unclosed paren", "((1)", "1:5: parse error: unclosed left parenthesis");
        row("extra paren (after it)", "(1))", "1:5: parse error: unexpected right parenthesis ')'");
        row("number out of range", "1e400",
            "1:1: parse error: error parsing number: strconv.ParseFloat: parsing \"1e400\": value out of "
            "range");
        row("scalar comparison", "1 == 1",
            "1:3: parse error: comparisons between scalars must use BOOL modifier");
        row("set operator on scalars", "1 and 1",
            "1:1: parse error: set operator \"and\" not allowed in binary scalar expression");
        row("=~ outside braces", "1 =~ 1", "1:3: parse error: unexpected character after '=': '~'");
        row("unary on a range", "-x[5m]",
            "1:1: parse error: unary expression only allowed on expressions of type scalar or instant "
            "vector, got "
            "\"range vector\"");
        row("offset on a number", "1 offset 1d",
            "1:1: parse error: offset modifier must be preceded by an instant vector selector or range "
            "vector "
            "selector or a subquery");
        row("two offsets", "x offset 1s offset 2s", "1:1: parse error: offset may not be set multiple times");
        row("on then ignoring", "a - on(b) ignoring(c) d", "1:11: parse error: unexpected <ignoring>");
        row("grouping without on", "x + group_left(y) z", "1:5: parse error: unexpected <group_left>");
        row("grouping on a set operator", "x and on(y) group_left(z) w",
            "1:1: parse error: no grouping allowed for \"and\" operation");
        row("label in on and group", "x + on(i) group_left(j,i) y",
            "1:3: parse error: label \"i\" must not occur in ON and GROUP clause at once");
        row("bool on +", "x + bool y",
            "1:3: parse error: bool modifier can only be used on comparison operators");
        row("timestamp out of bounds", "x @ +Inf",
            "1:1: parse error: timestamp out of bounds for @ modifier: +Inf");
        row("label value not a string", "x{a=b}",
            "1:5: parse error: unexpected identifier \"b\" in label matching, expected string");
        row("colon in braces", "x{a:b=\"b\"}", "1:4: parse error: unexpected character inside braces: ':'");
        row("matcher without operator", "x{junk}",
            "1:7: parse error: unexpected \"}\" in label matching, expected label matching operator");
        row("empty selector", "{}",
            "1:1: parse error: vector selector must contain at least one non-empty matcher");
        row("selector matching only empty", "{x=~\".*\"}",
            "1:1: parse error: vector selector must contain at least one non-empty matcher");
        row("name twice", "foo{__name__=\"bar\"}",
            "1:1: parse error: metric name must not be set twice: \"foo\" or \"bar\"");
        row("missing comma", "x{a=\"b\" c=\"d\"}",
            "1:9: parse error: unexpected identifier \"c\" in label matching, expected \",\" or \"}\"");
        row("bad regex", "x{a=~\"(\"}",
            "1:3: parse error: error parsing regexp: missing closing ): `^(?:()$`");
        row("lookahead", "x{a=~\"(?=b)\"}",
            "1:3: parse error: error parsing regexp: invalid or unsupported Perl syntax: `(?=`");
        row("bad duration", "x[5mm]", "1:3: parse error: bad duration syntax: \"5mm\"");
        row("units out of order", "x[5m1h]", "1:3: parse error: not a valid duration string: \"5m1h\"");
        row("zero range", "x[0s]", "1:3: parse error: duration must be greater than 0");
        row("no unit", "x[5]", "1:3: parse error: missing unit character in duration");
        row("offset without duration", "x[5m] offset 1",
            "1:14: parse error: unexpected number \"1\" in offset, expected duration");
        row("offset before range", "x offset 1m[5m]",
            "1:12: parse error: no offset modifiers allowed before range");
        row("@ before range", "x @ 1234 [5m]", "1:10: parse error: no @ modifiers allowed before range");
        row("range of an expression", "(a + b)[5m]",
            "1:8: parse error: ranges only allowed for vector selectors");
        row("@ duration", "x[5m] @ 1m",
            "1:9: parse error: unexpected duration \"1m\" in @, expected timestamp");
        row("subquery of a range", "x[5d] offset 10s [10m:5s]",
            "1:1: parse error: subquery is only allowed on instant vector, got matrix instead");
        row("subquery expecting ]", "x[5m:1m 2]",
            "1:9: parse error: unexpected number \"2\" in subquery selector, expected \"]\"");
        row("grouping label", "sum without(==)(x)",
            "1:13: parse error: unexpected <op:==> in grouping opts, expected label");
        row("grouping colon", "sum(x) by (a:b)",
            "1:12: parse error: unexpected metric identifier \"a:b\" in grouping opts, expected label");
        row("in aggregation", "sum(a b)", "1:7: parse error: unexpected identifier \"b\" in aggregation");
        row("not an aggregation", "sum(x) 5", "1:8: parse error: unexpected number \"5\"");
        row("two modifiers", "sum (x) without (a) by (a)", "1:21: parse error: unexpected <by>");
        row("grouping after group_left", "x + on(a) group_left , y",
            "1:22: parse error: unexpected \",\" in grouping opts, expected \"(\"");
        row("no arguments", "sum()", "1:1: parse error: no arguments for aggregate expression provided");
        row("parameter missing", "topk(x)",
            "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got "
            "1");
        row("trailing comma", "topk(x,)",
            "1:7: parse error: trailing commas not allowed in function call args");
        row("parameter type", "topk(x, y)",
            "1:6: parse error: expected type scalar in aggregation parameter, got instant vector");
        row("function arity", "floor(x, y)",
            "1:1: parse error: expected 1 argument(s) in call to \"floor\", got 2");
        row("variadic arity", "hour(x, x, x)",
            "1:1: parse error: expected at most 1 argument(s) in call to \"hour\", got 3");
        row("argument type", "rate(x)",
            "1:6: parse error: expected type range vector in call to function \"rate\", got instant vector");
        row("unknown function", "limitk(2, x)", "1:1: parse error: unknown function with name \"limitk\"");
        row("@ with no operand", "@ x", "1:1: parse error: unexpected \"<Item 57385>\" <op:@>");
        row("start() as a call", "start()", "1:6: parse error: unexpected \"(\"");
        row("escape", "\"\\c\"", "1:1: parse error: unknown escape sequence U+0063 'c'");
        row("long token", "x \"abcdefghijklmnop\"",
            "1:3: parse error: unexpected string \"\\\"abcdefghi\"...");
        row("second line", "sum(x)\n  + * y", "2:5: parse error: unexpected <op:*>");
        row("non-ASCII", "é", "1:1: parse error: unexpected character: 'é'");
    }
    void errors()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, expected);
        const ParseResult r = parseBytes(input);
        QVERIFY(!r.ok());
        QCOMPARE(r.error->toString(), expected);
    }

    void typeErrorsKeepTheTree()
    {
        // The editor still gets the tree when only the types are wrong, not when the syntax is.
        QVERIFY(parseBytes("rate(x)").expression);
        QVERIFY(!parseBytes("rate(x").expression);
    }

    void types()
    {
        const ParseResult r = parseBytes("scalar(x) * 2 + time()");
        QVERIFY(r.ok());
        QCOMPARE(r.expression->type(r.expression->rootIndex()), ValueType::Scalar);
        const ParseResult range = parseBytes("x[5m]");
        QCOMPARE(range.expression->type(range.expression->rootIndex()), ValueType::Matrix);
        QCOMPARE(parseBytes("\"s\"").expression->root().string, QByteArray("s"));
    }

    void matchersAndBinaryModifiersKeepWhatWasWritten()
    {
        const ParseResult r = parseBytes("a > bool on(x, y) group_left(z) b");
        QVERIFY(r.ok());
        const Node &n = r.expression->root();
        QVERIFY(n.returnBool);
        QVERIFY(n.on);
        QCOMPARE(n.matchingLabels, QByteArrayList({"x", "y"}));
        QCOMPARE(n.card, Cardinality::ManyToOne);
        QCOMPARE(n.include, QByteArrayList({"z"}));
        // Set operators are many-to-many; a scalar side has no matching at all.
        QCOMPARE(parseBytes("a and b").expression->root().card, Cardinality::ManyToMany);
        QVERIFY(!parseBytes("a + 1").expression->root().hasMatching);
    }

    void functionTable()
    {
        QVERIFY(findFunction("rate"));
        QVERIFY(!findFunction("limitk"));        // not in 2.42
        QVERIFY(!findFunction("sort_by_label")); // not in 2.42
        for (const Function &f : functions()) {
            QVERIFY2(QByteArrayView(f.signature).startsWith(QByteArray(QByteArray(f.name) + "(")), f.name);
            QVERIFY2(QByteArrayView(f.description).size() > 10, f.name);
            QCOMPARE(findFunction(f.name), &f);
        }
        QCOMPARE(findFunction("label_join")->variadic, -1);
        QVERIFY(parseBytes("label_join(x, \"d\", \",\", \"a\", \"b\", \"c\")").ok());
        QVERIFY(parseBytes("round(x, 5)").ok());
        QVERIFY(parseBytes("day_of_week()").ok());
        QVERIFY(!parseBytes("label_replace(x, \"a\", \"b\", \"c\")").ok());
    }

    void regexes_data()
    {
        QTest::addColumn<QByteArray>("pattern");
        QTest::addColumn<QByteArray>("error");
        QTest::addColumn<bool>("matchesEmpty");
        QTest::newRow("alternation") << QByteArray("a|b") << QByteArray() << false;
        QTest::newRow("optional") << QByteArray("(a|b)?") << QByteArray() << true;
        QTest::newRow("empty alternative") << QByteArray("a|") << QByteArray() << true;
        QTest::newRow("counted zero") << QByteArray("a{0,3}") << QByteArray() << true;
        QTest::newRow("word boundary") << QByteArray("\\b") << QByteArray() << false;
        QTest::newRow("perl classes") << QByteArray("\\d+\\.\\w*") << QByteArray() << false;
        QTest::newRow("named group") << QByteArray("(?P<x>a)*") << QByteArray() << true;
        QTest::newRow("flags") << QByteArray("(?i)abc") << QByteArray() << false;
        QTest::newRow("unicode class") << QByteArray("\\p{Greek}+") << QByteArray() << false;
        QTest::newRow("posix class") << QByteArray("[[:alpha:]]") << QByteArray() << false;
        QTest::newRow("closing paren balances the anchor group")
            << QByteArray("a)(b") << QByteArray("error parsing regexp: unexpected ): `a)(b`") << false;
        QTest::newRow("nested repetition")
            << QByteArray("a**")
            << QByteArray("error parsing regexp: invalid nested repetition operator: `**`") << false;
        QTest::newRow("too many") << QByteArray("(a{100}){11}")
                                  << QByteArray("error parsing regexp: invalid repeat count: `{11}`")
                                  << false;
        QTest::newRow("backreference")
            << QByteArray("(a)\\1") << QByteArray("error parsing regexp: invalid escape sequence: `\\1`")
            << false;
        QTest::newRow("bad range") << QByteArray("[z-a]")
                                   << QByteArray("error parsing regexp: invalid character class range: `z-a`")
                                   << false;
        QTest::newRow("unclosed class")
            << QByteArray("[ab") << QByteArray("error parsing regexp: missing closing ]: `[ab)$`") << false;
        QTest::newRow("nothing to repeat")
            << QByteArray("*a")
            << QByteArray("error parsing regexp: missing argument to repetition "
                          "operator: `*`")
            << false;
    }
    void regexes()
    {
        QFETCH(QByteArray, pattern);
        QFETCH(QByteArray, error);
        QFETCH(bool, matchesEmpty);
        const RegexCheck check = checkLabelRegex(pattern);
        QCOMPARE(check.error, error);
        if (error.isEmpty())
            QCOMPARE(check.matchesEmpty, matchesEmpty);
    }

    void goText()
    {
        QCOMPARE(go::formatFloat(1e6), QByteArray("1e+06"));
        QCOMPARE(go::formatFloat(123456), QByteArray("123456"));
        QCOMPARE(go::formatFloat(0.0001), QByteArray("0.0001"));
        QCOMPARE(go::formatFloat(0.00001), QByteArray("1e-05"));
        QCOMPARE(go::formatFloat(-2.5), QByteArray("-2.5"));
        QCOMPARE(go::formatFloat(1.0 / 3), QByteArray("0.3333333333333333"));
        QCOMPARE(go::formatFixed(-1.5, 3), QByteArray("-1.500"));
        QCOMPARE(go::formatDuration(90'000), QByteArray("1m30s"));
        QCOMPARE(go::formatDuration(14 * 86'400'000LL), QByteArray("2w"));
        QCOMPARE(go::formatDuration(15 * 86'400'000LL), QByteArray("15d"));
        QCOMPARE(go::parseDuration("292y").error, QByteArray());
        QCOMPARE(go::parseDuration("293y").error, QByteArray("duration out of range"));
        QCOMPARE(go::quote("a\"b\\c\n\x01é\xff"), QByteArray("\"a\\\"b\\\\c\\n\\x01é\\xff\""));
    }

    void hostileNestingIsRefusedNotFatal()
    {
        QByteArray deep(100'000, '(');
        deep += '1';
        const ParseResult r = parseBytes(deep);
        QVERIFY(!r.ok());
        QVERIFY(r.error->detail.contains(QLatin1String("nests too deeply")));
        // A long flat chain builds a deep tree without deep parsing: refused by the same limit.
        QByteArray chain = "1";
        for (int i = 0; i < 2 * MaxNesting; ++i)
            chain += " + 1";
        const ParseResult c = parseBytes(chain);
        QVERIFY(!c.ok());
        QVERIFY(!c.expression);
        QVERIFY(parseBytes(QByteArray(500, '(') + '1' + QByteArray(500, ')')).ok());
    }
};

QTEST_GUILESS_MAIN(TestPromqlParser)
#include "tst_promql_parser.moc"
