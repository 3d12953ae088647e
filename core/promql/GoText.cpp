#include "promql/GoText.h"

#include <QChar>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace promdeck::promql::go {

namespace {

constexpr char32_t MaxRune = 0x10FFFF;

bool isPrint(char32_t r)
{
    if (r == U' ')
        return true;
    if (r < 0x20 || r == 0x7F || r > MaxRune)
        return false;
    // Go's unicode.IsPrint: letters, marks, numbers, punctuation and symbols (no other spaces).
    switch (QChar::category(r)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
    case QChar::Punctuation_Connector:
    case QChar::Punctuation_Dash:
    case QChar::Punctuation_Open:
    case QChar::Punctuation_Close:
    case QChar::Punctuation_InitialQuote:
    case QChar::Punctuation_FinalQuote:
    case QChar::Punctuation_Other:
    case QChar::Symbol_Math:
    case QChar::Symbol_Currency:
    case QChar::Symbol_Modifier:
    case QChar::Symbol_Other:
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
        return true;
    default:
        return false;
    }
}

void appendHex(QByteArray &out, std::uint32_t value, int digits)
{
    static const char Hex[] = "0123456789abcdef";
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out += Hex[(value >> shift) & 0xF];
}

void appendUtf8(QByteArray &out, char32_t r)
{
    if (r < 0x80) {
        out += char(r);
    } else if (r < 0x800) {
        out += char(0xC0 | (r >> 6));
        out += char(0x80 | (r & 0x3F));
    } else if (r < 0x10000) {
        out += char(0xE0 | (r >> 12));
        out += char(0x80 | ((r >> 6) & 0x3F));
        out += char(0x80 | (r & 0x3F));
    } else {
        out += char(0xF0 | (r >> 18));
        out += char(0x80 | ((r >> 12) & 0x3F));
        out += char(0x80 | ((r >> 6) & 0x3F));
        out += char(0x80 | (r & 0x3F));
    }
}

bool isValidRune(char32_t r)
{
    return r <= MaxRune && !(r >= 0xD800 && r < 0xE000);
}

void appendEscapedRune(QByteArray &out, char32_t r, char quoteChar)
{
    if (r == char32_t(quoteChar) || r == U'\\') {
        out += '\\';
        out += char(r);
        return;
    }
    if (isPrint(r)) {
        appendUtf8(out, r);
        return;
    }
    switch (r) {
    case U'\a':
        out += "\\a";
        return;
    case U'\b':
        out += "\\b";
        return;
    case U'\f':
        out += "\\f";
        return;
    case U'\n':
        out += "\\n";
        return;
    case U'\r':
        out += "\\r";
        return;
    case U'\t':
        out += "\\t";
        return;
    case U'\v':
        out += "\\v";
        return;
    default:
        break;
    }
    if (r < U' ' || r == 0x7F) {
        out += "\\x";
        appendHex(out, r, 2);
    } else {
        if (!isValidRune(r))
            r = RuneError;
        if (r < 0x10000) {
            out += "\\u";
            appendHex(out, r, 4);
        } else {
            out += "\\U";
            appendHex(out, r, 8);
        }
    }
}

// Go's shortest decimal digits of a float64 and the position of the decimal point (digits * 10^(dp-n)).
struct Digits
{
    QByteArray digits;
    int decimalPoint = 0;
};

Digits shortestDigits(double value)
{
    std::array<char, 64> buffer{};
    const auto result =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::scientific);
    const std::string_view text(buffer.data(), static_cast<size_t>(result.ptr - buffer.data()));
    Digits d;
    const size_t e = text.find('e');
    for (size_t i = 0; i < e; ++i)
        if (text[i] >= '0' && text[i] <= '9')
            d.digits += text[i];
    int exponent = 0;
    std::from_chars(text.data() + e + 1 + (text[e + 1] == '+' ? 1 : 0), text.data() + text.size(), exponent);
    d.decimalPoint = exponent + 1;
    while (d.digits.size() > 1 && d.digits.endsWith('0'))
        d.digits.chop(1);
    return d;
}

