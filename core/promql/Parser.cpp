#include "promql/Parser.h"

#include "promql/GoText.h"
#include "promql/Re2Syntax.h"

#include <cmath>
#include <limits>

namespace promdeck::promql {

namespace {

// The first error ends the parse: Prometheus reports only its first one, and once a syntax error
// is found it never type-checks.
struct Failure
{
    int start;
    int end;
    QByteArray message;
};

// Binary operator precedence, lowest first; ^ is right-associative.
int precedence(TokenType t)
{
    switch (t) {
    case TokenType::Or:
        return 1;
    case TokenType::And:
    case TokenType::Unless:
        return 2;
    case TokenType::EqualEqual:
    case TokenType::NotEqual:
    case TokenType::LessEqual:
    case TokenType::Less:
    case TokenType::GreaterEqual:
    case TokenType::Greater:
        return 3;
    case TokenType::Add:
    case TokenType::Sub:
        return 4;
    case TokenType::Mul:
    case TokenType::Div:
    case TokenType::Mod:
    case TokenType::Atan2:
        return 5;
    case TokenType::Pow:
        return 6;
    default:
        return 0;
    }
}
constexpr int UnaryOperandPrecedence = 6; // a sign binds like *, so only ^ binds tighter

// Keywords that Prometheus also reads as metric names where an expression starts.
bool isMetricIdentifier(TokenType t)
{
    switch (t) {
    case TokenType::Identifier:
    case TokenType::MetricIdentifier:
    case TokenType::By:
    case TokenType::Without:
    case TokenType::Offset:
    case TokenType::And:
    case TokenType::Or:
    case TokenType::Unless:
    case TokenType::Start:
    case TokenType::End:
        return true;
    default:
        return isAggregator(t);
    }
}

// What may stand in a by/without/on/ignoring/group_x list (keywords included).
bool isLabelToken(TokenType t)
{
    switch (t) {
    case TokenType::Identifier:
    case TokenType::MetricIdentifier:
    case TokenType::Bool:
    case TokenType::By:
    case TokenType::GroupLeft:
    case TokenType::GroupRight:
    case TokenType::Ignoring:
    case TokenType::And:
    case TokenType::Or:
    case TokenType::Unless:
    case TokenType::Offset:
    case TokenType::On:
    case TokenType::Without:
    case TokenType::Start:
    case TokenType::End:
    case TokenType::Atan2:
        return true;
    default:
        return isAggregator(t);
    }
}

bool startsExpression(TokenType t)
{
    switch (t) {
    case TokenType::Number:
    case TokenType::String:
    case TokenType::LeftParen:
    case TokenType::LeftBrace:
    case TokenType::Add:
    case TokenType::Sub:
        return true;
    default:
        return isMetricIdentifier(t);
    }
}

// strutil.Unquote of a string token the lexer has already checked.
QByteArray unquote(QByteArrayView quoted)
{
    const char quote = quoted.front();
    const QByteArrayView body = quoted.sliced(1, quoted.size() - 2);
    if (quote == '`' || !body.contains('\\'))
        return body.toByteArray();
    QByteArray out;
    out.reserve(body.size());
    auto appendUtf8 = [&out](char32_t r) { out += QString::fromUcs4(&r, 1).toUtf8(); };
    for (qsizetype i = 0; i < body.size(); ++i) {
        const char c = body[i];
        if (c != '\\' || i + 1 >= body.size()) {
            out += c;
            continue;
        }
        const char e = body[++i];
        switch (e) {
        case 'a':
            out += '\a';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'v':
            out += '\v';
            break;
        case 'x':
        case 'u':
        case 'U': {
            const int digits = e == 'x' ? 2 : (e == 'u' ? 4 : 8);
            const char32_t v = char32_t(body.sliced(i + 1, digits).toUInt(nullptr, 16));
            i += digits;
            if (e == 'x')
                out += char(v); // a byte, possibly not UTF-8
            else
                appendUtf8(v);
            break;
        }
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7':
            out += char(body.sliced(i, 3).toUInt(nullptr, 8));
            i += 2;
            break;
        default:
            out += e; // \\, \' and \"
            break;
        }
    }
    return out;
}

} // namespace

class Parser
{
public:
    explicit Parser(QByteArrayView input) : m_input(input), m_lexer(input) {}

