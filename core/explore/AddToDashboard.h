// Explore's "Add to dashboard": a time series panel with the queries, appended below everything in a
// Grafana dashboard file, written whole (QSaveFile) as JSON Grafana opens too. A file that is not a
// dashboard is left as it was, and the error says where it breaks.
#pragma once

#include "base/Result.h"

#include <QStringList>

namespace promdeck {

// The new panel's id on success.
Result<int> addTimeSeriesPanel(const QString &path, const QString &title, const QStringList &exprs);

} // namespace promdeck
