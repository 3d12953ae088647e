// The zone times are shown, labelled and rounded in, chosen as Grafana chooses it: a dashboard's own
// `timezone` ("utc", "browser", an IANA name) wins; "" (or none) leaves it to the user's setting,
// whose "" ("Dashboard default") means local time, Grafana's browser time.
#pragma once

#include "base/Result.h"

#include <QString>
#include <QTimeZone>
#include <cstdint>

namespace promdeck {

// A zone by the names Grafana and the settings use: "browser" (or "local"), "utc", an IANA id such as
// "Europe/Berlin". Anything else is an error that says what is accepted.
Result<QTimeZone> timeZoneNamed(QStringView name);
// The zone in use for a dashboard's `timezone` and the user's setting (Grafana's getTimeZone): the
// dashboard's when it names a zone, else the user's, else local time. A name that is no zone counts
// as none (the loader warns about a dashboard's).
QTimeZone effectiveTimeZone(QStringView dashboardTimezone, QStringView userSetting);
// How a setting's value reads in a menu: "Dashboard default", "Local (browser)", "UTC", the IANA id.
QString timeZoneSettingLabel(QStringView name);
// A time as a person reads it in `zone` (`format` as QDateTime writes it).
QString timeText(std::int64_t timeMs, const QTimeZone &zone, const QString &format);
// RFC 3339 with milliseconds in `zone`: `2026-01-05T10:30:00.000+05:30`, `Z` where the offset is 0.
QString rfc3339Text(std::int64_t timeMs, const QTimeZone &zone);

} // namespace promdeck
