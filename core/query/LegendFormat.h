// Series names for legends and tooltips: Grafana's `legendFormat` with `{{label}}` placeholders, or
// the series' selector when there is none.
#pragma once

#include "series/LabelSet.h"

namespace promdeck {

QString seriesDisplayName(const QString &legendFormat, const LabelSet &labels, const QString &expr = {});

} // namespace promdeck
