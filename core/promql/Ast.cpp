#include "promql/Ast.h"

namespace promdeck::promql {

QByteArrayView matchTypeText(MatchType type)
{
    switch (type) {
    case MatchType::Equal:
        return "=";
    case MatchType::NotEqual:
        return "!=";
    case MatchType::Regex:
        return "=~";
    case MatchType::NotRegex:
        return "!~";
    }
    return "=";
}

ValueType Expression::type(int index) const
{
    const Node &n = node(index);
    switch (n.kind) {
    case NodeKind::Aggregate:
    case NodeKind::VectorSelector:
        return ValueType::Vector;
    case NodeKind::Binary:
        return type(n.lhs) == ValueType::Scalar && type(n.rhs) == ValueType::Scalar ? ValueType::Scalar
                                                                                    : ValueType::Vector;
    case NodeKind::Call:
        return n.function->returnType;
    case NodeKind::MatrixSelector:
    case NodeKind::Subquery:
        return ValueType::Matrix;
    case NodeKind::NumberLiteral:
        return ValueType::Scalar;
    case NodeKind::StringLiteral:
        return ValueType::String;
    case NodeKind::Paren:
    case NodeKind::Unary:
        return type(n.expr);
    }
    return ValueType::None;
}

std::vector<int> Expression::subtree(int index) const
{
    std::vector<int> out;
    std::vector<int> pending{index};
    while (!pending.empty()) {
        const int i = pending.back();
        pending.pop_back();
        out.push_back(i);
        const Node &n = node(i);
        std::vector<int> children;
        if (n.param >= 0)
            children.push_back(n.param);
        if (n.expr >= 0)
            children.push_back(n.expr);
        if (n.lhs >= 0)
            children.push_back(n.lhs);
        if (n.rhs >= 0)
            children.push_back(n.rhs);
        children.insert(children.end(), n.args.begin(), n.args.end());
        pending.insert(pending.end(), children.rbegin(), children.rend());
    }
    return out;
}

int Expression::nodeAt(int offset) const
{
    int best = -1;
    for (int i : subtree(m_root)) {
        const Node &n = node(i);
        if (offset >= n.start && offset < n.end &&
            (best < 0 || n.end - n.start <= node(best).end - node(best).start))
            best = i;
    }
    return best;
}

} // namespace promdeck::promql
