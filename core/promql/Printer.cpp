#include "promql/Printer.h"

#include "promql/GoText.h"

#include <algorithm>

namespace promdeck::promql {

namespace {

constexpr int MaxCharactersPerLine = 100;

class Printer
{
public:
    explicit Printer(const Expression &e) : m_e(e) {}

    QByteArray print(int index) const
    {
        const Node &n = m_e.node(index);
        switch (n.kind) {
        case NodeKind::Aggregate: {
            QByteArray s = aggregationHead(n) + '(';
            if (n.param >= 0)
                s += print(n.param) + ", ";
            return s + print(n.expr) + ')';
        }
        case NodeKind::Binary:
            return print(n.lhs) + ' ' + operatorWithModifiers(n) + ' ' + print(n.rhs);
        case NodeKind::Call: {
            QByteArray s = QByteArray(n.function->name) + '(';
            for (size_t i = 0; i < n.args.size(); ++i)
                s += (i ? ", " : "") + print(n.args[i]);
            return s + ')';
        }
        case NodeKind::MatrixSelector: {
            const Node &selector = m_e.node(n.expr);
            return selectorText(selector) + '[' + go::formatDuration(n.rangeMs) + ']' + modifiers(selector);
        }
        case NodeKind::Subquery:
            return print(n.expr) + subquerySuffix(n);
        case NodeKind::NumberLiteral:
            return go::formatFloat(n.number);
        case NodeKind::Paren:
            return '(' + print(n.expr) + ')';
        case NodeKind::StringLiteral:
            return go::quote(n.string);
        case NodeKind::Unary:
            return tokenTypeText(n.op).toByteArray() + print(n.expr);
        case NodeKind::VectorSelector:
            return selectorText(n) + modifiers(n);
        }
        return {};
    }

    QByteArray pretty(int index, int level) const
    {
        const Node &n = m_e.node(index);
        const QByteArray indent(level * 2, ' ');
        switch (n.kind) {
        case NodeKind::Aggregate: {
            if (!needsSplit(index))
                return indent + print(index);
            QByteArray s = indent + aggregationHead(n) + "(\n";
            if (n.param >= 0)
                s += pretty(n.param, level + 1) + ",\n";
            return s + pretty(n.expr, level + 1) + '\n' + indent + ')';
        }
        case NodeKind::Binary:
            if (!needsSplit(index))
                return indent + print(index);
            return pretty(n.lhs, level + 1) + '\n' + indent + operatorWithModifiers(n) + '\n' +
                   pretty(n.rhs, level + 1);
        case NodeKind::Call: {
            if (!needsSplit(index))
                return indent + print(index);
            QByteArray args;
            for (size_t i = 0; i < n.args.size(); ++i)
                args += (i ? ",\n" : "") + pretty(n.args[i], level + 1);
            return indent + n.function->name + "(\n" + args + '\n' + indent + ')';
        }
        case NodeKind::Paren:
            if (!needsSplit(index))
                return indent + print(index);
            return indent + "(\n" + pretty(n.expr, level + 1) + '\n' + indent + ')';
        case NodeKind::Subquery:
            // Prometheus indents neither a short subquery nor the suffix of a long one.
            if (!needsSplit(index))
                return print(index);
            return pretty(n.expr, level) + subquerySuffix(n);
        case NodeKind::Unary:
            return indent + tokenTypeText(n.op).toByteArray() + pretty(n.expr, level).trimmed();
        case NodeKind::MatrixSelector:
        case NodeKind::VectorSelector:
        case NodeKind::NumberLiteral:
        case NodeKind::StringLiteral:
            return indent + print(index);
        }
        return {};
    }

private:
    bool needsSplit(int index) const { return print(index).size() > MaxCharactersPerLine; }

    static QByteArray labelList(const QByteArrayList &labels) { return '(' + labels.join(", ") + ')'; }

    static QByteArray aggregationHead(const Node &n)
    {
        QByteArray s = tokenTypeText(n.op).toByteArray();
        if (n.without)
            s += " without " + labelList(n.grouping) + ' ';
        else if (!n.grouping.isEmpty())
            s += " by " + labelList(n.grouping) + ' ';
        return s;
    }

    static QByteArray operatorWithModifiers(const Node &n)
    {
        QByteArray s = tokenTypeText(n.op).toByteArray();
        if (n.returnBool)
            s += " bool";
        if (!n.hasMatching)
            return s;
        const bool grouped = n.card == Cardinality::ManyToOne || n.card == Cardinality::OneToMany;
        // Prometheus 2.42 dropped `ignoring () group_left` here, which changes the query's meaning;
        // later versions keep it, and so does this.
        if (!n.matchingLabels.isEmpty() || n.on || grouped)
            s += (n.on ? " on " : " ignoring ") + labelList(n.matchingLabels);
        if (grouped)
            s += (n.card == Cardinality::ManyToOne ? " group_left " : " group_right ") + labelList(n.include);
        return s;
    }

    static QByteArray selectorText(const Node &n)
    {
        QByteArrayList labels;
        for (const LabelMatcher &m : n.matchers)
            labels << m.name + matchTypeText(m.type).toByteArray() + go::quote(m.value);
        if (labels.isEmpty())
            return n.metricName;
        std::sort(labels.begin(), labels.end());
        return n.metricName + '{' + labels.join(',') + '}';
    }

    static QByteArray modifiers(const Node &n)
    {
        QByteArray s;
        switch (n.at) {
        case AtModifier::Timestamp:
            s += " @ " + go::formatFixed(double(n.atMs) / 1000.0, 3);
            break;
        case AtModifier::Start:
            s += " @ start()";
            break;
        case AtModifier::End:
            s += " @ end()";
            break;
        case AtModifier::None:
            break;
        }
        if (n.offsetMs > 0)
            s += " offset " + go::formatDuration(n.offsetMs);
        else if (n.offsetMs < 0)
            s += " offset -" + go::formatDuration(-n.offsetMs);
        return s;
    }

    static QByteArray subquerySuffix(const Node &n)
    {
        return '[' + go::formatDuration(n.rangeMs) + ':' +
               (n.stepMs ? go::formatDuration(n.stepMs) : QByteArray()) + ']' + modifiers(n);
    }

    const Expression &m_e;
};

} // namespace

QByteArray printExpression(const Expression &expression, int node)
{
    return Printer(expression).print(node);
}

QByteArray formatExpression(const Expression &expression)
{
    return Printer(expression).pretty(expression.rootIndex(), 0);
}

} // namespace promdeck::promql
