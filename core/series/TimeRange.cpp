#include "series/TimeRange.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTimeZone>
#include <cmath>
#include <limits>

namespace promdeck {

namespace {
struct UnitFactor
{
    const char16_t *suffix;
    std::int64_t ms;
};
// Longest suffixes first, so `ms` is not read as `m` followed by garbage.
constexpr UnitFactor Units[] = {{u"ms", 1},
                                {u"s", 1000},
                                {u"m", 60'000},
                                {u"h", 3'600'000},
                                {u"d", 86'400'000},
                                {u"w", 7 * 86'400'000LL},
                                {u"y", 365 * 86'400'000LL}};
} // namespace

std::optional<std::int64_t> parseDurationMs(QStringView text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    std::int64_t total = 0;
    qsizetype i = 0;
    while (i < text.size()) {
        qsizetype start = i;
        while (i < text.size() && text[i].isDigit())
            ++i;
        if (i == start)
            return std::nullopt;
        bool ok = false;
        const std::int64_t amount = text.mid(start, i - start).toLongLong(&ok);
        if (!ok)
            return std::nullopt;
        const UnitFactor *unit = nullptr;
        for (const UnitFactor &u : Units) {
            const QStringView suffix(u.suffix);
            if (text.mid(i).startsWith(suffix)) {
                // `m` must not swallow the `m` of `ms`
                if (suffix == u"m" && text.mid(i).startsWith(u"ms"))
                    continue;
                unit = &u;
                break;
            }
        }
        if (!unit)
            return std::nullopt;
        i += QStringView(unit->suffix).size();
        // Past what Prometheus can hold (int64 nanoseconds, about 292 years) is refused, never wrapped
        // into a negative or tiny duration.
        constexpr std::int64_t MaxMs = std::numeric_limits<std::int64_t>::max() / 1'000'000;
        std::int64_t part = 0;
        if (__builtin_mul_overflow(amount, unit->ms, &part) || __builtin_add_overflow(total, part, &total) ||
            total > MaxMs)
            return std::nullopt;
    }
    return total;
}

QString formatPromDuration(std::int64_t ms)
{
    if (ms <= 0)
        return QStringLiteral("0s");
    QString out;
    const std::int64_t parts[] = {86'400'000, 3'600'000, 60'000, 1000, 1};
    const char *names[] = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < 5; ++i) {
        const std::int64_t n = ms / parts[i];
        if (n > 0) {
            out += QString::number(n) + QLatin1String(names[i]);
            ms -= n * parts[i];
        }
    }
    return out;
}

namespace {
constexpr QStringView DateMathUnits = u"yMwdhms";

std::int64_t fixedUnitMs(char16_t unit)
{
    switch (unit) {
    case u'w':
        return 7 * 86'400'000LL;
    case u'd':
        return 86'400'000;
    case u'h':
        return 3'600'000;
    case u'm':
        return 60'000;
    case u's':
        return 1000;
    default:
        return 0;
    }
}

// Reads Grafana's date math after `now`: signed amounts (`-6h`, `+1h30m`, `-1M`) and roundings (`/d`).
class DateMathReader
{
public:
    DateMathReader(QStringView whole, qsizetype firstColumn) : m_text(whole), m_column0(firstColumn) {}

