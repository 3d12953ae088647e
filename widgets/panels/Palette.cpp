#include "panels/Palette.h"

#include <QHash>

namespace promdeck {

QColor grafanaColor(const QString &name)
{
    static const QHash<QString, QColor> named = {
        {QStringLiteral("green"), QColor(0x73, 0xbf, 0x69)},
        {QStringLiteral("semi-dark-green"), QColor(0x56, 0xa6, 0x4b)},
        {QStringLiteral("dark-green"), QColor(0x37, 0x87, 0x2d)},
        {QStringLiteral("light-green"), QColor(0x96, 0xd9, 0x8d)},
        {QStringLiteral("red"), QColor(0xf2, 0x49, 0x5c)},
        {QStringLiteral("semi-dark-red"), QColor(0xe0, 0x2f, 0x44)},
        {QStringLiteral("dark-red"), QColor(0xc4, 0x16, 0x2a)},
        {QStringLiteral("light-red"), QColor(0xff, 0x73, 0x83)},
        {QStringLiteral("orange"), QColor(0xff, 0x98, 0x30)},
        {QStringLiteral("semi-dark-orange"), QColor(0xfa, 0x64, 0x00)},
        {QStringLiteral("dark-orange"), QColor(0xe5, 0x54, 0x00)},
        {QStringLiteral("light-orange"), QColor(0xff, 0xb3, 0x57)},
        {QStringLiteral("yellow"), QColor(0xfa, 0xde, 0x2a)},
        {QStringLiteral("semi-dark-yellow"), QColor(0xf2, 0xcc, 0x0c)},
        {QStringLiteral("dark-yellow"), QColor(0xe0, 0xb4, 0x00)},
        {QStringLiteral("blue"), QColor(0x57, 0x94, 0xf2)},
        {QStringLiteral("semi-dark-blue"), QColor(0x32, 0x74, 0xd9)},
        {QStringLiteral("dark-blue"), QColor(0x1f, 0x60, 0xc4)},
        {QStringLiteral("purple"), QColor(0xb8, 0x77, 0xd9)},
        {QStringLiteral("transparent"), QColor(0, 0, 0, 0)},
        {QStringLiteral("text"), QColor(0xd8, 0xd9, 0xda)},
    };
    const QString key = name.trimmed().toLower();
    if (const auto it = named.constFind(key); it != named.cend())
        return it.value();
    QColor c = QColor::fromString(name.trimmed());
    if (!c.isValid() && key.startsWith(QLatin1String("rgb"))) {
        // rgba(r, g, b, a) as Grafana writes it
        const qsizetype open = key.indexOf(QLatin1Char('('));
        const QStringList parts = key.mid(open + 1).chopped(1).split(QLatin1Char(','));
        if (parts.size() >= 3) {
            c = QColor(parts[0].trimmed().toInt(), parts[1].trimmed().toInt(), parts[2].trimmed().toInt());
            if (parts.size() == 4)
                c.setAlphaF(parts[3].trimmed().toFloat());
        }
    }
    return c.isValid() ? c : QColor(0x73, 0xbf, 0x69);
}

QColor seriesColor(int index)
{
    // Grafana's classic palette: distinct hues that stay readable on dark grey.
    static const QColor colors[] = {
        QColor(0x7e, 0xb2, 0x6d), QColor(0xea, 0xb8, 0x39), QColor(0x6e, 0xd0, 0xe0),
        QColor(0xef, 0x84, 0x3c), QColor(0xe2, 0x4d, 0x42), QColor(0x1f, 0x78, 0xc1),
        QColor(0xba, 0x43, 0xa9), QColor(0x70, 0x5d, 0xa0), QColor(0x50, 0x86, 0x42),
        QColor(0xcc, 0xa3, 0x00), QColor(0x44, 0x7e, 0xbc), QColor(0xc1, 0x5c, 0x17),
        QColor(0x89, 0x0f, 0x02), QColor(0x0a, 0x43, 0x7c), QColor(0x6d, 0x1f, 0x62),
        QColor(0x58, 0x44, 0x77),
    };
    constexpr int n = sizeof colors / sizeof colors[0];
    return colors[((index % n) + n) % n];
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
