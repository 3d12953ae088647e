// Go's ways of writing and reading numbers, strings and durations, as far as PromQL shows them:
// Prometheus' error messages quote with fmt's %q, print numbers with %v and %f, parse them with
// strconv and durations with prometheus/common's model. Matching them byte for byte is what lets an
// error here read exactly as `promtool` writes it.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString> // QStringBuilder: QByteArray concatenation
#include <cstdint>
#include <optional>

namespace promdeck::promql::go {

// strconv.Quote (fmt's %q for strings): "..." with Go's escapes; invalid UTF-8 as \x...
QByteArray quote(QByteArrayView utf8);
// fmt's %.Nq: the first `runes` code points of the string, quoted.
QByteArray quotePrefix(QByteArrayView utf8, int runes);
// fmt's %q for a rune: 'x', '\n', '\x00', '\u00a0'.
QByteArray quoteRune(char32_t rune);
// fmt's %#U: U+0063 'c' (the quoted form only for printable runes).
QByteArray unicodeRune(char32_t rune);

// fmt's %v for a float64: the shortest form that reads back, the exponent form below 1e-4 and from
// 1e6 on (1e+06), +Inf, -Inf, NaN.
QByteArray formatFloat(double value);
// fmt's %.Nf (Prometheus uses %f and %.3f): +Inf, -Inf and NaN as Go writes them.
QByteArray formatFixed(double value, int decimals);

struct NumberParse
{
    double value = 0;
    QByteArray error; // empty on success; else strconv's words
};
// What Prometheus' parser does with a number token: strconv.ParseInt(s, 0, 64), else ParseFloat.
NumberParse parseNumber(QByteArrayView text);

struct DurationParse
{
    std::int64_t ms = 0;
    QByteArray error; // empty on success
};
// prometheus/common model.ParseDuration (y w d h m s ms, in that order, each at most once; "0").
DurationParse parseDuration(QByteArrayView text);
// model.Duration's String(): 1h30m, 2w, 90d, 0s.
QByteArray formatDuration(std::int64_t ms);

// Decodes one UTF-8 code point at `pos` as Go's utf8.DecodeRune does: an invalid byte is U+FFFD of
// width 1. Returns the width (0 at the end).
int decodeRune(QByteArrayView utf8, qsizetype pos, char32_t *rune);
constexpr char32_t RuneError = 0xFFFD;

} // namespace promdeck::promql::go
