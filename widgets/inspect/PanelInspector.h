// Inspect: what is behind one panel. Data (its values as a table, per series or joined by time, raw
// or formatted, saved as CSV), Query (each request as sent, with the server's answer and a curl
// command), JSON (the panel as the dashboard file has it). Shows a copy of the panel's data at the
// moment it was opened.
#pragma once

#include "query/DashboardRefresher.h"

#include <QDialog>

class QComboBox;
class QCheckBox;
class QPlainTextEdit;
class QTableView;
class QTabWidget;

namespace promdeck {

class InspectDataModel;

class PanelInspector : public QDialog
{
    Q_OBJECT
public:
    // Times are shown in `zone`, the one the dashboard is shown in.
    PanelInspector(const Panel &panel, const PanelData &answers, const QTimeZone &zone,
                   QWidget *parent = nullptr);

    InspectDataModel *dataModel() const { return m_model; }
    // Writes the Data tab's table as CSV (atomically); false with `error` set when it cannot.
    bool saveCsv(const QString &path, QString *error = nullptr) const;

private:
    void chooseCsvFile();

    Panel m_panel;
    PanelData m_data;
    InspectDataModel *m_model;
    QTabWidget *m_tabs;
    QTableView *m_table;
    QComboBox *m_layout;
    QCheckBox *m_formatted;
    QPlainTextEdit *m_queries;
};

} // namespace promdeck
