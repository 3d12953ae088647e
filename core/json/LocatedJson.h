// A small JSON tree that remembers where each value starts in the file, so that a dashboard loader can
// say "FILE:LINE:COL" for a wrong value, not only for a syntax error. Used for files people edit
// (dashboards), never for query results.
#pragma once

#include <QJsonValue>
#include <QString>
#include <optional>
#include <vector>

namespace promdeck::json {

class LocatedJson
{
public:
    enum class Type
    {
        Null,
        Bool,
        Number,
        String,
        Array,
        Object
    };

    Type type() const { return m_type; }
    qsizetype offset() const { return m_offset; }
    bool isNull() const { return m_type == Type::Null; }
    bool isObject() const { return m_type == Type::Object; }
    bool isArray() const { return m_type == Type::Array; }
    bool isString() const { return m_type == Type::String; }
    bool isNumber() const { return m_type == Type::Number; }
    bool isBool() const { return m_type == Type::Bool; }

    double number() const { return m_number; }
    bool boolean() const { return m_bool; }
    const QString &string() const { return m_string; }

    // Arrays: items. Objects: members in file order (keys() and items() are parallel).
    const std::vector<LocatedJson> &items() const { return m_items; }
    const std::vector<QString> &keys() const { return m_keys; }
    const LocatedJson *member(QStringView key) const;

    static QString typeName(Type type);
    // The value as Qt's JSON (positions dropped), for code that interprets a sub-tree as a whole.
    QJsonValue toJsonValue() const;

    struct ParseError
    {
        qsizetype offset = 0;
        QString message;
    };
    // Parses a whole document; on failure returns nullopt and fills `error`.
    static std::optional<LocatedJson> parse(const QByteArray &utf8, ParseError &error);

private:
    friend class LocatedJsonBuilder;
    Type m_type = Type::Null;
    qsizetype m_offset = 0;
    double m_number = 0;
    bool m_bool = false;
    QString m_string;
    std::vector<QString> m_keys;
    std::vector<LocatedJson> m_items;
};

// 1-based line and column (in characters) of a byte offset in UTF-8 text.
struct TextPosition
{
    int line = 1;
    int column = 1;
};
TextPosition textPosition(const QByteArray &utf8, qsizetype offset);

// Line and column of many offsets in one text, in time linear in the text: each lookup goes on from
// the nearest place already counted (every 64 KB is remembered), where textPosition() would count
// from the start each time (a dashboard of 10,000 panels took 40 s that way).
class TextPositions
{
public:
    explicit TextPositions(QByteArray utf8) : m_utf8(std::move(utf8)) {}
    TextPosition at(qsizetype offset);

private:
    static constexpr qsizetype Stride = 64 * 1024;
    QByteArray m_utf8;
    std::vector<TextPosition> m_checkpoints{TextPosition{}}; // at offsets 0, Stride, 2 * Stride, ...
    qsizetype m_offset = 0;
    TextPosition m_position;
};

} // namespace promdeck::json
