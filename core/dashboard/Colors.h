// Grafana's colours in its dark and light themes: named colours ("green", "semi-dark-red"), CSS
// colours, the classic series palette and the continuous schemes, as plain RGBA values so that the
// command line (`promdeck data`, always dark as Grafana's default) and the widgets name the same colour.
#pragma once

#include <QString>
#include <cstdint>
#include <optional>
#include <vector>

namespace promdeck {

// Grafana resolves its named colours per theme: on a light background each name is one shade darker.
enum class ColorTheme
{
    Dark,
    Light,
};

struct Rgba
{
    std::uint8_t r = 0;
    std::uint8_t g = 0;
    std::uint8_t b = 0;
    std::uint8_t a = 255;
    // "#rrggbb" (the alpha is dropped; transparent colours are rare in a legend)
    QString hex() const;
    friend bool operator==(const Rgba &, const Rgba &) = default;
};

// A colour as dashboards write it: Grafana's names (green, semi-dark-red, super-light-blue, text,
// transparent, panel-bg), #rgb / #rrggbb / #rrggbbaa, rgb()/rgba(), CSS names. nullopt if none.
std::optional<Rgba> parseColor(QStringView text, ColorTheme theme = ColorTheme::Dark);
// The same, with Grafana's fallback (gray) for what it cannot read.
Rgba colorOrFallback(QStringView text, ColorTheme theme = ColorTheme::Dark);
// Grafana's classic palette (green, yellow, blue, orange, red, purple, ...), by series index.
Rgba classicPaletteColor(int index, ColorTheme theme = ColorTheme::Dark);
int classicPaletteSize();
// A continuous scheme (`continuous-GrYlRd`, ...) at a position 0..1; nullopt for other modes.
std::optional<Rgba> continuousSchemeColor(QStringView mode, double position,
                                          ColorTheme theme = ColorTheme::Dark);
// Shades of one colour for the `shades` mode: the colour itself for index 0, then lighter and darker.
Rgba shadeOf(const Rgba &base, int index);
// Linear blend between two colours.
Rgba mixColors(const Rgba &a, const Rgba &b, double t);
// Grafana's stringHash (Java-style, 32 bits), for palette-classic-by-name.
std::int32_t grafanaStringHash(QStringView text);

} // namespace promdeck
