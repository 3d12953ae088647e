// The syntax of Go's text/template as Prometheus parses alert templates (rulefmt's testTemplateParsing):
// actions and their delimiters, comments, pipelines, control structures, variables in scope, and
// function names from Prometheus' own set. Only parsing: nothing is executed.
#include "alerting/AlertTemplate.h"

#include <QRegularExpression>
#include <QStringList>
#include <algorithm>
#include <array>
#include <vector>

namespace promdeck {

namespace {

struct SyntaxFailure
{
    int line;
    QString message;
};

enum class T
{
    Text,
    LeftDelim,
    RightDelim,
    Space,
    Identifier,
    Keyword,
    Field,    // .Name
    Dot,      // .
    Variable, // $name, $
    Declare,  // :=
    Assign,   // =
    Pipe,
    LeftParen,
    RightParen,
    Comma,
    String,
    Number,
    Bool,
    Nil,
    Char,
    Other, // any other printable ASCII character: Go's lexer passes it on, its parser refuses it
    Eof,
};

struct Item
{
    T type;
    QString value;
    int line;
};

bool isSpace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\r' || c == u'\n';
}

bool isAlphaNumeric(QChar c)
{
    return c == u'_' || c.isLetterOrNumber();
}

QString quoteItem(const Item &i)
{
    switch (i.type) {
    case T::Eof:
        return QStringLiteral("EOF");
    case T::Keyword:
        return QLatin1Char('<') + i.value + QLatin1Char('>');
    default:
        break;
    }
    const QString v = i.value.size() > 10 ? i.value.left(10) : i.value;
    QString q =
        QLatin1Char('"') + QString(v).replace(QLatin1Char('"'), QStringLiteral("\\\"")) + QLatin1Char('"');
    return i.value.size() > 10 ? q + QStringLiteral("...") : q;
}

// Go's template lexer, one item at a time.
class Lexer
{
public:
    explicit Lexer(const QString &text) : m_text(text) {}

    std::vector<Item> all()
    {
        std::vector<Item> out;
        while (m_pos < m_text.size()) {
            const qsizetype open = m_text.indexOf(QStringLiteral("{{"), m_pos);
            if (open < 0)
                break;
            countLines(open);
            m_pos = open + 2;
            if (m_pos + 1 < m_text.size() && m_text[m_pos] == u'-' && isSpace(m_text[m_pos + 1]))
                m_pos += 2; // a trim marker
            // A comment: {{/* ... */}}, right after the delimiter (and its trim marker), and nothing
            // after it but the closing delimiter.
            if (m_text.mid(m_pos, 2) == u"/*") {
                const qsizetype end = m_text.indexOf(QStringLiteral("*/"), m_pos + 2);
                if (end < 0)
                    fail(QStringLiteral("unclosed comment"));
                countLines(end);
                const qsizetype after = end + 2;
                if (m_text.mid(after, 2) == u"}}")
                    m_pos = after + 2;
                else if (after < m_text.size() && isSpace(m_text[after]) &&
                         m_text.mid(after + 1, 3) == u"-}}")
                    m_pos = after + 4;
                else
                    fail(QStringLiteral("comment ends before closing delimiter"));
                continue;
            }
            out.push_back({T::LeftDelim, QStringLiteral("{{"), m_line});
            insideAction(out);
        }
        out.push_back({T::Eof, QString(), m_line});
        return out;
    }

private:
    [[noreturn]] void fail(const QString &message) { throw SyntaxFailure{m_line, message}; }

    void countLines(qsizetype upTo)
    {
        for (qsizetype i = m_counted; i < upTo && i < m_text.size(); ++i)
            if (m_text[i] == u'\n')
                ++m_line;
        m_counted = std::max(m_counted, upTo);
    }

