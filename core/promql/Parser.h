// Reads PromQL as Prometheus 2.42 does (promql/parser): the same expressions accepted, the same
// AST, the same type checks, and the first error in Prometheus' words at Prometheus' position
// (`1:5: parse error: unexpected end of input`).
#pragma once

#include "promql/Ast.h"

#include <QString>
#include <optional>

namespace promdeck::promql {

struct ParseError
{
    int start = 0; // byte offsets in the parsed text
    int end = 0;
    QByteArray message; // e.g. "unexpected <op:*>", without the position
    int line = 1;       // as Prometheus counts them: 1-based, the column in bytes
    int column = 1;

    // LINE:COL: parse error: MESSAGE, as Prometheus writes it.
    QString toString() const;
};

struct ParseResult
{
    // Set when the syntax could be read, even when the types are wrong (error is then set too).
    std::optional<Expression> expression;
    std::optional<ParseError> error;
    bool ok() const { return !error.has_value(); }
};

ParseResult parse(QByteArrayView utf8);
ParseResult parse(const QString &text);

// The deepest nesting read (parentheses, calls, operands); Prometheus has no such limit, but a
// thousand levels are far beyond any real query and keep the stack safe from hostile input.
constexpr int MaxNesting = 1000;

} // namespace promdeck::promql
