// What PromQL (as of Prometheus 2.42) offers by name: its functions with their argument types and
// counts, its aggregation operators and its keywords, each with a signature and a one-line
// description for an editor's hover and completion.
#pragma once

#include "promql/Lexer.h"

#include <QByteArrayView>
#include <span>

namespace promdeck::promql {

enum class ValueType : quint8
{
    None,
    Scalar,
    Vector, // an instant vector
    Matrix, // a range vector
    String,
};

// Prometheus' internal name ("vector", "matrix", ...) and the documented one ("instant vector",
// "range vector", ...); its messages use both.
QByteArrayView valueTypeName(ValueType type);
QByteArrayView documentedTypeName(ValueType type);

struct Function
{
    const char *name;
    std::span<const ValueType> argTypes;
    // 0: exactly argTypes; n > 0: the last argument may be left out or repeated up to n times in all
    // (Prometheus' "variadic" count); -1: the last may repeat without limit.
    int variadic;
    ValueType returnType;
    const char *signature;   // label_replace(v instant-vector, dst string, ...)
    const char *description; // one line
};

const Function *findFunction(QByteArrayView name);
std::span<const Function> functions();

struct Aggregation
{
    TokenType type;
    const char *name;
    const char *signature;
    const char *description;
};
std::span<const Aggregation> aggregations();
const Aggregation *findAggregation(TokenType type);

struct KeywordInfo
{
    const char *name;
    const char *description;
};
// The modifiers and set operators a person types between expressions: by, without, on, ignoring,
// group_left, group_right, bool, offset, and, or, unless, atan2.
std::span<const KeywordInfo> keywords();

} // namespace promdeck::promql
