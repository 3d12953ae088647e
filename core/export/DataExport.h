// `promdeck data`: what every panel shows, as JSON, before decimation. The machine-readable truth that
// tests compare with Prometheus' own answers.
#pragma once

#include "query/DashboardRefresher.h"

#include <QByteArray>

namespace promdeck {

QByteArray exportPanelData(const DashboardRefresher &refresher, const TimeRange &range);

// A sample value as JSON: a shortest round-trip number, or "NaN" / "+Inf" / "-Inf" as strings.
void appendJsonNumber(QByteArray &out, double value);
void appendJsonString(QByteArray &out, QStringView text);

} // namespace promdeck
