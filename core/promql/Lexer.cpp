#include "promql/Lexer.h"

#include "promql/GoText.h"

#include <array>
#include <cstring>

namespace promdeck::promql {

namespace {

struct Keyword
{
    const char *word;
    TokenType type;
};

// Prometheus' keyword table; words are matched case-insensitively. "inf" and "nan" are numbers.
constexpr std::array<Keyword, 29> Keywords{{
    {"and", TokenType::And},
    {"or", TokenType::Or},
    {"unless", TokenType::Unless},
    {"atan2", TokenType::Atan2},
    {"sum", TokenType::Sum},
    {"avg", TokenType::Avg},
    {"count", TokenType::Count},
    {"min", TokenType::Min},
    {"max", TokenType::Max},
    {"group", TokenType::Group},
    {"stddev", TokenType::Stddev},
    {"stdvar", TokenType::Stdvar},
    {"topk", TokenType::Topk},
    {"bottomk", TokenType::Bottomk},
    {"count_values", TokenType::CountValues},
    {"quantile", TokenType::Quantile},
    {"offset", TokenType::Offset},
    {"by", TokenType::By},
    {"without", TokenType::Without},
    {"on", TokenType::On},
    {"ignoring", TokenType::Ignoring},
    {"group_left", TokenType::GroupLeft},
    {"group_right", TokenType::GroupRight},
    {"bool", TokenType::Bool},
    {"start", TokenType::Start},
    {"end", TokenType::End},
    {"inf", TokenType::Number},
    {"nan", TokenType::Number},
    {"", TokenType::Eof},
}};

bool isSpace(char32_t r)
{
    return r == U' ' || r == U'\t' || r == U'\n' || r == U'\r';
}

bool isEndOfLine(char32_t r)
{
    return r == U'\r' || r == U'\n';
}

bool isDigit(char32_t r)
{
    return r >= U'0' && r <= U'9';
}

bool isAlpha(char32_t r)
{
    return r == U'_' || (r >= U'a' && r <= U'z') || (r >= U'A' && r <= U'Z');
}

bool isAlphaNumeric(char32_t r)
{
    return isAlpha(r) || isDigit(r);
}

int digitValue(char32_t r)
{
    if (r >= U'0' && r <= U'9')
        return int(r - U'0');
    if (r >= U'a' && r <= U'f')
        return int(r - U'a' + 10);
    if (r >= U'A' && r <= U'F')
        return int(r - U'A' + 10);
    return 16;
}

TokenType keywordType(QByteArrayView word)
{
    if (word.size() > 12)
        return TokenType::Identifier;
    char lower[16] = {};
    for (qsizetype i = 0; i < word.size(); ++i) {
        const char c = word[i];
        lower[i] = (c >= 'A' && c <= 'Z') ? char(c + 32) : c;
    }
    for (const Keyword &k : Keywords)
        if (k.word[0] != '\0' && std::strcmp(k.word, lower) == 0)
            return k.type;
    return TokenType::Identifier;
}

} // namespace

bool isOperator(TokenType t)
{
    return t >= TokenType::Add && t <= TokenType::Atan2;
}

bool isAggregator(TokenType t)
{
    return t >= TokenType::Avg && t <= TokenType::Topk;
}

bool isKeyword(TokenType t)
{
    return t >= TokenType::Bool && t <= TokenType::Without;
}

bool isComparison(TokenType t)
{
    switch (t) {
    case TokenType::EqualEqual:
    case TokenType::NotEqual:
    case TokenType::LessEqual:
    case TokenType::Less:
    case TokenType::GreaterEqual:
    case TokenType::Greater:
        return true;
    default:
        return false;
    }
}

bool isSetOperator(TokenType t)
{
    return t == TokenType::And || t == TokenType::Or || t == TokenType::Unless;
}

bool aggregatorTakesParameter(TokenType t)
{
    return t == TokenType::Topk || t == TokenType::Bottomk || t == TokenType::CountValues ||
           t == TokenType::Quantile;
}

QByteArrayView tokenTypeText(TokenType t)
{
    switch (t) {
    case TokenType::LeftParen:
        return "(";
    case TokenType::RightParen:
        return ")";
    case TokenType::LeftBrace:
        return "{";
    case TokenType::RightBrace:
        return "}";
    case TokenType::LeftBracket:
        return "[";
    case TokenType::RightBracket:
        return "]";
    case TokenType::Comma:
        return ",";
    case TokenType::Assign:
        return "=";
    case TokenType::Colon:
        return ":";
    case TokenType::Add:
        return "+";
    case TokenType::Div:
        return "/";
    case TokenType::EqualEqual:
        return "==";
    case TokenType::EqualRegex:
        return "=~";
    case TokenType::GreaterEqual:
        return ">=";
    case TokenType::Greater:
        return ">";
    case TokenType::Less:
        return "<";
    case TokenType::LessEqual:
        return "<=";
    case TokenType::Mod:
        return "%";
    case TokenType::Mul:
        return "*";
    case TokenType::NotEqual:
        return "!=";
    case TokenType::NotRegex:
        return "!~";
    case TokenType::Pow:
        return "^";
    case TokenType::Sub:
        return "-";
    case TokenType::At:
        return "@";
    default:
        break;
    }
    for (const Keyword &k : Keywords)
        if (k.type == t && t != TokenType::Number && t != TokenType::Eof)
            return k.word;
    return {};
}

char32_t Lexer::nextRune()
{
    if (m_pos >= m_input.size()) {
        m_width = 0;
        return EndOfInput;
    }
    char32_t r = 0;
    m_width = go::decodeRune(m_input, m_pos, &r);
    m_pos += m_width;
    return r;
}

char32_t Lexer::peekRune()
{
    const char32_t r = nextRune();
    backup();
    return r;
}

bool Lexer::accept(const char *valid)
{
    const char32_t r = nextRune();
    if (r < 0x80 && r != 0 && std::strchr(valid, int(r)))
        return true;
    backup();
    return false;
}

void Lexer::acceptRun(const char *valid)
{
    for (;;) {
        const char32_t r = nextRune();
        if (!(r < 0x80 && r != 0 && std::strchr(valid, int(r))))
            break;
    }
    backup();
}

Token Lexer::produce(TokenType type)
{
    const Token token{type, int(m_start), int(m_pos)};
    m_start = m_pos;
    return token;
}

Token Lexer::fail(QByteArray message)
{
    m_error = std::move(message);
    m_state = State::Done;
    return Token{TokenType::Error, int(m_start), int(m_input.size())};
}

void Lexer::skipSpaces()
{
    while (isSpace(peekRune()))
        nextRune();
    m_start = m_pos;
}

Token Lexer::next()
{
    switch (m_state) {
    case State::Done:
        return Token{TokenType::Eof, int(m_pos), int(m_pos)};
    case State::Duration:
        m_state = State::Statements;
        return lexDuration();
    case State::Statements:
        break;
    }
    for (;;) {
        if (m_braceOpen)
            return lexInsideBraces();
        if (m_input.sliced(m_pos).startsWith('#'))
            return lexLineComment();
        const char32_t r = nextRune();
        if (r == EndOfInput) {
            if (m_parenDepth != 0)
                return fail("unclosed left parenthesis");
            if (m_bracketOpen)
                return fail("unclosed left bracket");
            m_state = State::Done;
            return produce(TokenType::Eof);
        }
        if (isSpace(r)) {
            skipSpaces();
            continue;
        }
        switch (r) {
        case U',':
            return produce(TokenType::Comma);
        case U'*':
            return produce(TokenType::Mul);
        case U'/':
            return produce(TokenType::Div);
        case U'%':
            return produce(TokenType::Mod);
        case U'+':
            return produce(TokenType::Add);
        case U'-':
            return produce(TokenType::Sub);
        case U'^':
            return produce(TokenType::Pow);
        case U'=': {
            const char32_t t = peekRune();
            if (t == U'=') {
                nextRune();
                return produce(TokenType::EqualEqual);
            }
            if (t == U'~')
                return fail("unexpected character after '=': " + go::quoteRune(t));
            return produce(TokenType::Assign);
        }
        case U'!': {
            const char32_t t = nextRune();
            if (t == U'=')
                return produce(TokenType::NotEqual);
            return fail("unexpected character after '!': " + go::quoteRune(t));
        }
        case U'<':
            if (peekRune() == U'=') {
                nextRune();
                return produce(TokenType::LessEqual);
            }
            return produce(TokenType::Less);
        case U'>':
            if (peekRune() == U'=') {
                nextRune();
                return produce(TokenType::GreaterEqual);
            }
            return produce(TokenType::Greater);
        case U'"':
        case U'\'':
            return lexString(char(r));
        case U'`':
            return lexRawString();
        case U'(':
            ++m_parenDepth;
            return produce(TokenType::LeftParen);
        case U')': {
            const Token token = produce(TokenType::RightParen);
            if (--m_parenDepth < 0)
                return fail("unexpected right parenthesis " + go::quoteRune(r));
            return token;
        }
        case U'{':
            m_braceOpen = true;
            return produce(TokenType::LeftBrace);
        case U'[': {
            if (m_bracketOpen)
                return fail("unexpected left bracket " + go::quoteRune(r));
            m_gotColon = false;
            const Token token = produce(TokenType::LeftBracket);
            if (isSpace(peekRune()))
                skipSpaces();
            m_bracketOpen = true;
            m_state = State::Duration;
            return token;
        }
        case U']':
            if (!m_bracketOpen)
                return fail("unexpected right bracket " + go::quoteRune(r));
            m_bracketOpen = false;
            return produce(TokenType::RightBracket);
        case U'@':
            return produce(TokenType::At);
        default:
            break;
        }
        if (isDigit(r) || (r == U'.' && isDigit(peekRune()))) {
            backup();
            return lexNumberOrDuration();
        }
        if (isAlpha(r) || r == U':') {
            if (!m_bracketOpen) {
                backup();
                return lexKeywordOrIdentifier();
            }
            if (m_gotColon)
                return fail("unexpected colon " + go::quoteRune(r));
            m_gotColon = true;
            return produce(TokenType::Colon);
        }
        return fail("unexpected character: " + go::quoteRune(r));
    }
}

Token Lexer::lexInsideBraces()
{
    for (;;) {
        if (m_input.sliced(m_pos).startsWith('#'))
            return lexLineComment();
        const char32_t r = nextRune();
        if (r == EndOfInput)
            return fail("unexpected end of input inside braces");
        if (isSpace(r)) {
            skipSpaces();
            continue;
        }
        if (isAlpha(r)) {
            backup();
            return lexIdentifier();
        }
        switch (r) {
        case U',':
            return produce(TokenType::Comma);
        case U'"':
        case U'\'':
            return lexString(char(r));
        case U'`':
            return lexRawString();
        case U'=':
            if (nextRune() == U'~')
                return produce(TokenType::EqualRegex);
            backup();
            return produce(TokenType::Assign);
        case U'!': {
            const char32_t nr = nextRune();
            if (nr == U'~')
                return produce(TokenType::NotRegex);
            if (nr == U'=')
                return produce(TokenType::NotEqual);
            return fail("unexpected character after '!' inside braces: " + go::quoteRune(nr));
        }
        case U'{':
            return fail("unexpected left brace " + go::quoteRune(r));
        case U'}':
            m_braceOpen = false;
            return produce(TokenType::RightBrace);
        default:
            return fail("unexpected character inside braces: " + go::quoteRune(r));
        }
    }
}

Token Lexer::lexLineComment()
{
    m_pos += 1;
    char32_t r = nextRune();
    while (!isEndOfLine(r) && r != EndOfInput)
        r = nextRune();
    backup();
    return produce(TokenType::Comment);
}

bool Lexer::lexEscape(char quote)
{
    char32_t ch = nextRune();
    int n = 0;
    std::uint32_t base = 0;
    std::uint32_t max = 0;
    switch (ch) {
    case U'a':
    case U'b':
    case U'f':
    case U'n':
    case U'r':
    case U't':
    case U'v':
    case U'\\':
        return true;
    case U'0':
    case U'1':
    case U'2':
    case U'3':
    case U'4':
    case U'5':
    case U'6':
    case U'7':
        n = 3;
        base = 8;
        max = 255;
        break;
    case U'x':
        ch = nextRune();
        n = 2;
        base = 16;
        max = 255;
        break;
    case U'u':
        ch = nextRune();
        n = 4;
        base = 16;
        max = 0x10FFFF;
        break;
    case U'U':
        ch = nextRune();
        n = 8;
        base = 16;
        max = 0x10FFFF;
        break;
    case EndOfInput:
        fail("escape sequence not terminated");
        return false;
    default:
        if (ch == char32_t(quote))
            return true;
        fail("unknown escape sequence " + go::unicodeRune(ch));
        return false;
    }
    std::uint32_t x = 0;
    while (n > 0) {
        const auto d = std::uint32_t(digitValue(ch));
        if (d >= base) {
            if (ch == EndOfInput)
                fail("escape sequence not terminated");
            else
                fail("illegal character " + go::unicodeRune(ch) + " in escape sequence");
            return false;
        }
        x = x * base + d;
        --n;
        if (n > 0)
            ch = nextRune();
    }
    if (x > max || (x >= 0xD800 && x < 0xE000)) {
        fail("escape sequence is an invalid Unicode code point");
        return false;
    }
    return true;
}

Token Lexer::lexString(char quote)
{
    for (;;) {
        const char32_t r = nextRune();
        if (r == U'\\') {
            if (!lexEscape(quote))
                return Token{TokenType::Error, int(m_start), int(m_input.size())};
            continue;
        }
        // Go compares with utf8.RuneError, so a literal U+FFFD is refused like an invalid byte.
        if (r == go::RuneError)
            return fail("invalid UTF-8 rune");
        if (r == EndOfInput || r == U'\n')
            return fail("unterminated quoted string");
        if (r == char32_t(quote))
            return produce(TokenType::String);
    }
}

Token Lexer::lexRawString()
{
    for (;;) {
        const char32_t r = nextRune();
        if (r == go::RuneError)
            return fail("invalid UTF-8 rune");
        if (r == EndOfInput)
            return fail("unterminated raw string");
        if (r == U'`')
            return produce(TokenType::String);
    }
}

Token Lexer::lexDuration()
{
    if (scanNumber())
        return fail("missing unit character in duration");
    if (!acceptRemainingDuration())
        return fail("bad duration syntax: " + go::quote(m_input.sliced(m_start, m_pos - m_start)));
    backup();
    return produce(TokenType::Duration);
}

Token Lexer::lexNumberOrDuration()
{
    if (scanNumber())
        return produce(TokenType::Number);
    if (acceptRemainingDuration()) {
        backup();
        return produce(TokenType::Duration);
    }
    return fail("bad number or duration syntax: " + go::quote(m_input.sliced(m_start, m_pos - m_start)));
}

bool Lexer::acceptRemainingDuration()
{
    if (!accept("smhdwy"))
        return false;
    accept("s"); // ms; wrong units like hs are refused when the duration is read
    while (accept("0123456789")) {
        while (accept("0123456789")) {
        }
        if (!accept("smhdw"))
            return false;
        accept("s");
    }
    return !isAlphaNumeric(nextRune());
}

bool Lexer::scanNumber()
{
    const char *digits = "0123456789";
    if (accept("0") && accept("xX"))
        digits = "0123456789abcdefABCDEF";
    acceptRun(digits);
    if (accept("."))
        acceptRun(digits);
    if (accept("eE")) {
        accept("+-");
        acceptRun("0123456789");
    }
    return !isAlphaNumeric(peekRune());
}

Token Lexer::lexIdentifier()
{
    while (isAlphaNumeric(nextRune())) {
    }
    backup();
    return produce(TokenType::Identifier);
}

Token Lexer::lexKeywordOrIdentifier()
{
    for (;;) {
        const char32_t r = nextRune();
        if (isAlphaNumeric(r) || r == U':')
            continue;
        backup();
        break;
    }
    const QByteArrayView word = m_input.sliced(m_start, m_pos - m_start);
    const TokenType keyword = keywordType(word);
    if (keyword != TokenType::Identifier)
        return produce(keyword);
    return produce(word.contains(':') ? TokenType::MetricIdentifier : TokenType::Identifier);
}

} // namespace promdeck::promql
