// One pane of Explore: its query rows (each a PromqlEditor with its syntax problem and the server's
// error), its Run, Format and "Add to dashboard", and its answers as a graph over the range and a table
// at its end. The window holds one or two (split), all reading the window's one time range.
#pragma once

#include "series/TimeRange.h"

#include <QWidget>
#include <functional>
#include <vector>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTabWidget;
class QVBoxLayout;

namespace promdeck {

class ExploreRunner;
class InstantResultModel;
class PromqlEditor;
class TimeSeriesChart;
class Workspace;
namespace promql {
class MetadataCache;
}

class ExplorePane : public QWidget
{
    Q_OBJECT
public:
    // `range`: the window's range, asked at each run (the panes share it).
    ExplorePane(Workspace *workspace, std::function<TimeRange()> range, QWidget *parent = nullptr);
    ~ExplorePane() override;

    // Completion's names, types and help (shared by the panes; null while the source changes).
    void setMetadata(promql::MetadataCache *metadata);
    // The queries in the rows (empty ones included), A first.
    QStringList expressions() const;
    void setExpressions(const QStringList &exprs);
    void run();
    // Answered (or asked) since the last change of queries: a change of range asks again.
    bool hasRun() const;
    ExploreRunner *runner() const { return m_runner; }
    InstantResultModel *tableModel() const { return m_tableModel; }
    TimeSeriesChart *chart() const { return m_chart; }
    PromqlEditor *editor(int row) const;
    void focusFirstQuery();

signals:
    // Each run, with its non-empty expressions and where they went (the history keeps them).
    void ran(const QStringList &exprs, const QString &server);

private:
    struct Row
    {
        QWidget *box;
        QLabel *name;
        PromqlEditor *editor;
        QLabel *problem; // the parser's words while typing
        QLabel *error;   // the server's words after a run
        QPushButton *remove;
    };
    void addRow(const QString &expr = {});
    void removeRow(QWidget *box);
    void renameRows();
    void formatQueries();
    // A time series panel with the queries, appended to a dashboard file the person picks.
    void addToDashboard();
    void showAnswers();
    void say(const QString &summary);

    Workspace *m_workspace;
    std::function<TimeRange()> m_range;
    promql::MetadataCache *m_metadata = nullptr;
    ExploreRunner *m_runner;
    InstantResultModel *m_tableModel;
    QSortFilterProxyModel *m_tableProxy;
    std::vector<Row> m_rows;
    QVBoxLayout *m_rowLayout;
    QLabel *m_summary;
    QTabWidget *m_results;
    TimeSeriesChart *m_chart;
    QTableView *m_table;
    QList<QWidget *> m_focusBefore; // Tab order: these, the rows, then the rest
    QList<QWidget *> m_focusAfter;
};

} // namespace promdeck
