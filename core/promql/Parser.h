// Reads PromQL as Prometheus 2.42 does (promql/parser): the same expressions accepted, the same
// AST, the same type checks, and the first error in Prometheus' words at Prometheus' position
// (`1:5: parse error: unexpected end of input`).
#pragma once

#include "base/Error.h"
#include "promql/Ast.h"

#include <QString>
#include <optional>

namespace promdeck::promql {

struct ParseResult
{
    // Set when the syntax could be read, even when the types are wrong (error is then set too).
    std::optional<Expression> expression;
    // Core's one error type, Kind::Syntax, placed at the line and column of the parsed text itself
    // (no file; the column in bytes, as Prometheus counts), with Prometheus' words as its detail:
    // toString() is `1:5: parse error: unexpected end of input`, exactly as Prometheus writes it.
    std::optional<Error> error;
    // The error's byte range in the parsed text, to place it inside the file the text came from.
    int errorStart = 0;
    int errorEnd = 0;
    bool ok() const { return !error.has_value(); }
};

// The Error a parse error is: at LINE:COL of `text` for the byte `offset`, "parse error: MESSAGE".
Error parseError(QByteArrayView text, int offset, QByteArrayView message);

ParseResult parse(QByteArrayView utf8);
ParseResult parse(const QString &text);

// The deepest nesting read (parentheses, calls, operands); Prometheus has no such limit, but a
// thousand levels are far beyond any real query and keep the stack safe from hostile input.
constexpr int MaxNesting = 1000;

} // namespace promdeck::promql
