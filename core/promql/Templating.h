// Queries as dashboards hold them: PromQL with Grafana's template variables ($var, ${var},
// ${var:format}, [[var]], $__interval, $__rate_interval, $__range...). They are checked after
// substitution, as the server will see them, and their errors point into the text as written.
#pragma once

#include "promql/Parser.h"

#include <functional>
#include <optional>
#include <vector>

namespace promdeck::promql {

// One reference to a variable, with its byte range in the text.
struct VariableReference
{
    int start = 0;
    int end = 0;
    QString name;
    QString format; // ${var:format}, [[var:format]]; empty otherwise
};

// Grafana's three syntaxes: $name, ${name}, ${name.field:format}, [[name]], [[name:format]].
std::vector<VariableReference> findVariableReferences(QByteArrayView text);

// A variable's value as text, in the given format; nullopt when the variable is unknown.
using VariableLookup = std::function<std::optional<QString>(const QString &name, const QString &format)>;

// A representative value for Grafana's built-in variables ($__interval -> 1m, $__range_s -> 3600,
// ...), so that a query parses as it will when sent; nullopt for other names.
std::optional<QString> builtinVariableValue(const QString &name);

struct Substitution
{
    QByteArray text; // after substitution (UTF-8)
    struct Span
    {
        int start; // in `text`
        int end;
        int originalStart; // the reference it replaced
        int originalEnd;
    };
    std::vector<Span> spans;                // the substituted values, in order
    std::vector<VariableReference> unknown; // references left as written

    // The offset in the original text of an offset in `text` (inside a value: the reference's start).
    int toOriginal(int offset) const;
};

// Replaces every reference the lookup (or, failing it, builtinVariableValue) knows.
Substitution substituteVariables(QByteArrayView original, const VariableLookup &lookup);

// Parses a templated query: the substituted text is parsed, and an error is placed (line, column)
// in the original text; an error at a reference nobody could fill says so.
ParseResult parseTemplated(QByteArrayView original, const VariableLookup &lookup,
                           Substitution *substitution = nullptr);

} // namespace promdeck::promql