bool digitsOnly(QByteArrayView s, int base)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        int d = -1;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'z')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'Z')
            d = c - 'A' + 10;
        if (d < 0 || d >= base)
            return false;
    }
    return true;
}

// strconv.ParseInt(s, 0, 64) without signs (a number token never carries one).
std::optional<std::int64_t> parseGoInt(QByteArrayView s)
{
    int base = 10;
    if (s.startsWith('0')) {
        const char second = s.size() >= 3 ? char(s[1] | 0x20) : 0;
        if (second == 'b') {
            base = 2;
            s = s.sliced(2);
        } else if (second == 'o') {
            base = 8;
            s = s.sliced(2);
        } else if (second == 'x') {
            base = 16;
            s = s.sliced(2);
        } else {
            base = 8;
            s = s.sliced(1);
            if (s.isEmpty())
                return 0;
        }
    }
    if (!digitsOnly(s, base))
        return std::nullopt;
    std::uint64_t n = 0;
    for (char c : s) {
        const int d = (c >= '0' && c <= '9') ? c - '0' : (c | 0x20) - 'a' + 10;
        if (n > (std::numeric_limits<std::uint64_t>::max() - std::uint64_t(d)) / std::uint64_t(base))
            return std::nullopt;
        n = n * std::uint64_t(base) + std::uint64_t(d);
    }
    if (n > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
        return std::nullopt;
    return std::int64_t(n);
}

bool equalsLower(QByteArrayView s, const char *word)
{
    const QByteArrayView w(word);
    if (s.size() != w.size())
        return false;
    for (qsizetype i = 0; i < s.size(); ++i)
        if (char(s[i] | 0x20) != w[i])
            return false;
    return true;
}

// The syntax strconv.ParseFloat accepts for decimal numbers: digits, an optional point, an optional
// exponent, and at least one mantissa digit.
bool isDecimalFloatSyntax(QByteArrayView s, qsizetype *mantissaIntegerDigits, int *exponent)
{
    qsizetype i = 0;
    qsizetype digits = 0;
    qsizetype integerDigits = 0;
    bool leading = true;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        if (s[i] != '0' || !leading) {
            leading = false;
            ++integerDigits;
        }
        ++i;
        ++digits;
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            ++i;
            ++digits;
        }
    }
    if (digits == 0)
        return false;
    long long exp = 0;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        bool negative = false;
        if (i < s.size() && (s[i] == '+' || s[i] == '-'))
            negative = s[i++] == '-';
        if (i >= s.size())
            return false;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            if (exp < 100000)
                exp = exp * 10 + (s[i] - '0');
            ++i;
        }
        if (negative)
            exp = -exp;
    }
    *mantissaIntegerDigits = integerDigits;
    *exponent = int(exp);
    return i == s.size();
}

QByteArray parseFloatError(QByteArrayView s, const char *why)
{
    return "strconv.ParseFloat: parsing " + quote(s) + ": " + why;
}

} // namespace

int decodeRune(QByteArrayView s, qsizetype pos, char32_t *rune)
{
    if (pos >= s.size()) {
        *rune = RuneError;
        return 0;
    }
    const auto b0 = static_cast<unsigned char>(s[pos]);
    if (b0 < 0x80) {
        *rune = b0;
        return 1;
    }
    auto continuation = [&](qsizetype i) {
        return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
    };
    auto cont = [&](qsizetype i) { return char32_t(static_cast<unsigned char>(s[i]) & 0x3F); };
    *rune = RuneError;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        if (!continuation(pos + 1))
            return 1;
        *rune = (char32_t(b0 & 0x1F) << 6) | cont(pos + 1);
        return 2;
    }
    if (b0 >= 0xE0 && b0 <= 0xEF) {
        if (!continuation(pos + 1) || !continuation(pos + 2))
            return 1;
        const char32_t r = (char32_t(b0 & 0x0F) << 12) | (cont(pos + 1) << 6) | cont(pos + 2);
        if (r < 0x800 || (r >= 0xD800 && r < 0xE000))
            return 1;
        *rune = r;
        return 3;
    }
    if (b0 >= 0xF0 && b0 <= 0xF4) {
        if (!continuation(pos + 1) || !continuation(pos + 2) || !continuation(pos + 3))
            return 1;
        const char32_t r =
            (char32_t(b0 & 0x07) << 18) | (cont(pos + 1) << 12) | (cont(pos + 2) << 6) | cont(pos + 3);
        if (r < 0x10000 || r > MaxRune)
            return 1;
        *rune = r;
        return 4;
    }
    return 1;
}

