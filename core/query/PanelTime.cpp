#include "query/PanelTime.h"

#include "query/Variables.h"

#include <QHash>
#include <QRegularExpression>
#include <array>

namespace promdeck {

namespace {
constexpr std::array<std::pair<char, const char *>, 7> Units = {{{'s', "second"},
                                                                 {'m', "minute"},
                                                                 {'h', "hour"},
                                                                 {'d', "day"},
                                                                 {'w', "week"},
                                                                 {'M', "month"},
                                                                 {'y', "year"}}};

const char *unitName(QChar letter)
{
    for (const auto &[l, name] : Units)
        if (letter == QLatin1Char(l))
            return name;
    return nullptr;
}

} // namespace

std::optional<TextRange> describeTextRange(const QString &text, std::int64_t nowMs, const QTimeZone &zone)
{
    QString expr = text.trimmed();
    if (!expr.startsWith(QLatin1String("now")))
        expr = QStringLiteral("now-") + expr;
    // The range is the date math's, rounded in the zone shown (TimeExpression); the name is Grafana's.
    const Result<TimeExpression> parsed = TimeExpression::parse(expr);
    if (!parsed || !parsed->isRelative())
        return std::nullopt;
    // now/d, now/w ...: this calendar unit so far and to its end.
    static const QRegularExpression rounded(QStringLiteral("^now(?:-(\\d+)([dwMy]))?/([mhdwMy])$"));
    if (const QRegularExpressionMatch m = rounded.match(expr); m.hasMatch()) {
        const QChar unit = m.captured(3).front();
        QString display;
        if (!m.captured(1).isEmpty()) {
            display = m.captured(1) == QLatin1String("1") && m.captured(2) == QLatin1String("d") &&
                              unit == QLatin1Char('d')
                          ? QStringLiteral("Yesterday")
                          : QStringLiteral("%1 to %2").arg(expr, QStringLiteral("now"));
        } else {
            static const QHash<QChar, QString> names = {{QLatin1Char('d'), QStringLiteral("Today")},
                                                        {QLatin1Char('w'), QStringLiteral("This week")},
                                                        {QLatin1Char('M'), QStringLiteral("This month")},
                                                        {QLatin1Char('y'), QStringLiteral("This year")},
                                                        {QLatin1Char('h'), QStringLiteral("This hour")},
                                                        {QLatin1Char('m'), QStringLiteral("This minute")}};
            display = names.value(unit);
        }
        return TextRange{
            {parsed->resolve(nowMs, RangeEnd::From, zone), parsed->resolve(nowMs, RangeEnd::To, zone) + 1},
            display};
    }
    static const QRegularExpression last(QStringLiteral("^now-(\\d+)([smhdwMy])$"));
    const QRegularExpressionMatch m = last.match(expr);
    if (!m.hasMatch())
        return std::nullopt;
    const int amount = m.captured(1).toInt();
    QString display =
        QStringLiteral("Last %1 %2").arg(amount).arg(QLatin1String(unitName(m.captured(2).front())));
    if (amount > 1)
        display += QLatin1Char('s');
    return TextRange{{parsed->resolve(nowMs, RangeEnd::From, zone), nowMs}, display};
}

PanelTime panelTime(const Panel &panel, const TimeRange &dashboardRange, bool dashboardIsRelative,
                    const VariableValues &variables, const QTimeZone &zone)
{
    PanelTime out{dashboardRange, {}, false};
    QStringList info;
    if (const QString from = substituteVariables(panel.timeFrom, variables).trimmed(); !from.isEmpty()) {
        if (const auto text = describeTextRange(from, dashboardRange.toMs, zone)) {
            // Grafana overrides only a relative dashboard range; an absolute one is kept as chosen.
            if (dashboardIsRelative) {
                out.range = text->range;
                info << text->display;
            }
        } else {
            out.invalid = true;
            info << QStringLiteral("invalid time override");
        }
    }
    if (const QString shift = substituteVariables(panel.timeShift, variables).trimmed(); !shift.isEmpty()) {
        if (const auto ms = parseDurationMs(shift)) {
            out.range.fromMs -= *ms;
            out.range.toMs -= *ms;
            info << QStringLiteral("timeshift -%1").arg(shift);
        } else {
            out.invalid = true;
            info << QStringLiteral("invalid timeshift");
        }
    }
    if (!panel.hideTimeOverride)
        out.info = info.join(QLatin1Char(' '));
    return out;
}

} // namespace promdeck