    ParseResult run()
    {
        ParseResult result;
        try {
            if (peek().type == TokenType::Eof)
                fail(0, 0, "no expression found in input");
            const int root = parseExpr(0);
            if (peek().type != TokenType::Eof)
                unexpected(peek());
            Expression expression;
            expression.m_source = m_input.toByteArray();
            expression.m_nodes = std::move(m_nodes);
            expression.m_root = root;
            result.expression = std::move(expression);
        } catch (const Failure &f) {
            fill(result, f);
            return result;
        }
        try {
            m_checked = &*result.expression;
            check(m_checked->root());
        } catch (const Failure &f) {
            fill(result, f);
            if (m_tooDeep) // a tree too deep to check is too deep to hand out
                result.expression.reset();
        }
        return result;
    }

private:
    void fill(ParseResult &result, const Failure &f) const
    {
        result.error = parseError(m_input, f.start, QByteArrayView(f.message));
        result.errorStart = f.start;
        result.errorEnd = f.end;
    }

    // Tokens --------------------------------------------------------------------------------------

    // Lexes lazily, like Prometheus' parser, so that its lexer errors and the errors of what was
    // already read come in the same order.
    const Token &peek()
    {
        if (!m_haveToken) {
            do {
                m_token = m_lexer.next();
            } while (m_token.type == TokenType::Comment);
            m_haveToken = true;
            if (m_token.type == TokenType::Error)
                throw Failure{m_token.pos, int(m_input.size()), m_lexer.errorMessage()};
        }
        return m_token;
    }

    Token take()
    {
        peek();
        m_haveToken = false;
        m_lastEnd = m_token.end;
        return m_token;
    }

    QByteArrayView text(const Token &t) const { return m_input.sliced(t.pos, t.length()); }

    [[noreturn]] static void fail(int start, int end, QByteArray message)
    {
        throw Failure{start, end, std::move(message)};
    }

    // How Prometheus names a token in "unexpected ..." (Item.desc()).
    QByteArray describe(const Token &t) const
    {
        const QByteArrayView value = text(t);
        switch (t.type) {
        case TokenType::Eof:
            return "end of input";
        case TokenType::Identifier:
            return "identifier " + go::quote(value);
        case TokenType::MetricIdentifier:
            return "metric identifier " + go::quote(value);
        case TokenType::Number:
            return "number " + shortQuote(value);
        case TokenType::String:
            return "string " + shortQuote(value);
        case TokenType::Duration:
            return "duration " + shortQuote(value);
        case TokenType::At:
            // The one operator missing from Prometheus' table of token names.
            return "\"<Item 57385>\" <op:@>";
        default:
            break;
        }
        if (isKeyword(t.type))
            return '<' + value.toByteArray() + '>';
        if (isOperator(t.type))
            return "<op:" + value.toByteArray() + '>';
        if (isAggregator(t.type))
            return "<aggr:" + value.toByteArray() + '>';
        return shortQuote(value);
    }

    static QByteArray shortQuote(QByteArrayView value)
    {
        if (value.size() > 10)
            return go::quotePrefix(value, 10) + "...";
        return go::quote(value);
    }

    // A syntax error at `t`. Without a context of its own, an error inside an aggregation's
    // parentheses is "in aggregation", as Prometheus' grammar recovers there.
    [[noreturn]] void unexpected(const Token &t, const char *context = nullptr,
                                 const char *expected = nullptr)
    {
        QByteArray message = "unexpected " + describe(t);
        if (!context && m_aggregationDepth > 0)
            context = "aggregation";
        if (context)
            message += QByteArray(" in ") + context;
        if (expected)
            message += QByteArray(", expected ") + expected;
        fail(t.pos, t.end, std::move(message));
    }

