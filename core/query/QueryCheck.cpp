#include "query/QueryCheck.h"

#include "promql/Templating.h"

namespace promdeck {

namespace {

int utf8Length(char32_t c)
{
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

// The offset in the file of the byte `decoded` bytes into the value of the JSON string whose
// opening quote is at `quote` (escapes take more room in the file than in the value).
qsizetype offsetInFile(const QByteArray &json, qsizetype quote, int decoded)
{
    qsizetype raw = quote + 1;
    int done = 0;
    while (raw < json.size() && done < decoded && json[raw] != '"') {
        if (json[raw] != '\\') {
            ++done;
            ++raw;
            continue;
        }
        if (json.at(raw + 1) != 'u') {
            ++done;
            raw += 2;
            continue;
        }
        char32_t c = json.mid(raw + 2, 4).toUInt(nullptr, 16);
        qsizetype length = 6;
        if (c >= 0xD800 && c < 0xDC00 && json.mid(raw + 6, 2) == "\\u") {
            c = 0x10000 + ((c - 0xD800) << 10) + (json.mid(raw + 8, 4).toUInt(nullptr, 16) - 0xDC00);
            length = 12;
        }
        done += utf8Length(c);
        raw += length;
    }
    return raw;
}

// Line and column (in characters) from 1, as the loader's other messages count them.
std::pair<int, int> lineAndColumn(const QByteArray &utf8, qsizetype offset)
{
    int line = 1;
    int column = 1;
    for (qsizetype i = 0; i < offset && i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

QStringList optionsOf(const Variable &v)
{
    QStringList out;
    switch (v.type) {
    case Variable::Type::Custom:
    case Variable::Type::Interval:
        // Grafana's custom lists: "a,b,c", where an option may be written "text : value".
        for (const QString &part : v.query.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const qsizetype colon = part.indexOf(QStringLiteral(" : "));
            out << (colon >= 0 ? part.mid(colon + 3) : part).trimmed();
        }
        if (v.type == Variable::Type::Interval && v.autoInterval)
            out.prepend(QStringLiteral("1m"));
        break;
    case Variable::Type::Constant:
    case Variable::Type::TextBox:
        out << v.query;
        break;
    default:
        break;
    }
    return out;
}

} // namespace

VariableValues offlineVariableValues(const Dashboard &dashboard)
{
    VariableValues values;
    for (const Variable &v : dashboard.variables) {
        VariableValue value;
        value.name = v.name;
        value.options = optionsOf(v);
        value.multiFormat = v.multi || v.includeAll;
        value.allValue = v.allValue;
        if (value.options.isEmpty())
            value.options << v.name; // a query variable's options come from a server
        if (v.current == QStringList{QStringLiteral("$__all")}) {
            value.all = true;
            value.selected = value.options;
        } else if (!v.current.isEmpty() && !v.current.front().isEmpty()) {
            value.selected = v.current;
        } else {
            value.selected = {value.options.front()};
        }
        values.set(std::move(value));
    }
    return values;
}

std::vector<Error> checkPanelQueries(const Dashboard &dashboard)
{
    const VariableValues values = offlineVariableValues(dashboard);
    const promql::VariableLookup lookup = [&values](const QString &name,
                                                    const QString &format) -> std::optional<QString> {
        if (const VariableValue *v = values.find(name))
            return formatVariable(*v, format);
        return std::nullopt;
    };
    std::vector<Error> errors;
    for (const Panel &panel : dashboard.panels) {
        for (const Target &target : panel.targets) {
            // Other data sources' queries (Loki's LogQL, ...) are not PromQL.
            if (target.expr.trimmed().isEmpty() ||
                (!target.datasourceType.isEmpty() && !isPrometheusDatasourceType(target.datasourceType)))
                continue;
            const promql::ParseResult result = promql::parseTemplated(target.expr.toUtf8(), lookup);
            if (result.ok())
                continue;
            SourceLocation where{dashboard.fileName, panel.line, 0, target.exprPath};
            if (target.exprOffset >= 0) {
                const auto [line, column] =
                    lineAndColumn(dashboard.sourceJson,
                                  offsetInFile(dashboard.sourceJson, target.exprOffset, result.errorStart));
                where.line = line;
                where.column = column;
            }
            errors.push_back(Error::at(where,
                                       QStringLiteral("panel \"%1\", query %2: %3")
                                           .arg(panel.title, target.refId, result.error->toString()),
                                       Error::Kind::Syntax));
        }
    }
    return errors;
}

} // namespace promdeck
