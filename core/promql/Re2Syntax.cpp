#include "promql/Re2Syntax.h"

#include "promql/GoText.h"

#include <QList>
#include <algorithm>
#include <array>
#include <vector>

namespace promdeck::promql {

namespace {

enum class Kind
{
    Literal,
    CharClass,
    AnyChar,
    EmptyMatch,
    Assertion,       // ^ $ \A \z: true at the empty string
    WordBoundary,    // \b: false at the empty string
    NotWordBoundary, // \B
    Group,           // a capture or non-capturing group
    Star,
    Plus,
    Quest,
    Repeat,
    Concat,
    Alternate,
};

struct Node
{
    Kind kind;
    int min = 0;
    int max = 0;
    std::vector<int> subs;
    int height = 1;
};

struct StackItem
{
    enum class Type
    {
        Regexp,
        LeftParen,
        VerticalBar,
    };
    Type type = Type::Regexp;
    int node = -1;
    std::vector<int> alternatives; // a vertical bar's alternatives so far
    bool capture = false;          // a left parenthesis that opens a capture group
};

// Go 1.19's unicode.Categories and unicode.Scripts, the names \p{...} accepts.
constexpr std::array<const char *, 36> Categories{"C",  "Cc", "Cf", "Co", "Cs", "L",  "Ll", "Lm", "Lo",
                                                  "Lt", "Lu", "M",  "Mc", "Me", "Mn", "N",  "Nd", "Nl",
                                                  "No", "P",  "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps",
                                                  "S",  "Sc", "Sk", "Sm", "So", "Z",  "Zl", "Zp", "Zs"};
constexpr std::array<const char *, 156> Scripts{"Adlam",
                                                "Ahom",
                                                "Anatolian_Hieroglyphs",
                                                "Arabic",
                                                "Armenian",
                                                "Avestan",
                                                "Balinese",
                                                "Bamum",
                                                "Bassa_Vah",
                                                "Batak",
                                                "Bengali",
                                                "Bhaiksuki",
                                                "Bopomofo",
                                                "Brahmi",
                                                "Braille",
                                                "Buginese",
                                                "Buhid",
                                                "Canadian_Aboriginal",
                                                "Carian",
                                                "Caucasian_Albanian",
                                                "Chakma",
                                                "Cham",
                                                "Cherokee",
                                                "Chorasmian",
                                                "Common",
                                                "Coptic",
                                                "Cuneiform",
                                                "Cypriot",
                                                "Cyrillic",
                                                "Deseret",
                                                "Devanagari",
                                                "Dives_Akuru",
                                                "Dogra",
                                                "Duployan",
                                                "Egyptian_Hieroglyphs",
                                                "Elbasan",
                                                "Elymaic",
                                                "Ethiopic",
                                                "Georgian",
                                                "Glagolitic",
                                                "Gothic",
                                                "Grantha",
                                                "Greek",
                                                "Gujarati",
                                                "Gunjala_Gondi",
                                                "Gurmukhi",
                                                "Han",
                                                "Hangul",
                                                "Hanifi_Rohingya",
                                                "Hanunoo",
                                                "Hatran",
                                                "Hebrew",
                                                "Hiragana",
                                                "Imperial_Aramaic",
                                                "Inherited",
                                                "Inscriptional_Pahlavi",
                                                "Inscriptional_Parthian",
                                                "Javanese",
                                                "Kaithi",
                                                "Kannada",
                                                "Katakana",
                                                "Kayah_Li",
                                                "Kharoshthi",
                                                "Khitan_Small_Script",
                                                "Khmer",
                                                "Khojki",
                                                "Khudawadi",
                                                "Lao",
                                                "Latin",
                                                "Lepcha",
                                                "Limbu",
                                                "Linear_A",
                                                "Linear_B",
                                                "Lisu",
                                                "Lycian",
                                                "Lydian",
                                                "Mahajani",
                                                "Makasar",
                                                "Malayalam",
                                                "Mandaic",
                                                "Manichaean",
                                                "Marchen",
                                                "Masaram_Gondi",
                                                "Medefaidrin",
                                                "Meetei_Mayek",
                                                "Mende_Kikakui",
                                                "Meroitic_Cursive",
                                                "Meroitic_Hieroglyphs",
                                                "Miao",
                                                "Modi",
                                                "Mongolian",
                                                "Mro",
                                                "Multani",
                                                "Myanmar",
                                                "Nabataean",
                                                "Nandinagari",
                                                "New_Tai_Lue",
                                                "Newa",
                                                "Nko",
                                                "Nushu",
                                                "Nyiakeng_Puachue_Hmong",
                                                "Ogham",
                                                "Ol_Chiki",
                                                "Old_Hungarian",
                                                "Old_Italic",
                                                "Old_North_Arabian",
                                                "Old_Permic",
                                                "Old_Persian",
                                                "Old_Sogdian",
                                                "Old_South_Arabian",
                                                "Old_Turkic",
                                                "Oriya",
                                                "Osage",
                                                "Osmanya",
                                                "Pahawh_Hmong",
                                                "Palmyrene",
                                                "Pau_Cin_Hau",
                                                "Phags_Pa",
                                                "Phoenician",
                                                "Psalter_Pahlavi",
                                                "Rejang",
                                                "Runic",
                                                "Samaritan",
                                                "Saurashtra",
                                                "Sharada",
                                                "Shavian",
                                                "Siddham",
                                                "SignWriting",
                                                "Sinhala",
                                                "Sogdian",
                                                "Sora_Sompeng",
                                                "Soyombo",
                                                "Sundanese",
                                                "Syloti_Nagri",
                                                "Syriac",
                                                "Tagalog",
                                                "Tagbanwa",
                                                "Tai_Le",
                                                "Tai_Tham",
                                                "Tai_Viet",
                                                "Takri",
                                                "Tamil",
                                                "Tangut",
                                                "Telugu",
                                                "Thaana",
                                                "Thai",
                                                "Tibetan",
                                                "Tifinagh",
                                                "Tirhuta",
                                                "Ugaritic",
                                                "Vai",
                                                "Wancho",
                                                "Warang_Citi",
                                                "Yezidi",
                                                "Yi",
                                                "Zanabazar_Square"};
constexpr std::array<const char *, 14> PosixClasses{"alnum", "alpha", "ascii", "blank", "cntrl",
                                                    "digit", "graph", "lower", "print", "punct",
                                                    "space", "upper", "word",  "xdigit"};

bool isUnicodeClassName(QByteArrayView name)
{
    if (name == "Any")
        return true;
    auto in = [&](const auto &list) {
        return std::any_of(list.begin(), list.end(), [&](const char *n) { return name == n; });
    };
    return in(Categories) || in(Scripts);
}

bool isPosixClassName(QByteArrayView name)
{
    if (name.startsWith('^'))
        name = name.sliced(1);
    return std::any_of(PosixClasses.begin(), PosixClasses.end(), [&](const char *n) { return name == n; });
}

bool isAlnum(char32_t c)
{
    return (c >= U'0' && c <= U'9') || (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z');
}

int unhex(char32_t c)
{
    if (c >= U'0' && c <= U'9')
        return int(c - U'0');
    if (c >= U'a' && c <= U'f')
        return int(c - U'a' + 10);
    if (c >= U'A' && c <= U'F')
        return int(c - U'A' + 10);
    return -1;
}

constexpr int MaxHeight = 1000;

struct ParseFailure
{
    QByteArray code;
    QByteArray expr;
};

// A reading of the pattern as Go's regexp/syntax parser does it, keeping only what decides
// whether it is accepted and whether it matches the empty string.
class Parser
{
public:
    explicit Parser(QByteArrayView whole) : m_whole(whole) {}

    // Throws ParseFailure. Returns the root node.
    int parse()
    {
        qsizetype t = 0;
        qsizetype lastRepeat =
            -1; // where the previous repetition operator started, if the last thing was one
        while (t < m_whole.size()) {
            qsizetype repeat = -1;
            const char c = m_whole[t];
            switch (c) {
            case '(':
                if (t + 1 < m_whole.size() && m_whole[t + 1] == '?') {
                    t = parsePerlFlags(t);
                    break;
                }
                pushLeftParen(true);
                ++t;
                break;
            case '|':
                verticalBar();
                ++t;
                break;
            case ')':
                rightParen();
                ++t;
                break;
            case '^':
            case '$':
                push(newNode(Kind::Assertion));
                ++t;
                break;
            case '.':
                push(newNode(Kind::AnyChar));
                ++t;
                break;
            case '[':
                t = parseClass(t);
                break;
            case '*':
            case '+':
            case '?': {
                const Kind op = c == '*' ? Kind::Star : (c == '+' ? Kind::Plus : Kind::Quest);
                const qsizetype after = applyRepeat(op, 0, 0, t, t + 1, lastRepeat);
                repeat = t;
                t = after;
                break;
            }
            case '{': {
                int min = 0;
                int max = 0;
                qsizetype after = 0;
                if (!parseRepeat(t, &min, &max, &after)) {
                    push(newNode(Kind::Literal)); // a brace that starts no repetition is itself
                    ++t;
                    break;
                }
                if (min < 0 || min > 1000 || max > 1000 || (max >= 0 && min > max))
                    fail("invalid repeat count", m_whole.sliced(t, after - t));
                const qsizetype rest = applyRepeat(Kind::Repeat, min, max, t, after, lastRepeat);
                repeat = t;
                t = rest;
                break;
            }
            case '\\':
                t = parseBackslash(t);
                break;
            default:
                t = nextRune(t);
                push(newNode(Kind::Literal));
                break;
            }
            lastRepeat = repeat;
        }
        finishAlternation();
        if (m_stack.size() != 1)
            fail("missing closing )", m_whole);
        return m_stack.front().node;
    }

    bool matchesEmpty(int node) const
    {
        const Node &n = m_nodes[size_t(node)];
        switch (n.kind) {
        case Kind::Literal:
        case Kind::CharClass:
        case Kind::AnyChar:
        case Kind::WordBoundary:
            return false;
        case Kind::EmptyMatch:
        case Kind::Assertion:
        case Kind::NotWordBoundary:
        case Kind::Star:
        case Kind::Quest:
            return true;
        case Kind::Group:
        case Kind::Plus:
            return matchesEmpty(n.subs.front());
        case Kind::Repeat:
            return n.min == 0 || matchesEmpty(n.subs.front());
        case Kind::Concat:
            return std::all_of(n.subs.begin(), n.subs.end(), [this](int s) { return matchesEmpty(s); });
        case Kind::Alternate:
            return std::any_of(n.subs.begin(), n.subs.end(), [this](int s) { return matchesEmpty(s); });
        }
        return false;
    }

private:
    [[noreturn]] static void fail(const char *code, QByteArrayView expr)
    {
        throw ParseFailure{QByteArray(code), expr.toByteArray()};
    }

    int newNode(Kind kind, std::vector<int> subs = {})
    {
        if (kind == Kind::Concat || kind == Kind::Alternate) {
            // Go hoists the parts of a nested concatenation (alternation) into its parent.
            std::vector<int> flat;
            for (int sub : subs) {
                if (m_nodes[size_t(sub)].kind == kind)
                    flat.insert(flat.end(), m_nodes[size_t(sub)].subs.begin(),
                                m_nodes[size_t(sub)].subs.end());
                else
                    flat.push_back(sub);
            }
            subs = std::move(flat);
        }
        Node n{kind, 0, 0, std::move(subs), 1};
        for (int s : n.subs)
            n.height = std::max(n.height, m_nodes[size_t(s)].height + 1);
        if (n.height > MaxHeight)
            fail("expression nests too deeply", m_whole);
        m_nodes.push_back(std::move(n));
        return int(m_nodes.size()) - 1;
    }

    void push(int node) { m_stack.push_back(StackItem{StackItem::Type::Regexp, node, {}}); }

    void pushLeftParen(bool capture)
    {
        m_stack.push_back(StackItem{StackItem::Type::LeftParen, -1, {}, capture});
    }

    // Go's nextRune: the position after the code point at `t`, or Go's invalid UTF-8 error.
    qsizetype nextRune(qsizetype t, char32_t *rune = nullptr) const
    {
        char32_t r = 0;
        const int width = go::decodeRune(m_whole, t, &r);
        if (width == 1 && r == go::RuneError)
            fail("invalid UTF-8", m_whole.sliced(t));
        if (rune)
            *rune = width == 0 ? go::RuneError : r;
        return t + width;
    }

    void concat()
    {
        size_t i = m_stack.size();
        while (i > 0 && m_stack[i - 1].type == StackItem::Type::Regexp)
            --i;
        std::vector<int> subs;
        for (size_t j = i; j < m_stack.size(); ++j)
            subs.push_back(m_stack[j].node);
        m_stack.resize(i);
        if (subs.empty())
            push(newNode(Kind::EmptyMatch));
        else if (subs.size() == 1)
            push(subs.front());
        else
            push(newNode(Kind::Concat, std::move(subs)));
    }

    void verticalBar()
    {
        concat();
        const int top = m_stack.back().node;
        m_stack.pop_back();
        if (!m_stack.empty() && m_stack.back().type == StackItem::Type::VerticalBar) {
            m_stack.back().alternatives.push_back(top);
        } else {
            m_stack.push_back(StackItem{StackItem::Type::VerticalBar, -1, {top}});
        }
    }

    void finishAlternation()
    {
        concat();
        if (m_stack.size() >= 2 && m_stack[m_stack.size() - 2].type == StackItem::Type::VerticalBar) {
            const int top = m_stack.back().node;
            m_stack.pop_back();
            std::vector<int> alternatives = std::move(m_stack.back().alternatives);
            alternatives.push_back(top);
            m_stack.pop_back();
            push(newNode(Kind::Alternate, std::move(alternatives)));
        }
    }

    void rightParen()
    {
        finishAlternation();
        const size_t n = m_stack.size();
        if (n < 2 || m_stack[n - 2].type != StackItem::Type::LeftParen)
            fail("unexpected )", m_whole);
        const int inner = m_stack.back().node;
        const bool capture = m_stack[n - 2].capture;
        m_stack.resize(n - 2);
        // As in Go, only a capture is a node of its own; (?:...) only groups.
        push(capture ? newNode(Kind::Group, {inner}) : inner);
    }

    // Applies a repetition operator that spans [before, after) to the top of the stack. Returns
    // where parsing continues.
    qsizetype applyRepeat(Kind op, int min, int max, qsizetype before, qsizetype after, qsizetype lastRepeat)
    {
        if (after < m_whole.size() && m_whole[after] == '?')
            ++after; // non-greedy
        if (lastRepeat >= 0)
            fail("invalid nested repetition operator", m_whole.sliced(lastRepeat, after - lastRepeat));
        if (m_stack.empty() || m_stack.back().type != StackItem::Type::Regexp)
            fail("missing argument to repetition operator", m_whole.sliced(before, after - before));
        const int sub = m_stack.back().node;
        const int node = newNode(op, {sub});
        m_nodes[size_t(node)].min = min;
        m_nodes[size_t(node)].max = max;
        m_stack.back().node = node;
        if (op == Kind::Repeat && (min >= 2 || max >= 2) && !repeatIsValid(node, 1000))
            fail("invalid repeat count", m_whole.sliced(before, after - before));
        return after;
    }

    // Whether nested counted repetitions stay within n copies of the innermost expression.
    bool repeatIsValid(int node, int n) const
    {
        const Node &r = m_nodes[size_t(node)];
        if (r.kind == Kind::Repeat) {
            int m = r.max;
            if (m == 0)
                return true;
            if (m < 0)
                m = r.min;
            if (m > n)
                return false;
            if (m > 0)
                n /= m;
        }
        return std::all_of(r.subs.begin(), r.subs.end(), [&](int s) { return repeatIsValid(s, n); });
    }

    // A decimal without leading zeros; -1 when it is too large. False when there are no digits.
    bool parseInt(qsizetype *t, int *value) const
    {
        qsizetype i = *t;
        if (i >= m_whole.size() || m_whole[i] < '0' || m_whole[i] > '9')
            return false;
        if (i + 1 < m_whole.size() && m_whole[i] == '0' && m_whole[i + 1] >= '0' && m_whole[i + 1] <= '9')
            return false;
        int n = 0;
        for (; i < m_whole.size() && m_whole[i] >= '0' && m_whole[i] <= '9'; ++i) {
            if (n >= 100000000)
                n = -1;
            else if (n >= 0)
                n = n * 10 + (m_whole[i] - '0');
        }
        *t = i;
        *value = n;
        return true;
    }

    bool parseRepeat(qsizetype t, int *min, int *max, qsizetype *after) const
    {
        qsizetype i = t + 1;
        if (!parseInt(&i, min) || i >= m_whole.size())
            return false;
        if (m_whole[i] != ',') {
            *max = *min;
        } else {
            ++i;
            if (i >= m_whole.size())
                return false;
            if (m_whole[i] == '}') {
                *max = -1;
            } else {
                if (!parseInt(&i, max))
                    return false;
                if (*max < 0)
                    *min = -1;
            }
        }
        if (i >= m_whole.size() || m_whole[i] != '}')
            return false;
        *after = i + 1;
        return true;
    }

    qsizetype parsePerlFlags(qsizetype s)
    {
        const QByteArrayView rest = m_whole.sliced(s);
        if (rest.size() > 4 && rest[2] == 'P' && rest[3] == '<') {
            const qsizetype end = rest.indexOf('>');
            if (end < 0) {
                checkUtf8(s);
                fail("invalid named capture", rest);
            }
            const QByteArrayView name = rest.sliced(4, end - 4);
            checkUtf8(s + 4, s + end);
            const bool valid = !name.isEmpty() && std::all_of(name.begin(), name.end(), [](char c) {
                return c == '_' || isAlnum(char32_t(static_cast<unsigned char>(c)));
            });
            if (!valid)
                fail("invalid named capture", rest.first(end + 1));
            pushLeftParen(true);
            return s + end + 1;
        }
        qsizetype t = s + 2;
        bool negated = false;
        bool sawFlag = false;
        while (t < m_whole.size()) {
            char32_t c = 0;
            t = nextRune(t, &c);
            switch (c) {
            case U'i':
            case U'm':
            case U's':
            case U'U':
                sawFlag = true;
                continue;
            case U'-':
                if (negated)
                    break;
                negated = true;
                sawFlag = false;
                continue;
            case U':':
            case U')':
                if (negated && !sawFlag)
                    break;
                if (c == U':')
                    pushLeftParen(false);
                return t;
            default:
                break;
            }
            break;
        }
        fail("invalid or unsupported Perl syntax", m_whole.sliced(s, t - s));
    }

    void checkUtf8(qsizetype from, qsizetype to = -1) const
    {
        if (to < 0)
            to = m_whole.size();
        for (qsizetype i = from; i < to;) {
            char32_t r = 0;
            const int width = go::decodeRune(m_whole, i, &r);
            if (width == 1 && r == go::RuneError)
                fail("invalid UTF-8", m_whole.sliced(i, to - i));
            i += width;
        }
    }

    // \p{Name}, \pN, \P{Name}; returns -1 when `t` starts no such class.
    qsizetype parseUnicodeClass(qsizetype t) const
    {
        if (t + 1 >= m_whole.size() || m_whole[t] != '\\' || (m_whole[t + 1] != 'p' && m_whole[t + 1] != 'P'))
            return -1;
        qsizetype after = 0;
        QByteArrayView name;
        QByteArrayView sequence;
        char32_t c = 0;
        const qsizetype afterLetter = nextRune(t + 2, &c);
        if (c != U'{') {
            sequence = m_whole.sliced(t, afterLetter - t);
            name = sequence.sliced(2);
            after = afterLetter;
        } else {
            const qsizetype close = m_whole.indexOf('}', t);
            if (close < 0) {
                checkUtf8(t);
                fail("invalid character class range", m_whole.sliced(t));
            }
            sequence = m_whole.sliced(t, close + 1 - t);
            name = m_whole.sliced(t + 3, close - t - 3);
            checkUtf8(t + 3, close);
            after = close + 1;
        }
        if (name.startsWith('^'))
            name = name.sliced(1);
        if (!isUnicodeClassName(name))
            fail("invalid character class range", sequence);
        return after;
    }

    static bool isPerlClass(QByteArrayView s)
    {
        if (s.size() < 2 || s[0] != '\\')
            return false;
        return QByteArrayView("dDsSwW").contains(s[1]);
    }

    // One escape sequence at `s` (a backslash); returns the position after it and the rune.
    qsizetype parseEscape(qsizetype s, char32_t *value) const
    {
        qsizetype t = s + 1;
        if (t >= m_whole.size())
            fail("trailing backslash at end of expression", "");
        char32_t c = 0;
        t = nextRune(t, &c);
        auto invalid = [&](qsizetype end) { fail("invalid escape sequence", m_whole.sliced(s, end - s)); };
        auto octalDigit = [&](qsizetype i) {
            return i < m_whole.size() && m_whole[i] >= '0' && m_whole[i] <= '7';
        };
        switch (c) {
        case U'1':
        case U'2':
        case U'3':
        case U'4':
        case U'5':
        case U'6':
        case U'7':
            if (!octalDigit(t))
                invalid(t); // a backreference
            [[fallthrough]];
        case U'0': {
            char32_t r = c - U'0';
            for (int i = 1; i < 3 && octalDigit(t); ++i, ++t)
                r = r * 8 + char32_t(m_whole[t] - '0');
            *value = r;
            return t;
        }
        case U'x': {
            if (t >= m_whole.size())
                invalid(t);
            t = nextRune(t, &c);
            if (c == U'{') {
                int digits = 0;
                char32_t r = 0;
                for (;;) {
                    if (t >= m_whole.size())
                        invalid(t);
                    t = nextRune(t, &c);
                    if (c == U'}')
                        break;
                    const int v = unhex(c);
                    if (v < 0)
                        invalid(t);
                    r = r * 16 + char32_t(v);
                    if (r > 0x10FFFF)
                        invalid(t);
                    ++digits;
                }
                if (digits == 0)
                    invalid(t);
                *value = r;
                return t;
            }
            const int x = unhex(c);
            char32_t second = go::RuneError;
            t = nextRune(t, &second);
            const int y = unhex(second);
            if (x < 0 || y < 0)
                invalid(t);
            *value = char32_t(x * 16 + y);
            return t;
        }
        case U'a':
        case U'f':
        case U'n':
        case U'r':
        case U't':
        case U'v':
            *value = c;
            return t;
        default:
            // Escaped punctuation is itself; an escaped letter or digit must mean something.
            if (c < 0x80 && !isAlnum(c)) {
                *value = c;
                return t;
            }
            invalid(t);
        }
        return t;
    }

    qsizetype parseBackslash(qsizetype t)
    {
        if (t + 1 < m_whole.size()) {
            switch (m_whole[t + 1]) {
            case 'A':
            case 'z':
                push(newNode(Kind::Assertion));
                return t + 2;
            case 'b':
                push(newNode(Kind::WordBoundary));
                return t + 2;
            case 'B':
                push(newNode(Kind::NotWordBoundary));
                return t + 2;
            case 'C':
                fail("invalid escape sequence", m_whole.sliced(t, 2));
            case 'Q': {
                // \Q...\E: everything between is literal.
                qsizetype end = m_whole.indexOf("\\E", t + 2);
                const qsizetype literalEnd = end < 0 ? m_whole.size() : end;
                for (qsizetype i = t + 2; i < literalEnd;) {
                    i = nextRune(i);
                    push(newNode(Kind::Literal));
                }
                return end < 0 ? m_whole.size() : end + 2;
            }
            default:
                break;
            }
        }
        if (const qsizetype after = parseUnicodeClass(t); after >= 0) {
            push(newNode(Kind::CharClass));
            return after;
        }
        if (isPerlClass(m_whole.sliced(t))) {
            push(newNode(Kind::CharClass));
            return t + 2;
        }
        char32_t r = 0;
        const qsizetype after = parseEscape(t, &r);
        push(newNode(Kind::Literal));
        return after;
    }

    qsizetype parseClass(qsizetype s)
    {
        const QByteArrayView wholeClass = m_whole.sliced(s);
        qsizetype t = s + 1;
        if (t < m_whole.size() && m_whole[t] == '^')
            ++t;
        bool first = true; // ] and - are themselves as the first character
        while (t >= m_whole.size() || m_whole[t] != ']' || first) {
            first = false;
            const QByteArrayView rest = m_whole.sliced(t);
            if (rest.size() > 2 && rest[0] == '[' && rest[1] == ':') {
                const qsizetype close = rest.sliced(2).indexOf(":]");
                if (close >= 0) {
                    const QByteArrayView name = rest.first(close + 4);
                    if (!isPosixClassName(name.sliced(2, name.size() - 4)))
                        fail("invalid character class range", name);
                    t += name.size();
                    continue;
                }
            }
            if (const qsizetype after = parseUnicodeClass(t); after >= 0) {
                t = after;
                continue;
            }
            if (isPerlClass(rest)) {
                t += 2;
                continue;
            }
            const qsizetype rangeStart = t;
            char32_t lo = 0;
            t = parseClassChar(t, wholeClass, &lo);
            char32_t hi = lo;
            if (t + 1 < m_whole.size() && m_whole[t] == '-' && m_whole[t + 1] != ']') {
                t = parseClassChar(t + 1, wholeClass, &hi);
                if (hi < lo)
                    fail("invalid character class range", m_whole.sliced(rangeStart, t - rangeStart));
            }
        }
        push(newNode(Kind::CharClass));
        return t + 1;
    }

    qsizetype parseClassChar(qsizetype t, QByteArrayView wholeClass, char32_t *rune) const
    {
        if (t >= m_whole.size())
            fail("missing closing ]", wholeClass);
        if (m_whole[t] == '\\')
            return parseEscape(t, rune);
        return nextRune(t, rune);
    }

    QByteArrayView m_whole;
    std::vector<Node> m_nodes;
    std::vector<StackItem> m_stack;
};

QByteArray message(const ParseFailure &f)
{
    return "error parsing regexp: " + f.code + ": `" + f.expr + '`';
}

} // namespace

RegexCheck checkLabelRegex(QByteArrayView pattern)
{
    RegexCheck out;
    // Prometheus compiles the anchored form first, then parses the pattern alone; both must pass.
    const QByteArray anchored = "^(?:" + pattern.toByteArray() + ")$";
    try {
        Parser(anchored).parse();
    } catch (const ParseFailure &f) {
        out.error = message(f);
        return out;
    }
    try {
        Parser parser(pattern);
        const int root = parser.parse();
        out.matchesEmpty = parser.matchesEmpty(root);
    } catch (const ParseFailure &f) {
        out.error = message(f);
    }
    return out;
}

} // namespace promdeck::promql
