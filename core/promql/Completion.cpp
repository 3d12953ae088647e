#include "promql/Completion.h"

#include "promql/Functions.h"
#include "promql/GoText.h"
#include "promql/Lexer.h"

#include <algorithm>
#include <array>

namespace promdeck::promql {

namespace {

// A forgiving tokenizer for text being typed: never fails, knows Grafana variables, and leaves
// strings open at the end of a line.
enum class Tok
{
    Word,
    Number,
    Duration,
    String,
    OpenString,
    Variable,
    Punct,
    Comment,
};

struct ScanToken
{
    Tok type;
    int start;
    int end;
};

bool isWordStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

bool isWordChar(char c)
{
    return isWordStart(c) || (c >= '0' && c <= '9');
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

std::vector<ScanToken> scan(QByteArrayView s)
{
    std::vector<ScanToken> out;
    const auto n = int(s.size());
    int i = 0;
    while (i < n) {
        const char c = s[i];
        const int start = i;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            ++i;
        } else if (c == '#') {
            while (i < n && s[i] != '\n')
                ++i;
            out.push_back({Tok::Comment, start, i});
        } else if (c == '"' || c == '\'' || c == '`') {
            ++i;
            bool closed = false;
            while (i < n) {
                if (c != '`' && s[i] == '\\' && i + 1 < n) {
                    i += 2;
                    continue;
                }
                if (c != '`' && s[i] == '\n')
                    break;
                if (s[i++] == c) {
                    closed = true;
                    break;
                }
            }
            out.push_back({closed ? Tok::String : Tok::OpenString, start, i});
        } else if (c == '$') {
            ++i;
            if (i < n && s[i] == '{') {
                while (i < n && s[i] != '}')
                    ++i;
                i = std::min(n, i + 1);
            } else {
                while (i < n && isWordChar(s[i]) && s[i] != ':')
                    ++i;
            }
            out.push_back({Tok::Variable, start, i});
        } else if (c == '[' && i + 2 < n && s[i + 1] == '[' && isWordStart(s[i + 2])) {
            const qsizetype close = s.indexOf("]]", i + 2);
            i = close < 0 ? n : int(close) + 2;
            out.push_back({Tok::Variable, start, i});
        } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(s[i + 1]))) {
            bool duration = false;
            while (i < n && (isWordChar(s[i]) || s[i] == '.')) {
                if (QByteArrayView("smhdwy").contains(s[i]) &&
                    !(s[start] == '0' && start + 1 < n && (s[start + 1] | 0x20) == 'x'))
                    duration = true;
                if ((s[i] == 'e' || s[i] == 'E') && !duration && i + 2 < n &&
                    (s[i + 1] == '+' || s[i + 1] == '-') && isDigit(s[i + 2]))
                    i += 2;
                ++i;
            }
            out.push_back({duration ? Tok::Duration : Tok::Number, start, i});
        } else if (isWordStart(c)) {
            while (i < n && isWordChar(s[i]))
                ++i;
            out.push_back({Tok::Word, start, i});
        } else {
            static const std::array<const char *, 6> Pairs{"==", "!=", "<=", ">=", "=~", "!~"};
            i += 1;
            for (const char *p : Pairs)
                if (s.sliced(start).startsWith(p))
                    i = start + 2;
            out.push_back({Tok::Punct, start, i});
        }
    }
    return out;
}

// Where the scan stands after the complete tokens before the cursor.
enum class After
{
    ExprStart,
    Operand,
    FunctionName,    // rate: ( comes next
    Aggregator,      // sum: (, by or without come next
    AggregateHead,   // sum by (job): ( comes next
    AggregateDone,   // sum(x): by, without or an operator
    GroupingKeyword, // by, without, on, ignoring, group_left, group_right: ( comes next
    GroupingLabel,   // in a label list, where a label goes
    GroupingNext,    // in a label list, after a label
    BinaryOperator,
    Bool,
    MatchingDone, // on (...), ignoring (...)
    Offset,
    At,
};

enum class Owner
{
    AggregateBefore, // sum by (..) (x)
    AggregateAfter,  // sum (x) by (..)
    Matching,        // on / ignoring
    GroupSide,       // group_left / group_right
};

