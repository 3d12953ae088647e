#include "cli/PromqlCommands.h"

#include "promql/Printer.h"
#include "promql/Templating.h"

#include <QMap>
#include <cstdio>

namespace promdeck {

namespace {

void printError(const QString &text)
{
    std::fprintf(stderr, "%s\n", qPrintable(text));
}

// The error, then the line it is on with a caret under the place.
void printParseError(const QByteArray &expr, const Error &error, const QString &which)
{
    printError(which + error.toString());
    const QByteArrayList lines = expr.split('\n');
    const QByteArray line = lines.value(error.location.line - 1);
    const qsizetype before = QString::fromUtf8(line.left(error.location.column - 1)).size();
    printError(QStringLiteral("  ") + QString::fromUtf8(line));
    printError(QStringLiteral("  ") + QString(before, QLatin1Char(' ')) + QLatin1Char('^'));
}

int check(QStringList args)
{
    QMap<QString, QString> values;
    QStringList expressions;
    bool options = true;
    while (!args.isEmpty()) {
        const QString arg = args.takeFirst();
        if (options && arg == u"--") {
            options = false;
        } else if (options && (arg == u"--var" || arg.startsWith(QLatin1String("--var=")))) {
            const QString assignment =
                arg == u"--var" ? (args.isEmpty() ? QString() : args.takeFirst()) : arg.mid(6);
            const qsizetype eq = assignment.indexOf(QLatin1Char('='));
            if (eq <= 0) {
                printError(
                    QStringLiteral("promdeck: --var: expected NAME=VALUE, got \"%1\"").arg(assignment));
                return 2;
            }
            values.insert(assignment.left(eq), assignment.mid(eq + 1));
        } else {
            expressions << arg;
        }
    }
    if (expressions.isEmpty()) {
        printError(QStringLiteral("promdeck: promql check needs at least one expression"));
        return 2;
    }
    const promql::VariableLookup lookup = [&values](const QString &name,
                                                    const QString &) -> std::optional<QString> {
        if (values.contains(name))
            return values.value(name);
        return std::nullopt;
    };
    for (qsizetype i = 0; i < expressions.size(); ++i) {
        const QByteArray expr = expressions[i].toUtf8();
        const promql::ParseResult result = promql::parseTemplated(expr, lookup);
        if (!result.ok()) {
            printParseError(expr, *result.error,
                            expressions.size() > 1 ? QStringLiteral("expression %1: ").arg(i + 1)
                                                   : QString());
            return 1;
        }
    }
    return 0;
}

int format(const QStringList &args)
{
    if (args.size() != 1) {
        printError(QStringLiteral("promdeck: promql format takes one expression"));
        return 2;
    }
    const QByteArray expr = args.front().toUtf8();
    if (!promql::findVariableReferences(expr).empty()) {
        printError(QStringLiteral(
            "promdeck: the expression holds Grafana variables; formatting would replace them"));
        return 1;
    }
    const promql::ParseResult result = promql::parse(QByteArrayView(expr));
    if (!result.ok()) {
        printParseError(expr, *result.error, QString());
        return 1;
    }
    std::printf("%s\n", promql::formatExpression(*result.expression).constData());
    return 0;
}

} // namespace

int runPromql(const CommandLine &cl)
{
    QStringList args = cl.files;
    const QString sub = args.isEmpty() ? QString() : args.takeFirst();
    if (sub == u"check")
        return check(args);
    if (sub == u"format")
        return format(args);
    printError(QStringLiteral("promdeck: promql: expected \"check\" or \"format\", got \"%1\"").arg(sub));
    return 2;
}

} // namespace promdeck