    int add(Node node)
    {
        m_nodes.push_back(std::move(node));
        return int(m_nodes.size()) - 1;
    }
    Node &at(int index) { return m_nodes[size_t(index)]; }

    // Grammar -------------------------------------------------------------------------------------

    struct Nesting
    {
        explicit Nesting(Parser *p) : parser(p)
        {
            if (++parser->m_depth > MaxNesting) {
                parser->m_tooDeep = true;
                fail(parser->m_token.pos, parser->m_token.end,
                     "expression nests too deeply (more than " + QByteArray::number(MaxNesting) + " levels)");
            }
        }
        ~Nesting() { --parser->m_depth; }
        Nesting(const Nesting &) = delete;
        Nesting &operator=(const Nesting &) = delete;
        Parser *parser;
    };

    int parseExpr(int minPrecedence)
    {
        const Nesting nesting(this);
        int left = parseUnary();
        for (;;) {
            const TokenType t = peek().type;
            if (t == TokenType::LeftBracket || t == TokenType::Offset || t == TokenType::At) {
                left = parsePostfix(left);
                continue;
            }
            const int p = precedence(t);
            if (p == 0 || p < minPrecedence)
                return left;
            left = parseBinary(left, p);
        }
    }

    int parseBinary(int left, int p)
    {
        const Token op = take();
        Node n;
        n.kind = NodeKind::Binary;
        n.op = op.type;
        n.hasMatching = true;
        if (peek().type == TokenType::Bool) {
            take();
            n.returnBool = true;
        }
        if (peek().type == TokenType::On || peek().type == TokenType::Ignoring) {
            n.on = take().type == TokenType::On;
            n.matchingLabels = parseGroupingAfterKeyword();
            if (peek().type == TokenType::GroupLeft || peek().type == TokenType::GroupRight) {
                n.card =
                    take().type == TokenType::GroupLeft ? Cardinality::ManyToOne : Cardinality::OneToMany;
                if (peek().type == TokenType::LeftParen)
                    n.include = parseGroupingList();
                else if (!startsExpression(peek().type))
                    unexpected(peek(), "grouping opts", "\"(\"");
            }
        }
        const int right = parseExpr(op.type == TokenType::Pow ? p : p + 1);
        n.lhs = left;
        n.rhs = right;
        n.start = at(left).start;
        n.end = at(right).end;
        return add(std::move(n));
    }

    int parseUnary()
    {
        const Token &t = peek();
        if (t.type != TokenType::Add && t.type != TokenType::Sub)
            return parsePrimary();
        const Token op = take();
        const int operand = parseExpr(UnaryOperandPrecedence);
        Node &inner = at(operand);
        if (inner.kind == NodeKind::NumberLiteral) {
            if (op.type == TokenType::Sub)
                inner.number = -inner.number;
            inner.start = op.pos;
            return operand;
        }
        Node n;
        n.kind = NodeKind::Unary;
        n.op = op.type;
        n.expr = operand;
        n.start = op.pos;
        n.end = inner.end;
        return add(std::move(n));
    }

    int parsePrimary()
    {
        const Token t = peek();
        switch (t.type) {
        case TokenType::Number: {
            take();
            Node n;
            n.kind = NodeKind::NumberLiteral;
            n.number = number(t);
            n.start = t.pos;
            n.end = t.end;
            return add(std::move(n));
        }
        case TokenType::String: {
            take();
            Node n;
            n.kind = NodeKind::StringLiteral;
            n.string = unquote(text(t));
            n.start = t.pos;
            n.end = t.end;
            return add(std::move(n));
        }
        case TokenType::LeftParen: {
            take();
            const int inner = parseExpr(0);
            if (peek().type != TokenType::RightParen)
                unexpected(peek());
            const Token close = take();
            Node n;
            n.kind = NodeKind::Paren;
            n.expr = inner;
            n.start = t.pos;
            n.end = close.end;
            return add(std::move(n));
        }
        case TokenType::LeftBrace:
            return parseVectorSelector(nullptr);
        case TokenType::Identifier:
            take();
            if (peek().type == TokenType::LeftParen)
                return parseCall(t);
            return parseVectorSelector(&t);
        default:
            break;
        }
        if (isAggregator(t.type)) {
            take();
            const TokenType next = peek().type;
            if (next == TokenType::LeftParen || next == TokenType::By || next == TokenType::Without)
                return parseAggregate(t);
            return parseVectorSelector(&t);
        }
        if (isMetricIdentifier(t.type)) {
            take();
            return parseVectorSelector(&t);
        }
        unexpected(t);
    }

