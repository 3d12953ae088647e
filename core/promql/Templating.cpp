#include "promql/Templating.h"

#include <algorithm>
#include <array>

namespace promdeck::promql {

namespace {

bool isWordChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

qsizetype wordEnd(QByteArrayView text, qsizetype from)
{
    while (from < text.size() && isWordChar(text[from]))
        ++from;
    return from;
}

} // namespace

std::vector<VariableReference> findVariableReferences(QByteArrayView text)
{
    std::vector<VariableReference> out;
    qsizetype i = 0;
    while (i < text.size()) {
        if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
            // ${name}, ${name.field}, ${name:format}
            const qsizetype nameEnd = wordEnd(text, i + 2);
            const qsizetype close = text.indexOf('}', i + 2);
            if (nameEnd > i + 2 && close > 0 &&
                (text[nameEnd] == '}' || text[nameEnd] == ':' || text[nameEnd] == '.')) {
                VariableReference r{
                    int(i), int(close + 1), QString::fromUtf8(text.sliced(i + 2, nameEnd - i - 2)), {}};
                const qsizetype colon = text.sliced(nameEnd, close - nameEnd).indexOf(':');
                if (colon >= 0)
                    r.format =
                        QString::fromUtf8(text.sliced(nameEnd + colon + 1, close - nameEnd - colon - 1));
                out.push_back(std::move(r));
                i = close + 1;
                continue;
            }
        } else if (text[i] == '$') {
            const qsizetype end = wordEnd(text, i + 1);
            if (end > i + 1) {
                out.push_back({int(i), int(end), QString::fromUtf8(text.sliced(i + 1, end - i - 1)), {}});
                i = end;
                continue;
            }
        } else if (text[i] == '[' && text.sliced(i).startsWith("[[")) {
            // [[name]], [[name:format]]
            const qsizetype nameEnd = wordEnd(text, i + 2);
            const qsizetype close = text.indexOf("]]", i + 2);
            if (nameEnd > i + 2 && close > 0 && (nameEnd == close || text[nameEnd] == ':')) {
                VariableReference r{
                    int(i), int(close + 2), QString::fromUtf8(text.sliced(i + 2, nameEnd - i - 2)), {}};
                if (nameEnd < close)
                    r.format = QString::fromUtf8(text.sliced(nameEnd + 1, close - nameEnd - 1));
                out.push_back(std::move(r));
                i = close + 2;
                continue;
            }
        }
        ++i;
    }
    return out;
}

std::optional<QString> builtinVariableValue(const QString &name)
{
    // An hour of dashboard at a one-minute step: values that are valid wherever Grafana allows them.
    static const std::array<std::pair<const char *, const char *>, 13> Builtins{{
        {"__interval", "1m"},
        {"__interval_ms", "60000"},
        {"__rate_interval", "4m"},
        {"__rate_interval_ms", "240000"},
        {"__range", "3600s"},
        {"__range_s", "3600"},
        {"__range_ms", "3600000"},
        {"__from", "1700000000000"},
        {"__to", "1700003600000"},
        {"__dashboard", "dashboard"},
        {"__name", "name"},
        {"__org", "1"},
        {"__user", "user"},
    }};
    for (const auto &[builtin, value] : Builtins)
        if (name == QLatin1String(builtin))
            return QString::fromLatin1(value);
    return std::nullopt;
}

int Substitution::toOriginal(int offset) const
{
    int shift = 0;
    for (const Span &s : spans) {
        if (offset < s.start)
            break;
        if (offset < s.end)
            return s.originalStart;
        shift = s.originalEnd - s.end;
    }
    return offset + shift;
}

Substitution substituteVariables(QByteArrayView original, const VariableLookup &lookup)
{
    Substitution out;
    out.text.reserve(original.size());
    qsizetype copied = 0;
    for (const VariableReference &r : findVariableReferences(original)) {
        std::optional<QString> value = lookup ? lookup(r.name, r.format) : std::nullopt;
        if (!value)
            value = builtinVariableValue(r.name);
        if (!value) {
            out.unknown.push_back(r);
            continue;
        }
        out.text += original.sliced(copied, r.start - copied);
        const int start = int(out.text.size());
        out.text += value->toUtf8();
        out.spans.push_back({start, int(out.text.size()), r.start, r.end});
        copied = r.end;
    }
    out.text += original.sliced(copied);
    return out;
}

ParseResult parseTemplated(QByteArrayView original, const VariableLookup &lookup, Substitution *substitution)
{
    Substitution s = substituteVariables(original, lookup);
    ParseResult result = parse(QByteArrayView(s.text));
    if (result.error) {
        // The error is placed in the text as written; at a reference nobody could fill, it says so.
        const int start = s.toOriginal(result.errorStart);
        const auto unknown =
            std::find_if(s.unknown.begin(), s.unknown.end(),
                         [&](const VariableReference &r) { return start >= r.start && start < r.end; });
        if (unknown != s.unknown.end()) {
            const QByteArray message =
                QByteArray("unknown variable ") +
                original.sliced(unknown->start, unknown->end - unknown->start).toByteArray();
            result.error = parseError(original, start, QByteArrayView(message));
            result.errorEnd = unknown->end;
        } else {
            result.error->location = parseError(original, start, {}).location;
            result.errorEnd = std::max(start, s.toOriginal(result.errorEnd));
        }
        result.errorStart = start;
    }
    if (substitution)
        *substitution = std::move(s);
    return result;
}

} // namespace promdeck::promql
