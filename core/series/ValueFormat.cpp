#include "series/ValueFormat.h"

#include <QDateTime>
#include <QHash>
#include <QLocale>
#include <QStringList>
#include <QTimeZone>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>
#include <vector>

namespace promdeck {

// ---------------------------------------------------------------------------------------------------
// Numbers as Grafana (JavaScript) writes them.

QString jsNumberString(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    if (value == 0)
        return QStringLiteral("0");
    // The shortest round-trip digits, then JavaScript's layout rules (ECMA-262 Number::toString).
    char buffer[64];
    const auto r =
        std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value), std::chars_format::scientific);
    const std::string_view text(buffer, static_cast<size_t>(r.ptr - buffer));
    const size_t e = text.find('e');
    std::string digits;
    for (char c : text.substr(0, e))
        if (c != '.')
            digits += c;
    const int exponent = std::stoi(std::string(text.substr(e + 1)));
    const int k = static_cast<int>(digits.size());
    const int n = exponent + 1; // value = 0.digits * 10^n
    std::string out = value < 0 ? "-" : "";
    if (k <= n && n <= 21) {
        out += digits + std::string(static_cast<size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out += digits.substr(0, static_cast<size_t>(n)) + '.' + digits.substr(static_cast<size_t>(n));
    } else if (-6 < n && n <= 0) {
        out += "0." + std::string(static_cast<size_t>(-n), '0') + digits;
    } else {
        out += digits.substr(0, 1);
        if (k > 1)
            out += '.' + digits.substr(1);
        out += n - 1 >= 0 ? "e+" : "e-";
        out += std::to_string(std::abs(n - 1));
    }
    return QString::fromLatin1(out);
}

namespace {

// JavaScript's Math.round: halves go up (towards +infinity), exactly.
double jsRound(double x)
{
    const double f = std::floor(x);
    return x - f >= 0.5 ? f + 1 : f;
}

// Grafana's getDecimalsForValue: two significant digits, a third for mantissas over 2.25; none for
// whole numbers.
int decimalsForValue(double value)
{
    const double a = std::fabs(value);
    const double log10 = std::floor(std::log(a) / std::numbers::ln10);
    double dec = -log10 + 1;
    const double magnitude = std::pow(10.0, -dec);
    const double norm = a / magnitude;
    if (norm > 2.25)
        ++dec;
    if (std::fmod(value, 1.0) == 0)
        dec = 0;
    return static_cast<int>(std::max(0.0, dec));
}

QString infinityText(double value)
{
    return value > 0 ? QStringLiteral("∞") : QStringLiteral("-∞");
}

} // namespace

QString formatFixed(double value, std::optional<int> decimals)
{
    if (std::isinf(value))
        return infinityText(value);
    if (std::isnan(value))
        return QStringLiteral("NaN");
    const int d = decimals ? *decimals : decimalsForValue(value);
    if (value == 0)
        return QString::number(0.0, 'f', std::clamp(d, 0, 20));
    const double factor = d ? std::pow(10.0, std::max(0, d)) : 1;
    QString formatted = jsNumberString(jsRound(value * factor) / factor);
    if (formatted.contains(QLatin1Char('e')))
        return formatted;
    const qsizetype point = formatted.indexOf(QLatin1Char('.'));
    const int precision = point < 0 ? 0 : static_cast<int>(formatted.size() - point - 1);
    if (precision < d) {
        if (precision == 0)
            formatted += QLatin1Char('.');
        formatted += QString(d - precision, QLatin1Char('0'));
    }
    return formatted;
}

// ---------------------------------------------------------------------------------------------------
// Times: moment.js' fromNow and its format tokens.

QString formatTimeAgo(std::int64_t timeMs, std::int64_t nowMs)
{
    // moment's relativeTime with its default thresholds (ss 44, s 45, m 45, h 22, d 26, M 11).
    const double deltaMs = static_cast<double>(timeMs - nowMs);
    const double ms = std::fabs(deltaMs);
    const double seconds = jsRound(ms / 1000);
    const double minutes = jsRound(ms / 60'000);
    const double hours = jsRound(ms / 3'600'000);
    const double daysExact = ms / 86'400'000;
    const double days = jsRound(daysExact);
    const double monthsExact = daysExact * 4800 / 146097; // moment's daysToMonths
    const double months = jsRound(monthsExact);
    const double years = jsRound(monthsExact / 12);
    auto count = [](double n, const char *unit) {
        return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(unit));
    };
    QString text;
    if (seconds <= 44)
        text = QStringLiteral("a few seconds");
    else if (minutes <= 1)
        text = QStringLiteral("a minute");
    else if (minutes < 45)
        text = count(minutes, "minutes");
    else if (hours <= 1)
        text = QStringLiteral("an hour");
    else if (hours < 22)
        text = count(hours, "hours");
    else if (days <= 1)
        text = QStringLiteral("a day");
    else if (days < 26)
        text = count(days, "days");
    else if (months <= 1)
        text = QStringLiteral("a month");
    else if (months < 11)
        text = count(months, "months");
    else if (years <= 1)
        text = QStringLiteral("a year");
    else
        text = count(years, "years");
    return deltaMs > 0 ? QStringLiteral("in ") + text : text + QStringLiteral(" ago");
}

