// Every panel query of a dashboard read as the server would read it, without asking any server:
// the template variables filled with the values the file saves (or a custom variable's first
// option), then parsed as PromQL. A wrong query is found by `promdeck validate`, not at 3 a.m.
#pragma once

#include "base/Error.h"
#include "dashboard/Dashboard.h"
#include "query/Variables.h"

#include <vector>

namespace promdeck {

// The values a dashboard's variables have before any server is asked: the saved selection, else
// a custom, constant, text box or interval variable's first option, else the variable's name.
VariableValues offlineVariableValues(const Dashboard &dashboard);

// FILE:LINE:COL (inside the `expr` string) and the query's error in Prometheus' words, for each
// panel query that does not parse.
std::vector<Error> checkPanelQueries(const Dashboard &dashboard);

} // namespace promdeck
