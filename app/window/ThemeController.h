// The window's theme: the setting (dark, light, follow the system), what the desktop prefers (the
// freedesktop portal's color-scheme, followed live), and the colours every widget then draws with.
#pragma once

#include "dashboard/Colors.h"
#include "settings/Settings.h"

#include <QDBusMessage>
#include <QObject>
#include <optional>

namespace promdeck {

class ThemeController : public QObject
{
    Q_OBJECT
public:
    // Applies the setting's theme at once (following the system starts from the fallback until the
    // portal answers).
    explicit ThemeController(Settings *settings, QObject *parent = nullptr);

    ThemeChoice choice() const { return m_settings->theme(); }
    void setChoice(ThemeChoice choice);
    ColorTheme applied() const { return m_applied; }
    // What the desktop prefers and where that was found, e.g. "light (desktop portal)" or
    // "dark (no desktop portal answered; GTK_THEME is Adwaita:dark)".
    QString systemDescription() const { return m_systemDescription; }

signals:
    // The colours changed: widgets that paint with theme:: colours are to be redrawn or rebuilt.
    void themeApplied(promdeck::ColorTheme theme);
    void systemDescriptionChanged();

private slots:
    // SettingChanged(namespace, key, value): the whole message, read here.
    void onPortalSettingChanged(const QDBusMessage &message);

private:
    void askPortal();
    // The portal's color-scheme: 1 prefers dark, 2 prefers light, 0 (or anything else) no preference.
    void takeSystemScheme(std::optional<uint> scheme, const QString &where);
    void apply();

    Settings *m_settings;
    ColorTheme m_system = ColorTheme::Dark;
    ColorTheme m_applied = ColorTheme::Dark;
    QString m_systemDescription;
};

} // namespace promdeck