    int parseVectorSelector(const Token *name)
    {
        Node n;
        n.kind = NodeKind::VectorSelector;
        if (name) {
            n.metricName = text(*name).toByteArray();
            n.start = name->pos;
            n.end = name->end;
        } else {
            n.start = peek().pos;
        }
        if (peek().type == TokenType::LeftBrace)
            n.end = parseMatchers(n.matchers);
        return add(std::move(n));
    }

    // {a="b", c=~"d"}; returns the end of the closing brace.
    int parseMatchers(std::vector<LabelMatcher> &matchers)
    {
        take(); // {
        if (peek().type == TokenType::RightBrace)
            return take().end;
        for (;;) {
            if (peek().type != TokenType::Identifier)
                unexpected(peek(), "label matching", "identifier or \"}\"");
            const Token label = take();
            LabelMatcher m;
            switch (peek().type) {
            case TokenType::Assign:
                m.type = MatchType::Equal;
                break;
            case TokenType::NotEqual:
                m.type = MatchType::NotEqual;
                break;
            case TokenType::EqualRegex:
                m.type = MatchType::Regex;
                break;
            case TokenType::NotRegex:
                m.type = MatchType::NotRegex;
                break;
            default:
                unexpected(peek(), "label matching", "label matching operator");
            }
            take();
            if (peek().type != TokenType::String)
                unexpected(peek(), "label matching", "string");
            const Token value = take();
            m.name = text(label).toByteArray();
            m.value = unquote(text(value));
            m.start = label.pos;
            m.end = value.end;
            if (m.type == MatchType::Regex || m.type == MatchType::NotRegex) {
                const RegexCheck regex = checkLabelRegex(m.value);
                if (!regex.error.isEmpty())
                    fail(label.pos, value.end, regex.error);
                m.matchesEmpty = (m.type == MatchType::Regex) == regex.matchesEmpty;
            } else {
                m.matchesEmpty = (m.type == MatchType::Equal) == m.value.isEmpty();
            }
            matchers.push_back(std::move(m));
            const Token next = peek();
            if (next.type == TokenType::Comma) {
                take();
                if (peek().type == TokenType::RightBrace)
                    return take().end;
                continue;
            }
            if (next.type == TokenType::RightBrace)
                return take().end;
            unexpected(next, "label matching", "\",\" or \"}\"");
        }
    }

    // (arg, arg, ...) after a function name or aggregation operator.
    std::vector<int> parseArguments()
    {
        take(); // (
        std::vector<int> args;
        if (peek().type == TokenType::RightParen) {
            take();
            return args;
        }
        for (;;) {
            args.push_back(parseExpr(0));
            const Token next = peek();
            if (next.type == TokenType::Comma) {
                const Token comma = take();
                const TokenType after = peek().type;
                if (after == TokenType::RightParen || after == TokenType::Comma)
                    fail(comma.pos, comma.end, "trailing commas not allowed in function call args");
                continue;
            }
            if (next.type == TokenType::RightParen) {
                take();
                return args;
            }
            unexpected(next);
        }
    }

    int parseCall(const Token &name)
    {
        std::vector<int> args = parseArguments();
        const Function *function = findFunction(text(name));
        if (!function)
            fail(name.pos, name.end, "unknown function with name " + go::quote(text(name)));
        Node n;
        n.kind = NodeKind::Call;
        n.function = function;
        n.args = std::move(args);
        n.start = name.pos;
        n.end = m_lastEnd;
        return add(std::move(n));
    }