    void insideAction(std::vector<Item> &out)
    {
        int parens = 0;
        for (;;) {
            countLines(m_pos);
            if (m_pos >= m_text.size())
                fail(QStringLiteral("unclosed action"));
            if (m_text.mid(m_pos, 2) == u"}}" ||
                (isSpace(m_text[m_pos]) && m_text.mid(m_pos + 1, 3) == u"-}}")) {
                if (parens > 0)
                    fail(QStringLiteral("unclosed left paren"));
                m_pos = m_text.indexOf(QStringLiteral("}}"), m_pos) + 2;
                out.push_back({T::RightDelim, QStringLiteral("}}"), m_line});
                return;
            }
            const QChar c = m_text[m_pos];
            const qsizetype start = m_pos;
            auto push = [&](T type) { out.push_back({type, m_text.mid(start, m_pos - start), m_line}); };
            if (isSpace(c)) {
                while (m_pos < m_text.size() && isSpace(m_text[m_pos]) && m_text.mid(m_pos + 1, 3) != u"-}}")
                    ++m_pos;
                if (m_pos == start)
                    ++m_pos;
                push(T::Space);
            } else if (c == u'=') {
                ++m_pos;
                push(T::Assign);
            } else if (c == u':') {
                if (m_text.mid(m_pos, 2) != u":=")
                    fail(QStringLiteral("expected :="));
                m_pos += 2;
                push(T::Declare);
            } else if (c == u'|') {
                ++m_pos;
                push(T::Pipe);
            } else if (c == u'"' || c == u'`' || c == u'\'') {
                ++m_pos;
                while (m_pos < m_text.size() && m_text[m_pos] != c) {
                    if (c != u'`' && m_text[m_pos] == u'\\')
                        ++m_pos;
                    else if (c != u'`' && m_text[m_pos] == u'\n')
                        break;
                    ++m_pos;
                }
                if (m_pos >= m_text.size() || m_text[m_pos] != c)
                    fail(c == u'"'   ? QStringLiteral("unterminated quoted string")
                         : c == u'`' ? QStringLiteral("unterminated raw quoted string")
                                     : QStringLiteral("unterminated character constant"));
                ++m_pos;
                push(c == u'\'' ? T::Char : T::String);
            } else if (c == u'$') {
                ++m_pos;
                while (m_pos < m_text.size() && isAlphaNumeric(m_text[m_pos]))
                    ++m_pos;
                push(T::Variable);
            } else if (c == u'.' && (m_pos + 1 >= m_text.size() || !m_text[m_pos + 1].isDigit())) {
                ++m_pos;
                while (m_pos < m_text.size() && isAlphaNumeric(m_text[m_pos]))
                    ++m_pos;
                push(m_pos - start == 1 ? T::Dot : T::Field);
            } else if (c == u'+' || c == u'-' || c.isDigit() || c == u'.') {
                lexNumber();
                push(T::Number);
            } else if (c.isLetter() || c == u'_') {
                while (m_pos < m_text.size() && isAlphaNumeric(m_text[m_pos]))
                    ++m_pos;
                const QString word = m_text.mid(start, m_pos - start);
                static const QStringList Keywords = {QStringLiteral("block"),    QStringLiteral("break"),
                                                     QStringLiteral("continue"), QStringLiteral("define"),
                                                     QStringLiteral("else"),     QStringLiteral("end"),
                                                     QStringLiteral("if"),       QStringLiteral("range"),
                                                     QStringLiteral("template"), QStringLiteral("with")};
                push(word == u"true" || word == u"false" ? T::Bool
                     : word == u"nil"                    ? T::Nil
                     : Keywords.contains(word)           ? T::Keyword
                                                         : T::Identifier);
            } else if (c == u'(') {
                ++parens;
                ++m_pos;
                push(T::LeftParen);
            } else if (c == u')') {
                --parens;
                ++m_pos;
                push(T::RightParen);
            } else if (c == u',') {
                ++m_pos;
                push(T::Comma);
            } else if (c.unicode() < 0x7F && c.isPrint()) {
                ++m_pos;
                push(T::Other);
            } else {
                fail(QStringLiteral("unrecognized character in action: U+%1 '%2'")
                         .arg(c.unicode(), 4, 16, QLatin1Char('0'))
                         .toUpper()
                         .arg(c));
            }
        }
    }

    void lexNumber()
    {
        const qsizetype start = m_pos;
        if (m_text[m_pos] == u'+' || m_text[m_pos] == u'-')
            ++m_pos;
        QString digits = QStringLiteral("0123456789_");
        if (m_text.mid(m_pos, 2).toLower() == u"0x") {
            m_pos += 2;
            digits = QStringLiteral("0123456789abcdefABCDEF_");
        }
        auto run = [&](const QString &set) {
            const qsizetype from = m_pos;
            while (m_pos < m_text.size() && set.contains(m_text[m_pos]))
                ++m_pos;
            return m_pos > from;
        };
        bool any = run(digits);
        if (m_pos < m_text.size() && m_text[m_pos] == u'.') {
            ++m_pos;
            any = run(digits) || any;
        }
        if (any && m_pos < m_text.size() && (m_text[m_pos] == u'e' || m_text[m_pos] == u'E')) {
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == u'+' || m_text[m_pos] == u'-'))
                ++m_pos;
            run(QStringLiteral("0123456789_"));
        }
        if (m_pos < m_text.size() && m_text[m_pos] == u'i')
            ++m_pos;
        // Without digits it is still a number to the lexer; the parser refuses it (see operand()).
        if (m_pos < m_text.size() && isAlphaNumeric(m_text[m_pos])) {
            if (m_pos < m_text.size())
                ++m_pos;
            fail(QStringLiteral("bad number syntax: \"%1\"").arg(m_text.mid(start, m_pos - start)));
        }
    }

    const QString &m_text;
    qsizetype m_pos = 0;
    qsizetype m_counted = 0;
    int m_line = 1;
};

