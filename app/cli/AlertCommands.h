// `promdeck alerts check` (validates rule files) and `promdeck alerts backtest` (evaluates rules over
// history, as promtool does from time 0, and writes every state transition).
#pragma once

#include "cli/CommandLine.h"

namespace promdeck {

int runAlertsCheck(const CommandLine &cl);
int runAlertsBacktest(const CommandLine &cl);

} // namespace promdeck
