// The PromQL lexer of Prometheus 2.42 (promql/parser/lex.go), state for state: the same tokens at
// the same byte offsets, and the same errors at the same places, so that messages built on them read
// as Prometheus' do. It works on UTF-8 bytes; every position is a byte offset, as in Prometheus.
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace promdeck::promql {

enum class TokenType : quint8
{
    Error,
    Eof,
    Comment,
    Identifier,       // foo, rate
    MetricIdentifier, // a name with a colon: job:rate5m
    Number,           // 1, 0x1f, 1e3, Inf, NaN
    String,           // "...", '...', `...` (with the quotes)
    Duration,         // 5m, 1h30m
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    Comma,
    Assign, // = (inside braces)
    Colon,  // : inside brackets (any letter there lexes as one too, as in Prometheus)
    // Operators.
    Add,
    Div,
    EqualEqual,
    EqualRegex,
    GreaterEqual,
    Greater,
    And,
    Or,
    Less,
    LessEqual,
    Unless,
    Mod,
    Mul,
    NotEqual,
    NotRegex,
    Pow,
    Sub,
    At,
    Atan2,
    // Aggregation operators.
    Avg,
    Bottomk,
    Count,
    CountValues,
    Group,
    Max,
    Min,
    Quantile,
    Stddev,
    Stdvar,
    Sum,
    Topk,
    // Keywords.
    Bool,
    By,
    GroupLeft,
    GroupRight,
    Ignoring,
    Offset,
    On,
    Without,
    // The @ modifier's start() and end().
    Start,
    End,
};

bool isOperator(TokenType type);    // Add .. Atan2 (binary and set operators, @)
bool isAggregator(TokenType type);  // Avg .. Topk
bool isKeyword(TokenType type);     // Bool .. Without
bool isComparison(TokenType type);  // == != <= < >= >
bool isSetOperator(TokenType type); // and or unless
bool aggregatorTakesParameter(TokenType type);
// How Prometheus names a token type: "+", "and", "sum", "by", "start" (empty for literals).
QByteArrayView tokenTypeText(TokenType type);

struct Token
{
    TokenType type = TokenType::Eof;
    int pos = 0; // byte offset of the first byte
    int end = 0; // byte offset after the last byte
    int length() const { return end - pos; }
};

class Lexer
{
public:
    explicit Lexer(QByteArrayView input) : m_input(input) {}

    // The next token, comments included. After an Error or Eof token, only Eof follows.
    Token next();
    // The message of the last Error token, in Prometheus' words.
    const QByteArray &errorMessage() const { return m_error; }
    QByteArrayView text(const Token &token) const { return m_input.sliced(token.pos, token.length()); }

    // The brace, bracket and parenthesis state, for the completion engine.
    bool insideBraces() const { return m_braceOpen; }
    bool insideBrackets() const { return m_bracketOpen; }
    int parenDepth() const { return m_parenDepth; }

private:
    enum class State
    {
        Statements,
        Duration, // right after '['
        Done,
    };
    static constexpr char32_t EndOfInput = 0xFFFFFFFF;

    char32_t nextRune();
    char32_t peekRune();
    void backup() { m_pos -= m_width; }
    bool accept(const char *valid);
    void acceptRun(const char *valid);
    Token produce(TokenType type);
    Token fail(QByteArray message);
    void skipSpaces();

    Token lexStatements();
    Token lexInsideBraces();
    Token lexDuration();
    Token lexNumberOrDuration();
    Token lexKeywordOrIdentifier();
    Token lexIdentifier();
    Token lexString(char quote);
    Token lexRawString();
    Token lexLineComment();
    bool lexEscape(char quote); // false after an error
    bool scanNumber();
    bool acceptRemainingDuration();

    QByteArrayView m_input;
    qsizetype m_pos = 0;
    qsizetype m_start = 0;
    qsizetype m_width = 0;
    State m_state = State::Statements;
    int m_parenDepth = 0;
    bool m_braceOpen = false;
    bool m_bracketOpen = false;
    bool m_gotColon = false;
    QByteArray m_error;
};

} // namespace promdeck::promql
