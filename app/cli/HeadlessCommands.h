// The headless commands (`validate`, `data`, `render`): the same dashboard, planner, data source and
// refresher as the window, waited on until every panel has its answer or its error.
#pragma once

#include "cli/CommandLine.h"

namespace promdeck {

int runValidate(const CommandLine &cl);
int runData(const CommandLine &cl);
int runRender(const CommandLine &cl);
int runRecord(const CommandLine &cl);

} // namespace promdeck
