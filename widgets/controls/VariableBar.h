// The dropdown bar above the panels: one control per template variable, as Grafana draws it. Single
// values are a combo box, multi-values a menu of check boxes (applied when the menu closes, so
// picking three values runs the panels once), text boxes a line edit. Constants and the data source
// are not shown. After them, a switch per Prometheus-query annotation not hidden (`hide`), as
// Grafana shows them: it draws or hides that annotation's events on every time series panel.
#pragma once

#include "dashboard/Dashboard.h"
#include "query/DashboardRefresher.h"
#include "query/Variables.h"

#include <QWidget>

class QHBoxLayout;

namespace promdeck {

class VariableBar : public QWidget
{
    Q_OBJECT
public:
    explicit VariableBar(QWidget *parent = nullptr);

    // The annotations' switches come from the refresher's dashboard and state (none: no switches).
    void setVariables(const std::vector<Variable> &definitions, const VariableValues &values,
                      const DashboardRefresher *annotations = nullptr);
    // Whether any variable or annotation switch is shown.
    bool hasControls() const { return m_controls > 0; }
    // What the control of a variable shows, e.g. "All", "api-0:8000 + api-1:8000".
    QString shownText(const QString &name) const;

    // Picks values as a user would, and emits selectionChanged: `choice` is values joined by '|',
    // or Grafana's "$__all".
    void choose(const QString &name, const QString &choice);

signals:
    void selectionChanged(const QString &name, const QString &choice);
    // An annotation's switch (by its index in the dashboard's list) was turned on or off.
    void annotationToggled(int index, bool enabled);

private:
    QWidget *addControl(const Variable &definition, const VariableValue *value);
    QHBoxLayout *m_layout;
    int m_controls = 0;
};

} // namespace promdeck
