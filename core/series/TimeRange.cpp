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

Result<TimeExpression> TimeExpression::parse(QStringView text)
{
    text = text.trimmed();
    auto failWith = [](const QString &message) -> Result<TimeExpression> {
        return Error::plain(Error::Kind::Syntax, message);
    };
    if (text.isEmpty())
        return failWith(QStringLiteral("empty time"));
    if (text.startsWith(u"now")) {
        QStringView rest = text.mid(3).trimmed();
        if (rest.isEmpty())
            return relativeToNow(0);
        const bool minus = rest.startsWith(u'-');
        if (!minus && !rest.startsWith(u'+'))
            return failWith(QStringLiteral("cannot read \"%1\": expected now, now-6h or now+5m").arg(text));
        const auto d = parseDurationMs(rest.mid(1));
        if (!d)
            return failWith(
                QStringLiteral("cannot read the duration in \"%1\" (examples: 5m, 6h, 7d)").arg(text));
        return relativeToNow(minus ? -*d : *d);
    }
    bool isNumber = false;
    const double seconds = text.toDouble(&isNumber);
    if (isNumber && std::isfinite(seconds))
        return absolute(std::llround(seconds * 1000.0));
    if (const auto ms = parseRfc3339Ms(text))
        return absolute(*ms);
    return failWith(QStringLiteral("cannot read the time \"%1\": use RFC 3339 (2026-01-01T00:00:00Z), "
                                   "unix seconds, or now-6h")
                        .arg(text));
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
    t.m_ms = offsetMs;
    return t;
}

QString TimeExpression::toString() const
{
    if (!m_relative)
        return QDateTime::fromMSecsSinceEpoch(m_ms, Qt::UTC).toString(Qt::ISODate);
    if (m_ms == 0)
        return QStringLiteral("now");
    return QStringLiteral("now") + (m_ms < 0 ? QLatin1Char('-') : QLatin1Char('+')) +
           formatPromDuration(std::llabs(m_ms));
}

QString TimeSpec::toString() const
{
    if (to.isRelative() && to.resolve(0) == 0 && from.isRelative())
        return QStringLiteral("Last %1").arg(formatPromDuration(-from.resolve(0)));
    return from.toString() + QStringLiteral(" to ") + to.toString();
}

std::int64_t currentTimeMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace promdeck
