#include "alerting/PanelRules.h"

#include "alerting/AlertTemplate.h"
#include "series/TimeRange.h"

#include <QRegularExpression>

namespace promdeck {

namespace {

QString ruleName(const Panel &p)
{
    if (p.alert && !p.alert->name.isEmpty())
        return p.alert->name;
    // "Celery queue depth" -> CeleryQueueDepth, as alert names are written.
    QString name;
    for (const QString &word :
         p.title.split(QRegularExpression(QStringLiteral("[^A-Za-z0-9]+")), Qt::SkipEmptyParts))
        name += word.left(1).toUpper() + word.mid(1);
    if (name.isEmpty() || name.front().isDigit())
        name.prepend(QStringLiteral("Panel"));
    return name;
}

} // namespace

RuleGroup rulesFromPanels(const Dashboard &dashboard, const VariableValues &variables,
                          std::int64_t rateIntervalMs, QStringList *problems)
{
    RuleGroup group;
    group.name = QStringLiteral("panels of ") + dashboard.title;
    group.file = dashboard.fileName;
    for (const Panel &p : dashboard.panels) {
        if (!p.alert)
            continue;
        const auto target = std::find_if(p.targets.begin(), p.targets.end(), [](const Target &t) {
            return !t.hide && !t.expr.trimmed().isEmpty();
        });
        std::optional<double> threshold = p.alert->threshold;
        if (!threshold)
            for (const Threshold &t : p.fieldConfig.thresholds)
                if (t.value)
                    threshold = t.value; // ascending: the last is the highest step
        if (target == p.targets.end() || !threshold) {
            if (problems)
                *problems << QStringLiteral("%1: panel \"%2\" is marked as alerting but has %3")
                                 .arg(dashboard.fileName, p.title,
                                      target == p.targets.end() ? QStringLiteral("no query")
                                                                : QStringLiteral("no threshold"));
            continue;
        }
        // An alert is evaluated at one instant: the range variables become fixed windows.
        QString expr = substituteVariables(target->expr, variables);
        const QString rate = formatPromDuration(rateIntervalMs);
        expr.replace(QStringLiteral("$__rate_interval"), rate)
            .replace(QStringLiteral("${__rate_interval}"), rate);
        expr.replace(QStringLiteral("$__interval"), rate).replace(QStringLiteral("${__interval}"), rate);
        AlertRule rule;
        rule.name = ruleName(p);
        rule.expr = QStringLiteral("(%1) %2 %3")
                        .arg(expr, p.alert->below ? QStringLiteral("<") : QStringLiteral(">"),
                             goFloat(*threshold)); // shortest: 0.05, not 0.050000000000000003
        rule.forMs = p.alert->forMs;
        rule.labels = {
            {QStringLiteral("severity"), p.alert->severity},
            {QStringLiteral("dashboard"), dashboard.uid.isEmpty() ? dashboard.title : dashboard.uid},
            {QStringLiteral("panel"), p.title}};
        rule.annotations = {
            {QStringLiteral("summary"),
             QStringLiteral("%1 is {{ $value }} (%2 %3)")
                 .arg(p.title, p.alert->below ? QStringLiteral("below") : QStringLiteral("above"),
                      QString::number(*threshold, 'g', 6))}};
        rule.file = dashboard.fileName;
        rule.line = p.line;
        group.rules.push_back(std::move(rule));
    }
    return group;
}

} // namespace promdeck