    int parseAggregate(const Token &op)
    {
        Node n;
        n.kind = NodeKind::Aggregate;
        n.op = op.type;
        n.start = op.pos;
        ++m_aggregationDepth;
        std::vector<int> args;
        if (peek().type == TokenType::By || peek().type == TokenType::Without) {
            n.without = take().type == TokenType::Without;
            n.grouping = parseGroupingAfterKeyword();
            if (peek().type != TokenType::LeftParen)
                unexpected(peek());
            args = parseArguments();
        } else {
            args = parseArguments();
            if (peek().type == TokenType::By || peek().type == TokenType::Without) {
                n.without = take().type == TokenType::Without;
                n.grouping = parseGroupingAfterKeyword();
            }
        }
        --m_aggregationDepth;
        n.end = m_lastEnd;
        if (args.empty())
            fail(n.start, n.end, "no arguments for aggregate expression provided");
        const size_t wanted = aggregatorTakesParameter(op.type) ? 2 : 1;
        if (args.size() != wanted)
            fail(n.start, n.end,
                 "wrong number of arguments for aggregate expression provided, expected " +
                     QByteArray::number(qulonglong(wanted)) + ", got " +
                     QByteArray::number(qulonglong(args.size())));
        if (wanted == 2)
            n.param = args[0];
        n.expr = args[wanted - 1];
        return add(std::move(n));
    }

    // The label list after by, without, on or ignoring (the keyword already taken).
    QByteArrayList parseGroupingAfterKeyword()
    {
        if (peek().type != TokenType::LeftParen)
            unexpected(peek(), "grouping opts", "\"(\"");
        return parseGroupingList();
    }

    QByteArrayList parseGroupingList()
    {
        take(); // (
        QByteArrayList labels;
        if (peek().type == TokenType::RightParen) {
            take();
            return labels;
        }
        for (;;) {
            const Token label = peek();
            if (!isLabelToken(label.type))
                unexpected(label, "grouping opts", "label");
            take();
            if (label.type == TokenType::MetricIdentifier) // has a colon: no label name
                unexpected(label, "grouping opts", "label");
            labels << text(label).toByteArray();
            const Token next = peek();
            if (next.type == TokenType::Comma) {
                take();
                if (peek().type == TokenType::RightParen) {
                    take();
                    return labels;
                }
                continue;
            }
            if (next.type == TokenType::RightParen) {
                take();
                return labels;
            }
            unexpected(next, "grouping opts", "\",\" or \")\"");
        }
    }

    // [range], [range:step], offset d, @ t: they bind to what stands right before them.
    int parsePostfix(int left)
    {
        const Token t = take();
        if (t.type == TokenType::LeftBracket)
            return parseRange(left, t);
        if (t.type == TokenType::Offset) {
            bool negative = false;
            if (peek().type == TokenType::Sub) {
                take();
                negative = true;
            }
            if (peek().type != TokenType::Duration)
                unexpected(peek(), "offset", "duration");
            const Token d = take();
            const std::int64_t ms = duration(d);
            addOffset(left, negative ? -ms : ms, d.end);
            return left;
        }
        // @
        const Token n = peek();
        if (n.type == TokenType::Number || n.type == TokenType::Add || n.type == TokenType::Sub) {
            take();
            double sign = 1;
            Token value = n;
            if (n.type != TokenType::Number) {
                if (peek().type != TokenType::Number)
                    unexpected(peek(), "@", "timestamp");
                value = take();
                sign = n.type == TokenType::Sub ? -1 : 1;
            }
            setTimestamp(left, sign * number(value), value.end);
            return left;
        }
        if (n.type == TokenType::Start || n.type == TokenType::End) {
            take();
            if (peek().type != TokenType::LeftParen)
                unexpected(peek(), "@", "timestamp");
            take();
            if (peek().type != TokenType::RightParen)
                unexpected(peek(), "@", "timestamp");
            const Token close = take();
            Node &target = atModifierTarget(left);
            target.at = n.type == TokenType::Start ? AtModifier::Start : AtModifier::End;
            at(left).end = close.end;
            return left;
        }
        unexpected(n, "@", "timestamp");
    }

