// Writes an expression back as Prometheus does: its canonical one-line form (the AST's String() in
// promql/parser/printer.go) and its formatted form (prettier.go, what /api/v1/format_query answers):
// a node longer than 100 characters is split, its parts indented by two spaces per level.
#pragma once

#include "promql/Ast.h"

namespace promdeck::promql {

QByteArray printExpression(const Expression &expression, int node);
inline QByteArray printExpression(const Expression &expression)
{
    return printExpression(expression, expression.rootIndex());
}
QByteArray formatExpression(const Expression &expression);

} // namespace promdeck::promql
