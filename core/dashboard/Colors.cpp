#include "dashboard/Colors.h"

#include <QHash>
#include <QStringList>
#include <algorithm>
#include <cmath>

namespace promdeck {

namespace {

Rgba hexColor(std::uint32_t rgb)
{
    return {static_cast<std::uint8_t>(rgb >> 16), static_cast<std::uint8_t>(rgb >> 8),
            static_cast<std::uint8_t>(rgb), 255};
}

struct Named
{
    const char *name;
    std::uint32_t rgb;
};

// Grafana's six hues, each a ramp of six shades from lightest to darkest (createVisualizationColors.ts).
// The dark theme names the first five super-light, light, (primary), semi-dark and dark; the light
// theme names the last five the same way, so every name is one shade darker on a light background.
struct HueRamp
{
    const char *hue;
    std::uint32_t shades[6];
};
constexpr HueRamp hueRamps[] = {
    {"red", {0xFFA6B0, 0xFF7383, 0xF2495C, 0xE02F44, 0xC4162A, 0xAD0317}},
    {"orange", {0xFFCB7D, 0xFFB357, 0xFF9830, 0xFF780A, 0xFA6400, 0xE55400}},
    {"yellow", {0xFFF899, 0xFFEE52, 0xFADE2A, 0xF2CC0C, 0xE0B400, 0xCC9D00}},
    {"green", {0xC8F2C2, 0x96D98D, 0x73BF69, 0x56A64B, 0x37872D, 0x19730E}},
    {"blue", {0xC0D8FF, 0x8AB8FF, 0x5794F2, 0x3274D9, 0x1F60C4, 0x1250B0}},
    {"purple", {0xDEB6F2, 0xCA95E5, 0xB877D9, 0xA352CC, 0x8F3BB8, 0x7C2EA3}},
};

QHash<QString, Rgba> themeColors(ColorTheme theme)
{
    QHash<QString, Rgba> n;
    const int darkerBy = theme == ColorTheme::Light ? 1 : 0;
    static const char *const shadePrefixes[] = {"super-light-", "light-", "", "semi-dark-", "dark-"};
    for (const HueRamp &ramp : hueRamps)
        for (int shade = 0; shade < 5; ++shade)
            n.insert(QLatin1String(shadePrefixes[shade]) + QLatin1String(ramp.hue),
                     hexColor(ramp.shades[shade + darkerBy]));
    // The theme's own: its primary text and panel background.
    n.insert(QStringLiteral("text"), hexColor(theme == ColorTheme::Light ? 0x24292E : 0xCCCCDC));
    n.insert(QStringLiteral("panel-bg"), hexColor(theme == ColorTheme::Light ? 0xFFFFFF : 0x181B1F));
    n.insert(QStringLiteral("transparent"), Rgba{0, 0, 0, 0});
    // CSS colour names people write in dashboards (the common ones); Grafana's own names win.
    static const Named css[] = {
        {"black", 0x000000},      {"white", 0xFFFFFF},     {"gray", 0x808080},       {"grey", 0x808080},
        {"silver", 0xC0C0C0},     {"maroon", 0x800000},    {"olive", 0x808000},      {"lime", 0x00FF00},
        {"aqua", 0x00FFFF},       {"cyan", 0x00FFFF},      {"teal", 0x008080},       {"navy", 0x000080},
        {"fuchsia", 0xFF00FF},    {"magenta", 0xFF00FF},   {"pink", 0xFFC0CB},       {"brown", 0xA52A2A},
        {"gold", 0xFFD700},       {"darkred", 0x8B0000},   {"darkgreen", 0x006400},  {"darkblue", 0x00008B},
        {"lightgreen", 0x90EE90}, {"lightblue", 0xADD8E6}, {"darkorange", 0xFF8C00}, {"tomato", 0xFF6347},
        {"crimson", 0xDC143C},    {"coral", 0xFF7F50},     {"indigo", 0x4B0082},     {"violet", 0xEE82EE},
        {"khaki", 0xF0E68C},      {"salmon", 0xFA8072},    {"tan", 0xD2B48C},        {"turquoise", 0x40E0D0},
        {"steelblue", 0x4682B4},  {"slategray", 0x708090}, {"darkgray", 0xA9A9A9},   {"lightgray", 0xD3D3D3},
    };
    for (const Named &c : css)
        if (!n.contains(QLatin1String(c.name)))
            n.insert(QLatin1String(c.name), hexColor(c.rgb));
    return n;
}

const QHash<QString, Rgba> &namedColors(ColorTheme theme)
{
    static const QHash<QString, Rgba> dark = themeColors(ColorTheme::Dark);
    static const QHash<QString, Rgba> light = themeColors(ColorTheme::Light);
    return theme == ColorTheme::Light ? light : dark;
}

int hexDigit(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= u'0' && u <= u'9')
        return u - u'0';
    if (u >= u'a' && u <= u'f')
        return u - u'a' + 10;
    if (u >= u'A' && u <= u'F')
        return u - u'A' + 10;
    return -1;
}

std::optional<Rgba> parseHex(QStringView s)
{
    std::vector<int> d;
    for (const QChar c : s.mid(1)) {
        const int v = hexDigit(c);
        if (v < 0)
            return std::nullopt;
        d.push_back(v);
    }
    auto byte = [&](size_t i) { return static_cast<std::uint8_t>(d[i] * 16 + d[i + 1]); };
    auto nibble = [&](size_t i) { return static_cast<std::uint8_t>(d[i] * 17); };
    switch (d.size()) {
    case 3:
        return Rgba{nibble(0), nibble(1), nibble(2), 255};
    case 4:
        return Rgba{nibble(0), nibble(1), nibble(2), nibble(3)};
    case 6:
        return Rgba{byte(0), byte(2), byte(4), 255};
    case 8:
        return Rgba{byte(0), byte(2), byte(4), byte(6)};
    default:
        return std::nullopt;
    }
}

std::optional<Rgba> parseRgbFunction(QStringView s)
{
    const qsizetype open = s.indexOf(u'(');
    const qsizetype close = s.lastIndexOf(u')');
    if (open < 0 || close < open)
        return std::nullopt;
    const QStringList parts = s.mid(open + 1, close - open - 1).toString().split(QLatin1Char(','));
    if (parts.size() < 3)
        return std::nullopt;
    auto channel = [](const QString &p) {
        const QString t = p.trimmed();
        if (t.endsWith(QLatin1Char('%')))
            return static_cast<std::uint8_t>(
                std::clamp(std::lround(t.chopped(1).toDouble() * 2.55), 0L, 255L));
        return static_cast<std::uint8_t>(std::clamp(std::lround(t.toDouble()), 0L, 255L));
    };
    Rgba c{channel(parts[0]), channel(parts[1]), channel(parts[2]), 255};
    if (parts.size() >= 4)
        c.a =
            static_cast<std::uint8_t>(std::clamp(std::lround(parts[3].trimmed().toDouble() * 255), 0L, 255L));
    return c;
}

} // namespace