    int parseRange(int left, const Token &bracket)
    {
        if (peek().type != TokenType::Duration)
            unexpected(peek(), "subquery selector", "duration");
        const std::int64_t range = duration(take());
        const Token next = peek();
        if (next.type == TokenType::RightBracket) {
            const Token close = take();
            const Node &selector = at(left);
            const char *problem = nullptr;
            if (selector.kind != NodeKind::VectorSelector)
                problem = "ranges only allowed for vector selectors";
            else if (selector.offsetMs != 0)
                problem = "no offset modifiers allowed before range";
            else if (selector.at == AtModifier::Timestamp)
                problem = "no @ modifiers allowed before range";
            if (problem)
                fail(bracket.pos, close.end, problem);
            Node n;
            n.kind = NodeKind::MatrixSelector;
            n.expr = left;
            n.rangeMs = range;
            n.start = selector.start;
            n.end = close.end;
            return add(std::move(n));
        }
        if (next.type != TokenType::Colon)
            unexpected(next, "subquery or range", "\":\" or \"]\"");
        take();
        std::int64_t step = 0;
        if (peek().type == TokenType::Duration) {
            step = duration(take());
            if (peek().type != TokenType::RightBracket)
                unexpected(peek(), "subquery selector", "\"]\"");
        } else if (peek().type != TokenType::RightBracket) {
            unexpected(peek(), "subquery selector", "duration or \"]\"");
        }
        const Token close = take();
        Node n;
        n.kind = NodeKind::Subquery;
        n.expr = left;
        n.rangeMs = range;
        n.stepMs = step;
        n.start = at(left).start;
        n.end = close.end;
        return add(std::move(n));
    }

    void addOffset(int index, std::int64_t offsetMs, int end)
    {
        Node &e = at(index);
        Node *target = nullptr;
        if (e.kind == NodeKind::VectorSelector || e.kind == NodeKind::Subquery)
            target = &e;
        else if (e.kind == NodeKind::MatrixSelector)
            target = &at(e.expr);
        else
            fail(e.start, e.end,
                 "offset modifier must be preceded by an instant vector selector or range vector selector or "
                 "a "
                 "subquery");
        if (target->offsetMs != 0)
            fail(e.start, e.end, "offset may not be set multiple times");
        target->offsetMs = offsetMs;
        e.end = end;
    }

    Node &atModifierTarget(int index)
    {
        Node &e = at(index);
        Node *target = nullptr;
        if (e.kind == NodeKind::VectorSelector || e.kind == NodeKind::Subquery)
            target = &e;
        else if (e.kind == NodeKind::MatrixSelector)
            target = &at(e.expr);
        else
            fail(e.start, e.end,
                 "@ modifier must be preceded by an instant vector selector or range vector selector or a "
                 "subquery");
        if (target->at != AtModifier::None)
            fail(e.start, e.end, "@ <timestamp> may not be set multiple times");
        return *target;
    }

    void setTimestamp(int index, double seconds, int end)
    {
        constexpr double Limit = 9223372036854775808.0; // float64(math.MaxInt64)
        if (std::isnan(seconds) || seconds >= Limit || seconds <= -Limit)
            fail(at(index).start, at(index).end,
                 "timestamp out of bounds for @ modifier: " + go::formatFixed(seconds, 6));
        Node &target = atModifierTarget(index);
        target.at = AtModifier::Timestamp;
        const double ms = std::round(seconds * 1000);
        // Go converts what does not fit to the smallest int64, as amd64 does.
        target.atMs = std::fabs(ms) < Limit ? std::int64_t(ms) : std::numeric_limits<std::int64_t>::min();
        at(index).end = end;
    }

    double number(const Token &t)
    {
        const go::NumberParse n = go::parseNumber(text(t));
        if (!n.error.isEmpty())
            fail(t.pos, t.end, "error parsing number: " + n.error);
        return n.value;
    }

