// Formats values in Grafana's unit vocabulary (`fieldConfig.defaults.unit`, a graph's y-axis
// `format`): every unit of Grafana's list (`s`, `bytes`, `percentunit`, `reqps`, `dateTimeFromNow`,
// `dtdurations`, ...) and the custom forms `suffix:`, `prefix:`, `si:`, `count:`, `currency:`,
// `time:`, `bool:`, with Grafana's own rounding, so a value reads the same as in Grafana.
#pragma once

#include <QString>
#include <cstdint>
#include <optional>

namespace promdeck {

// A formatted value in three parts, as Grafana keeps them (a stat draws the suffix smaller).
struct FormattedValue
{
    QString prefix;
    QString text;
    QString suffix;
    QString toString() const { return prefix + text + suffix; }
    friend bool operator==(const FormattedValue &, const FormattedValue &) = default;
};

// What formatting a time needs beyond the value: "now" for `dateTimeFromNow` and "today", and the
// dashboard's time zone (Grafana's `timezone: "utc"`; otherwise local time).
struct FormatContext
{
    std::int64_t nowMs = 0; // 0: the wall clock
    bool utc = false;
};

class ValueFormat
{
public:
    explicit ValueFormat(QString unit = {}, std::optional<int> decimals = std::nullopt);

    FormattedValue formatParts(double value, const FormatContext &context = {}) const;
    QString format(double value, const FormatContext &context = {}) const
    {
        return formatParts(value, context).toString();
    }
    // The same unit with other decimals (axis ticks choose theirs from the tick spacing).
    ValueFormat withDecimals(std::optional<int> decimals) const { return ValueFormat(m_unit, decimals); }
    // A short label for an axis title, e.g. "seconds", "bytes", "req/s"; empty when unitless.
    QString axisLabel() const;
    const QString &unit() const { return m_unit; }
    std::optional<int> decimals() const { return m_decimals; }

    // Whether Grafana knows the unit: one of its list or a custom form. Others are shown as a
    // suffix (as Grafana does), and `validate` says so.
    static bool isKnownUnit(QStringView unit);
    // Units whose values are points in time (epoch milliseconds), not quantities.
    static bool isDateTimeUnit(QStringView unit);

private:
    QString m_unit;
    std::optional<int> m_decimals;
};

// Grafana's `toFixed`: `decimals` digits after the point, or (nullopt) as many as the value's
// magnitude calls for (0.0245 -> "0.0245", 1200 -> "1200", 1.2 -> "1.20").
QString formatFixed(double value, std::optional<int> decimals);
// A number as JavaScript's String(n) writes it (shortest round trip; exponent from 1e21 and below 1e-6).
QString jsNumberString(double value);
// moment.js' `fromNow()`: "a few seconds ago", "5 minutes ago", "in 2 hours", "3 years ago".
QString formatTimeAgo(std::int64_t timeMs, std::int64_t nowMs);
// A moment.js format pattern (`YYYY-MM-DD HH:mm:ss`, `MM/DD/YYYY h:mm:ss a`, `[literal]`) for a time.
QString formatMomentPattern(std::int64_t timeMs, QStringView pattern, bool utc);

// How to label a value axis for a unit: data is divided by `factor` and the axis titled `title`
// (bytes over 5 GiB: factor 1024^3, "GiB"). The QPainter series layer draws with the same factor.
struct AxisScale
{
    double factor = 1;
    QString title;
    int decimals = 2;
};
AxisScale chooseAxisScale(const QString &unit, double maxAbs, double span);

} // namespace promdeck