QByteArray quote(QByteArrayView s)
{
    QByteArray out;
    out.reserve(s.size() + 2);
    out += '"';
    qsizetype i = 0;
    while (i < s.size()) {
        char32_t r = 0;
        const int width = decodeRune(s, i, &r);
        if (width == 1 && r == RuneError) {
            out += "\\x";
            appendHex(out, static_cast<unsigned char>(s[i]), 2);
        } else {
            appendEscapedRune(out, r, '"');
        }
        i += width;
    }
    out += '"';
    return out;
}

QByteArray quotePrefix(QByteArrayView s, int runes)
{
    qsizetype i = 0;
    for (int n = 0; n < runes && i < s.size(); ++n) {
        char32_t r = 0;
        i += decodeRune(s, i, &r);
    }
    return quote(s.first(i));
}

QByteArray quoteRune(char32_t r)
{
    if (!isValidRune(r))
        r = RuneError;
    QByteArray out("'");
    appendEscapedRune(out, r, '\'');
    out += '\'';
    return out;
}

QByteArray unicodeRune(char32_t r)
{
    QByteArray out("U+");
    out += QByteArray::number(uint(r), 16).toUpper().rightJustified(4, '0');
    if (r <= MaxRune && isPrint(r)) {
        out += " '";
        appendUtf8(out, r);
        out += '\'';
    }
    return out;
}

QByteArray formatFloat(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    QByteArray out;
    if (std::signbit(value))
        out += '-';
    if (value == 0) {
        out += '0';
        return out;
    }
    const Digits d = shortestDigits(std::fabs(value));
    const int exponent = d.decimalPoint - 1;
    // Go's 'g' with the shortest digits switches to the exponent form below 1e-4 and from 1e6 on.
    if (exponent < -4 || exponent >= 6) {
        out += d.digits[0];
        if (d.digits.size() > 1) {
            out += '.';
            out += d.digits.mid(1);
        }
        out += 'e';
        out += exponent < 0 ? '-' : '+';
        const int magnitude = std::abs(exponent);
        if (magnitude < 10)
            out += '0';
        out += QByteArray::number(magnitude);
        return out;
    }
    // %f with as many decimals as the digits need.
    if (d.decimalPoint <= 0) {
        out += "0.";
        out += QByteArray(-d.decimalPoint, '0');
        out += d.digits;
    } else if (d.decimalPoint >= d.digits.size()) {
        out += d.digits;
        out += QByteArray(d.decimalPoint - d.digits.size(), '0');
    } else {
        out += d.digits.left(d.decimalPoint);
        out += '.';
        out += d.digits.mid(d.decimalPoint);
    }
    return out;
}

QByteArray formatFixed(double value, int decimals)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    std::array<char, 400> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                      std::chars_format::fixed, decimals);
    return QByteArray(buffer.data(), result.ptr - buffer.data());
}

NumberParse parseNumber(QByteArrayView text)
{
    NumberParse out;
    if (const auto integer = parseGoInt(text)) {
        out.value = double(*integer);
        return out;
    }
    QByteArrayView s = text;
    bool negative = false;
    if (!s.isEmpty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s = s.sliced(1);
    }
    if (equalsLower(s, "inf") || equalsLower(s, "infinity")) {
        out.value =
            negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
        return out;
    }
    if (equalsLower(s, "nan")) {
        out.value = std::numeric_limits<double>::quiet_NaN();
        return out;
    }
    qsizetype integerDigits = 0;
    int exponent = 0;
    // Hexadecimal floats need a 'p' exponent, which a PromQL number token never has.
    if ((s.size() >= 2 && s[0] == '0' && (s[1] | 0x20) == 'x') ||
        !isDecimalFloatSyntax(s, &integerDigits, &exponent)) {
        out.error = parseFloatError(text, "invalid syntax");
        return out;
    }
    double value = 0;
    const auto result = std::from_chars(s.data(), s.data() + s.size(), value, std::chars_format::general);
    if (result.ec == std::errc::result_out_of_range) {
        // Too large is an error in Go; too small reads as zero.
        if (integerDigits + exponent > 0) {
            out.error = parseFloatError(text, "value out of range");
            return out;
        }
        value = 0;
    } else if (result.ec != std::errc() || std::isinf(value)) {
        out.error = parseFloatError(text, std::isinf(value) ? "value out of range" : "invalid syntax");
        return out;
    }
    out.value = negative ? -value : value;
    return out;
}