    std::int64_t duration(const Token &t)
    {
        const go::DurationParse d = go::parseDuration(text(t));
        if (!d.error.isEmpty())
            fail(t.pos, t.end, d.error);
        if (d.ms == 0)
            fail(t.pos, t.end, "duration must be greater than 0");
        return d.ms;
    }

    // Type checks (Prometheus' checkAST) -------------------------------------------------------------

    const Node &node(int i) const { return m_checked->node(i); }
    Node &mutableNode(int i) { return const_cast<Node &>(m_checked->node(i)); }

    void expectType(int index, ValueType want, const QByteArray &context)
    {
        const ValueType t = check(node(index));
        if (t != want)
            fail(node(index).start, node(index).end,
                 "expected type " + documentedTypeName(want).toByteArray() + " in " + context + ", got " +
                     documentedTypeName(t).toByteArray());
    }

    int indexOf(const Node &n) const { return int(&n - m_checked->nodes().data()); }

    ValueType check(const Node &n)
    {
        const Nesting nesting(this);
        const ValueType type = m_checked->type(indexOf(n));
        switch (n.kind) {
        case NodeKind::Aggregate:
            expectType(n.expr, ValueType::Vector, "aggregation expression");
            if (n.op == TokenType::Topk || n.op == TokenType::Bottomk || n.op == TokenType::Quantile)
                expectType(n.param, ValueType::Scalar, "aggregation parameter");
            if (n.op == TokenType::CountValues)
                expectType(n.param, ValueType::String, "aggregation parameter");
            break;
        case NodeKind::Binary:
            checkBinary(indexOf(n));
            break;
        case NodeKind::Call:
            checkCall(n);
            break;
        case NodeKind::Paren:
        case NodeKind::MatrixSelector:
            check(node(n.expr));
            break;
        case NodeKind::Unary: {
            const ValueType t = check(node(n.expr));
            if (t != ValueType::Scalar && t != ValueType::Vector)
                fail(n.start, n.end,
                     "unary expression only allowed on expressions of type scalar or instant vector, got " +
                         go::quote(documentedTypeName(t)));
            break;
        }
        case NodeKind::Subquery: {
            const ValueType t = check(node(n.expr));
            if (t != ValueType::Vector)
                fail(n.start, n.end,
                     "subquery is only allowed on instant vector, got " + valueTypeName(t).toByteArray() +
                         " instead");
            break;
        }
        case NodeKind::VectorSelector:
            checkSelector(n);
            break;
        case NodeKind::NumberLiteral:
        case NodeKind::StringLiteral:
            break;
        }
        return type;
    }

    void checkSelector(const Node &n)
    {
        if (!n.metricName.isEmpty()) {
            for (const LabelMatcher &m : n.matchers)
                if (m.name == "__name__")
                    fail(n.start, n.end,
                         "metric name must not be set twice: " + go::quote(n.metricName) + " or " +
                             go::quote(m.value));
            return;
        }
        for (const LabelMatcher &m : n.matchers)
            if (!m.matchesEmpty)
                return;
        fail(n.start, n.end, "vector selector must contain at least one non-empty matcher");
    }

    void checkCall(const Node &n)
    {
        const Function &f = *n.function;
        const auto declared = qsizetype(f.argTypes.size());
        const auto given = qsizetype(n.args.size());
        const QByteArray name = go::quote(f.name);
        auto count = [](qsizetype c) { return QByteArray::number(qlonglong(c)); };
        if (f.variadic == 0) {
            if (declared != given)
                fail(n.start, n.end,
                     "expected " + count(declared) + " argument(s) in call to " + name + ", got " +
                         count(given));
        } else {
            const qsizetype required = declared - 1;
            if (required > given)
                fail(n.start, n.end,
                     "expected at least " + count(required) + " argument(s) in call to " + name + ", got " +
                         count(given));
            if (f.variadic > 0 && required + f.variadic < given)
                fail(n.start, n.end,
                     "expected at most " + count(required + f.variadic) + " argument(s) in call to " + name +
                         ", got " + count(given));
        }
        for (qsizetype i = 0; i < given; ++i) {
            qsizetype typeIndex = i;
            if (i >= declared) {
                if (f.variadic == 0)
                    break;
                typeIndex = declared - 1;
            }
            expectType(n.args[size_t(i)], f.argTypes[size_t(typeIndex)], "call to function " + name);
        }
    }

