#include "series/ValueFormat.h"

#include <cmath>

namespace promdeck {

namespace {
const char *const SiSuffixes[] = {"", " K", " M", " G", " T", " P", " E"};
const char *const ShortSuffixes[] = {"", " K", " Mil", " Bil", " Tri", " Quadr", " Quint"};
const char *const IecBytes[] = {" B", " KiB", " MiB", " GiB", " TiB", " PiB", " EiB"};
const char *const SiBytes[] = {" B", " kB", " MB", " GB", " TB", " PB", " EB"};
const char *const IecBytesPerSec[] = {" B/s", " KiB/s", " MiB/s", " GiB/s", " TiB/s", " PiB/s", " EiB/s"};
const char *const SiBytesPerSec[] = {" B/s", " kB/s", " MB/s", " GB/s", " TB/s", " PB/s", " EB/s"};
const char *const SiBits[] = {" b", " kb", " Mb", " Gb", " Tb", " Pb", " Eb"};
const char *const SiBitsPerSec[] = {" bps", " kbps", " Mbps", " Gbps", " Tbps", " Pbps", " Ebps"};
constexpr int SuffixCount = 7;

struct RateUnit
{
    const char *id;
    const char *suffix;
    const char *axis;
};
const RateUnit RateUnits[] = {
    {"reqps", " req/s", "req/s"},   {"rps", " req/s", "req/s"},     {"ops", " ops/s", "ops/s"},
    {"cps", " c/s", "count/s"},     {"wps", " wr/s", "wr/s"},       {"iops", " io/s", "io/s"},
    {"opm", " ops/min", "ops/min"}, {"rpm", " req/min", "req/min"}, {"mps", " msg/s", "msg/s"},
};
} // namespace

ValueFormat::ValueFormat(QString unit, std::optional<int> decimals)
    : m_unit(std::move(unit)), m_decimals(decimals)
{
}

QString ValueFormat::number(double value) const
{
    if (m_decimals)
        return QString::number(value, 'f', *m_decimals);
    const double a = std::fabs(value);
    if (a == 0)
        return QStringLiteral("0");
    // Three significant digits reads well at a glance; more only for very small values.
    int decimals = a >= 100  ? 0
                   : a >= 10 ? 1
                   : a >= 1  ? 2
                             : std::min(6, 2 - static_cast<int>(std::floor(std::log10(a))));
    QString s = QString::number(value, 'f', decimals);
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    return s;
}

QString ValueFormat::scaled(double value, const char *const *suffixes, int count, double base) const
{
    int i = 0;
    double v = value;
    while (std::fabs(v) >= base && i < count - 1) {
        v /= base;
        ++i;
    }
    return number(v) + QLatin1String(suffixes[i]);
}

QString ValueFormat::duration(double seconds) const
{
    const double a = std::fabs(seconds);
    if (a == 0)
        return QStringLiteral("0 s");
    if (a < 1e-6)
        return number(seconds * 1e9) + QStringLiteral(" ns");
    if (a < 1e-3)
        return number(seconds * 1e6) + QStringLiteral(" µs");
    if (a < 1)
        return number(seconds * 1e3) + QStringLiteral(" ms");
    if (a < 60)
        return number(seconds) + QStringLiteral(" s");
    if (a < 3600)
        return number(seconds / 60) + QStringLiteral(" min");
    if (a < 86400)
        return number(seconds / 3600) + QStringLiteral(" hour");
    if (a < 86400 * 365)
        return number(seconds / 86400) + QStringLiteral(" day");
    return number(seconds / (86400 * 365)) + QStringLiteral(" year");
}

QString ValueFormat::format(double value) const
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    const QString &u = m_unit;
    if (u.isEmpty() || u == u"short")
        return scaled(value, ShortSuffixes, SuffixCount, 1000);
    if (u == u"none")
        return number(value);
    if (u == u"percent")
        return number(value) + QStringLiteral("%");
    if (u == u"percentunit")
        return number(value * 100) + QStringLiteral("%");
    if (u == u"s")
        return duration(value);
    if (u == u"ms")
        return duration(value / 1e3);
    if (u == u"µs" || u == u"us")
        return duration(value / 1e6);
    if (u == u"ns")
        return duration(value / 1e9);
    if (u == u"dtdurations" || u == u"dtdurationms")
        return duration(u == u"dtdurationms" ? value / 1e3 : value);
    if (u == u"bytes")
        return scaled(value, IecBytes, SuffixCount, 1024);
    if (u == u"decbytes")
        return scaled(value, SiBytes, SuffixCount, 1000);
    if (u == u"bits")
        return scaled(value, SiBits, SuffixCount, 1000);
    if (u == u"Bps" || u == u"binBps")
        return scaled(value, u == u"Bps" ? SiBytesPerSec : IecBytesPerSec, SuffixCount,
                      u == u"Bps" ? 1000 : 1024);
    if (u == u"bps")
        return scaled(value, SiBitsPerSec, SuffixCount, 1000);
    if (u == u"hertz")
        return scaled(value, SiSuffixes, SuffixCount, 1000) + QStringLiteral("Hz");
    for (const RateUnit &r : RateUnits) {
        if (u == QLatin1String(r.id))
            return scaled(value, SiSuffixes, SuffixCount, 1000) + QLatin1String(r.suffix);
    }
    if (u.startsWith(u"suffix:"))
        return number(value) + u.mid(7);
    if (u.startsWith(u"prefix:"))
        return u.mid(7) + number(value);
    // Unknown units are shown as suffix: better than hiding what the dashboard author wrote.
    return number(value) + QLatin1Char(' ') + u;
}

