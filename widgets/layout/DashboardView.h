// The dashboard canvas: panels on Grafana's 24-column grid, re-laid out as the window resizes, rows as
// clickable headers. It shows what a DashboardRefresher holds and tells it each panel's width.
#pragma once

#include "panels/PanelFrame.h"
#include "query/DashboardRefresher.h"

#include <QPointer>
#include <QScrollArea>
#include <QSet>
#include <map>
#include <optional>

class QShortcut;
class QTimer;

namespace promdeck {

class AlertListSource;
class DashboardListSource;

class DashboardView : public QScrollArea
{
    Q_OBJECT
public:
    explicit DashboardView(DashboardRefresher *refresher, QWidget *parent = nullptr);

    PanelFrame *frame(int panelId) const;
    std::vector<PanelFrame *> frames() const;
    // Lays the panels out for a canvas width; the offscreen renderer calls it before querying.
    void layoutFor(int widthPx);
    int contentHeight() const { return m_contentHeight; }
    // Shows what the refresher already holds in every panel: a view made again over the same answers
    // (the theme changed) has them at once, without asking the server again.
    void showCurrentData();
    // What alert list and dashboard list panels show (owned by the caller; either may be null).
    void setPanelSources(AlertListSource *alerts, DashboardListSource *dashboards);

    // --- The panel menu's actions ---
    // View: one panel alone in the whole view (same time, same variables); 0 shows the dashboard again.
    void viewPanel(int panelId);
    int viewedPanel() const { return m_viewedPanel; }
    // Inspect: a dialog over the panel's data, requests and JSON, as they are now.
    void inspectPanel(int panelId);
    // The panel as drawn, at the screen's pixel ratio.
    QImage panelImage(int panelId) const;
    void savePanelImage(int panelId);
    // The panel the keys act on: the one under the mouse, else the one holding the focus.
    int currentPanel() const;
    // The panels shown in the viewport or within a screen of it (the panel viewed alone, if one is).
    QSet<int> panelsInView() const;

signals:
    void timeRangeSelected(const promdeck::TimeRange &range);
    void dashboardLinkActivated(const QString &uid);
    // A dashboard list panel asked for a dashboard: a built-in name or a file path.
    void dashboardOpenRequested(const QString &location);
    // Panels want data: a row was expanded, or a resize changed their width enough to need a new step.
    void panelsNeedData(const QList<int> &panelIds);
    // What is in or near the viewport changed (a scroll, a resize, a row, a panel viewed alone): a
    // workspace that queries only those panels is told (the window's; `render` wants every panel).
    void panelsInViewChanged(const QSet<int> &panelIds);
    void viewedPanelChanged(int panelId);
    // Explore (the menu, or `e`): the panel's queries are to open in Explore at its range.
    void exploreRequested(int panelId);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void onPanelChanged(int panelId);
    void updateAges();
    // Every time series panel draws every enabled annotation's events.
    void showAnnotations();
    // One panel's chart is hovered at a time (none: no more): the dashboard's graphTooltip says what
    // the other time series panels show.
    void shareHover(int panelId, std::optional<std::int64_t> timeMs);
    void onRowToggled(int rowId);
    void onPanelAction(int panelId, PanelAction action);
    void reportPanelsInView();

    // Null once the refresher is gone: a view that is being replaced then does nothing more.
    QPointer<DashboardRefresher> m_refresher;
    QWidget *m_canvas;
    std::map<int, PanelFrame *> m_frames;
    QTimer *m_ageTimer;
    QTimer *m_resizeSettle; // re-queries panels once a resize has settled, not on every pixel
    int m_laidOutWidth = -1;
    QShortcut *m_leaveView = nullptr;
    int m_viewedPanel = 0;
    int m_hoveredPanel = 0;
    int m_contentHeight = 0;
    std::optional<QSet<int>> m_reportedInView;
};

} // namespace promdeck
