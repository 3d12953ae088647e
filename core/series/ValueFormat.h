// Formats values in Grafana's unit vocabulary (`fieldConfig.defaults.unit`): `s`, `ms`, `bytes`,
// `percentunit`, `reqps`, ... so that dashboards read the same as in Grafana.
#pragma once

#include <QString>
#include <optional>

namespace promdeck {

class ValueFormat
{
public:
    explicit ValueFormat(QString unit = {}, std::optional<int> decimals = std::nullopt);

    QString format(double value) const;
    // A short label for an axis title, e.g. "seconds", "bytes", "req/s"; empty when unitless.
    QString axisLabel() const;
    const QString &unit() const { return m_unit; }

private:
    QString scaled(double value, const char *const *suffixes, int count, double base) const;
    QString number(double value) const;
    QString duration(double seconds) const;

    QString m_unit;
    std::optional<int> m_decimals;
};

} // namespace promdeck

namespace promdeck {

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
