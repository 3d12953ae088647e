// Colours for widgets: the application's dark and light themes, and Grafana's named colours and
// classic palette (from core/dashboard/Colors) resolved in the theme the widgets draw with.
#pragma once

#include "dashboard/Colors.h"

#include <QColor>
#include <QPalette>

namespace promdeck {

namespace theme {
// The theme every widget draws with. Dark unless the window's setting says otherwise; `render`
// keeps it dark, as Grafana's default, so PNGs look like the default window.
ColorTheme active();
void setActive(ColorTheme theme);

QColor background();
QColor panelBackground();
QColor panelBorder();
QColor text();
QColor mutedText();
QColor grid();
QColor error();
QColor warning();
QColor ok();
QColor pending(); // an alert on its way to firing
QColor link();
// A notice across the window (no server answers): its background; its words are text().
QColor bannerBackground();
} // namespace theme

// Grafana's named colour ("green", "dark-red", "#ff0000") as Grafana shows it in the active theme.
QColor grafanaColor(const QString &name);
QColor seriesColor(int index);
// The Qt palette of a theme: window, text, buttons, highlight, tooltips.
QPalette themePalette(ColorTheme theme);

} // namespace promdeck
