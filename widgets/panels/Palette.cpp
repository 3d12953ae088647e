#include "panels/Palette.h"

namespace promdeck {

namespace {

struct ThemeColors
{
    QColor background;
    QColor panelBackground;
    QColor panelBorder;
    QColor text;
    QColor mutedText;
    QColor grid;
    QColor error;
    QColor warning;
    QColor ok;
    QColor pending;
    QColor link;
    QColor bannerBackground;
};

// Grafana's dark theme.
const ThemeColors darkColors{
    {0x11, 0x12, 0x17}, {0x18, 0x1b, 0x1f}, {0x2c, 0x30, 0x35}, {0xd8, 0xd9, 0xda},
    {0x8e, 0x8e, 0x8e}, {0x2c, 0x30, 0x35}, {0xf2, 0x49, 0x5c}, {0xff, 0x98, 0x30},
    {0x73, 0xbf, 0x69}, {0xfa, 0xde, 0x2a}, {0x6e, 0x9f, 0xff}, {0x4a, 0x2a, 0x10},
};
// Grafana's light theme, with state colours dark enough to read as text on white (at least 4.5:1):
// Grafana's own orange and green are for fills, not for words.
const ThemeColors lightColors{
    {0xf4, 0xf5, 0xf5}, {0xff, 0xff, 0xff}, {0xd0, 0xd3, 0xd8}, {0x24, 0x29, 0x2e},
    {0x5c, 0x63, 0x6b}, {0xe3, 0xe5, 0xe8}, {0xc4, 0x16, 0x2a}, {0xa3, 0x52, 0x00},
    {0x1a, 0x7f, 0x37}, {0x8a, 0x6a, 0x00}, {0x1f, 0x60, 0xc4}, {0xff, 0xe7, 0xc2},
};

ColorTheme activeTheme = ColorTheme::Dark;

const ThemeColors &colors()
{
    return activeTheme == ColorTheme::Light ? lightColors : darkColors;
}

} // namespace

namespace theme {
ColorTheme active()
{
    return activeTheme;
}
void setActive(ColorTheme theme)
{
    activeTheme = theme;
}
QColor background()
{
    return colors().background;
}
QColor panelBackground()
{
    return colors().panelBackground;
}
QColor panelBorder()
{
    return colors().panelBorder;
}
QColor text()
{
    return colors().text;
}
QColor mutedText()
{
    return colors().mutedText;
}
QColor grid()
{
    return colors().grid;
}
QColor error()
{
    return colors().error;
}
QColor warning()
{
    return colors().warning;
}
QColor ok()
{
    return colors().ok;
}
QColor pending()
{
    return colors().pending;
}
QColor link()
{
    return colors().link;
}
QColor bannerBackground()
{
    return colors().bannerBackground;
}
} // namespace theme

QColor grafanaColor(const QString &name)
{
    const Rgba c = colorOrFallback(name, activeTheme);
    return QColor(c.r, c.g, c.b, c.a);
}

QColor seriesColor(int index)
{
    const Rgba c = classicPaletteColor(index, activeTheme);
    return QColor(c.r, c.g, c.b, c.a);
}

QPalette themePalette(ColorTheme theme)
{
    const ThemeColors &c = theme == ColorTheme::Light ? lightColors : darkColors;
    const bool light = theme == ColorTheme::Light;
    const QColor button = light ? QColor(0xe9, 0xeb, 0xee) : QColor(0x22, 0x25, 0x2b);
    // The two-colour constructor derives the bevel roles (Light, Mid, Dark, Shadow) Fusion draws with.
    QPalette p = light ? QPalette(button, c.background) : QPalette();
    p.setColor(QPalette::Window, c.background);
    p.setColor(QPalette::WindowText, c.text);
    p.setColor(QPalette::Base, c.panelBackground);
    p.setColor(QPalette::AlternateBase, c.background);
    p.setColor(QPalette::Text, c.text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, c.text);
    p.setColor(QPalette::ToolTipBase, light ? QColor(Qt::white) : button);
    p.setColor(QPalette::ToolTipText, c.text);
    p.setColor(QPalette::Highlight, light ? QColor(0x32, 0x74, 0xd9) : QColor(0x3d, 0x71, 0xd9));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, c.mutedText);
    p.setColor(QPalette::Link, c.link);
    p.setColor(QPalette::Disabled, QPalette::Text, c.mutedText);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, c.mutedText);
    p.setColor(QPalette::Disabled, QPalette::WindowText, c.mutedText);
    return p;
}

} // namespace promdeck