    Result<std::vector<TimeExpression::Step>> read(qsizetype from)
    {
        std::vector<TimeExpression::Step> steps;
        qsizetype i = from;
        auto skipSpaces = [&] {
            while (i < m_text.size() && m_text[i].isSpace())
                ++i;
        };
        skipSpaces();
        while (i < m_text.size()) {
            const QChar op = m_text[i];
            if (op == u'/') {
                ++i;
                skipSpaces();
                if (i >= m_text.size())
                    return fail(i, QStringLiteral("expected a unit (y M w d h m s) after '/'"));
                if (!DateMathUnits.contains(m_text[i]))
                    return unknownUnit(i);
                steps.push_back({TimeExpression::Step::Kind::RoundTo, 0, m_text[i].unicode()});
                ++i;
            } else if (op == u'+' || op == u'-') {
                const int sign = op == u'-' ? -1 : 1;
                ++i;
                skipSpaces();
                std::int64_t fixedMs = 0;
                bool any = false;
                while (i < m_text.size() && (m_text[i].isDigit() || !any)) {
                    const qsizetype numberAt = i;
                    while (i < m_text.size() && m_text[i].isDigit())
                        ++i;
                    if (i == numberAt)
                        return fail(i, QStringLiteral("expected a number after '%1'").arg(op));
                    bool ok = false;
                    const std::int64_t amount = m_text.mid(numberAt, i - numberAt).toLongLong(&ok);
                    if (!ok || amount > MaxMs)
                        return fail(numberAt, QStringLiteral("the number is too large"));
                    if (i >= m_text.size())
                        return fail(i, QStringLiteral("expected a unit (y M w d h m s) after the number"));
                    const char16_t unit = m_text[i].unicode();
                    if (m_text.mid(i).startsWith(u"ms")) {
                        fixedMs += amount;
                        i += 2;
                    } else if (unit == u'M' || unit == u'y' || unit == u'd' || unit == u'w') {
                        if (fixedMs != 0) // what came before keeps its place
                            steps.push_back({TimeExpression::Step::Kind::AddMs, sign * fixedMs, 0});
                        fixedMs = 0;
                        const bool days = unit == u'd' || unit == u'w';
                        const int factor = unit == u'y' ? 12 : unit == u'w' ? 7 : 1;
                        if (amount * factor * (days ? 1 : 31) > MaxDays)
                            return fail(numberAt, QStringLiteral("the duration is too large"));
                        steps.push_back({days ? TimeExpression::Step::Kind::AddDays
                                              : TimeExpression::Step::Kind::AddMonths,
                                         sign * amount * factor, unit});
                        ++i;
                    } else if (const std::int64_t unitMs = fixedUnitMs(unit)) {
                        std::int64_t part = 0;
                        if (__builtin_mul_overflow(amount, unitMs, &part) ||
                            __builtin_add_overflow(fixedMs, part, &fixedMs))
                            return fail(numberAt, QStringLiteral("the duration is too large"));
                        ++i;
                    } else {
                        return unknownUnit(i);
                    }
                    if (fixedMs > MaxMs)
                        return fail(numberAt, QStringLiteral("the duration is too large"));
                    any = true;
                }
                if (!any)
                    return fail(i, QStringLiteral("expected a number after '%1'").arg(op));
                if (fixedMs != 0)
                    steps.push_back({TimeExpression::Step::Kind::AddMs, sign * fixedMs, 0});
            } else {
                return fail(
                    i,
                    QStringLiteral("unexpected '%1': expected +, - or / (now-6h, now/d, now-1d/d)").arg(op));
            }
            skipSpaces();
        }
        return steps;
    }

private:
    // About 292 years (what Prometheus can hold in nanoseconds), in ms and in days.
    static constexpr std::int64_t MaxMs = std::numeric_limits<std::int64_t>::max() / 1'000'000;
    static constexpr std::int64_t MaxDays = MaxMs / 86'400'000;

    Error fail(qsizetype at, const QString &what) const
    {
        return Error::plain(
            Error::Kind::Syntax,
            QStringLiteral("%1: %2 at column %3").arg(m_text.toString(), what).arg(m_column0 + at));
    }
    Error unknownUnit(qsizetype at) const
    {
        return fail(at, QStringLiteral("unknown unit '%1' (units: y M w d h m s)").arg(m_text[at]));
    }

