// A forward-only JSON reader over raw UTF-8 bytes. It never builds a tree: callers pull exactly the
// values they need, which is what makes parsing a million-sample Prometheus answer fast.
#pragma once

#include <QString>
#include <cstdint>
#include <string>
#include <string_view>

namespace promdeck::json {

class JsonCursor
{
public:
    JsonCursor(const char *begin, const char *end) : m_begin(begin), m_pos(begin), m_end(end) {}

    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    qsizetype errorOffset() const { return m_errorOffset; }
    // The input ran out before the JSON ended (a cut answer), wherever the error points.
    bool failedAtEndOfInput() const { return m_failedAtEnd; }
    qsizetype offset() const { return m_pos - m_begin; }
    void advance(qsizetype bytes) { m_pos += bytes; }
    bool atEnd()
    {
        skipWhitespace();
        return m_pos >= m_end;
    }

    // Skips whitespace and returns the next byte without consuming it, or 0 at the end.
    char peek()
    {
        skipWhitespace();
        return m_pos < m_end ? *m_pos : '\0';
    }
    bool consume(char c)
    {
        if (peek() == c) {
            ++m_pos;
            return true;
        }
        return false;
    }
    bool expect(char c);

    // Reads a string. The view points into the input when the string has no escapes, otherwise into
    // `scratch`. Either way it is valid until the next call that uses the same scratch.
    bool readString(std::string_view &out, std::string &scratch);
    bool readString(QString &out);
    bool readNumber(double &out);
    // A timestamp in seconds (Prometheus writes `1700000000.123`) converted exactly to milliseconds.
    bool readTimestampMs(std::int64_t &out);
    bool readLiteral(std::string_view word);
    bool skipValue(int depth = 0);

    // Iterating object members and array items: call after the opening brace; returns false at the
    // closing one (consumed) or on error.
    bool nextMember(std::string_view &key, std::string &scratch, bool &first);
    bool nextItem(bool &first);

    // Raw access for hand-tuned loops over a known shape (Prometheus sample pairs). Such a loop must
    // leave the position on a byte boundary the generic methods can continue from.
    const char *position() const { return m_pos; }
    const char *end() const { return m_end; }
    void setPosition(const char *pos) { m_pos = pos; }

    void fail(const QString &message);
    void failUnexpected(const char *what);

private:
    void skipWhitespace()
    {
        while (m_pos < m_end && (*m_pos == ' ' || *m_pos == '\n' || *m_pos == '\r' || *m_pos == '\t'))
            ++m_pos;
    }
    bool readEscapedString(std::string &scratch, const char *start);

    const char *m_begin;
    const char *m_pos;
    const char *m_end;
    QString m_error;
    qsizetype m_errorOffset = -1;
    bool m_failedAtEnd = false;
};

} // namespace promdeck::json