QString Rgba::hex() const
{
    return QStringLiteral("#%1%2%3")
        .arg(r, 2, 16, QLatin1Char('0'))
        .arg(g, 2, 16, QLatin1Char('0'))
        .arg(b, 2, 16, QLatin1Char('0'));
}

std::optional<Rgba> parseColor(QStringView text, ColorTheme theme)
{
    const QString t = text.trimmed().toString();
    if (t.isEmpty())
        return std::nullopt;
    if (t.startsWith(QLatin1Char('#')))
        return parseHex(t);
    if (t.startsWith(u"rgb", Qt::CaseInsensitive))
        return parseRgbFunction(t);
    const auto &names = namedColors(theme);
    if (const auto it = names.constFind(t.toLower()); it != names.cend())
        return *it;
    return std::nullopt;
}

Rgba colorOrFallback(QStringView text, ColorTheme theme)
{
    return parseColor(text, theme).value_or(hexColor(0x808080)); // Grafana's FALLBACK_COLOR
}

namespace {
std::vector<Rgba> makeClassicPalette(ColorTheme theme)
{
    // getClassicPalette(): named hues first, then the old flot colours.
    static const char *const names[] = {"green",
                                        "yellow",
                                        "blue",
                                        "orange",
                                        "red",
                                        "purple",
                                        "dark-green",
                                        "dark-yellow",
                                        "dark-blue",
                                        "dark-orange",
                                        "dark-red",
                                        "dark-purple",
                                        "super-light-green",
                                        "super-light-yellow",
                                        "super-light-blue",
                                        "super-light-orange",
                                        "super-light-red",
                                        "super-light-purple"};
    static const std::uint32_t rest[] = {
        0x447EBC, 0xC15C17, 0x890F02, 0x0A437C, 0x6D1F62, 0x584477, 0xB7DBAB, 0xF4D598, 0x70DBED, 0xF9BA8F,
        0xF29191, 0x82B5D8, 0xE5A8E2, 0xAEA2E0, 0x629E51, 0xE5AC0E, 0x64B0C8, 0xE0752D, 0xBF1B00, 0x0A50A1,
        0x962D82, 0x614D93, 0x9AC48A, 0xF2C96D, 0x65C5DB, 0xF9934E, 0xEA6460, 0x5195CE, 0xD683CE, 0x806EB7,
        0x3F6833, 0x967302, 0x2F575E, 0x99440A, 0x58140C, 0x052B51, 0x511749, 0x3F2B5B, 0xE0F9D7, 0xFCEACA,
        0xCFFAFF, 0xF9E2D2, 0xFCE2DE, 0xBADFF4, 0xF9D9F9, 0xDEDAF7};
    std::vector<Rgba> p;
    for (const char *n : names)
        p.push_back(*parseColor(QString::fromLatin1(n), theme));
    for (std::uint32_t c : rest)
        p.push_back(hexColor(c));
    return p;
}

const std::vector<Rgba> &classicPalette(ColorTheme theme)
{
    static const std::vector<Rgba> dark = makeClassicPalette(ColorTheme::Dark);
    static const std::vector<Rgba> light = makeClassicPalette(ColorTheme::Light);
    return theme == ColorTheme::Light ? light : dark;
}
} // namespace