struct Frame
{
    enum class Kind
    {
        Call,
        Aggregate,
        Grouping,
        Paren,
    };
    Kind kind;
    Owner owner = Owner::Matching;
    bool hadModifier = false; // an aggregate whose by/without came first
};

enum class BraceState
{
    Name,
    Operator,
    Value,
    AfterValue,
};

struct State
{
    After after = After::ExprStart;
    Owner pendingOwner = Owner::Matching;
    bool lastWasComparison = false;
    std::vector<Frame> frames;
    QByteArray lastWord; // the last word read as an operand
    // Inside { }.
    bool inBraces = false;
    BraceState brace = BraceState::Name;
    QByteArray braceMetric;
    QByteArray braceLabel;
    QByteArray braceOperator;
    QByteArrayList braceMatchers; // complete ones, as written
    QByteArrayList braceLabels;
    // Inside [ ].
    bool inBrackets = false;
};

bool operandLike(After a)
{
    return a == After::Operand || a == After::AggregateDone || a == After::Aggregator;
}

bool isBinarySymbol(QByteArrayView p)
{
    static const std::array<const char *, 12> Ops{"+",  "-",  "*", "/", "%",  "^",
                                                  "==", "!=", "<", ">", "<=", ">="};
    return std::any_of(Ops.begin(), Ops.end(), [&](const char *o) { return p == o; });
}

QByteArray lower(QByteArrayView w)
{
    return w.toByteArray().toLower();
}

void readWord(State &st, QByteArrayView word, QByteArrayView next)
{
    const QByteArray k = lower(word);
    const After a = st.after;
    auto grouping = [&](Owner owner) {
        st.after = After::GroupingKeyword;
        st.pendingOwner = owner;
    };
    if ((k == "by" || k == "without") && a == After::Aggregator)
        return grouping(Owner::AggregateBefore);
    if ((k == "by" || k == "without") && a == After::AggregateDone)
        return grouping(Owner::AggregateAfter);
    if (operandLike(a) && (k == "and" || k == "or" || k == "unless" || k == "atan2")) {
        st.after = After::BinaryOperator;
        st.lastWasComparison = false;
        return;
    }
    if (operandLike(a) && k == "offset") {
        st.after = After::Offset;
        return;
    }
    if (a == After::BinaryOperator && k == "bool") {
        st.after = After::Bool;
        return;
    }
    if ((a == After::BinaryOperator || a == After::Bool) && (k == "on" || k == "ignoring"))
        return grouping(Owner::Matching);
    if (a == After::MatchingDone && (k == "group_left" || k == "group_right"))
        return grouping(Owner::GroupSide);
    if (a == After::At && (k == "start" || k == "end")) {
        st.after = After::FunctionName;
        return;
    }
    const bool call = next == "(";
    if (call && findFunction(word)) {
        st.after = After::FunctionName;
        return;
    }
    Lexer lexer(word);
    if (isAggregator(lexer.next().type) &&
        (call || next.isEmpty() || lower(next) == "by" || lower(next) == "without")) {
        st.after = After::Aggregator;
        return;
    }
    st.after = After::Operand;
    st.lastWord = word.toByteArray();
}

