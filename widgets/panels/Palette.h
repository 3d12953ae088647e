// Colours for widgets: Grafana's named colours and classic palette (from core/dashboard/Colors) as
// QColor, and the application's dark theme.
#pragma once

#include <QColor>
#include <QPalette>

namespace promdeck {

QColor grafanaColor(const QString &name);
QColor seriesColor(int index);
// The application's dark theme; the offscreen renderer uses it too, so PNGs look like the window.
QPalette darkPalette();

namespace theme {
inline const QColor Background{0x11, 0x12, 0x17};
inline const QColor PanelBackground{0x18, 0x1b, 0x1f};
inline const QColor PanelBorder{0x2c, 0x30, 0x35};
inline const QColor Text{0xd8, 0xd9, 0xda};
inline const QColor MutedText{0x8e, 0x8e, 0x8e};
inline const QColor Grid{0x2c, 0x30, 0x35};
inline const QColor Error{0xf2, 0x49, 0x5c};
inline const QColor Warning{0xff, 0x98, 0x30};
inline const QColor Ok{0x73, 0xbf, 0x69};
} // namespace theme

} // namespace promdeck