int classicPaletteSize()
{
    return static_cast<int>(classicPalette(ColorTheme::Dark).size());
}

Rgba classicPaletteColor(int index, ColorTheme theme)
{
    const int n = classicPaletteSize();
    return classicPalette(theme)[static_cast<size_t>(((index % n) + n) % n)];
}

Rgba mixColors(const Rgba &a, const Rgba &b, double t)
{
    t = std::clamp(t, 0.0, 1.0);
    auto mix = [t](std::uint8_t x, std::uint8_t y) {
        return static_cast<std::uint8_t>(std::lround(x + (y - x) * t));
    };
    return {mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b), mix(a.a, b.a)};
}

std::optional<Rgba> continuousSchemeColor(QStringView mode, double position, ColorTheme theme)
{
    // Grafana's continuous modes (fieldColor.ts) name their stops; d3's perceptual schemes are
    // approximated by their key colours.
    struct Scheme
    {
        const char16_t *id;
        std::vector<const char *> stops;
    };
    static const Scheme schemes[] = {
        {u"continuous-GrYlRd", {"green", "yellow", "red"}},
        {u"continuous-RdYlGr", {"red", "yellow", "green"}},
        {u"continuous-BlYlRd", {"dark-blue", "super-light-yellow", "dark-red"}},
        {u"continuous-YlRd", {"super-light-yellow", "dark-red"}},
        {u"continuous-BlPu", {"blue", "purple"}},
        {u"continuous-YlBl", {"super-light-yellow", "dark-blue"}},
        {u"continuous-blues", {"panel-bg", "dark-blue"}},
        {u"continuous-reds", {"panel-bg", "dark-red"}},
        {u"continuous-greens", {"panel-bg", "dark-green"}},
        {u"continuous-purples", {"panel-bg", "dark-purple"}},
        {u"continuous-viridis", {"#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"}},
        {u"continuous-magma", {"#000004", "#51127c", "#b73779", "#fc8961", "#fcfdbf"}},
        {u"continuous-plasma", {"#0d0887", "#7e03a8", "#cc4778", "#f89540", "#f0f921"}},
        {u"continuous-inferno", {"#000004", "#56106e", "#bb3754", "#f98e09", "#fcffa4"}},
        {u"continuous-cividis", {"#00224e", "#35456c", "#666970", "#948e77", "#c8b866", "#fee838"}},
    };
    for (const Scheme &s : schemes) {
        if (mode != QStringView(s.id))
            continue;
        const double p = std::isfinite(position) ? std::clamp(position, 0.0, 1.0) : 0.0;
        const double scaled = p * static_cast<double>(s.stops.size() - 1);
        const size_t i = std::min(static_cast<size_t>(scaled), s.stops.size() - 2);
        return mixColors(colorOrFallback(QString::fromLatin1(s.stops[i]), theme),
                         colorOrFallback(QString::fromLatin1(s.stops[i + 1]), theme),
                         scaled - static_cast<double>(i));
    }
    return std::nullopt;
}

Rgba shadeOf(const Rgba &base, int index)
{
    if (index <= 0)
        return base;
    // Alternate lighter and darker, a step further each time round.
    const double step = 0.15 * ((index + 1) / 2);
    return index % 2 ? mixColors(base, Rgba{255, 255, 255, base.a}, step)
                     : mixColors(base, Rgba{0, 0, 0, base.a}, step);
}

std::int32_t grafanaStringHash(QStringView text)
{
    std::uint32_t hash = 0;
    for (const QChar c : text)
        hash = hash * 31 + c.unicode();
    return static_cast<std::int32_t>(hash);
}

} // namespace promdeck