void readPunct(State &st, QByteArrayView p)
{
    if (p == "(") {
        switch (st.after) {
        case After::FunctionName:
            st.frames.push_back({Frame::Kind::Call});
            break;
        case After::Aggregator:
        case After::AggregateHead:
            st.frames.push_back({Frame::Kind::Aggregate, Owner::Matching, st.after == After::AggregateHead});
            break;
        case After::GroupingKeyword:
            st.frames.push_back({Frame::Kind::Grouping, st.pendingOwner});
            st.after = After::GroupingLabel;
            return;
        default:
            st.frames.push_back({Frame::Kind::Paren});
            break;
        }
        st.after = After::ExprStart;
        return;
    }
    if (p == ")") {
        if (st.frames.empty()) {
            st.after = After::Operand;
            return;
        }
        const Frame f = st.frames.back();
        st.frames.pop_back();
        if (f.kind == Frame::Kind::Aggregate)
            st.after = f.hadModifier ? After::Operand : After::AggregateDone;
        else if (f.kind != Frame::Kind::Grouping)
            st.after = After::Operand;
        else if (f.owner == Owner::AggregateBefore)
            st.after = After::AggregateHead;
        else if (f.owner == Owner::AggregateAfter)
            st.after = After::Operand;
        else if (f.owner == Owner::Matching)
            st.after = After::MatchingDone;
        else
            st.after = After::ExprStart;
        return;
    }
    if (p == ",") {
        st.after = (!st.frames.empty() && st.frames.back().kind == Frame::Kind::Grouping)
                       ? After::GroupingLabel
                       : After::ExprStart;
        return;
    }
    if (p == "{") {
        st.inBraces = true;
        st.brace = BraceState::Name;
        st.braceMetric =
            st.after == After::Operand || st.after == After::Aggregator ? st.lastWord : QByteArray();
        st.braceMatchers.clear();
        st.braceLabels.clear();
        return;
    }
    if (p == "[") {
        st.inBrackets = true;
        return;
    }
    if (p == "]") {
        st.after = After::Operand;
        return;
    }
    if (p == "@") {
        st.after = After::At;
        return;
    }
    if (isBinarySymbol(p) && operandLike(st.after)) {
        st.after = After::BinaryOperator;
        st.lastWasComparison = p == "==" || p == "!=" || p == "<" || p == ">" || p == "<=" || p == ">=";
    }
}

void readInBraces(State &st, const ScanToken &t, QByteArrayView text)
{
    const QByteArrayView v = text.sliced(t.start, t.end - t.start);
    if (t.type == Tok::Word && st.brace == BraceState::Name) {
        st.braceLabel = v.toByteArray();
        st.brace = BraceState::Operator;
    } else if (t.type == Tok::Punct && (v == "=" || v == "!=" || v == "=~" || v == "!~")) {
        st.braceOperator = v.toByteArray();
        st.brace = BraceState::Value;
    } else if ((t.type == Tok::String || t.type == Tok::Variable) && st.brace == BraceState::Value) {
        if (!v.contains('$'))
            st.braceMatchers << st.braceLabel + st.braceOperator + v.toByteArray();
        st.braceLabels << st.braceLabel;
        st.brace = BraceState::AfterValue;
    } else if (v == ",") {
        st.brace = BraceState::Name;
    } else if (v == "}") {
        st.inBraces = false;
        st.after = After::Operand;
        if (st.braceMetric.isEmpty()) // {__name__="x"} names its metric too
            for (const QByteArray &m : std::as_const(st.braceMatchers))
                if (m.startsWith("__name__=\""))
                    st.lastWord = m.mid(10, m.size() - 11);
    }
}

QString selectorOf(const QByteArray &metric, const QByteArrayList &matchers)
{
    if (metric.isEmpty() && matchers.isEmpty())
        return {};
    return QString::fromUtf8(metric + (matchers.isEmpty() ? QByteArray() : '{' + matchers.join(',') + '}'));
}

// The metric names a whole expression mentions (for the labels of a by/on list).
QByteArrayList mentionedMetrics(QByteArrayView text)
{
    QByteArrayList out;
    const std::vector<ScanToken> tokens = scan(text);
    for (size_t i = 0; i < tokens.size(); ++i) {
        const ScanToken &t = tokens[i];
        if (t.type != Tok::Word)
            continue;
        const QByteArrayView word = text.sliced(t.start, t.end - t.start);
        const bool call = i + 1 < tokens.size() && text.sliced(tokens[i + 1].start, 1) == "(";
        Lexer lexer(word);
        const TokenType type = lexer.next().type;
        if (call || (type != TokenType::Identifier && type != TokenType::MetricIdentifier))
            continue;
        // Words in a by/without/on/ignoring/group_x list are labels, not metrics.
        bool inList = false;
        for (size_t j = i; j-- > 0;) {
            const QByteArrayView p = text.sliced(tokens[j].start, tokens[j].end - tokens[j].start);
            if (p == ")" || p == "{" || p == "}")
                break;
            if (p == "(") {
                if (j > 0) {
                    const QByteArray k =
                        lower(text.sliced(tokens[j - 1].start, tokens[j - 1].end - tokens[j - 1].start));
                    inList = k == "by" || k == "without" || k == "on" || k == "ignoring" ||
                             k == "group_left" || k == "group_right";
                }
                break;
            }
        }
        // Label names inside braces are followed by a matcher operator.
        const bool label = i + 1 < tokens.size() && tokens[i + 1].type == Tok::Punct &&
                           QByteArrayView("=!~").contains(text[tokens[i + 1].start]);
        if (!inList && !label && !out.contains(word.toByteArray()))
            out << word.toByteArray();
    }
    return out;
}

} // namespace

