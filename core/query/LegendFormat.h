// Series names for legends and tooltips: Grafana's `legendFormat` with `{{label}}` placeholders, or
// the series' selector when there is none.
#pragma once

#include "series/LabelSet.h"

namespace promdeck {

// Never longer than MaxDisplayNameChars: label values come from servers and may be 100 KB.
QString seriesDisplayName(const QString &legendFormat, const LabelSet &labels, const QString &expr = {});
constexpr qsizetype MaxDisplayNameChars = 1000;

// Text from outside cut to `maxChars` characters with a trailing "…", never inside a character.
QString elideForDisplay(const QString &text, qsizetype maxChars);

} // namespace promdeck
