// libFuzzer target for the PromQL parser: any bytes give a tree or an error, never a crash, a leak
// or a hang. A tree must print, format and parse back to the same text; completion at every cursor
// position and parsing with Grafana variables must hold up on the same bytes.
#include "promql/Completion.h"
#include "promql/Parser.h"
#include "promql/Printer.h"
#include "promql/Templating.h"

#include <cstdint>
#include <cstdlib>

using namespace promdeck::promql;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const ParseResult result = parse(input);
    if (!result.ok() && (result.error->detail.isEmpty() || result.error->location.line < 1 ||
                         result.error->location.column < 1))
        std::abort(); // an error says what and where
    if (result.ok()) {
        const QByteArray printed = printExpression(*result.expression);
        const ParseResult again = parse(QByteArrayView(printed));
        if (!again.ok() || printExpression(*again.expression) != printed)
            std::abort();
        const QByteArray formatted = formatExpression(*result.expression);
        const ParseResult reformatted = parse(QByteArrayView(formatted));
        if (!reformatted.ok() || formatExpression(*reformatted.expression) != formatted)
            std::abort();
    }
    for (int cursor = 0; cursor <= int(input.size()); cursor += 1 + int(input.size()) / 16)
        completionContext(input, cursor);
    parseTemplated(input, [](const QString &name, const QString &) -> std::optional<QString> {
        if (name.size() % 2)
            return QStringLiteral("(a|b)");
        return std::nullopt;
    });
    return 0;
}