QString formatMomentPattern(std::int64_t timeMs, QStringView pattern, bool utc)
{
    const QDateTime t = utc ? QDateTime::fromMSecsSinceEpoch(timeMs, QTimeZone::utc())
                            : QDateTime::fromMSecsSinceEpoch(timeMs);
    const QDate date = t.date();
    const QTime time = t.time();
    const QLocale c = QLocale::c();
    // Longest tokens first, as moment matches them.
    static const QStringList tokens = {
        QStringLiteral("YYYY"), QStringLiteral("MMMM"), QStringLiteral("dddd"), QStringLiteral("SSS"),
        QStringLiteral("MMM"),  QStringLiteral("ddd"),  QStringLiteral("YY"),   QStringLiteral("MM"),
        QStringLiteral("DD"),   QStringLiteral("Do"),   QStringLiteral("HH"),   QStringLiteral("hh"),
        QStringLiteral("mm"),   QStringLiteral("ss"),   QStringLiteral("ZZ"),   QStringLiteral("M"),
        QStringLiteral("D"),    QStringLiteral("H"),    QStringLiteral("h"),    QStringLiteral("m"),
        QStringLiteral("s"),    QStringLiteral("a"),    QStringLiteral("A"),    QStringLiteral("Z"),
        QStringLiteral("X"),    QStringLiteral("x"),
    };
    auto two = [](int v) { return QStringLiteral("%1").arg(v, 2, 10, QLatin1Char('0')); };
    auto offset = [&](bool colon) -> QString {
        const int seconds = t.offsetFromUtc();
        const int m = std::abs(seconds) / 60;
        return QString(seconds < 0 ? QLatin1Char('-') : QLatin1Char('+')) + two(m / 60) +
               (colon ? QStringLiteral(":") : QString()) + two(m % 60);
    };
    auto ordinal = [](int d) -> QString {
        const int mod100 = d % 100;
        const char *suffix = (mod100 >= 11 && mod100 <= 13) ? "th"
                             : d % 10 == 1                  ? "st"
                             : d % 10 == 2                  ? "nd"
                             : d % 10 == 3                  ? "rd"
                                                            : "th";
        return QString::number(d) + QLatin1String(suffix);
    };
    QString out;
    qsizetype i = 0;
    while (i < pattern.size()) {
        if (pattern[i] == u'[') { // [literal text]
            const qsizetype close = pattern.indexOf(u']', i + 1);
            if (close > i) {
                out += pattern.mid(i + 1, close - i - 1);
                i = close + 1;
                continue;
            }
        }
        if (pattern[i] == u'\\' && i + 1 < pattern.size()) {
            out += pattern[i + 1];
            i += 2;
            continue;
        }
        QString token;
        for (const QString &candidate : tokens) {
            if (pattern.mid(i).startsWith(candidate)) {
                token = candidate;
                break;
            }
        }
        if (token.isEmpty()) {
            out += pattern[i++];
            continue;
        }
        i += token.size();
        const int hour12 = time.hour() % 12 == 0 ? 12 : time.hour() % 12;
        if (token == u"YYYY")
            out += QString::number(date.year());
        else if (token == u"YY")
            out += two(date.year() % 100);
        else if (token == u"MMMM")
            out += c.monthName(date.month(), QLocale::LongFormat);
        else if (token == u"MMM")
            out += c.monthName(date.month(), QLocale::ShortFormat);
        else if (token == u"MM")
            out += two(date.month());
        else if (token == u"M")
            out += QString::number(date.month());
        else if (token == u"DD")
            out += two(date.day());
        else if (token == u"Do")
            out += ordinal(date.day());
        else if (token == u"D")
            out += QString::number(date.day());
        else if (token == u"dddd")
            out += c.dayName(date.dayOfWeek(), QLocale::LongFormat);
        else if (token == u"ddd")
            out += c.dayName(date.dayOfWeek(), QLocale::ShortFormat);
        else if (token == u"HH")
            out += two(time.hour());
        else if (token == u"H")
            out += QString::number(time.hour());
        else if (token == u"hh")
            out += two(hour12);
        else if (token == u"h")
            out += QString::number(hour12);
        else if (token == u"mm")
            out += two(time.minute());
        else if (token == u"m")
            out += QString::number(time.minute());
        else if (token == u"ss")
            out += two(time.second());
        else if (token == u"s")
            out += QString::number(time.second());
        else if (token == u"SSS")
            out += QStringLiteral("%1").arg(time.msec(), 3, 10, QLatin1Char('0'));
        else if (token == u"a")
            out += time.hour() < 12 ? QStringLiteral("am") : QStringLiteral("pm");
        else if (token == u"A")
            out += time.hour() < 12 ? QStringLiteral("AM") : QStringLiteral("PM");
        else if (token == u"ZZ")
            out += offset(false);
        else if (token == u"Z")
            out += offset(true);
        else if (token == u"X")
            out += QString::number(timeMs / 1000);
        else if (token == u"x")
            out += QString::number(timeMs);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------
// The unit table: Grafana's categories, one entry per unit id.

namespace {

enum class Kind
{
    Fixed,       // value + " " + symbol (no symbol: the bare number)
    Prefix,      // symbol + value
    Short,       // K, Mil, Bil, ...
    Percent,     // value + "%"
    PercentUnit, // value * 100 + "%"
    Hex,
    Hex0x,
    Scientific,
    Locale,
    String,
    Si,            // SI prefixes on `symbol`, starting `offset` prefixes up (kbytes: k)
    Binary,        // IEC prefixes (Ki, Mi, ...)
    Count,         // K, M, B, T and then symbol ("1.2K req/s")
    Currency,      // symbol in front ("$1.53K")
    CurrencyAfter, // symbol behind ("1.53Kkr")
    Psi,
    Nanoseconds,
    Microseconds,
    Milliseconds,
    Seconds,
    Minutes,
    Hours,
    Days,
    DurationMs,
    DurationS,
    DurationHms,
    DurationDhms,
    Timeticks,
    ClockMs,
    ClockS,
    DateTime,      // `symbol` is the pattern, `today` the pattern for times of today
    DateTimeLocal, // the system's locale format
    FromNow,
    Boolean, // `symbol` when true, `today` when false
};

struct Unit
{
    Kind kind = Kind::Fixed;
    QString symbol;
    int offset = 0;
    QString today;
};

using UnitTable = QHash<QString, Unit>;

void add(UnitTable &t, const char16_t *id, Kind kind, const char16_t *symbol = u"", int offset = 0,
         const char16_t *today = u"")
{
    t.insert(QString::fromUtf16(id),
             Unit{kind, QString::fromUtf16(symbol), offset, QString::fromUtf16(today)});
}

UnitTable buildUnits()
{
    UnitTable t;
    using K = Kind;
    // Misc
    add(t, u"none", K::Fixed);
    add(t, u"string", K::String);
    add(t, u"short", K::Short);
    add(t, u"percent", K::Percent);
    add(t, u"percentunit", K::PercentUnit);
    add(t, u"humidity", K::Fixed, u"%H");
    add(t, u"dB", K::Fixed, u"dB");
    add(t, u"hex0x", K::Hex0x);
    add(t, u"hex", K::Hex);
    add(t, u"sci", K::Scientific);
    add(t, u"locale", K::Locale);
    add(t, u"pixel", K::Fixed, u"px");
    // Acceleration, angle, area
    add(t, u"accMS2", K::Fixed, u"m/sec²");
    add(t, u"accFS2", K::Fixed, u"f/sec²");
    add(t, u"accG", K::Fixed, u"g");
    add(t, u"degree", K::Fixed, u"°");
    add(t, u"radian", K::Fixed, u"rad");
    add(t, u"grad", K::Fixed, u"grad");
    add(t, u"arcmin", K::Fixed, u"arcmin");
    add(t, u"arcsec", K::Fixed, u"arcsec");
    add(t, u"areaM2", K::Fixed, u"m²");
    add(t, u"areaF2", K::Fixed, u"ft²");
    add(t, u"areaMI2", K::Fixed, u"mi²");
    // Computation
    add(t, u"flops", K::Si, u"FLOPS");
    add(t, u"mflops", K::Si, u"FLOPS", 2);
    add(t, u"gflops", K::Si, u"FLOPS", 3);
    add(t, u"tflops", K::Si, u"FLOPS", 4);
    add(t, u"pflops", K::Si, u"FLOPS", 5);
    add(t, u"eflops", K::Si, u"FLOPS", 6);
    add(t, u"zflops", K::Si, u"FLOPS", 7);
    add(t, u"yflops", K::Si, u"FLOPS", 8);
    // Concentration
    add(t, u"ppm", K::Fixed, u"ppm");
    add(t, u"conppb", K::Fixed, u"ppb");
    add(t, u"conngm3", K::Fixed, u"ng/m³");
    add(t, u"conngNm3", K::Fixed, u"ng/Nm³");
    add(t, u"conμgm3", K::Fixed, u"μg/m³");
    add(t, u"conμgNm3", K::Fixed, u"μg/Nm³");
    add(t, u"conmgm3", K::Fixed, u"mg/m³");
    add(t, u"conmgNm3", K::Fixed, u"mg/Nm³");
    add(t, u"congm3", K::Fixed, u"g/m³");
    add(t, u"congNm3", K::Fixed, u"g/Nm³");
    add(t, u"conmgdL", K::Fixed, u"mg/dL");
    add(t, u"conmmolL", K::Fixed, u"mmol/L");
    // Currency
    add(t, u"currencyUSD", K::Currency, u"$");
    add(t, u"currencyGBP", K::Currency, u"£");
    add(t, u"currencyEUR", K::Currency, u"€");
    add(t, u"currencyJPY", K::Currency, u"¥");
    add(t, u"currencyRUB", K::Currency, u"₽");
    add(t, u"currencyUAH", K::Currency, u"₴");
    add(t, u"currencyBRL", K::Currency, u"R$");
    add(t, u"currencyDKK", K::CurrencyAfter, u"kr");
    add(t, u"currencyISK", K::CurrencyAfter, u"kr");
    add(t, u"currencyNOK", K::CurrencyAfter, u"kr");
    add(t, u"currencySEK", K::CurrencyAfter, u"kr");
    add(t, u"currencyCZK", K::Currency, u"czk");
    add(t, u"currencyCHF", K::Currency, u"CHF");
    add(t, u"currencyPLN", K::Currency, u"PLN");
    add(t, u"currencyBTC", K::Currency, u"฿");
    add(t, u"currencymBTC", K::Currency, u"mBTC");
    add(t, u"currencyμBTC", K::Currency, u"μBTC");
    add(t, u"currencyZAR", K::Currency, u"R");
    add(t, u"currencyINR", K::Currency, u"₹");
    add(t, u"currencyKRW", K::Currency, u"₩");
    add(t, u"currencyIDR", K::Currency, u"Rp");
    add(t, u"currencyPHP", K::Currency, u"PHP");
    add(t, u"currencyVND", K::CurrencyAfter, u"đ");
    add(t, u"currencyTRY", K::CurrencyAfter, u"₺");
    // Data
    add(t, u"bytes", K::Binary, u"B");
    add(t, u"decbytes", K::Si, u"B");
    add(t, u"bits", K::Binary, u"b");
    add(t, u"decbits", K::Si, u"b");
    add(t, u"kbytes", K::Binary, u"B", 1);
    add(t, u"deckbytes", K::Si, u"B", 1);
    add(t, u"mbytes", K::Binary, u"B", 2);
    add(t, u"decmbytes", K::Si, u"B", 2);
    add(t, u"gbytes", K::Binary, u"B", 3);
    add(t, u"decgbytes", K::Si, u"B", 3);
    add(t, u"tbytes", K::Binary, u"B", 4);
    add(t, u"dectbytes", K::Si, u"B", 4);
    add(t, u"pbytes", K::Binary, u"B", 5);
    add(t, u"decpbytes", K::Si, u"B", 5);
    // Data rate
    add(t, u"pps", K::Si, u"p/s");
    add(t, u"binBps", K::Binary, u"B/s");
    add(t, u"Bps", K::Si, u"B/s");
    add(t, u"binbps", K::Binary, u"b/s");
    add(t, u"bps", K::Si, u"b/s");
    add(t, u"KiBs", K::Binary, u"B/s", 1);
    add(t, u"Kibits", K::Binary, u"b/s", 1);
    add(t, u"KBs", K::Si, u"B/s", 1);
    add(t, u"Kbits", K::Si, u"b/s", 1);
    add(t, u"MiBs", K::Binary, u"B/s", 2);
    add(t, u"Mibits", K::Binary, u"b/s", 2);
    add(t, u"MBs", K::Si, u"B/s", 2);
    add(t, u"Mbits", K::Si, u"b/s", 2);
    add(t, u"GiBs", K::Binary, u"B/s", 3);
    add(t, u"Gibits", K::Binary, u"b/s", 3);
    add(t, u"GBs", K::Si, u"B/s", 3);
    add(t, u"Gbits", K::Si, u"b/s", 3);
    add(t, u"TiBs", K::Binary, u"B/s", 4);
    add(t, u"Tibits", K::Binary, u"b/s", 4);
    add(t, u"TBs", K::Si, u"B/s", 4);
    add(t, u"Tbits", K::Si, u"b/s", 4);
    add(t, u"PiBs", K::Binary, u"B/s", 5);
    add(t, u"Pibits", K::Binary, u"b/s", 5);
    add(t, u"PBs", K::Si, u"B/s", 5);
    add(t, u"Pbits", K::Si, u"b/s", 5);
    // Date & time
    add(t, u"dateTimeAsIso", K::DateTime, u"YYYY-MM-DD HH:mm:ss");
    add(t, u"dateTimeAsIsoNoDateIfToday", K::DateTime, u"YYYY-MM-DD HH:mm:ss", 0, u"HH:mm:ss");
    add(t, u"dateTimeAsUS", K::DateTime, u"MM/DD/YYYY h:mm:ss a");
    add(t, u"dateTimeAsUSNoDateIfToday", K::DateTime, u"MM/DD/YYYY h:mm:ss a", 0, u"h:mm:ss a");
    add(t, u"dateTimeAsLocal", K::DateTimeLocal);
    add(t, u"dateTimeAsLocalNoDateIfToday", K::DateTimeLocal, u"", 0, u"today");
    add(t, u"dateTimeAsSystem", K::DateTime, u"YYYY-MM-DD HH:mm:ss");
    add(t, u"dateTimeFromNow", K::FromNow);
    // Energy
    add(t, u"watt", K::Si, u"W");
    add(t, u"kwatt", K::Si, u"W", 1);
    add(t, u"megwatt", K::Si, u"W", 2);
    add(t, u"gwatt", K::Si, u"W", 3);
    add(t, u"mwatt", K::Si, u"W", -1);
    add(t, u"Wm2", K::Fixed, u"W/m²");
    add(t, u"voltamp", K::Si, u"VA");
    add(t, u"kvoltamp", K::Si, u"VA", 1);
    add(t, u"voltampreact", K::Si, u"VAr");
    add(t, u"kvoltampreact", K::Si, u"VAr", 1);
    add(t, u"watth", K::Si, u"Wh");
    add(t, u"watthperkg", K::Si, u"Wh/kg");
    add(t, u"kwatth", K::Si, u"Wh", 1);
    add(t, u"kwattm", K::Si, u"W-Min", 1);
    add(t, u"amph", K::Si, u"Ah");
    add(t, u"kamph", K::Si, u"Ah", 1);
    add(t, u"mamph", K::Si, u"Ah", -1);
    add(t, u"joule", K::Si, u"J");
    add(t, u"ev", K::Si, u"eV");
    add(t, u"amp", K::Si, u"A");
    add(t, u"kamp", K::Si, u"A", 1);
    add(t, u"mamp", K::Si, u"A", -1);
    add(t, u"volt", K::Si, u"V");
    add(t, u"kvolt", K::Si, u"V", 1);
    add(t, u"mvolt", K::Si, u"V", -1);
    add(t, u"dBm", K::Si, u"dBm");
    add(t, u"ohm", K::Si, u"Ω");
    add(t, u"kohm", K::Si, u"Ω", 1);
    add(t, u"Mohm", K::Si, u"Ω", 2);
    add(t, u"farad", K::Si, u"F");
    add(t, u"µfarad", K::Si, u"F", -2);
    add(t, u"nfarad", K::Si, u"F", -3);
    add(t, u"pfarad", K::Si, u"F", -4);
    add(t, u"ffarad", K::Si, u"F", -5);
    add(t, u"henry", K::Si, u"H");
    add(t, u"mhenry", K::Si, u"H", -1);
    add(t, u"µhenry", K::Si, u"H", -2);
    add(t, u"lumens", K::Si, u"Lm");
    // Flow, force, hash rate
    add(t, u"flowgpm", K::Fixed, u"gpm");
    add(t, u"flowcms", K::Fixed, u"cms");
    add(t, u"flowcfs", K::Fixed, u"cfs");
    add(t, u"flowcfm", K::Fixed, u"cfm");
    add(t, u"litreh", K::Fixed, u"L/h");
    add(t, u"flowlpm", K::Fixed, u"L/min");
    add(t, u"flowmlpm", K::Fixed, u"mL/min");
    add(t, u"lux", K::Fixed, u"lux");
    add(t, u"forceNm", K::Si, u"Nm");
    add(t, u"forcekNm", K::Si, u"Nm", 1);
    add(t, u"forceN", K::Si, u"N");
    add(t, u"forcekN", K::Si, u"N", 1);
    add(t, u"Hs", K::Si, u"H/s");
    add(t, u"KHs", K::Si, u"H/s", 1);
    add(t, u"MHs", K::Si, u"H/s", 2);
    add(t, u"GHs", K::Si, u"H/s", 3);
    add(t, u"THs", K::Si, u"H/s", 4);
    add(t, u"PHs", K::Si, u"H/s", 5);
    add(t, u"EHs", K::Si, u"H/s", 6);
    // Mass, length, pressure
    add(t, u"massmg", K::Si, u"g", -1);
    add(t, u"massg", K::Si, u"g");
    add(t, u"masslb", K::Fixed, u"lb");
    add(t, u"masskg", K::Si, u"g", 1);
    add(t, u"masst", K::Fixed, u"t");
    add(t, u"lengthmm", K::Si, u"m", -1);
    add(t, u"lengthin", K::Fixed, u"in");
    add(t, u"lengthft", K::Fixed, u"ft");
    add(t, u"lengthm", K::Si, u"m");
    add(t, u"lengthkm", K::Si, u"m", 1);
    add(t, u"lengthmi", K::Fixed, u"mi");
    add(t, u"pressurembar", K::Si, u"bar", -1);
    add(t, u"pressurebar", K::Si, u"bar");
    add(t, u"pressurekbar", K::Si, u"bar", 1);
    add(t, u"pressurepa", K::Si, u"Pa");
    add(t, u"pressurehpa", K::Fixed, u"hPa");
    add(t, u"pressurekpa", K::Fixed, u"kPa");
    add(t, u"pressurehg", K::Fixed, u"\"Hg");
    add(t, u"pressurepsi", K::Psi);
    // Radiation
    add(t, u"radbq", K::Si, u"Bq");
    add(t, u"radci", K::Si, u"Ci");
    add(t, u"radgy", K::Si, u"Gy");
    add(t, u"radrad", K::Si, u"rad");
    add(t, u"radsv", K::Si, u"Sv");
    add(t, u"radmsv", K::Si, u"Sv", -1);
    add(t, u"radusv", K::Si, u"Sv", -2);
    add(t, u"radrem", K::Si, u"rem");
    add(t, u"radexpckg", K::Si, u"C/kg");
    add(t, u"radr", K::Si, u"R");
    add(t, u"radsvh", K::Si, u"Sv/h");
    add(t, u"radmsvh", K::Si, u"Sv/h", -1);
    add(t, u"radusvh", K::Si, u"Sv/h", -2);
    // Rotational speed, temperature
    add(t, u"rotrpm", K::Fixed, u"rpm");
    add(t, u"rothz", K::Si, u"Hz");
    add(t, u"rotrads", K::Fixed, u"rad/s");
    add(t, u"rotdegs", K::Fixed, u"°/s");
    add(t, u"celsius", K::Fixed, u"°C");
    add(t, u"fahrenheit", K::Fixed, u"°F");
    add(t, u"farenheit", K::Fixed, u"°F"); // the old id, still in dashboards
    add(t, u"kelvin", K::Fixed, u"K");
    // Time
    add(t, u"hertz", K::Si, u"Hz");
    add(t, u"ns", K::Nanoseconds);
    add(t, u"µs", K::Microseconds);
    add(t, u"us", K::Microseconds); // written with an ASCII u by some generators
    add(t, u"ms", K::Milliseconds);
    add(t, u"s", K::Seconds);
    add(t, u"m", K::Minutes);
    add(t, u"h", K::Hours);
    add(t, u"d", K::Days);
    add(t, u"dtdurationms", K::DurationMs);
    add(t, u"dtdurations", K::DurationS);
    add(t, u"dthms", K::DurationHms);
    add(t, u"dtdhms", K::DurationDhms);
    add(t, u"timeticks", K::Timeticks);
    add(t, u"clockms", K::ClockMs);
    add(t, u"clocks", K::ClockS);
    // Throughput
    add(t, u"cps", K::Count, u"c/s");
    add(t, u"ops", K::Count, u"ops/s");
    add(t, u"reqps", K::Count, u"req/s");
    add(t, u"rps", K::Count, u"rd/s");
    add(t, u"wps", K::Count, u"wr/s");
    add(t, u"iops", K::Count, u"io/s");
    add(t, u"eps", K::Count, u"evt/s");
    add(t, u"mps", K::Count, u"msg/s");
    add(t, u"recps", K::Count, u"rec/s");
    add(t, u"rowsps", K::Count, u"rows/s");
    add(t, u"cpm", K::Count, u"c/m");
    add(t, u"opm", K::Count, u"ops/m");
    add(t, u"reqpm", K::Count, u"req/m");
    add(t, u"rpm", K::Count, u"rd/m");
    add(t, u"wpm", K::Count, u"wr/m");
    add(t, u"epm", K::Count, u"evts/m");
    add(t, u"mpm", K::Count, u"msgs/m");
    add(t, u"recpm", K::Count, u"rec/m");
    add(t, u"rowspm", K::Count, u"rows/m");
    // Velocity, volume
    add(t, u"velocityms", K::Fixed, u"m/s");
    add(t, u"velocitykmh", K::Fixed, u"km/h");
    add(t, u"velocitymph", K::Fixed, u"mph");
    add(t, u"velocityknot", K::Fixed, u"kn");
    add(t, u"mlitre", K::Si, u"L", -1);
    add(t, u"litre", K::Si, u"L");
    add(t, u"m3", K::Fixed, u"m³");
    add(t, u"Nm3", K::Fixed, u"Nm³");
    add(t, u"dm3", K::Fixed, u"dm³");
    add(t, u"gallons", K::Fixed, u"gal");
    // Boolean
    add(t, u"bool", K::Boolean, u"True", 0, u"False");
    add(t, u"bool_yes_no", K::Boolean, u"Yes", 0, u"No");
    add(t, u"bool_on_off", K::Boolean, u"On", 0, u"Off");
    return t;
}

const UnitTable &units()
{
    static const UnitTable table = buildUnits();
    return table;
}

const Unit *findUnit(const QString &id)
{
    const UnitTable &table = units();
    const auto it = table.constFind(id);
    return it == table.cend() ? nullptr : &it.value();
}

// Grafana's scaledUnits: the prefix from the value's magnitude in steps of `factor`, starting at
// `offset` (so `kbytes` begins at KiB), clamped to the ends of the list.
FormattedValue scaled(double value, std::optional<int> decimals, double factor, const QStringList &suffixes,
                      int offset = 0)
{
    if (!std::isfinite(value))
        return {{}, std::isnan(value) ? QStringLiteral("NaN") : infinityText(value), {}};
    const int last = static_cast<int>(suffixes.size()) - 1;
    const int index =
        value == 0 ? 0 : static_cast<int>(std::floor(std::log10(std::fabs(value)) / std::log10(factor)));
    const QString suffix = suffixes[std::clamp(offset + index, 0, last)];
    const double divisor = std::pow(factor, std::clamp(index, -offset, last - offset));
    return {{}, formatFixed(value / divisor, decimals), suffix};
}

QStringList withSymbol(std::initializer_list<const char16_t *> prefixes, const QString &symbol)
{
    QStringList out;
    for (const char16_t *p : prefixes)
        out << QStringLiteral(" ") + QString::fromUtf16(p) + symbol;
    return out;
}

constexpr int SiBase = 5; // index of the empty prefix below

FormattedValue siPrefixed(double value, std::optional<int> decimals, const QString &symbol, int offset)
{
    static const std::initializer_list<const char16_t *> prefixes = {
        u"f", u"p", u"n", u"µ", u"m", u"", u"k", u"M", u"G", u"T", u"P", u"E", u"Z", u"Y"};
    return scaled(value, decimals, 1000, withSymbol(prefixes, symbol), SiBase + offset);
}

FormattedValue binaryPrefixed(double value, std::optional<int> decimals, const QString &symbol, int offset)
{
    static const std::initializer_list<const char16_t *> prefixes = {u"",   u"Ki", u"Mi", u"Gi", u"Ti",
                                                                     u"Pi", u"Ei", u"Zi", u"Yi"};
    return scaled(value, decimals, 1024, withSymbol(prefixes, symbol), offset);
}

FormattedValue counted(double value, std::optional<int> decimals, const QString &symbol)
{
    static const QStringList suffixes = {QString(), QStringLiteral("K"), QStringLiteral("M"),
                                         QStringLiteral("B"), QStringLiteral("T")};
    FormattedValue v = scaled(value, decimals, 1000, suffixes);
    v.suffix += QLatin1Char(' ') + symbol;
    return v;
}

FormattedValue currency(double value, std::optional<int> decimals, const QString &symbol, bool after)
{
    static const QStringList suffixes = {QString(), QStringLiteral("K"), QStringLiteral("M"),
                                         QStringLiteral("B"), QStringLiteral("T")};
    const bool negative = value < 0;
    FormattedValue v = scaled(std::fabs(value), decimals, 1000, suffixes);
    if (after)
        v.suffix += symbol;
    else
        v.prefix = symbol;
    if (negative)
        v.prefix = QLatin1Char('-') + v.prefix;
    return v;
}

FormattedValue fixed(double value, std::optional<int> decimals, const QString &suffix)
{
    return {{}, formatFixed(value, decimals), suffix};
}

// Grafana's toFixedScaled: a time in a larger unit; " min", " hour", ... take an s beyond one.
FormattedValue fixedScaled(double value, std::optional<int> decimals, const char *unit)
{
    QString suffix = QLatin1String(unit);
    const bool pluralizable = suffix == u" min" || suffix == u" hour" || suffix == u" day" ||
                              suffix == u" week" || suffix == u" year";
    if (pluralizable && std::fabs(value) > 1)
        suffix += QLatin1Char('s');
    return {{}, formatFixed(value, decimals), suffix};
}

FormattedValue nanoseconds(double v, std::optional<int> d)
{
    const double a = std::fabs(v);
    if (a < 1e3)
        return fixed(v, d, QStringLiteral(" ns"));
    if (a < 1e6)
        return fixedScaled(v / 1e3, d, " µs");
    if (a < 1e9)
        return fixedScaled(v / 1e6, d, " ms");
    if (a < 6e10)
        return fixedScaled(v / 1e9, d, " s");
    if (a < 3.6e12)
        return fixedScaled(v / 6e10, d, " min");
    if (a < 8.64e13)
        return fixedScaled(v / 3.6e12, d, " hour");
    return fixedScaled(v / 8.64e13, d, " day");
}

FormattedValue microseconds(double v, std::optional<int> d)
{
    const double a = std::fabs(v);
    if (a < 1e3)
        return fixed(v, d, QStringLiteral(" µs"));
    if (a < 1e6)
        return fixedScaled(v / 1e3, d, " ms");
    return fixedScaled(v / 1e6, d, " s");
}

FormattedValue milliseconds(double v, std::optional<int> d)
{
    const double a = std::fabs(v);
    if (a < 1000)
        return fixed(v, d, QStringLiteral(" ms"));
    if (a < 60'000)
        return fixedScaled(v / 1000, d, " s");
    if (a < 3'600'000)
        return fixedScaled(v / 60'000, d, " min");
    if (a < 86'400'000)
        return fixedScaled(v / 3'600'000, d, " hour");
    if (a < 31'536'000'000)
        return fixedScaled(v / 86'400'000, d, " day");
    return fixedScaled(v / 31'536'000'000, d, " year");
}

FormattedValue seconds(double v, std::optional<int> d)
{
    if (v == 0)
        return {{}, QStringLiteral("0"), QStringLiteral(" s")};
    const double a = std::fabs(v);
    if (a < 1e-6)
        return fixedScaled(v * 1e9, d, " ns");
    if (a < 1e-3)
        return fixedScaled(v * 1e6, d, " µs");
    if (a < 1)
        return fixedScaled(v * 1e3, d, " ms");
    if (a < 60)
        return fixed(v, d, QStringLiteral(" s"));
    if (a < 3600)
        return fixedScaled(v / 60, d, " min");
    if (a < 86400)
        return fixedScaled(v / 3600, d, " hour");
    if (a < 604800)
        return fixedScaled(v / 86400, d, " day");
    if (a < 31536000)
        return fixedScaled(v / 604800, d, " week");
    return fixedScaled(v / 3.15569e7, d, " year");
}

FormattedValue minutes(double v, std::optional<int> d)
{
    const double a = std::fabs(v);
    if (a < 60)
        return fixed(v, d, QStringLiteral(" min"));
    if (a < 1440)
        return fixedScaled(v / 60, d, " hour");
    if (a < 10080)
        return fixedScaled(v / 1440, d, " day");
    if (a < 604800)
        return fixedScaled(v / 10080, d, " week");
    return fixedScaled(v / 5.25948e5, d, " year");
}

FormattedValue hours(double v, std::optional<int> d)
{
    const double a = std::fabs(v);
    if (a < 24)
        return fixed(v, d, QStringLiteral(" hour"));
    if (a < 168)
        return fixedScaled(v / 24, d, " day");
    if (a < 8760)
        return fixedScaled(v / 168, d, " week");
    return fixedScaled(v / 8760, d, " year");
}

FormattedValue days(double v, std::optional<int> d)
{
    const double a = std::fabs(v);
    if (a < 7)
        return fixed(v, d, QStringLiteral(" day"));
    if (a < 365)
        return fixedScaled(v / 7, d, " week");
    return fixedScaled(v / 365, d, " year");
}

// Grafana's toDuration: "1 hour, 2 minutes": the largest unit, then `decimals` more.
FormattedValue duration(double size, std::optional<int> decimals, double unitSeconds, const char *unitName)
{
    if (size == 0)
        return {{}, QStringLiteral("0"), QLatin1Char(' ') + QLatin1String(unitName) + QLatin1Char('s')};
    if (size < 0) {
        FormattedValue v = duration(-size, decimals, unitSeconds, unitName);
        v.suffix += QStringLiteral(" ago");
        return v;
    }
    struct Interval
    {
        const char *name;
        double seconds;
    };
    static const Interval intervals[] = {{"year", 31536000}, {"month", 2592000},    {"week", 604800},
                                         {"day", 86400},     {"hour", 3600},        {"minute", 60},
                                         {"second", 1},      {"millisecond", 0.001}};
    double ms = size * unitSeconds * 1000;
    QStringList parts;
    bool started = false;
    int remaining = decimals.value_or(0);
    for (const Interval &i : intervals) {
        if (remaining < 0)
            break;
        const double intervalMs = i.seconds * 1000;
        const double value = ms / intervalMs;
        if (value >= 1 || started) {
            started = true;
            const double whole = std::floor(value);
            parts << QStringLiteral("%1 %2%3").arg(jsNumberString(whole), QLatin1String(i.name),
                                                   whole != 1 ? QStringLiteral("s") : QString());
            ms = std::fmod(ms, intervalMs);
            --remaining;
        }
    }
    return {{}, parts.join(QStringLiteral(", ")), {}};
}

QString twoDigits(double v)
{
    return v > 9 ? jsNumberString(v) : QStringLiteral("0") + jsNumberString(v);
}

FormattedValue hms(double size)
{
    if (size < 0) {
        FormattedValue v = hms(-size);
        v.suffix += QStringLiteral(" ago");
        return v;
    }
    const double h = std::floor(size / 3600);
    const double m = std::floor(std::fmod(size, 3600) / 60);
    const double s = std::floor(std::fmod(std::fmod(size, 3600), 60));
    return {{}, twoDigits(h) + QLatin1Char(':') + twoDigits(m) + QLatin1Char(':') + twoDigits(s), {}};
}

FormattedValue dhms(double size)
{
    if (size < 0) {
        FormattedValue v = dhms(-size);
        v.suffix += QStringLiteral(" ago");
        return v;
    }
    const double d = std::floor(size / 86400);
    const QString dayText = d > 0 ? jsNumberString(d) + QStringLiteral(" d ") : QString();
    return {{}, dayText + hms(size - d * 86400).text, {}};
}

// Grafana's toClock: "05s:300ms", "12m:04s:000ms", "27h:03m:...", fewer parts with fewer decimals.
FormattedValue clock(double ms, std::optional<int> decimals)
{
    const auto t = static_cast<std::int64_t>(std::floor(ms));
    auto fmt = [&](const char16_t *pattern) { return formatMomentPattern(t, QStringView(pattern), true); };
    if (ms < 1000)
        return {{}, fmt(u"SSS\\m\\s"), {}};
    if (ms < 60000)
        return {{}, fmt(decimals == 0 ? u"ss\\s" : u"ss\\s:SSS\\m\\s"), {}};
    if (ms < 3600000) {
        const char16_t *p = decimals == 0   ? u"mm\\m"
                            : decimals == 1 ? u"mm\\m:ss\\s"
                                            : u"mm\\m:ss\\s:SSS\\m\\s";
        return {{}, fmt(p), {}};
    }
    const QString hoursText =
        QStringLiteral("%1h").arg(static_cast<qlonglong>(std::floor(ms / 3600000)), 2, 10, QLatin1Char('0'));
    if (decimals == 0)
        return {{}, hoursText, {}};
    const char16_t *p = decimals == 1 ? u"mm\\m" : decimals == 2 ? u"mm\\m:ss\\s" : u"mm\\m:ss\\s:SSS\\m\\s";
    return {{}, hoursText + QLatin1Char(':') + fmt(p), {}};
}

FormattedValue hexadecimal(double value, std::optional<int> decimals)
{
    // parseFloat(toFixed(v)).toString(16).toUpperCase(); fractions keep their hex digits.
    const double v = formatFixed(value, decimals).toDouble();
    if (!std::isfinite(v))
        return {{}, formatFixed(v, decimals), {}};
    const bool negative = v < 0;
    double whole = std::floor(std::fabs(v));
    double fraction = std::fabs(v) - whole;
    QString digits;
    do {
        const int digit = static_cast<int>(std::fmod(whole, 16));
        digits.prepend(QLatin1Char("0123456789ABCDEF"[digit]));
        whole = std::floor(whole / 16);
    } while (whole > 0);
    if (fraction > 0) {
        digits += QLatin1Char('.');
        for (int i = 0; i < 13 && fraction > 0; ++i) {
            fraction *= 16;
            const int digit = static_cast<int>(std::floor(fraction));
            digits += QLatin1Char("0123456789ABCDEF"[digit]);
            fraction -= digit;
        }
    }
    return {{}, (negative ? QStringLiteral("-") : QString()) + digits, {}};
}

FormattedValue scientific(double value, std::optional<int> decimals)
{
    if (!std::isfinite(value))
        return {{}, formatFixed(value, decimals), {}};
    // JavaScript's toExponential: without decimals, as many digits as the value needs.
    char buffer[64];
    const auto r = decimals
                       ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific,
                                       std::clamp(*decimals, 0, 20))
                       : std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    QString text = QString::fromLatin1(buffer, r.ptr - buffer);
    // C writes e+05; JavaScript e+5.
    const qsizetype e = text.indexOf(QLatin1Char('e'));
    if (e >= 0) {
        const QString sign = text.mid(e + 1, 1);
        const int exponent = std::abs(text.mid(e + 2).toInt());
        text = text.left(e) + QLatin1Char('e') + sign + QString::number(exponent);
    }
    return {{}, text, {}};
}

FormattedValue localeNumber(double value, std::optional<int> decimals)
{
    if (!std::isfinite(value))
        return {{}, std::isnan(value) ? QStringLiteral("NaN") : infinityText(value), {}};
    // toLocaleString in English: grouped thousands, at most 3 fraction digits unless told.
    QLocale english(QLocale::English, QLocale::UnitedStates);
    QString text = english.toString(value, 'f', std::clamp(decimals.value_or(3), 0, 20));
    if (text.contains(QLatin1Char('.'))) {
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
    }
    return {{}, text, {}};
}

// `si:µF`: the first character, when it is an SI prefix, says where the scale starts.
FormattedValue customSi(double value, std::optional<int> decimals, const QString &spec)
{
    static const QStringList prefixes = {QStringLiteral("f"), QStringLiteral("p"), QStringLiteral("n"),
                                         QStringLiteral("µ"), QStringLiteral("m"), QString(),
                                         QStringLiteral("k"), QStringLiteral("M"), QStringLiteral("G"),
                                         QStringLiteral("T"), QStringLiteral("P"), QStringLiteral("E"),
                                         QStringLiteral("Z"), QStringLiteral("Y")};
    int offset = 0;
    QString symbol = spec;
    if (!spec.isEmpty()) {
        QString first = spec.left(1);
        if (first == u"μ") // Greek mu, as people type it, is the micro sign here
            first = QStringLiteral("µ");
        const qsizetype at = prefixes.indexOf(first);
        if (at >= 0 && at != SiBase) {
            offset = static_cast<int>(at) - SiBase;
            symbol = spec.mid(1);
        }
    }
    return siPrefixed(value, decimals, symbol, offset);
}

bool isCustomUnit(QStringView unit)
{
    const qsizetype colon = unit.indexOf(u':');
    if (colon <= 0)
        return false;
    const QStringView key = unit.left(colon);
    return key == u"prefix" || key == u"suffix" || key == u"time" || key == u"si" || key == u"count" ||
           key == u"currency" || key == u"bool";
}

} // namespace

ValueFormat::ValueFormat(QString unit, std::optional<int> decimals)
    : m_unit(std::move(unit)), m_decimals(decimals)
{
}

bool ValueFormat::isKnownUnit(QStringView unit)
{
    return unit.isEmpty() || units().contains(unit.toString()) || isCustomUnit(unit);
}

bool ValueFormat::isDateTimeUnit(QStringView unit)
{
    if (unit.startsWith(u"time:"))
        return true;
    const Unit *u = findUnit(unit.toString());
    return u && (u->kind == Kind::DateTime || u->kind == Kind::DateTimeLocal || u->kind == Kind::FromNow);
}

FormattedValue ValueFormat::formatParts(double value, const FormatContext &context) const
{
    const std::optional<int> d = m_decimals;
    const QString &u = m_unit;
    const std::int64_t now = context.nowMs != 0 ? context.nowMs : QDateTime::currentMSecsSinceEpoch();
    // Times are whole milliseconds; NaN and infinities have no date.
    auto timeMs = [](double v) { return static_cast<std::int64_t>(std::llround(v)); };
    if (u.isEmpty())
        return fixed(value, d, {});
    const Unit *found = findUnit(u);
    if (!found) {
        const qsizetype colon = u.indexOf(QLatin1Char(':'));
        const QString key = colon > 0 ? u.left(colon) : QString();
        const QString sub = colon > 0 ? u.mid(colon + 1) : QString();
        if (key == u"prefix")
            return {sub, formatFixed(value, d), {}};
        if (key == u"suffix")
            return fixed(value, d, sub.isEmpty() ? QString() : QLatin1Char(' ') + sub);
        if (key == u"time" && std::isfinite(value))
            return {{}, formatMomentPattern(timeMs(value), sub, context.utc), {}};
        if (key == u"si")
            return customSi(value, d, sub);
        if (key == u"count")
            return counted(value, d, sub);
        if (key == u"currency")
            return currency(value, d, sub, false);
        if (key == u"bool") {
            const qsizetype slash = sub.indexOf(QLatin1Char('/'));
            const bool truth = value != 0 && !std::isnan(value);
            if (slash >= 0)
                return {{}, truth ? sub.left(slash) : sub.mid(slash + 1), {}};
            return {{}, truth ? sub : QStringLiteral("-"), {}};
        }
        // Unknown units are written after the value, as Grafana does.
        return fixed(value, d, QLatin1Char(' ') + u);
    }
    const Unit &unit = *found;
    switch (unit.kind) {
    case Kind::Fixed:
        return fixed(value, d, unit.symbol.isEmpty() ? QString() : QLatin1Char(' ') + unit.symbol);
    case Kind::Prefix:
        return {unit.symbol, formatFixed(value, d), {}};
    case Kind::Short: {
        static const QStringList suffixes = {QString(),
                                             QStringLiteral(" K"),
                                             QStringLiteral(" Mil"),
                                             QStringLiteral(" Bil"),
                                             QStringLiteral(" Tri"),
                                             QStringLiteral(" Quadr"),
                                             QStringLiteral(" Quint"),
                                             QStringLiteral(" Sext"),
                                             QStringLiteral(" Sept")};
        return scaled(value, d, 1000, suffixes);
    }
    case Kind::Percent:
        return fixed(value, d, QStringLiteral("%"));
    case Kind::PercentUnit:
        return fixed(value * 100, d, QStringLiteral("%"));
    case Kind::Hex:
        return hexadecimal(value, d);
    case Kind::Hex0x: {
        FormattedValue v = hexadecimal(value, d);
        v.text = v.text.startsWith(QLatin1Char('-')) ? QStringLiteral("-0x") + v.text.mid(1)
                                                     : QStringLiteral("0x") + v.text;
        return v;
    }
    case Kind::Scientific:
        return scientific(value, d);
    case Kind::Locale:
        return localeNumber(value, d);
    case Kind::String:
        return {{}, jsNumberString(value), {}};
    case Kind::Si:
        return siPrefixed(value, d, unit.symbol, unit.offset);
    case Kind::Binary:
        return binaryPrefixed(value, d, unit.symbol, unit.offset);
    case Kind::Count:
        return counted(value, d, unit.symbol);
    case Kind::Currency:
    case Kind::CurrencyAfter:
        return currency(value, d, unit.symbol, unit.kind == Kind::CurrencyAfter);
    case Kind::Psi:
        return scaled(value, d, 1000, {QStringLiteral("psi"), QStringLiteral("ksi"), QStringLiteral("Mpsi")});
    case Kind::Nanoseconds:
        return nanoseconds(value, d);
    case Kind::Microseconds:
        return microseconds(value, d);
    case Kind::Milliseconds:
        return milliseconds(value, d);
    case Kind::Seconds:
        return seconds(value, d);
    case Kind::Minutes:
        return minutes(value, d);
    case Kind::Hours:
        return hours(value, d);
    case Kind::Days:
        return days(value, d);
    case Kind::DurationMs:
        return std::isfinite(value) ? duration(value, d, 0.001, "millisecond") : fixed(value, d, {});
    case Kind::DurationS:
        return std::isfinite(value) ? duration(value, d, 1, "second") : fixed(value, d, {});
    case Kind::DurationHms:
        return std::isfinite(value) ? hms(value) : fixed(value, d, {});
    case Kind::DurationDhms:
        return std::isfinite(value) ? dhms(value) : fixed(value, d, {});
    case Kind::Timeticks:
        return seconds(value / 100, d);
    case Kind::ClockMs:
        return std::isfinite(value) ? clock(value, d) : fixed(value, d, {});
    case Kind::ClockS:
        return std::isfinite(value) ? clock(value * 1000, d) : fixed(value, d, {});
    case Kind::DateTime:
    case Kind::DateTimeLocal: {
        if (!std::isfinite(value))
            return fixed(value, d, {});
        const std::int64_t t = timeMs(value);
        const bool sameDay =
            !unit.today.isEmpty() && formatMomentPattern(t, u"YYYY-MM-DD", context.utc) ==
                                         formatMomentPattern(now, u"YYYY-MM-DD", context.utc);
        if (unit.kind == Kind::DateTimeLocal) {
            const QDateTime dt = context.utc ? QDateTime::fromMSecsSinceEpoch(t, QTimeZone::utc())
                                             : QDateTime::fromMSecsSinceEpoch(t);
            return {{},
                    sameDay ? QLocale().toString(dt.time(), QLocale::ShortFormat)
                            : QLocale().toString(dt, QLocale::ShortFormat),
                    {}};
        }
        return {{}, formatMomentPattern(t, sameDay ? unit.today : unit.symbol, context.utc), {}};
    }
    case Kind::FromNow:
        return std::isfinite(value) ? FormattedValue{{}, formatTimeAgo(timeMs(value), now), {}}
                                    : fixed(value, d, {});
    case Kind::Boolean:
        return {{}, value != 0 && !std::isnan(value) ? unit.symbol : unit.today, {}};
    }
    return fixed(value, d, {});
}

QString ValueFormat::axisLabel() const
{
    const QString &u = m_unit;
    if (u.isEmpty() || u == u"short" || u == u"none")
        return {};
    const Unit *found = findUnit(u);
    if (!found)
        return u.startsWith(u"suffix:") || u.startsWith(u"count:") ? u.mid(u.indexOf(QLatin1Char(':')) + 1)
                                                                   : u;
    switch (found->kind) {
    case Kind::Nanoseconds:
    case Kind::Microseconds:
    case Kind::Milliseconds:
    case Kind::Seconds:
    case Kind::Minutes:
    case Kind::Hours:
    case Kind::Days:
    case Kind::DurationMs:
    case Kind::DurationS:
        return QStringLiteral("duration");
    case Kind::Percent:
    case Kind::PercentUnit:
        return QStringLiteral("percent");
    case Kind::Count:
    case Kind::Fixed:
    case Kind::Si:
    case Kind::Binary:
        return found->symbol;
    default:
        return u;
    }
}

} // namespace promdeck

namespace promdeck {

AxisScale chooseAxisScale(const QString &unit, double maxAbs, double span)
{
    AxisScale s;
    const Unit *found = findUnit(unit);
    auto pick = [&](double base, const QStringList &suffixes, int offset) {
        int i = 0;
        double f = 1;
        while (maxAbs / f >= base && offset + i < suffixes.size() - 1) {
            f *= base;
            ++i;
        }
        s.factor = f;
        s.title = suffixes[offset + i].trimmed();
    };
    if (found && (found->kind == Kind::Binary || found->kind == Kind::Si) && found->offset == 0) {
        static const QStringList iec = {QString(),
                                        QStringLiteral("Ki"),
                                        QStringLiteral("Mi"),
                                        QStringLiteral("Gi"),
                                        QStringLiteral("Ti"),
                                        QStringLiteral("Pi"),
                                        QStringLiteral("Ei")};
        static const QStringList si = {QString(),           QStringLiteral("k"), QStringLiteral("M"),
                                       QStringLiteral("G"), QStringLiteral("T"), QStringLiteral("P"),
                                       QStringLiteral("E")};
        QStringList named;
        for (const QString &p : found->kind == Kind::Binary ? iec : si)
            named << p + found->symbol;
        pick(found->kind == Kind::Binary ? 1024 : 1000, named, 0);
    } else if (unit == u"percentunit") {
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
        int i = 0;
        double f = 1;
        static const char *const siSuffixes[] = {"", "K", "M", "G", "T", "P", "E"};
        while (maxAbs / f >= 10000 && i < 6) {
            f *= 1000;
            ++i;
        }
        s.factor = f;
        const QString prefix = QLatin1String(siSuffixes[i]);
        s.title = s.title.isEmpty()  ? prefix
                  : prefix.isEmpty() ? s.title
                                     : prefix + QLatin1Char(' ') + s.title;
    }
    // Enough decimals to tell ticks apart.
    const double scaledSpan = span / s.factor;
    s.decimals = scaledSpan >= 50 ? 0 : scaledSpan >= 5 ? 1 : scaledSpan >= 0.5 ? 2 : 3;
    return s;
}

} // namespace promdeck
