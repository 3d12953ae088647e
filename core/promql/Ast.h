// A parsed PromQL expression as a value: its nodes in one array (children by index), every node
// with the byte range it was read from, shaped like Prometheus' own AST (promql/parser/ast.go) so
// that its rules (types, printing, formatting) carry over one to one.
#pragma once

#include "promql/Functions.h"

#include <QByteArray>
#include <QByteArrayList>
#include <cstdint>
#include <vector>

namespace promdeck::promql {

enum class NodeKind : quint8
{
    Aggregate,      // sum by (job) (x), topk(5, x)
    Binary,         // a + on(x) group_left b
    Call,           // rate(x[5m])
    MatrixSelector, // x[5m]; offset and @ live on its vector selector, as in Prometheus
    Subquery,       // expr[1h:5m]
    NumberLiteral,
    Paren,
    StringLiteral,
    Unary, // -x, +x (a sign before a number literal folds into the number)
    VectorSelector,
};

enum class MatchType : quint8
{
    Equal,
    NotEqual,
    Regex,
    NotRegex,
};
QByteArrayView matchTypeText(MatchType type); // = != =~ !~

struct LabelMatcher
{
    MatchType type = MatchType::Equal;
    QByteArray name;
    QByteArray value; // unquoted (UTF-8; \x escapes may make it any bytes)
    int start = 0;    // the label name
    int end = 0;      // after the closing quote
    // Whether it matches the empty string: a selector needs one matcher that does not.
    bool matchesEmpty = false;
};

enum class Cardinality : quint8
{
    OneToOne,
    ManyToOne, // group_left
    OneToMany, // group_right
    ManyToMany,
};

// The @ modifier: a timestamp, start() or end().
enum class AtModifier : quint8
{
    None,
    Timestamp,
    Start,
    End,
};

struct Node
{
    NodeKind kind = NodeKind::NumberLiteral;
    int start = 0; // byte offsets in the source
    int end = 0;
    // Aggregation, binary and unary operator.
    TokenType op = TokenType::Eof;
    // The operand of Aggregate, Paren, Unary, Subquery; the vector selector of a MatrixSelector.
    int expr = -1;
    int param = -1; // Aggregate: topk's k, quantile's phi, count_values' label
    int lhs = -1;   // Binary
    int rhs = -1;
    std::vector<int> args;              // Call
    const Function *function = nullptr; // Call
    // Aggregate grouping.
    QByteArrayList grouping;
    bool without = false;
    // Binary.
    bool returnBool = false;
    bool hasMatching = false; // false once the type check finds a scalar side, as in Prometheus
    Cardinality card = Cardinality::OneToOne;
    QByteArrayList matchingLabels; // on (...) / ignoring (...)
    bool on = false;
    QByteArrayList include; // group_left (...) / group_right (...)
    // Literals.
    double number = 0;
    QByteArray string;
    // VectorSelector.
    QByteArray metricName; // empty for {...} alone
    std::vector<LabelMatcher> matchers;
    // VectorSelector and Subquery: offset and @.
    std::int64_t offsetMs = 0;
    AtModifier at = AtModifier::None;
    std::int64_t atMs = 0;
    // MatrixSelector and Subquery.
    std::int64_t rangeMs = 0;
    std::int64_t stepMs = 0; // Subquery; 0: the evaluation interval
};

class Expression
{
public:
    const Node &root() const { return m_nodes[size_t(m_root)]; }
    int rootIndex() const { return m_root; }
    const Node &node(int index) const { return m_nodes[size_t(index)]; }
    const std::vector<Node> &nodes() const { return m_nodes; }
    // The UTF-8 text it was parsed from; node positions are byte offsets into it.
    const QByteArray &source() const { return m_source; }
    // Prometheus' Type() of a node: the value it evaluates to.
    ValueType type(int index) const;
    // Every node in the subtree of `index`, parents before children, children in source order.
    std::vector<int> subtree(int index) const;
    // The innermost node whose range holds the byte offset, or -1.
    int nodeAt(int offset) const;

private:
    friend class Parser;
    std::vector<Node> m_nodes;
    int m_root = -1;
    QByteArray m_source;
};

} // namespace promdeck::promql