    QStringView m_text;
    qsizetype m_column0;
};
} // namespace

Result<TimeExpression> TimeExpression::parse(QStringView text)
{
    qsizetype leading = 0; // columns count in the text as written
    while (leading < text.size() && text[leading].isSpace())
        ++leading;
    text = text.trimmed();
    auto failWith = [](const QString &message) -> Result<TimeExpression> {
        return Error::plain(Error::Kind::Syntax, message);
    };
    if (text.isEmpty())
        return failWith(QStringLiteral("empty time"));
    if (text.startsWith(u"now")) {
        Result<std::vector<Step>> steps = DateMathReader(text, leading + 1).read(3);
        if (!steps)
            return steps.error();
        TimeExpression t;
        t.m_relative = true;
        t.m_steps = std::move(*steps);
        return t;
    }
    bool isNumber = false;
    const double seconds = text.toDouble(&isNumber);
    if (isNumber && std::isfinite(seconds))
        return absolute(std::llround(seconds * 1000.0));
    if (const auto ms = parseRfc3339Ms(text))
        return absolute(*ms);
    return failWith(QStringLiteral("cannot read the time \"%1\": use RFC 3339 (2026-01-01T00:00:00Z), "
                                   "unix seconds, now-6h or now/d")
                        .arg(text));
}

std::int64_t roundToUnit(std::int64_t timeMs, char16_t unit, RangeEnd end, const QTimeZone &zone)
{
    if (const std::int64_t unitMs = unit == u'w' || unit == u'd' ? 0 : fixedUnitMs(unit)) {
        // Seconds, minutes and hours on the zone's clock: whole offsets keep them aligned, and
        // half-hour zones (India) get their own hours.
        const std::int64_t offsetMs =
            std::int64_t(zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(timeMs, QTimeZone::utc()))) * 1000;
        const std::int64_t local = timeMs + offsetMs;
        const std::int64_t start = (local - ((local % unitMs) + unitMs) % unitMs) - offsetMs;
        return end == RangeEnd::From ? start : start + unitMs - 1;
    }
    const QDate date = QDateTime::fromMSecsSinceEpoch(timeMs, zone).date();
    QDate first = date;
    QDate next;
    switch (unit) {
    case u'd':
        next = first.addDays(1);
        break;
    case u'w': // ISO weeks start on Monday
        first = date.addDays(1 - date.dayOfWeek());
        next = first.addDays(7);
        break;
    case u'M':
        first = QDate(date.year(), date.month(), 1);
        next = first.addMonths(1);
        break;
    default: // y
        first = QDate(date.year(), 1, 1);
        next = first.addYears(1);
        break;
    }
    // startOfDay: the first moment of the day even where midnight falls in a DST gap.
    return end == RangeEnd::From ? first.startOfDay(zone).toMSecsSinceEpoch()
                                 : next.startOfDay(zone).toMSecsSinceEpoch() - 1;
}

std::int64_t TimeExpression::resolve(std::int64_t nowMs, RangeEnd end, const QTimeZone &zone) const
{
    if (!m_relative)
        return m_ms;
    std::int64_t t = nowMs;
    for (const Step &step : m_steps) {
        switch (step.kind) {
        case Step::Kind::AddMs:
            t += step.amount;
            break;
        case Step::Kind::AddDays:
            t = QDateTime::fromMSecsSinceEpoch(t, zone).addDays(step.amount).toMSecsSinceEpoch();
            break;
        case Step::Kind::AddMonths:
            t = QDateTime::fromMSecsSinceEpoch(t, zone).addMonths(int(step.amount)).toMSecsSinceEpoch();
            break;
        case Step::Kind::RoundTo:
            t = roundToUnit(t, step.unit, end, zone);
            break;
        }
    }
    return t;
}

std::optional<std::int64_t> TimeExpression::fixedOffsetMs() const
{
    if (!m_relative)
        return std::nullopt;
    std::int64_t offset = 0;
    for (const Step &step : m_steps) {
        if (step.kind == Step::Kind::AddMs)
            offset += step.amount;
        else if (step.kind == Step::Kind::AddDays)
            offset += step.amount * 86'400'000;
        else
            return std::nullopt;
    }
    return offset;
}

std::optional<std::int64_t> parseRfc3339Ms(QStringView text)
{
    // Qt reads milliseconds; Prometheus writes up to nanoseconds: the digits past the third go.
    static const QRegularExpression longFraction(QStringLiteral("(\\.\\d{3})\\d+"));
    QString t = text.trimmed().toString();
    t.replace(longFraction, QStringLiteral("\\1"));
    QDateTime dt = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(t, Qt::ISODate);
    if (!dt.isValid())
        return std::nullopt;
    if (dt.timeSpec() == Qt::LocalTime && !t.endsWith(u'Z') && !t.contains(u'+'))
        dt.setTimeSpec(Qt::UTC); // a time without zone is read as UTC, like Prometheus
    return dt.toMSecsSinceEpoch();
}

TimeExpression TimeExpression::absolute(std::int64_t ms)
{
    TimeExpression t;
    t.m_relative = false;
    t.m_ms = ms;
    return t;
}

TimeExpression TimeExpression::relativeToNow(std::int64_t offsetMs)
{
    TimeExpression t;
    t.m_relative = true;
    if (offsetMs != 0)
        t.m_steps.push_back({Step::Kind::AddMs, offsetMs, 0});
    return t;
}

QString TimeExpression::toString() const
{
    if (!m_relative)
        return QDateTime::fromMSecsSinceEpoch(m_ms, Qt::UTC).toString(Qt::ISODate);
    QString out = QStringLiteral("now");
    for (const Step &step : m_steps) {
        const QLatin1Char sign(step.amount < 0 ? '-' : '+');
        switch (step.kind) {
        case Step::Kind::AddMs:
            out += sign + formatPromDuration(std::llabs(step.amount));
            break;
        case Step::Kind::AddDays:
        case Step::Kind::AddMonths: {
            const int per = step.unit == u'y' ? 12 : step.unit == u'w' ? 7 : 1;
            out += sign + QString::number(std::llabs(step.amount / per)) + QChar(step.unit);
            break;
        }
        case Step::Kind::RoundTo:
            out += QLatin1Char('/') + QChar(step.unit);
            break;
        }
    }
    return out;
}

QString TimeSpec::toString() const
{
    const auto fromOffset = from.fixedOffsetMs();
    if (fromOffset && to.fixedOffsetMs() == 0)
        return QStringLiteral("Last %1").arg(formatPromDuration(-*fromOffset));
    for (const QuickRange &quick : quickRanges()) {
        if (quick.spec == *this)
            return quick.label;
    }
    return from.toString() + QStringLiteral(" to ") + to.toString();
}

QString TimeSpec::displayText(const QTimeZone &zone) const
{
    if (from.isRelative() && to.isRelative())
        return toString();
    const auto end = [&zone](const TimeExpression &e) {
        return e.isRelative() ? e.toString()
                              : QDateTime::fromMSecsSinceEpoch(e.resolve(0), zone)
                                    .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    };
    return end(from) + QStringLiteral(" to ") + end(to);
}

const std::vector<QuickRange> &quickRanges()
{
    static const std::vector<QuickRange> ranges = [] {
        // Grafana's list (public/app/features/dashboard/...: the time picker's quick ranges).
        const std::pair<const char *, const char *> table[] = {
            {"Last 5 minutes", "now-5m"},
            {"Last 15 minutes", "now-15m"},
            {"Last 1 hour", "now-1h"},
            {"Last 6 hours", "now-6h"},
            {"Last 24 hours", "now-24h"},
            {"Last 7 days", "now-7d"},
            {"Today", "now/d|now/d"},
            {"Today so far", "now/d|now"},
            {"Yesterday", "now-1d/d|now-1d/d"},
            {"Day before yesterday", "now-2d/d|now-2d/d"},
            {"This day last week", "now-7d/d|now-7d/d"},
            {"This week", "now/w|now/w"},
            {"This week so far", "now/w|now"},
            {"Previous week", "now-1w/w|now-1w/w"},
            {"This month", "now/M|now/M"},
            {"This month so far", "now/M|now"},
            {"Previous month", "now-1M/M|now-1M/M"},
            {"This year", "now/y|now/y"},
            {"This year so far", "now/y|now"},
            {"Previous year", "now-1y/y|now-1y/y"},
        };
        std::vector<QuickRange> out;
        for (const auto &[label, ends] : table) {
            const QStringList parts = QString::fromLatin1(ends).split(QLatin1Char('|'));
            out.push_back({QString::fromLatin1(label),
                           {*TimeExpression::parse(parts[0]),
                            *TimeExpression::parse(parts.value(1, QStringLiteral("now")))}});
        }
        return out;
    }();
    return ranges;
}

std::int64_t currentTimeMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace promdeck