CompletionContext completionContext(QByteArrayView expr, int cursor)
{
    cursor = std::clamp(cursor, 0, int(expr.size()));
    const std::vector<ScanToken> tokens = scan(expr);
    CompletionContext ctx;
    ctx.replaceStart = ctx.replaceEnd = cursor;

    // The token the cursor is in or right after (a word being typed), which is not read as complete.
    const ScanToken *current = nullptr;
    State st;
    for (size_t i = 0; i < tokens.size(); ++i) {
        const ScanToken &t = tokens[i];
        if (t.start >= cursor)
            break;
        const bool wordLike = t.type == Tok::Word || t.type == Tok::Number || t.type == Tok::Duration ||
                              t.type == Tok::Variable;
        const bool inside =
            t.end > cursor ||
            (t.end == cursor && (wordLike || t.type == Tok::OpenString || t.type == Tok::Comment));
        if (inside) {
            current = &t;
            break;
        }
        if (t.type == Tok::Comment)
            continue;
        if (st.inBraces) {
            readInBraces(st, t, expr);
            continue;
        }
        const QByteArrayView v = expr.sliced(t.start, t.end - t.start);
        if (st.inBrackets) {
            if (v == "]")
                st.inBrackets = false, readPunct(st, v);
            continue;
        }
        switch (t.type) {
        case Tok::Word: {
            // What follows, when it is complete (not the word being typed).
            QByteArrayView next;
            if (i + 1 < tokens.size() &&
                (tokens[i + 1].type == Tok::Punct || tokens[i + 1].type == Tok::Word) &&
                tokens[i + 1].end < cursor)
                next = expr.sliced(tokens[i + 1].start, tokens[i + 1].end - tokens[i + 1].start);
            readWord(st, v, next);
            break;
        }
        case Tok::Number:
        case Tok::Duration:
        case Tok::String:
        case Tok::Variable:
        case Tok::OpenString:
            if (st.after == After::GroupingKeyword && st.pendingOwner == Owner::GroupSide)
                st.after = After::ExprStart;
            if (st.after != After::GroupingLabel && st.after != After::GroupingNext)
                st.after = After::Operand;
            break;
        case Tok::Punct:
            if (st.after == After::GroupingKeyword && st.pendingOwner == Owner::GroupSide && v != "(")
                st.after = After::ExprStart; // group_left without a label list
            readPunct(st, v);
            break;
        case Tok::Comment:
            break;
        }
        if (t.type == Tok::Word && (st.after == After::GroupingLabel || st.after == After::GroupingNext) &&
            !st.frames.empty() && st.frames.back().kind == Frame::Kind::Grouping)
            st.after = After::GroupingNext;
    }

    if (current) {
        if (current->type == Tok::Comment)
            return ctx;
        if (current->type == Tok::String || current->type == Tok::OpenString) {
            if (!st.inBraces || st.brace != BraceState::Value)
                return ctx;
            ctx.kinds = CompletionKind::LabelValue;
            ctx.inString = true;
            ctx.quote = expr[current->start];
            ctx.prefix = expr.sliced(current->start + 1, cursor - current->start - 1).toByteArray();
            ctx.replaceStart = current->start + 1;
            ctx.replaceEnd = current->type == Tok::String ? current->end - 1 : current->end;
        } else {
            ctx.prefix = expr.sliced(current->start, cursor - current->start).toByteArray();
            ctx.replaceStart = current->start;
            ctx.replaceEnd = current->end;
        }
    }
    auto operands = CompletionKind::MetricName | CompletionKind::Function | CompletionKind::Aggregation;

    if (st.inBraces) {
        ctx.metricName = QString::fromUtf8(st.braceMetric);
        QByteArrayList matchers = st.braceMatchers;
        if (ctx.kinds & CompletionKind::LabelValue || st.brace == BraceState::Value) {
            ctx.kinds = CompletionKind::LabelValue;
            ctx.labelName = QString::fromUtf8(st.braceLabel);
            const QByteArray edited = st.braceLabel + st.braceOperator;
            matchers.removeIf([&](const QByteArray &m) { return m.startsWith(edited); });
        } else if (st.brace == BraceState::Name) {
            ctx.kinds = CompletionKind::LabelName;
        } else if (st.brace == BraceState::Operator && ctx.prefix.isEmpty()) {
            ctx.kinds = CompletionKind::MatchOperator;
        }
        ctx.selector = selectorOf(st.braceMetric, matchers);
        return ctx;
    }
    if (ctx.kinds)
        return ctx;
    if (st.inBrackets) {
        ctx.kinds = CompletionKind::Duration;
        return ctx;
    }
    switch (st.after) {
    case After::ExprStart:
        ctx.kinds = operands;
        break;
    case After::Operand:
        ctx.kinds = CompletionKind::BinaryOperator | CompletionKind::Keyword;
        ctx.keywords = {QStringLiteral("offset")};
        break;
    case After::Aggregator:
        ctx.kinds = CompletionKind::AggregationModifier;
        break;
    case After::AggregateDone:
        ctx.kinds = CompletionKind::AggregationModifier | CompletionKind::BinaryOperator;
        break;
    case After::GroupingLabel: {
        ctx.kinds = CompletionKind::LabelName;
        const QByteArrayList metrics = mentionedMetrics(expr);
        if (metrics.size() == 1)
            ctx.metricName = QString::fromUtf8(metrics.front());
        if (!metrics.isEmpty())
            ctx.selector =
                metrics.size() == 1
                    ? ctx.metricName
                    : QStringLiteral("{__name__=~\"%1\"}").arg(QString::fromUtf8(metrics.join('|')));
        break;
    }
    case After::BinaryOperator:
        ctx.kinds = operands | CompletionKind::Keyword;
        ctx.keywords = {QStringLiteral("on"), QStringLiteral("ignoring")};
        if (st.lastWasComparison)
            ctx.keywords.prepend(QStringLiteral("bool"));
        break;
    case After::Bool:
        ctx.kinds = operands | CompletionKind::Keyword;
        ctx.keywords = {QStringLiteral("on"), QStringLiteral("ignoring")};
        break;
    case After::MatchingDone:
        ctx.kinds = operands | CompletionKind::Keyword;
        ctx.keywords = {QStringLiteral("group_left"), QStringLiteral("group_right")};
        break;
    case After::Offset:
        ctx.kinds = CompletionKind::Duration;
        break;
    case After::At:
        ctx.kinds = CompletionKind::Keyword;
        ctx.keywords = {QStringLiteral("start()"), QStringLiteral("end()")};
        break;
    case After::GroupingKeyword:
        if (st.pendingOwner == Owner::GroupSide) // group_left's label list is optional
            ctx.kinds = operands;
        break;
    case After::FunctionName:
    case After::AggregateHead:
    case After::GroupingNext:
        break;
    }
    return ctx;
}

