// Turns what a refresher holds into a snapshot: every query its panels sent, with the answers they
// got (errors included, since a panel's error is part of what the operator saw), each query once.
#pragma once

#include "query/DashboardRefresher.h"
#include "snapshot/Snapshot.h"

namespace promdeck {

Snapshot snapshotOf(const DashboardRefresher &refresher, const TimeRange &range, const QString &dashboardName,
                    const QJsonObject &buildInfo);

} // namespace promdeck
