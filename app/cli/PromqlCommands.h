// `promdeck promql check EXPR...` and `promdeck promql format EXPR`: Promdeck's PromQL reading for
// scripts (and the tests): Prometheus' verdict and words without a server.
#pragma once

#include "cli/CommandLine.h"

namespace promdeck {

int runPromql(const CommandLine &cl);

} // namespace promdeck
