// One panel on the dashboard: a title bar with the panel's state (loading, stale with its age,
// warnings), and a body chosen by the panel's kind. Errors show the server's words in the body.
#pragma once

#include "panels/PanelContent.h"

#include <QFrame>
#include <optional>

class QLabel;
class QMenu;
class QStackedWidget;
class QToolButton;

namespace promdeck {

class TimeSeriesChart;
class SeriesLegend;
class StatView;
class TablePanelView;
class GaugeView;
class PieChartView;
class HeatmapView;
class StateTimelineView;
class BarsView;
class TextPanelView;
class AlertListView;
class DashboardListView;
class AlertListSource;
class DashboardListSource;

// What the panel menu offers (Grafana's keys in brackets): View [v], Inspect [i], Explore [e],
// Copy image, Save image.
enum class PanelAction
{
    View,
    Inspect,
    Explore,
    CopyImage,
    SaveImage,
};

class PanelFrame : public QFrame
{
    Q_OBJECT
public:
    PanelFrame(const promdeck::Panel &panel, QWidget *parent = nullptr);

    int panelId() const { return m_panel.id; }
    const promdeck::Panel &panel() const { return m_panel; }
    // Times are written in `zone` (axes, tooltips, time cells).
    void showData(const PanelData &shown, const VariableValues &variables, std::int64_t nowMs,
                  const QTimeZone &zone = QTimeZone::systemTimeZone());
    // The title with the dashboard's variables written in.
    void setTitle(const QString &title);
    // For row headers: shows whether the row is open.
    void setRowExpanded(bool expanded);
    // Refreshes the age shown on a stale panel without new data.
    void updateAge(std::int64_t nowMs);

    // What an operator sees, for tests and the CLI.
    QString stateText() const;
    // A stale panel shows its data's age (updateAge keeps it current); null: no age shown.
    std::optional<std::int64_t> shownAgeSinceMs() const
    {
        return m_shownState == PanelState::Stale ? std::optional<std::int64_t>(m_lastGoodMs) : std::nullopt;
    }
    QString messageText() const;
    bool isShowingMessage() const;
    TimeSeriesChart *chart() const { return m_chart; }
    SeriesLegend *legend() const { return m_legend; }
    // The panel's own time override as the header shows it; empty without one.
    QString timeInfoText() const;
    // The uid of the dashboard a click on this panel opens, or empty.
    QString linkedDashboardUid() const;
    StatView *stat() const { return m_stat; }
    TablePanelView *table() const { return m_table; }
    GaugeView *gauge() const { return m_gauge; }
    PieChartView *pie() const { return m_pie; }
    HeatmapView *heatmap() const { return m_heatmap; }
    StateTimelineView *timeline() const { return m_timeline; }
    BarsView *bars() const { return m_bars; }
    TextPanelView *text() const { return m_text; }
    AlertListView *alertList() const { return m_alertList; }
    DashboardListView *dashboardList() const { return m_dashList; }
    // What the alert list and dashboard list panels read (the app's; either may be null).
    void setSources(AlertListSource *alerts, DashboardListSource *dashboards);

signals:
    void timeRangeSelected(const promdeck::TimeRange &range);
    void rowToggled(int rowId);
    // A stat panel with a `/d/<uid>` link was clicked: open that dashboard at the same time range.
    void dashboardLinkActivated(const QString &uid);
    // A dashboard list entry was opened: a built-in name or a file path.
    void dashboardOpenRequested(const QString &location);
    // Chosen from the panel menu (its header button or a right-click).
    void actionRequested(promdeck::PanelAction action);
    // The mouse entered the panel: keys like `v` and `i` act on it.
    void hovered();

public:
    // The panel menu: from the header button, a right-click, or a test.
    QMenu *buildMenu();
    QToolButton *menuButton() const { return m_menuButton; }

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void enterEvent(QEnterEvent *event) override;

private:
    void showMessage(const QString &text, const QColor &color);
    // Whether the body draws query answers (not text, lists or placeholders).
    bool drawsQueries() const;

    promdeck::Panel m_panel;
    QLabel *m_title = nullptr;
    QLabel *m_timeInfo = nullptr;
    QLabel *m_state = nullptr;
    QToolButton *m_menuButton = nullptr;
    QStackedWidget *m_body = nullptr;
    QLabel *m_message = nullptr;
    QWidget *m_content = nullptr;
    TimeSeriesChart *m_chart = nullptr;
    SeriesLegend *m_legend = nullptr;
    StatView *m_stat = nullptr;
    TablePanelView *m_table = nullptr;
    GaugeView *m_gauge = nullptr;
    PieChartView *m_pie = nullptr;
    HeatmapView *m_heatmap = nullptr;
    StateTimelineView *m_timeline = nullptr;
    BarsView *m_bars = nullptr;
    TextPanelView *m_text = nullptr;
    AlertListView *m_alertList = nullptr;
    DashboardListView *m_dashList = nullptr;
    std::int64_t m_lastGoodMs = 0;
    PanelState m_shownState = PanelState::Loading;
    QString m_shownTitle;
    bool m_rowExpanded = true;
};

// "12s", "4m", "2h 5m", "3d 2h": how old data is, for badges and the status bar. Seconds only in the
// first minute, so that a label showing an age changes at most once a minute after it.
QString formatAge(std::int64_t ms);
// How long until formatAge(ms) reads differently: when to look again, instead of every second.
std::int64_t msUntilAgeTextChanges(std::int64_t ms);

} // namespace promdeck
