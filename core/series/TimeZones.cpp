#include "series/TimeZones.h"

#include <QDateTime>

namespace promdeck {

namespace {
bool isLocalName(QStringView name)
{
    return name.compare(u"browser", Qt::CaseInsensitive) == 0 ||
           name.compare(u"local", Qt::CaseInsensitive) == 0;
}
} // namespace

Result<QTimeZone> timeZoneNamed(QStringView name)
{
    const QStringView n = name.trimmed();
    if (isLocalName(n))
        return QTimeZone::systemTimeZone();
    if (n.compare(u"utc", Qt::CaseInsensitive) == 0)
        return QTimeZone::utc();
    const QByteArray id = n.toUtf8();
    if (!n.isEmpty() && QTimeZone::isTimeZoneIdAvailable(id))
        return QTimeZone(id);
    return Error::plain(Error::Kind::Invalid,
                        QStringLiteral("unknown time zone \"%1\": use browser, utc or an IANA name such as "
                                       "Europe/Berlin")
                            .arg(n));
}

QTimeZone effectiveTimeZone(QStringView dashboardTimezone, QStringView userSetting)
{
    for (QStringView name : {dashboardTimezone, userSetting}) {
        if (name.trimmed().isEmpty())
            continue;
        if (Result<QTimeZone> zone = timeZoneNamed(name))
            return *zone;
    }
    return QTimeZone::systemTimeZone();
}

QString timeZoneSettingLabel(QStringView name)
{
    const QStringView n = name.trimmed();
    if (n.isEmpty())
        return QStringLiteral("Dashboard default");
    if (isLocalName(n))
        return QStringLiteral("Local (browser)");
    if (n.compare(u"utc", Qt::CaseInsensitive) == 0)
        return QStringLiteral("UTC");
    return n.toString();
}

QString timeText(std::int64_t timeMs, const QTimeZone &zone, const QString &format)
{
    return QDateTime::fromMSecsSinceEpoch(timeMs, zone).toString(format);
}

QString rfc3339Text(std::int64_t timeMs, const QTimeZone &zone)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(timeMs, zone);
    if (t.offsetFromUtc() == 0)
        return QDateTime::fromMSecsSinceEpoch(timeMs, Qt::UTC).toString(Qt::ISODateWithMs);
    return t.toString(Qt::ISODateWithMs);
}

} // namespace promdeck
