// libFuzzer target for variable substitution ($var, ${var}, ${var:format}, [[var]], [[var:format]] written
// into queries and titles), the check of which variables an expression mentions, and the sort of options.
// Never a crash, undefined behaviour, a leak or a hang; and what substitution changes is what
// mentionsVariable reports (else a panel would not re-run when its variable changes).
//
// The input is the expression; leading lines `@NAME/FLAGS=v1|v2|...` add or replace variables (FLAGS: a for
// All picked, m for multi-value, v for an All value of `.*`), beside the ones real dashboards use.
#include "query/Variables.h"

#include <cstdint>
#include <cstdlib>

namespace {

promdeck::VariableValue variable(const QString &name, const QStringList &selected, bool multi = false,
                                 bool all = false, const QString &allValue = {})
{
    promdeck::VariableValue v;
    v.name = name;
    v.options = selected;
    v.selected = selected;
    v.multiFormat = multi;
    v.all = all;
    v.allValue = allValue;
    return v;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    QString expr = QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    promdeck::VariableValues values;
    values.set(variable(QStringLiteral("job"), {QStringLiteral("node")}));
    values.set(
        variable(QStringLiteral("namespace"), {QStringLiteral("kube-system"), QStringLiteral("a.b")}, true));
    values.set(variable(QStringLiteral("instance"), {QStringLiteral("h:9100"), QStringLiteral("(x)|y")}, true,
                        true, QStringLiteral(".*")));
    values.set(variable(QStringLiteral("interval"), {QStringLiteral("5m")}));
    values.set(variable(QStringLiteral("cluster"), {}, true, true));
    values.set(
        variable(QStringLiteral("handler"), {QStringLiteral("/api/v1/query"), QStringLiteral("$job")}, true));
    while (expr.startsWith(QLatin1Char('@'))) {
        const qsizetype end = expr.indexOf(QLatin1Char('\n'));
        const QString line = expr.mid(1, end < 0 ? -1 : end - 1);
        expr = end < 0 ? QString() : expr.mid(end + 1);
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        const QString head = eq < 0 ? line : line.left(eq);
        const qsizetype slash = head.indexOf(QLatin1Char('/'));
        const QString flags = slash < 0 ? QString() : head.mid(slash + 1);
        const QStringList selected = eq < 0 ? QStringList() : line.mid(eq + 1).split(QLatin1Char('|'));
        values.set(variable(slash < 0 ? head : head.left(slash), selected, flags.contains(QLatin1Char('m')),
                            flags.contains(QLatin1Char('a')),
                            flags.contains(QLatin1Char('v')) ? QStringLiteral(".*") : QString()));
    }

    const QString written = promdeck::substituteVariables(expr, values);
    const QString display = promdeck::substituteVariablesForDisplay(expr, values);
    if (!expr.contains(QLatin1Char('$')) && !expr.contains(QLatin1String("[[")) &&
        (written != expr || display != expr))
        std::abort(); // nothing to substitute: the text as it was

    qsizetype longest = 1;
    const QStringList formats = {QString(),
                                 QStringLiteral("regex"),
                                 QStringLiteral("pipe"),
                                 QStringLiteral("csv"),
                                 QStringLiteral("raw"),
                                 QStringLiteral("__display")};
    for (const promdeck::VariableValue &v : values.all()) {
        for (const QString &format : formats)
            longest = std::max(longest, promdeck::formatVariable(v, format).size());
        promdeck::VariableValues only;
        only.set(v);
        if (promdeck::substituteVariables(expr, only) != expr && !promdeck::mentionsVariable(expr, v.name))
            std::abort(); // a panel using this variable would not re-run when it changes
        QStringList options = v.options;
        for (int mode = 0; mode <= 8; ++mode)
            promdeck::sortOptions(options, mode);
    }
    // Each reference (at least two characters) becomes one written value: bounded growth.
    if (written.size() > expr.size() * (longest + 1) || display.size() > expr.size() * (longest + 1))
        std::abort();

    promdeck::VariableValues changed = values;
    changed.set(variable(QStringLiteral("job"), {QStringLiteral("other")}));
    if (promdeck::changedVariables(values, changed) != QStringList{QStringLiteral("job")} &&
        values.find(u"job")->selected != QStringList{QStringLiteral("other")})
        std::abort();
    (void)values.selections();
    return 0;
}
