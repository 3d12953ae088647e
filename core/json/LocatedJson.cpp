#include "json/LocatedJson.h"

#include "json/JsonCursor.h"
#include <QJsonArray>
#include <QJsonObject>

namespace promdeck::json {

namespace {
constexpr int MaxDepth = 200;
}

class LocatedJsonBuilder
{
public:
    explicit LocatedJsonBuilder(JsonCursor &cursor) : m_cursor(cursor) {}

    bool read(LocatedJson &node, int depth)
    {
        if (depth > MaxDepth) {
            m_cursor.fail(QStringLiteral("nesting deeper than %1 levels").arg(MaxDepth));
            return false;
        }
        const char c = m_cursor.peek();
        node.m_offset = m_cursor.offset();
        switch (c) {
        case '{': {
            m_cursor.consume('{');
            node.m_type = LocatedJson::Type::Object;
            bool first = true;
            std::string_view key;
            while (m_cursor.nextMember(key, m_scratch, first)) {
                node.m_keys.push_back(QString::fromUtf8(key.data(), static_cast<qsizetype>(key.size())));
                node.m_items.emplace_back();
                if (!read(node.m_items.back(), depth + 1))
                    return false;
            }
            return !m_cursor.failed();
        }
        case '[': {
            m_cursor.consume('[');
            node.m_type = LocatedJson::Type::Array;
            bool first = true;
            while (m_cursor.nextItem(first)) {
                node.m_items.emplace_back();
                if (!read(node.m_items.back(), depth + 1))
                    return false;
            }
            return !m_cursor.failed();
        }
        case '"':
            node.m_type = LocatedJson::Type::String;
            return m_cursor.readString(node.m_string);
        case 't':
            node.m_type = LocatedJson::Type::Bool;
            node.m_bool = true;
            return m_cursor.readLiteral("true");
        case 'f':
            node.m_type = LocatedJson::Type::Bool;
            return m_cursor.readLiteral("false");
        case 'n':
            node.m_type = LocatedJson::Type::Null;
            return m_cursor.readLiteral("null");
        case '\0':
            m_cursor.failUnexpected("a value");
            return false;
        default:
            node.m_type = LocatedJson::Type::Number;
            return m_cursor.readNumber(node.m_number);
        }
    }

private:
    JsonCursor &m_cursor;
    std::string m_scratch;
};

const LocatedJson *LocatedJson::member(QStringView key) const
{
    for (size_t i = 0; i < m_keys.size(); ++i) {
        if (m_keys[i] == key)
            return &m_items[i];
    }
    return nullptr;
}

QJsonValue LocatedJson::toJsonValue() const
{
    switch (m_type) {
    case Type::Null:
        return QJsonValue(QJsonValue::Null);
    case Type::Bool:
        return m_bool;
    case Type::Number:
        return m_number;
    case Type::String:
        return m_string;
    case Type::Array: {
        QJsonArray a;
        for (const LocatedJson &item : m_items)
            a.append(item.toJsonValue());
        return a;
    }
    case Type::Object: {
        QJsonObject o;
        for (size_t i = 0; i < m_keys.size(); ++i)
            o.insert(m_keys[i], m_items[i].toJsonValue());
        return o;
    }
    }
    return {};
}

QString LocatedJson::typeName(Type type)
{
    switch (type) {
    case Type::Null:
        return QStringLiteral("null");
    case Type::Bool:
        return QStringLiteral("a boolean");
    case Type::Number:
        return QStringLiteral("a number");
    case Type::String:
        return QStringLiteral("a string");
    case Type::Array:
        return QStringLiteral("an array");
    case Type::Object:
        return QStringLiteral("an object");
    }
    return {};
}

std::optional<LocatedJson> LocatedJson::parse(const QByteArray &utf8, ParseError &error)
{
    // JSON files are UTF-8; a UTF-16 or UTF-32 one is named as such, not as a stray byte.
    const auto zeroAt = [&utf8](qsizetype i) { return i < utf8.size() && utf8[i] == '\0'; };
    const bool utf16le = utf8.startsWith("\xFF\xFE") || (utf8.size() > 1 && !zeroAt(0) && zeroAt(1));
    const bool utf16be = utf8.startsWith("\xFE\xFF") || (utf8.size() > 1 && zeroAt(0) && !zeroAt(1));
    if (utf16le || utf16be || (zeroAt(0) && zeroAt(1))) {
        error.offset = 0;
        error.message =
            zeroAt(0) && zeroAt(1) && !utf16be
                ? QStringLiteral("the file starts with zero bytes: UTF-32 or not a text file; save it as "
                                 "UTF-8")
                : QStringLiteral("the file is UTF-16 (%1): save it as UTF-8")
                      .arg(utf16le ? QStringLiteral("little-endian") : QStringLiteral("big-endian"));
        return std::nullopt;
    }
    JsonCursor cursor(utf8.constData(), utf8.constData() + utf8.size());
    if (utf8.startsWith("\xEF\xBB\xBF"))
        cursor.advance(3); // a byte-order mark, as some editors on Windows write
    LocatedJson root;
    LocatedJsonBuilder builder(cursor);
    if (builder.read(root, 0) && !cursor.atEnd())
        cursor.fail(QStringLiteral("unexpected content after the end of the document"));
    if (cursor.failed()) {
        error.offset = cursor.errorOffset();
        error.message = cursor.error();
        return std::nullopt;
    }
    return root;
}

TextPosition textPosition(const QByteArray &utf8, qsizetype offset)
{
    TextPosition pos;
    const qsizetype end = std::min(offset, utf8.size());
    for (qsizetype i = 0; i < end; ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c == '\n') {
            ++pos.line;
            pos.column = 1;
        } else if ((c & 0xC0) != 0x80) { // count characters, not UTF-8 continuation bytes
            ++pos.column;
        }
    }
    return pos;
}

TextPosition TextPositions::at(qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, m_utf8.size());
    if (offset < m_offset) {
        const qsizetype checkpoint =
            std::min<qsizetype>(offset / Stride, qsizetype(m_checkpoints.size()) - 1);
        m_offset = checkpoint * Stride;
        m_position = m_checkpoints[static_cast<size_t>(checkpoint)];
    }
    for (; m_offset < offset; ++m_offset) {
        const auto c = static_cast<unsigned char>(m_utf8[m_offset]);
        if (c == '\n') {
            ++m_position.line;
            m_position.column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++m_position.column;
        }
        if ((m_offset + 1) % Stride == 0 && qsizetype(m_checkpoints.size()) == (m_offset + 1) / Stride)
            m_checkpoints.push_back(m_position);
    }
    return m_position;
}

} // namespace promdeck::json