DurationParse parseDuration(QByteArrayView text)
{
    DurationParse out;
    if (text == "0")
        return out;
    if (text.isEmpty()) {
        out.error = "empty duration string";
        return out;
    }
    struct Unit
    {
        const char *name;
        std::int64_t ms;
    };
    static constexpr std::array<Unit, 7> Units{{{"y", 1000LL * 60 * 60 * 24 * 365},
                                                {"w", 1000LL * 60 * 60 * 24 * 7},
                                                {"d", 1000LL * 60 * 60 * 24},
                                                {"h", 1000LL * 60 * 60},
                                                {"m", 1000LL * 60},
                                                {"s", 1000},
                                                {"ms", 1}}};
    constexpr std::int64_t MaxInt64 = std::numeric_limits<std::int64_t>::max();
    constexpr std::int64_t NanosPerMs = 1'000'000;
    const QByteArray invalid = "not a valid duration string: " + quote(text);
    qsizetype i = 0;
    size_t nextUnit = 0;
    std::uint64_t nanos = 0; // Go's time.Duration, wrapping as Go's int64 does
    bool overflow = false;
    while (i < text.size()) {
        const qsizetype digitsStart = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9')
            ++i;
        if (i == digitsStart || i == text.size()) {
            out.error = invalid;
            return out;
        }
        const QByteArrayView digits = text.sliced(digitsStart, i - digitsStart);
        size_t unit = nextUnit;
        const bool milli = text.sliced(i).startsWith("ms");
        while (unit < Units.size() && (milli ? QByteArrayView(Units[unit].name) != "ms"
                                             : QByteArrayView(Units[unit].name) != text.sliced(i, 1)))
            ++unit;
        if (unit >= Units.size()) {
            out.error = invalid;
            return out;
        }
        i += milli ? 2 : 1;
        nextUnit = unit + 1;
        // strconv.Atoi clamps what does not fit; the range check below then refuses it.
        std::int64_t n = 0;
        for (char c : digits) {
            if (n > (MaxInt64 - (c - '0')) / 10) {
                n = MaxInt64;
                break;
            }
            n = n * 10 + (c - '0');
        }
        if (n > MaxInt64 / Units[unit].ms / NanosPerMs)
            overflow = true;
        nanos += std::uint64_t(n) * std::uint64_t(NanosPerMs) * std::uint64_t(Units[unit].ms);
        if (std::int64_t(nanos) < 0)
            overflow = true;
    }
    out.ms = std::int64_t(nanos) / NanosPerMs;
    if (overflow)
        out.error = "duration out of range";
    return out;
}

QByteArray formatDuration(std::int64_t ms)
{
    if (ms == 0)
        return "0s";
    QByteArray out;
    auto unit = [&](const char *name, std::int64_t size, bool exact) {
        if (exact && ms % size != 0)
            return;
        if (const std::int64_t v = ms / size; v > 0) {
            out += QByteArray::number(v) + name;
            ms -= v * size;
        }
    };
    // Years and weeks only when nothing remains: 90d reads better than 12w6d.
    unit("y", 1000LL * 60 * 60 * 24 * 365, true);
    unit("w", 1000LL * 60 * 60 * 24 * 7, true);
    unit("d", 1000LL * 60 * 60 * 24, false);
    unit("h", 1000LL * 60 * 60, false);
    unit("m", 1000LL * 60, false);
    unit("s", 1000, false);
    unit("ms", 1, false);
    return out;
}

} // namespace promdeck::promql::go
