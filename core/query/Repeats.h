// Grafana's repeated panels and rows: a panel (or a row with its panels) whose `repeat` names a
// variable is shown once per selected value of it, each copy with that value written into its
// queries and title, laid out as `repeatDirection` ("h": side by side, at most `maxPerRow` a row;
// "v": one under the other) says, and what followed moved down to make room.
#pragma once

#include "dashboard/Dashboard.h"

namespace promdeck {

class VariableValues;

// Whether any panel or row repeats.
bool hasRepeats(const Dashboard &dashboard);
// For a repeated copy: the id of the panel it repeats and the value it shows (0 and empty otherwise).
int repeatedPanelId(const Panel &panel);
QString repeatedValue(const Panel &panel);
// The dashboard with every repeat expanded for the variables' current values. The first copy keeps
// the original id; every copy's JSON carries Grafana's `repeatPanelId` and `scopedVars`.
Dashboard expandRepeats(const Dashboard &dashboard, const VariableValues &values);

} // namespace promdeck
