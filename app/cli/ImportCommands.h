// `promdeck import`: a dashboard from grafana.com by ID, from a URL, from pasted JSON, or every
// dashboard of the cluster's ConfigMaps, saved into the dashboards folder (or -o) with its data source
// inputs mapped to profiles. One line per failure, exit 1; nothing half-written.
#pragma once

#include "cli/CommandLine.h"

namespace promdeck {

int runImport(const CommandLine &cl);

} // namespace promdeck