// Go's template functions and Prometheus' (template/template.go).
bool isFunction(const QString &name)
{
    static const QStringList Functions = {
        // text/template
        QStringLiteral("and"), QStringLiteral("call"), QStringLiteral("html"), QStringLiteral("index"),
        QStringLiteral("slice"), QStringLiteral("js"), QStringLiteral("len"), QStringLiteral("not"),
        QStringLiteral("or"), QStringLiteral("print"), QStringLiteral("printf"), QStringLiteral("println"),
        QStringLiteral("urlquery"), QStringLiteral("eq"), QStringLiteral("ge"), QStringLiteral("gt"),
        QStringLiteral("le"), QStringLiteral("lt"), QStringLiteral("ne"),
        // Prometheus
        QStringLiteral("query"), QStringLiteral("first"), QStringLiteral("label"), QStringLiteral("value"),
        QStringLiteral("strvalue"), QStringLiteral("args"), QStringLiteral("reReplaceAll"),
        QStringLiteral("safeHtml"), QStringLiteral("match"), QStringLiteral("title"),
        QStringLiteral("toUpper"), QStringLiteral("toLower"), QStringLiteral("graphLink"),
        QStringLiteral("tableLink"), QStringLiteral("sortByLabel"), QStringLiteral("stripPort"),
        QStringLiteral("stripDomain"), QStringLiteral("humanize"), QStringLiteral("humanize1024"),
        QStringLiteral("humanizeDuration"), QStringLiteral("humanizePercentage"),
        QStringLiteral("humanizeTimestamp"), QStringLiteral("toTime"), QStringLiteral("pathPrefix"),
        QStringLiteral("externalURL"), QStringLiteral("parseDuration")};
    return Functions.contains(name);
}

// Whether a number token reads as Go's template parser reads it: "" if so, else its complaint.
QString numberProblem(const QString &token)
{
    QString t = token;
    if (t.startsWith(u'+') || t.startsWith(u'-'))
        t = t.mid(1);
    t.remove(u'_');
    if (t.endsWith(u'i')) // imaginary
        t.chop(1);
    const bool hex = t.startsWith(QLatin1String("0x"), Qt::CaseInsensitive);
    const bool integer = !t.contains(u'.') && (hex ? !t.contains(u'p', Qt::CaseInsensitive)
                                                   : !t.contains(u'e', Qt::CaseInsensitive));
    bool ok = false;
    if (integer) {
        if (hex)
            t.mid(2).toULongLong(&ok, 16);
        else if (t.size() > 1 && t.startsWith(u'0'))
            t.mid(1).toULongLong(&ok, 8);
        else
            t.toULongLong(&ok, 10);
        if (ok)
            return {};
        // Digits Go reads as a float but not as an integer: too large, or not octal.
        const bool digits = !t.isEmpty() && std::all_of(t.begin(), t.end(), [&](QChar c) {
            return hex ? QStringLiteral("0123456789abcdefABCDEFxX").contains(c) : c.isDigit();
        });
        return digits && (!hex || t.size() > 2) ? QStringLiteral("integer overflow: \"%1\"").arg(token)
                                                : QStringLiteral("illegal number syntax: \"%1\"").arg(token);
    }
    static const QRegularExpression Float(QStringLiteral("^(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$"));
    if (!hex && Float.match(t).hasMatch())
        return {};
    return QStringLiteral("illegal number syntax: \"%1\"").arg(token);
}

// Whether a quoted string or character constant reads as Go's strconv.Unquote reads it.
bool validQuoted(const QString &token)
{
    if (token.startsWith(u'`'))
        return true;
    const QChar quote = token.front();
    int runes = 0;
    for (qsizetype i = 1; i + 1 < token.size(); ++i, ++runes) {
        if (token[i] != u'\\')
            continue;
        const QChar e = token.at(i + 1);
        if (QStringLiteral("abfnrtv\\").contains(e) || e == quote) {
            ++i;
        } else if (e == u'x' || e == u'u' || e == u'U' || (e >= u'0' && e <= u'7')) {
            const int n = e == u'x' ? 2 : e == u'u' ? 4 : e == u'U' ? 8 : 3;
            const qsizetype from = e >= u'0' && e <= u'7' ? i + 1 : i + 2;
            bool ok = false;
            token.mid(from, n).toUInt(&ok, e >= u'0' && e <= u'7' ? 8 : 16);
            if (!ok || from + n > token.size() - 1)
                return false;
            i = from + n - 1;
        } else {
            return false;
        }
    }
    return quote != u'\'' || runes == 1;
}

