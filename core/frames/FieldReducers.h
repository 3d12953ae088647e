// Grafana's field reducers (fieldReducer.ts) over a frame's cells, with their ids (`lastNotNull`) and
// the names Grafana gives the columns they make (`Last *`). Nulls count as values for `count`, and
// are skipped by everything numeric, as in Grafana's standard calculations.
#pragma once

#include "frames/DataFrame.h"

namespace promdeck {

// True for the ids this file computes (standard calcs, median, percentiles `p1`..`p99`, ...).
bool isKnownFieldReducer(QStringView id);
// "Last *", "Total", "Max"; the id itself when unknown.
QString fieldReducerName(QStringView id);
// The reducer's result; a null cell when there is none (no values, or min of no number).
FrameValue reduceValues(const std::vector<FrameValue> &values, QStringView id);

} // namespace promdeck