namespace {

bool startsWithCaseInsensitive(const QString &text, const QString &prefix)
{
    return text.startsWith(prefix, Qt::CaseInsensitive);
}

QString escapeForString(QString value, char quote, bool regex)
{
    if (regex) {
        static const QString Special = QStringLiteral("\\.+*?()|[]{}^$");
        QString escaped;
        for (const QChar c : std::as_const(value)) {
            if (Special.contains(c))
                escaped += QLatin1Char('\\');
            escaped += c;
        }
        value = escaped;
    }
    if (quote == '`')
        return value;
    value.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    value.replace(QLatin1Char(quote), QStringLiteral("\\") + QLatin1Char(quote));
    return value;
}

} // namespace

Completion complete(QByteArrayView expr, int cursor, MetadataCache *cache)
{
    Completion out;
    out.context = completionContext(expr, cursor);
    const CompletionContext &ctx = out.context;
    const QString prefix = QString::fromUtf8(ctx.prefix);
    std::vector<CompletionCandidate> &c = out.candidates;
    auto add = [&](CompletionKind kind, const QString &text, const QString &insert = {},
                   const QString &detail = {}, const QString &doc = {}) {
        if (startsWithCaseInsensitive(text, prefix))
            c.push_back({kind, text, insert.isEmpty() ? text : insert, detail, doc});
    };
    auto fromServer = [&](const MetadataRequest &request) -> std::optional<MetadataAnswer> {
        if (!cache)
            return std::nullopt;
        std::optional<MetadataAnswer> answer = cache->lookup(request);
        if (!answer)
            out.pending = true;
        return answer;
    };

    if (ctx.kinds & CompletionKind::MetricName) {
        if (const auto names = fromServer({MetadataRequest::Kind::MetricNames, {}, {}})) {
            const auto metadata = fromServer({MetadataRequest::Kind::MetricMetadata, {}, {}});
            for (const QString &name : names->values) {
                if (!startsWithCaseInsensitive(name, prefix))
                    continue;
                const MetricMetadata m = metadata ? metadata->metrics.value(name) : MetricMetadata{};
                add(CompletionKind::MetricName, name, {}, m.type, m.help);
            }
        }
    }
    if (ctx.kinds & CompletionKind::Function)
        for (const Function &f : functions())
            add(CompletionKind::Function, QString::fromLatin1(f.name), {}, QString::fromLatin1(f.signature),
                QString::fromLatin1(f.description));
    if (ctx.kinds & CompletionKind::Aggregation)
        for (const Aggregation &a : aggregations())
            add(CompletionKind::Aggregation, QString::fromLatin1(a.name), {},
                QString::fromLatin1(a.signature), QString::fromLatin1(a.description));
    if (ctx.kinds & CompletionKind::LabelName) {
        if (const auto names = fromServer({MetadataRequest::Kind::LabelNames, {}, ctx.selector}))
            for (const QString &name : names->values)
                add(CompletionKind::LabelName, name);
    }
    if (ctx.kinds & CompletionKind::LabelValue) {
        const MetadataRequest request{MetadataRequest::Kind::LabelValues, ctx.labelName, ctx.selector};
        if (const auto values = fromServer(request)) {
            const bool regex = expr.sliced(0, ctx.replaceStart).trimmed().endsWith('~') ||
                               expr.sliced(0, ctx.replaceStart).trimmed().endsWith("~\"") ||
                               expr.sliced(0, ctx.replaceStart).trimmed().endsWith("~'");
            for (const QString &value : values->values) {
                const QString insert =
                    ctx.inString ? escapeForString(value, ctx.quote, regex)
                                 : QLatin1Char('"') + escapeForString(value, '"', regex) + QLatin1Char('"');
                add(CompletionKind::LabelValue, value, insert);
            }
        }
    }
    if (ctx.kinds & CompletionKind::AggregationModifier)
        for (const char *k : {"by", "without"})
            add(CompletionKind::AggregationModifier, QString::fromLatin1(k));
    if (ctx.kinds & CompletionKind::Duration)
        for (const char *d : {"1m", "5m", "10m", "15m", "30m", "1h", "3h", "6h", "12h", "1d", "7d",
                              "$__interval", "$__rate_interval", "$__range"})
            add(CompletionKind::Duration, QString::fromLatin1(d));
    if (ctx.kinds & CompletionKind::BinaryOperator)
        for (const char *op :
             {"+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">=", "<=", "and", "or", "unless", "atan2"})
            add(CompletionKind::BinaryOperator, QString::fromLatin1(op));
    if (ctx.kinds & CompletionKind::MatchOperator)
        for (const char *op : {"=", "!=", "=~", "!~"})
            add(CompletionKind::MatchOperator, QString::fromLatin1(op));
    if (ctx.kinds & CompletionKind::Keyword) {
        for (const QString &k : ctx.keywords) {
            QString doc;
            for (const KeywordInfo &info : keywords())
                if (k == QLatin1String(info.name))
                    doc = QString::fromLatin1(info.description);
            add(CompletionKind::Keyword, k, {}, {}, doc);
        }
    }
    // What starts with the prefix exactly as typed first; otherwise in the order of the sources.
    std::stable_sort(c.begin(), c.end(), [&](const CompletionCandidate &a, const CompletionCandidate &b) {
        const bool ea = a.text.startsWith(prefix);
        const bool eb = b.text.startsWith(prefix);
        return ea && !eb;
    });
    return out;
}

} // namespace promdeck::promql
