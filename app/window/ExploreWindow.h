// Explore: ad-hoc PromQL against the server the workspace reads, in a window of its own beside the
// dashboard. One pane of queries and answers (ExplorePane), or two side by side (Split), both on the
// window's one time range, and the query history. The range follows the workspace's unless a panel
// opened Explore at that panel's range.
#pragma once

#include "series/TimeRange.h"

#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSplitter;

namespace promdeck {

class ExplorePane;
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

    // A panel's "Explore": its queries (as sent, variables written in) in the first pane, at its range,
    // run at once.
    void explorePanel(int panelId);
    // Opened from the menu: the workspace's range again (shared with the dashboard).
    void followWorkspaceTime();
    // The first pane's parts (the one a panel and the history fill).
    QStringList expressions() const;
    void setExpressions(const QStringList &exprs);
    void run();
    PromqlEditor *editor(int row) const;
    // 1, or 2 when split.
    int paneCount() const { return int(m_panes.size()); }
    ExplorePane *pane(int index) const;
    void split();
    void closeSplit();
    // Twice the range around its centre: the workspace's, or the panel's range Explore was opened at.
    void zoomOut();
    QueryHistory *history() const { return m_history.get(); }
    TimeRange range() const;

private:
    ExplorePane *addPane();
    void runAnswered(); // the range changed: every pane that has answers asks again
    void record(const QStringList &exprs, const QString &server);
    void fillHistory();
    void updateStarButton();
    void toggleStar();
    void useSource();
    void updateRangeLabel();
    void updateSplitButton();

    Workspace *m_workspace;
    std::unique_ptr<QueryHistory> m_history;
    std::unique_ptr<SourceMetadataProvider> m_provider;
    std::unique_ptr<promql::MetadataCache> m_metadata;
    std::vector<ExplorePane *> m_panes;
    QSplitter *m_paneSplitter;
    QPushButton *m_splitButton;
    QLabel *m_rangeLabel;
    QLineEdit *m_historySearch;
    QListWidget *m_historyList;
    QPushButton *m_starButton;
    QCheckBox *m_starredOnly;
    std::optional<TimeRange> m_ownRange; // a panel's range; none: the workspace's
};

} // namespace promdeck