// Go's template parser over the items: control structures, pipelines and variables in scope.
class Parser
{
public:
    explicit Parser(std::vector<Item> items) : m_items(std::move(items))
    {
        // What Prometheus defines before every alert template.
        m_scopes.push_back({QStringLiteral("$"), QStringLiteral("$labels"), QStringLiteral("$externalLabels"),
                            QStringLiteral("$externalURL"), QStringLiteral("$value")});
    }

    void parse()
    {
        for (;;) {
            const Item &i = nextNonSpace();
            if (i.type == T::Eof) {
                if (!m_controls.empty())
                    fail(i, QStringLiteral("unexpected EOF"));
                return;
            }
            if (i.type == T::LeftDelim)
                action();
        }
    }

private:
    struct Control
    {
        QString keyword;
        bool sawElse = false;
    };

    [[noreturn]] static void fail(const Item &at, const QString &message)
    {
        throw SyntaxFailure{at.line, message};
    }

    const Item &peek() const { return m_items[size_t(m_pos)]; }
    const Item &next()
    {
        const Item &i = m_items[size_t(m_pos)];
        if (i.type != T::Eof)
            ++m_pos;
        return i;
    }
    const Item &peekNonSpace()
    {
        while (peek().type == T::Space)
            ++m_pos;
        return peek();
    }
    const Item &nextNonSpace()
    {
        peekNonSpace();
        return next();
    }

    void expectRightDelim(const QString &context)
    {
        const Item &i = nextNonSpace();
        if (i.type != T::RightDelim)
            fail(i, QStringLiteral("unexpected %1 in %2").arg(quoteItem(i), context));
    }

    void action()
    {
        const Item &first = peekNonSpace();
        if (first.type != T::Keyword) {
            pipeline(QStringLiteral("command"), T::RightDelim);
            return;
        }
        nextNonSpace();
        const QString k = first.value;
        if (k == u"end") {
            if (m_controls.empty())
                fail(first, QStringLiteral("unexpected {{end}}"));
            m_controls.pop_back();
            m_scopes.pop_back();
            expectRightDelim(QStringLiteral("end"));
        } else if (k == u"else") {
            if (m_controls.empty() || m_controls.back().keyword == u"define" ||
                m_controls.back().keyword == u"block")
                fail(first, QStringLiteral("unexpected {{else}}"));
            if (m_controls.back().sawElse)
                fail(first, QStringLiteral("expected end; found {{else}}"));
            m_scopes.back().clear();
            // {{else if ...}} and {{else with ...}} chain on; a plain {{else}} is the last branch.
            const Item &after = peekNonSpace();
            if (after.type == T::Keyword && (after.value == u"if" || after.value == u"with")) {
                nextNonSpace();
                pipeline(after.value, T::RightDelim);
                return;
            }
            m_controls.back().sawElse = true;
            expectRightDelim(QStringLiteral("else"));
        } else if (k == u"if" || k == u"with" || k == u"range") {
            m_controls.push_back({k});
            m_scopes.push_back({});
            pipeline(k, T::RightDelim);
        } else if (k == u"break" || k == u"continue") {
            if (std::none_of(m_controls.begin(), m_controls.end(),
                             [](const Control &c) { return c.keyword == u"range"; }))
                fail(first, QStringLiteral("{{%1}} outside {{range}}").arg(k));
            expectRightDelim(k);
        } else if (k == u"define" || k == u"block" || k == u"template") {
            if (k == u"define" && !m_controls.empty())
                fail(first, QStringLiteral("unexpected <define> in command"));
            const Item &name = nextNonSpace();
            if (name.type != T::String)
                fail(name, QStringLiteral("unexpected %1 in %2 clause").arg(quoteItem(name), k));
            if (k == u"define")
                expectRightDelim(k);
            else if (peekNonSpace().type == T::RightDelim)
                nextNonSpace();
            else
                pipeline(k, T::RightDelim);
            if (k != u"template") {
                m_controls.push_back({k});
                m_scopes.push_back({});
            }
        }
    }

