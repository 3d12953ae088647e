// Explore: ad-hoc PromQL against the server the workspace reads, in a window of its own beside the
// dashboard. Query rows (each a PromqlEditor with its syntax problem and the server's error), the
// answers as a graph over the range and a table at its end, and the query history. It follows the
// workspace's time range unless a panel opened it at that panel's range.
#pragma once

#include "series/TimeRange.h"

#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTabWidget;
class QVBoxLayout;

namespace promdeck {

class ExploreRunner;
class InstantResultModel;
class PromqlEditor;
class QueryHistory;
class SourceMetadataProvider;
class TimeSeriesChart;
class Workspace;
namespace promql {
class MetadataCache;
}

class ExploreWindow : public QWidget
{
    Q_OBJECT
public:
    // `historyPath`: the query history's SQLite file.
    ExploreWindow(Workspace *workspace, const QString &historyPath, QWidget *parent = nullptr);
    ~ExploreWindow() override;

    // A panel's "Explore": its queries (as sent, variables written in) at its range, run at once.
    void explorePanel(int panelId);
    // Opened from the menu: the workspace's range again (shared with the dashboard).
    void followWorkspaceTime();
    // The queries in the rows (empty ones included), A first.
    QStringList expressions() const;
    void setExpressions(const QStringList &exprs);
    void run();
    ExploreRunner *runner() const { return m_runner; }
    InstantResultModel *tableModel() const { return m_tableModel; }
    TimeSeriesChart *chart() const { return m_chart; }
    PromqlEditor *editor(int row) const;
    QueryHistory *history() const { return m_history.get(); }
    TimeRange range() const;

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
    void fillHistory();
    void useSource();
    void updateRangeLabel();

    Workspace *m_workspace;
    std::unique_ptr<QueryHistory> m_history;
    std::unique_ptr<SourceMetadataProvider> m_provider;
    std::unique_ptr<promql::MetadataCache> m_metadata;
    ExploreRunner *m_runner;
    InstantResultModel *m_tableModel;
    QSortFilterProxyModel *m_tableProxy;
    std::vector<Row> m_rows;
    QVBoxLayout *m_rowLayout;
    QLabel *m_rangeLabel;
    QLabel *m_summary;
    QTabWidget *m_results;
    TimeSeriesChart *m_chart;
    QTableView *m_table;
    QLineEdit *m_historySearch;
    QListWidget *m_historyList;
    std::optional<TimeRange> m_ownRange; // a panel's range; none: the workspace's
    QList<QWidget *> m_focusBefore;      // Tab order: these, the rows, then the rest
    QList<QWidget *> m_focusAfter;
};

} // namespace promdeck
