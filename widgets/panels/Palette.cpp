#include "panels/Palette.h"

#include "dashboard/Colors.h"

namespace promdeck {

QColor grafanaColor(const QString &name)
{
    const Rgba c = colorOrFallback(name);
    return QColor(c.r, c.g, c.b, c.a);
}

QColor seriesColor(int index)
{
    const Rgba c = classicPaletteColor(index);
    return QColor(c.r, c.g, c.b, c.a);
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, theme::Background);
    p.setColor(QPalette::WindowText, theme::Text);
    p.setColor(QPalette::Base, theme::PanelBackground);
    p.setColor(QPalette::AlternateBase, theme::Background);
    p.setColor(QPalette::Text, theme::Text);
    p.setColor(QPalette::Button, QColor(0x22, 0x25, 0x2b));
    p.setColor(QPalette::ButtonText, theme::Text);
    p.setColor(QPalette::ToolTipBase, QColor(0x22, 0x25, 0x2b));
    p.setColor(QPalette::ToolTipText, theme::Text);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x71, 0xd9));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, theme::MutedText);
    p.setColor(QPalette::Disabled, QPalette::Text, theme::MutedText);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, theme::MutedText);
    return p;
}

} // namespace promdeck
