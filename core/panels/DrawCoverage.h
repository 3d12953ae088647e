// What of a dashboard Promdeck does not draw, as `validate` warnings with file, line and column:
// panel types it does not know, panels of data sources it does not read, transformations it does
// not apply, table cell types it does not paint. Counting these over a directory of dashboards
// measures coverage.
#pragma once

#include "base/Error.h"
#include "dashboard/Dashboard.h"

namespace promdeck {

std::vector<Error> drawCoverageWarnings(const Dashboard &dashboard);

} // namespace promdeck
