#include "window/ThemeController.h"

#include "panels/Palette.h"

#include <QApplication>
#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>

namespace promdeck {

namespace {

constexpr auto PortalService = "org.freedesktop.portal.Desktop";
constexpr auto PortalPath = "/org/freedesktop/portal/desktop";
constexpr auto PortalSettings = "org.freedesktop.portal.Settings";
constexpr auto AppearanceNamespace = "org.freedesktop.appearance";
constexpr auto ColorSchemeKey = "color-scheme";

// Settings.Read answers a variant holding a variant (portal version 1), some portals only one level.
std::optional<uint> unwrapScheme(QVariant value)
{
    for (int depth = 0; depth < 3; ++depth) {
        if (value.canConvert<QDBusVariant>() && value.userType() == qMetaTypeId<QDBusVariant>())
            value = value.value<QDBusVariant>().variant();
        else if (value.userType() == qMetaTypeId<QDBusArgument>()) {
            QDBusVariant inner;
            value.value<QDBusArgument>() >> inner;
            value = inner.variant();
        } else
            break;
    }
    bool ok = false;
    const uint scheme = value.toUInt(&ok);
    return ok ? std::optional<uint>(scheme) : std::nullopt;
}

// Without a portal: GTK_THEME (e.g. "Adwaita:dark") names a dark theme or not; nothing set reads dark,
// the application's own default.
std::pair<ColorTheme, QString> fallbackScheme(const QString &why)
{
    const QString gtkTheme = qEnvironmentVariable("GTK_THEME");
    if (!gtkTheme.isEmpty()) {
        const bool dark = gtkTheme.contains(u"dark", Qt::CaseInsensitive);
        return {dark ? ColorTheme::Dark : ColorTheme::Light,
                QObject::tr("%1 (%2; GTK_THEME is %3)")
                    .arg(dark ? QObject::tr("dark") : QObject::tr("light"), why, gtkTheme)};
    }
    return {ColorTheme::Dark, QObject::tr("dark (%1; no GTK_THEME either, so Promdeck's default)").arg(why)};
}

} // namespace

ThemeController::ThemeController(Settings *settings, QObject *parent) : QObject(parent), m_settings(settings)
{
    const auto [fallback, description] = fallbackScheme(tr("the desktop portal has not answered yet"));
    m_system = fallback;
    m_systemDescription = description;
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (bus.isConnected()) {
        const bool listening =
            bus.connect(QString(), QString::fromLatin1(PortalPath), QString::fromLatin1(PortalSettings),
                        QStringLiteral("SettingChanged"), this, SLOT(onPortalSettingChanged(QDBusMessage)));
        if (!listening)
            qWarning("promdeck: the desktop portal's SettingChanged cannot be followed: %s",
                     qPrintable(bus.lastError().message()));
        askPortal();
    } else {
        takeSystemScheme(std::nullopt, tr("no session D-Bus"));
    }
    apply();
}

void ThemeController::setChoice(ThemeChoice choice)
{
    m_settings->setTheme(choice);
    apply();
}

void ThemeController::askPortal()
{
    QDBusMessage read =
        QDBusMessage::createMethodCall(QString::fromLatin1(PortalService), QString::fromLatin1(PortalPath),
                                       QString::fromLatin1(PortalSettings), QStringLiteral("Read"));
    read << QString::fromLatin1(AppearanceNamespace) << QString::fromLatin1(ColorSchemeKey);
    auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(read, 3000), this);
    connect(watcher, &QDBusPendingCallWatcher::finished, this, [this](QDBusPendingCallWatcher *call) {
        call->deleteLater();
        const QDBusPendingReply<QDBusVariant> reply = *call;
        if (reply.isError()) {
            takeSystemScheme(std::nullopt, tr("no desktop portal answered: %1").arg(reply.error().message()));
            return;
        }
        takeSystemScheme(unwrapScheme(QVariant::fromValue(reply.value())), tr("desktop portal"));
    });
}

void ThemeController::onPortalSettingChanged(const QDBusMessage &message)
{
    const QList<QVariant> arguments = message.arguments();
    if (arguments.size() < 3 || arguments[0].toString() != QLatin1String(AppearanceNamespace) ||
        arguments[1].toString() != QLatin1String(ColorSchemeKey))
        return;
    takeSystemScheme(unwrapScheme(arguments[2]), tr("desktop portal"));
}

void ThemeController::takeSystemScheme(std::optional<uint> scheme, const QString &where)
{
    if (scheme && (*scheme == 1 || *scheme == 2)) {
        m_system = *scheme == 2 ? ColorTheme::Light : ColorTheme::Dark;
        m_systemDescription =
            tr("%1 (%2)").arg(m_system == ColorTheme::Light ? tr("light") : tr("dark"), where);
    } else if (scheme) {
        const auto [fallback, description] = fallbackScheme(tr("the %1 states no preference").arg(where));
        m_system = fallback;
        m_systemDescription = description;
    } else {
        const auto [fallback, description] = fallbackScheme(where);
        m_system = fallback;
        m_systemDescription = description;
    }
    emit systemDescriptionChanged();
    apply();
}

void ThemeController::apply()
{
    const ThemeChoice choice = m_settings->theme();
    const ColorTheme wanted = choice == ThemeChoice::Light          ? ColorTheme::Light
                              : choice == ThemeChoice::FollowSystem ? m_system
                                                                    : ColorTheme::Dark;
    const bool changed = wanted != theme::active();
    m_applied = wanted;
    theme::setActive(wanted);
    if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
        app->setPalette(themePalette(wanted));
    if (changed)
        emit themeApplied(wanted);
}

} // namespace promdeck