    bool defined(const QString &variable) const
    {
        return std::any_of(m_scopes.begin(), m_scopes.end(),
                           [&](const QStringList &scope) { return scope.contains(variable); });
    }

    static bool startsCommand(T t)
    {
        switch (t) {
        case T::Bool:
        case T::Char:
        case T::Dot:
        case T::Field:
        case T::Identifier:
        case T::Number:
        case T::Nil:
        case T::String:
        case T::Variable:
        case T::LeftParen:
            return true;
        default:
            return false;
        }
    }

    // Declarations, then commands separated by '|', up to `end` (the action's }} or a paren's ')').
    void pipeline(const QString &context, T end)
    {
        const qsizetype save = m_pos;
        if (peekNonSpace().type == T::Variable) {
            const Item &v = nextNonSpace();
            const Item &op = peekNonSpace();
            if (op.type == T::Comma) {
                if (context != u"range")
                    fail(op, QStringLiteral("too many declarations in %1").arg(context));
                nextNonSpace();
                const Item &second = nextNonSpace();
                if (second.type != T::Variable)
                    fail(second, QStringLiteral("range can only initialize variables"));
                if (peekNonSpace().type != T::Declare && peekNonSpace().type != T::Assign)
                    fail(peekNonSpace(), QStringLiteral("too many declarations in %1").arg(context));
                nextNonSpace();
                m_scopes.back() << v.value << second.value;
            } else if (op.type == T::Declare || op.type == T::Assign) {
                nextNonSpace();
                m_scopes.back() << v.value;
            } else {
                m_pos = save;
            }
        }
        int commands = 0;
        for (;;) {
            const Item &t = nextNonSpace();
            if (t.type == end) {
                if (commands == 0)
                    fail(t, QStringLiteral("missing value for %1").arg(context));
                return;
            }
            if (!startsCommand(t.type))
                fail(t, QStringLiteral("unexpected %1 in %2").arg(quoteItem(t), context));
            --m_pos;
            command(commands++);
        }
    }

    void command(int stage)
    {
        int operands = 0;
        for (;;) {
            peekNonSpace();
            const Item &start = peek();
            if (operand()) {
                if (stage > 0 && operands == 0 &&
                    (start.type == T::Bool || start.type == T::Dot || start.type == T::Nil ||
                     start.type == T::Number || start.type == T::String || start.type == T::Char))
                    fail(start, QStringLiteral("non executable command in pipeline stage %1").arg(stage + 1));
                ++operands;
            }
            const Item &t = next();
            switch (t.type) {
            case T::Space:
                continue;
            case T::RightDelim:
            case T::RightParen:
                --m_pos;
                break;
            case T::Pipe:
                break;
            default:
                fail(t, QStringLiteral("unexpected %1 in operand").arg(quoteItem(t)));
            }
            return;
        }
    }

    // A term and the fields after it; false when what comes cannot start one.
    bool operand()
    {
        const Item &o = peek();
        switch (o.type) {
        case T::Identifier:
            if (!isFunction(o.value))
                fail(o, QStringLiteral("function \"%1\" not defined").arg(o.value));
            break;
        case T::Variable:
            if (!defined(o.value))
                fail(o, QStringLiteral("undefined variable \"%1\"").arg(o.value));
            break;
        case T::LeftParen:
            next();
            pipeline(QStringLiteral("parenthesized pipeline"), T::RightParen);
            --m_pos;
            break;
        case T::Number:
            if (const QString problem = numberProblem(o.value); !problem.isEmpty())
                fail(o, problem);
            break;
        case T::String:
        case T::Char:
            if (!validQuoted(o.value))
                fail(o, QStringLiteral("invalid syntax"));
            break;
        case T::Field:
        case T::Dot:
        case T::Bool:
        case T::Nil:
            break;
        default:
            return false;
        }
        next();
        // Fields chain on a term: $labels.job, (x).y; a dot after a dot is nothing.
        while (peek().type == T::Field)
            next();
        if (peek().type == T::Dot && (o.type == T::Dot || o.type == T::Field))
            fail(peek(), QStringLiteral("unexpected <.> in operand"));
        return true;
    }

    std::vector<Item> m_items;
    qsizetype m_pos = 0;
    std::vector<Control> m_controls;
    std::vector<QStringList> m_scopes;
};

} // namespace

QString alertTemplateSyntaxError(const QString &text, const QString &name)
{
    try {
        Parser(Lexer(text).all()).parse();
    } catch (const SyntaxFailure &f) {
        return QStringLiteral("template: %1:%2: %3").arg(name).arg(f.line).arg(f.message);
    }
    return {};
}

} // namespace promdeck
