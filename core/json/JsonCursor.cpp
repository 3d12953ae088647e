#include "json/JsonCursor.h"

#include <cmath>
#include <cstring>
#include <fast_float/fast_float.h>

namespace promdeck::json {

namespace {
constexpr int MaxDepth = 256;

void appendUtf8(std::string &out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
} // namespace

void JsonCursor::fail(const QString &message)
{
    if (!failed()) {
        m_failedAtEnd = m_pos >= m_end;
        m_error = message;
        m_errorOffset = offset();
    }
    m_pos = m_end;
}

void JsonCursor::failUnexpected(const char *what)
{
    skipWhitespace();
    if (m_pos >= m_end) {
        fail(QStringLiteral("unexpected end of input, expected %1").arg(QLatin1String(what)));
    } else {
        const char c = *m_pos;
        const auto isWordChar = [](char ch) {
            return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                   ch == '_';
        };
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            // A word without quotes: `"type": fdashboard"` is text that lost its opening quote.
            const char *e = m_pos;
            while (e < m_end && isWordChar(*e) && e - m_pos < 40)
                ++e;
            fail(QStringLiteral("expected %1 but found the unquoted word %2 (text goes in double quotes)")
                     .arg(QLatin1String(what), QString::fromLatin1(m_pos, e - m_pos)));
            return;
        }
        const QString seen =
            (c >= 0x20 && c < 0x7F)
                ? QStringLiteral("'%1'").arg(QLatin1Char(c))
                : QStringLiteral("byte 0x%1").arg(static_cast<unsigned char>(c), 2, 16, QLatin1Char('0'));
        fail(QStringLiteral("expected %1 but found %2").arg(QLatin1String(what), seen));
    }
}

bool JsonCursor::expect(char c)
{
    if (consume(c))
        return true;
    const char what[] = {'\'', c, '\'', '\0'};
    failUnexpected(what);
    return false;
}

bool JsonCursor::readString(std::string_view &out, std::string &scratch)
{
    if (peek() != '"') {
        failUnexpected("a string");
        return false;
    }
    const char *start = ++m_pos;
    // Fast path: no escapes, the view points into the input.
    const char *p = start;
    while (p < m_end) {
        const char c = *p;
        if (c == '"') {
            out = std::string_view(start, static_cast<size_t>(p - start));
            m_pos = p + 1;
            return true;
        }
        if (c == '\\')
            break;
        if (static_cast<unsigned char>(c) < 0x20) {
            m_pos = p;
            fail(QStringLiteral("control character inside a string"));
            return false;
        }
        ++p;
    }
    if (p >= m_end) {
        m_pos = start - 1; // point at the opening quote: that is where the reader has to look
        fail(QStringLiteral("unterminated string"));
        m_failedAtEnd = true;
        return false;
    }
    if (!readEscapedString(scratch, start))
        return false;
    out = scratch;
    return true;
}

bool JsonCursor::readEscapedString(std::string &scratch, const char *start)
{
    scratch.clear();
    const char *p = start;
    while (p < m_end) {
        const char c = *p;
        if (c == '"') {
            m_pos = p + 1;
            return true;
        }
        if (static_cast<unsigned char>(c) < 0x20) {
            m_pos = p;
            fail(QStringLiteral("control character inside a string"));
            return false;
        }
        if (c != '\\') {
            scratch.push_back(c);
            ++p;
            continue;
        }
        if (++p >= m_end)
            break;
        switch (*p) {
        case '"':
            scratch.push_back('"');
            break;
        case '\\':
            scratch.push_back('\\');
            break;
        case '/':
            scratch.push_back('/');
            break;
        case 'b':
            scratch.push_back('\b');
            break;
        case 'f':
            scratch.push_back('\f');
            break;
        case 'n':
            scratch.push_back('\n');
            break;
        case 'r':
            scratch.push_back('\r');
            break;
        case 't':
            scratch.push_back('\t');
            break;
        case 'u': {
            auto readHex4 = [&](const char *q, std::uint32_t &value) {
                if (m_end - q < 4)
                    return false;
                value = 0;
                for (int i = 0; i < 4; ++i) {
                    const int h = hexValue(q[i]);
                    if (h < 0)
                        return false;
                    value = (value << 4) | static_cast<std::uint32_t>(h);
                }
                return true;
            };
            std::uint32_t cp = 0;
            if (!readHex4(p + 1, cp)) {
                m_pos = p;
                fail(QStringLiteral("invalid \\u escape"));
                return false;
            }
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                std::uint32_t low = 0;
                if (m_end - p > 2 && p[1] == '\\' && p[2] == 'u' && readHex4(p + 3, low) && low >= 0xDC00 &&
                    low <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    p += 6;
                } else {
                    cp = 0xFFFD;
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0xFFFD;
            }
            appendUtf8(scratch, cp);
            break;
        }
        default:
            m_pos = p;
            fail(QStringLiteral("invalid escape sequence"));
            return false;
        }
        ++p;
    }
    m_pos = start - 1;
    fail(QStringLiteral("unterminated string"));
    m_failedAtEnd = true;
    return false;
}

bool JsonCursor::readString(QString &out)
{
    std::string scratch;
    std::string_view view;
    if (!readString(view, scratch))
        return false;
    out = QString::fromUtf8(view.data(), static_cast<qsizetype>(view.size()));
    return true;
}

bool JsonCursor::readNumber(double &out)
{
    skipWhitespace();
    const char *p = m_pos;
    if (p < m_end && *p == '-')
        ++p;
    if (p >= m_end || *p < '0' || *p > '9') {
        failUnexpected("a number");
        return false;
    }
    const auto result = fast_float::from_chars(m_pos, m_end, out);
    if (result.ec != std::errc()) {
        failUnexpected("a number");
        return false;
    }
    m_pos = result.ptr;
    return true;
}

bool JsonCursor::readTimestampMs(std::int64_t &out)
{
    skipWhitespace();
    // Fast path for the form Prometheus writes: digits, optionally '.' and up to three digits.
    const char *p = m_pos;
    std::int64_t whole = 0;
    int digits = 0;
    while (p < m_end && *p >= '0' && *p <= '9' && digits < 15) {
        whole = whole * 10 + (*p - '0');
        ++p;
        ++digits;
    }
    if (digits > 0 && p < m_end) {
        std::int64_t frac = 0;
        int fracDigits = 0;
        if (*p == '.') {
            ++p;
            while (p < m_end && *p >= '0' && *p <= '9' && fracDigits < 3) {
                frac = frac * 10 + (*p - '0');
                ++p;
                ++fracDigits;
            }
        }
        const char c = p < m_end ? *p : ',';
        if (c != 'e' && c != 'E' && !(c >= '0' && c <= '9') && (fracDigits > 0 || c != '.')) {
            for (int i = fracDigits; i < 3; ++i)
                frac *= 10;
            out = whole * 1000 + frac;
            m_pos = p;
            return true;
        }
    }
    // Anything else (negative, exponent, sub-millisecond digits): the general path.
    double seconds = 0;
    if (!readNumber(seconds))
        return false;
    if (!std::isfinite(seconds) || std::fabs(seconds) > 9.2e15) {
        fail(QStringLiteral("timestamp out of range"));
        return false;
    }
    out = std::llround(seconds * 1000.0);
    return true;
}

bool JsonCursor::readLiteral(std::string_view word)
{
    skipWhitespace();
    if (static_cast<size_t>(m_end - m_pos) >= word.size() &&
        std::memcmp(m_pos, word.data(), word.size()) == 0) {
        m_pos += word.size();
        return true;
    }
    // Where a value starts, any of them would do: the message names them all.
    failUnexpected(word == "null" || word == "true" || word == "false"
                       ? "a value (a string in double quotes, a "
                         "number, an object, an array, true, "
                         "false or null)"
                       : word.data());
    return false;
}

bool JsonCursor::skipValue(int depth)
{
    if (depth > MaxDepth) {
        fail(QStringLiteral("nesting deeper than %1 levels").arg(MaxDepth));
        return false;
    }
    std::string scratch;
    std::string_view view;
    switch (peek()) {
    case '"':
        return readString(view, scratch);
    case '{': {
        ++m_pos;
        bool first = true;
        while (nextMember(view, scratch, first)) {
            if (!skipValue(depth + 1))
                return false;
        }
        return !failed();
    }
    case '[': {
        ++m_pos;
        bool first = true;
        while (nextItem(first)) {
            if (!skipValue(depth + 1))
                return false;
        }
        return !failed();
    }
    case 't':
        return readLiteral("true");
    case 'f':
        return readLiteral("false");
    case 'n':
        return readLiteral("null");
    default: {
        double ignored = 0;
        return readNumber(ignored);
    }
    }
}

bool JsonCursor::nextMember(std::string_view &key, std::string &scratch, bool &first)
{
    if (first) {
        first = false;
        if (consume('}'))
            return false;
    } else {
        if (consume('}'))
            return false;
        if (!consume(',')) {
            failUnexpected("',' or '}'");
            return false;
        }
    }
    if (!readString(key, scratch))
        return false;
    return expect(':');
}

bool JsonCursor::nextItem(bool &first)
{
    if (first) {
        first = false;
        return !consume(']') && !failed();
    }
    if (consume(']'))
        return false;
    if (!consume(',')) {
        failUnexpected("',' or ']'");
        return false;
    }
    return true;
}

} // namespace promdeck::json