    void checkBinary(int index)
    {
        const Node &n = node(index);
        const ValueType lt = check(node(n.lhs));
        const ValueType rt = check(node(n.rhs));
        const Node &lhs = node(n.lhs);
        const Node &rhs = node(n.rhs);
        // The operator's own range: between the operands, without the spaces around it.
        auto operatorStart = [&] {
            int s = lhs.end;
            while (s < m_input.size() && QByteArrayView(" \t\n\r").contains(m_input[s]))
                ++s;
            return s;
        };
        const QByteArray op = go::quote(tokenTypeText(n.op));
        if (n.returnBool && !isComparison(n.op))
            fail(operatorStart(), rhs.start, "bool modifier can only be used on comparison operators");
        if (isComparison(n.op) && !n.returnBool && m_checked->type(n.rhs) == ValueType::Scalar &&
            m_checked->type(n.lhs) == ValueType::Scalar)
            fail(operatorStart(), rhs.start, "comparisons between scalars must use BOOL modifier");
        Node &mutable_ = mutableNode(index);
        if (isSetOperator(n.op) && n.card == Cardinality::OneToOne)
            mutable_.card = Cardinality::ManyToMany;
        if (n.on)
            for (const QByteArray &l1 : n.matchingLabels)
                if (n.include.contains(l1))
                    fail(operatorStart(), rhs.start,
                         "label " + go::quote(l1) + " must not occur in ON and GROUP clause at once");
        if (lt != ValueType::Scalar && lt != ValueType::Vector)
            fail(lhs.start, lhs.end, "binary expression must contain only scalar and instant vector types");
        if (rt != ValueType::Scalar && rt != ValueType::Vector)
            fail(rhs.start, rhs.end, "binary expression must contain only scalar and instant vector types");
        if (lt != ValueType::Vector || rt != ValueType::Vector) {
            if (!n.matchingLabels.isEmpty())
                fail(n.start, n.end, "vector matching only allowed between instant vectors");
            // No vector matching with a scalar side, as Prometheus drops it.
            mutable_.hasMatching = false;
            mutable_.on = false;
            mutable_.card = Cardinality::OneToOne;
            mutable_.matchingLabels.clear();
            mutable_.include.clear();
        } else if (isSetOperator(n.op)) {
            if (n.card == Cardinality::OneToMany || n.card == Cardinality::ManyToOne)
                fail(n.start, n.end, "no grouping allowed for " + op + " operation");
            if (n.card != Cardinality::ManyToMany)
                fail(n.start, n.end, "set operations must always be many-to-many");
        }
        if ((lt == ValueType::Scalar || rt == ValueType::Scalar) && isSetOperator(n.op))
            fail(n.start, n.end, "set operator " + op + " not allowed in binary scalar expression");
    }

    QByteArrayView m_input;
    Lexer m_lexer;
    Token m_token;
    bool m_haveToken = false;
    int m_lastEnd = 0;
    std::vector<Node> m_nodes;
    int m_aggregationDepth = 0;
    int m_depth = 0;
    bool m_tooDeep = false;
    const Expression *m_checked = nullptr;
};

Error parseError(QByteArrayView text, int offset, QByteArrayView message)
{
    // Lines are counted up to the error; the column is in bytes from the last line break.
    SourceLocation where{{}, 1, 1, {}};
    qsizetype lastBreak = -1;
    for (qsizetype i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++where.line;
            lastBreak = i;
        }
    }
    where.column = int(offset - lastBreak);
    return Error::at(std::move(where), QStringLiteral("parse error: ") + QString::fromUtf8(message),
                     Error::Kind::Syntax);
}

ParseResult parse(QByteArrayView utf8)
{
    return Parser(utf8).run();
}

ParseResult parse(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    return parse(QByteArrayView(utf8));
}

} // namespace promdeck::promql