QString ValueFormat::axisLabel() const
{
    const QString &u = m_unit;
    if (u.isEmpty() || u == u"short" || u == u"none")
        return {};
    if (u == u"s" || u == u"ms" || u == u"µs" || u == u"ns" || u == u"dtdurations")
        return QStringLiteral("duration");
    if (u == u"bytes" || u == u"decbytes")
        return QStringLiteral("bytes");
    if (u == u"Bps" || u == u"binBps")
        return QStringLiteral("bytes/s");
    if (u == u"percent" || u == u"percentunit")
        return QStringLiteral("percent");
    for (const RateUnit &r : RateUnits) {
        if (u == QLatin1String(r.id))
            return QLatin1String(r.axis);
    }
    return u;
}

} // namespace promdeck

namespace promdeck {

AxisScale chooseAxisScale(const QString &unit, double maxAbs, double span)
{
    AxisScale s;
    auto pick = [&](const char *const *suffixes, double base) {
        int i = 0;
        double f = 1;
        while (maxAbs / f >= base && i < SuffixCount - 1) {
            f *= base;
            ++i;
        }
        s.factor = f;
        s.title = QString::fromLatin1(suffixes[i]).trimmed();
    };
    if (unit == u"bytes")
        pick(IecBytes, 1024);
    else if (unit == u"decbytes")
        pick(SiBytes, 1000);
    else if (unit == u"Bps")
        pick(SiBytesPerSec, 1000);
    else if (unit == u"binBps")
        pick(IecBytesPerSec, 1024);
    else if (unit == u"bps")
        pick(SiBitsPerSec, 1000);
    else if (unit == u"percentunit") {
        s.factor = 0.01;
        s.title = QStringLiteral("%");
    } else if (unit == u"percent") {
        s.title = QStringLiteral("%");
    } else if (unit == u"s" || unit == u"ms") {
        const double seconds = unit == u"ms" ? maxAbs / 1000 : maxAbs;
        const double toSeconds = unit == u"ms" ? 1e-3 : 1;
        if (seconds < 1e-3) {
            s.factor = 1e-6 / toSeconds;
            s.title = QStringLiteral("µs");
        } else if (seconds < 1) {
            s.factor = 1e-3 / toSeconds;
            s.title = QStringLiteral("ms");
        } else if (seconds < 120) {
            s.factor = 1 / toSeconds;
            s.title = QStringLiteral("s");
        } else if (seconds < 7200) {
            s.factor = 60 / toSeconds;
            s.title = QStringLiteral("min");
        } else {
            s.factor = 3600 / toSeconds;
            s.title = QStringLiteral("hours");
        }
    } else {
        const ValueFormat format(unit);
        s.title = format.axisLabel();
        if (unit.isEmpty() || unit == u"short" || unit == u"none" || !s.title.isEmpty()) {
            const bool rate = !s.title.isEmpty();
            const char *const *suffixes = SiSuffixes;
            int i = 0;
            double f = 1;
            while (maxAbs / f >= 10000 && i < SuffixCount - 1) {
                f *= 1000;
                ++i;
            }
            s.factor = f;
            const QString prefix = QString::fromLatin1(suffixes[i]).trimmed();
            s.title = rate ? (prefix.isEmpty() ? s.title : prefix + QLatin1Char(' ') + s.title) : prefix;
        }
    }
    // Enough decimals to tell ticks apart.
    const double scaledSpan = span / s.factor;
    s.decimals = scaledSpan >= 50 ? 0 : scaledSpan >= 5 ? 1 : scaledSpan >= 0.5 ? 2 : 3;
    return s;
}

} // namespace promdeck
