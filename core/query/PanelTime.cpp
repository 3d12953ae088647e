#include "query/PanelTime.h"

#include "query/Variables.h"

#include <QDateTime>
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

// The start of the calendar unit containing t (local time, as Grafana's browser time zone).
QDateTime startOf(const QDateTime &t, QChar unit)
{
    const QDate d = t.date();
    switch (unit.toLatin1()) {
    case 'd':
        return QDateTime(d, QTime(0, 0));
    case 'w':
        return QDateTime(d.addDays(1 - d.dayOfWeek()), QTime(0, 0));
    case 'M':
        return QDateTime(QDate(d.year(), d.month(), 1), QTime(0, 0));
    case 'y':
        return QDateTime(QDate(d.year(), 1, 1), QTime(0, 0));
    case 'h':
        return QDateTime(d, QTime(t.time().hour(), 0));
    case 'm':
        return QDateTime(d, QTime(t.time().hour(), t.time().minute()));
    default:
        return t;
    }
}

QDateTime endOf(const QDateTime &start, QChar unit)
{
    switch (unit.toLatin1()) {
    case 'd':
        return start.addDays(1);
    case 'w':
        return start.addDays(7);
    case 'M':
        return start.addMonths(1);
    case 'y':
        return start.addYears(1);
    case 'h':
        return start.addSecs(3600);
    case 'm':
        return start.addSecs(60);
    default:
        return start;
    }
}

std::optional<std::int64_t> amountMs(int amount, QChar unit, std::int64_t nowMs)
{
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs);
    switch (unit.toLatin1()) {
    case 'M':
        return nowMs - now.addMonths(-amount).toMSecsSinceEpoch();
    case 'y':
        return nowMs - now.addYears(-amount).toMSecsSinceEpoch();
    default:
        if (const auto ms = parseDurationMs(QStringLiteral("%1%2").arg(amount).arg(unit)))
            return *ms;
        return std::nullopt;
    }
}
} // namespace

std::optional<TextRange> describeTextRange(const QString &text, std::int64_t nowMs)
{
    QString expr = text.trimmed();
    if (!expr.startsWith(QLatin1String("now")))
        expr = QStringLiteral("now-") + expr;
    // now/d, now/w ...: this calendar unit so far and to its end.
    static const QRegularExpression rounded(QStringLiteral("^now(?:-(\\d+)([dwMy]))?/([mhdwMy])$"));
    if (const QRegularExpressionMatch m = rounded.match(expr); m.hasMatch()) {
        const QChar unit = m.captured(3).front();
        QDateTime start = startOf(QDateTime::fromMSecsSinceEpoch(nowMs), unit);
        QString display;
        if (!m.captured(1).isEmpty()) {
            const int amount = m.captured(1).toInt();
            const auto back = amountMs(amount, m.captured(2).front(), nowMs);
            if (!back)
                return std::nullopt;
            start = startOf(QDateTime::fromMSecsSinceEpoch(nowMs - *back), unit);
            display = amount == 1 && m.captured(2) == QLatin1String("d") && unit == QLatin1Char('d')
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
        return TextRange{{start.toMSecsSinceEpoch(), endOf(start, unit).toMSecsSinceEpoch()}, display};
    }
    static const QRegularExpression last(QStringLiteral("^now-(\\d+)([smhdwMy])$"));
    const QRegularExpressionMatch m = last.match(expr);
    if (!m.hasMatch())
        return std::nullopt;
    const int amount = m.captured(1).toInt();
    const QChar unit = m.captured(2).front();
    const auto back = amountMs(amount, unit, nowMs);
    if (!back)
        return std::nullopt;
    QString display = QStringLiteral("Last %1 %2").arg(amount).arg(QLatin1String(unitName(unit)));
    if (amount > 1)
        display += QLatin1Char('s');
    return TextRange{{nowMs - *back, nowMs}, display};
}

PanelTime panelTime(const Panel &panel, const TimeRange &dashboardRange, bool dashboardIsRelative,
                    const VariableValues &variables)
{
    PanelTime out{dashboardRange, {}, false};
    QStringList info;
    if (const QString from = substituteVariables(panel.timeFrom, variables).trimmed(); !from.isEmpty()) {
        if (const auto text = describeTextRange(from, dashboardRange.toMs)) {
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
