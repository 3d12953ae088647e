// The time-series panel body: Qt Charts for axes, grid, legend and layout; the lines themselves drawn
// by SeriesLayer from M4-decimated data. Hover shows a crosshair and every series' value at that time;
// dragging selects a time range to zoom into.
#pragma once

#include "panels/PanelContent.h"
#include "series/ValueFormat.h"

#include <QChartView>
#include <QSet>
#include <optional>

class QCategoryAxis;
class QAbstractAxis;
class QGraphicsLineItem;
class QLineSeries;

namespace promdeck {

class SeriesLayer;

class TimeSeriesChart : public QChartView
{
    Q_OBJECT
public:
    explicit TimeSeriesChart(QWidget *parent = nullptr);

    // Each series carries its resolved field configuration; `stepMs` is the query step.
    void setData(std::vector<DisplaySeries> series, const TimeRange &range, std::int64_t stepMs);
    // Shows a part of the data already held (a zoom), re-decimated from the full-resolution samples.
    void setVisibleRange(const TimeRange &range);
    TimeRange visibleRange() const { return m_visible; }
    const SeriesLayer *seriesLayer() const { return m_layer; }
    // Every series of the data, drawn or not (the legend lists them).
    const std::vector<DisplaySeries> &allSeries() const { return m_series; }
    // The legend's choices, by series name, kept across refreshes while the chart lives.
    bool isUserHidden(const QString &name) const;
    void isolateSeries(const QString &name);
    void toggleSeries(const QString &name);
    // The panel's tooltip: one series (the one under the cursor), all of them (sorted as it says),
    // or none.
    void setTooltipOptions(const TooltipOptions &options) { m_tooltip = options; }
    // The text the hover tooltip shows at a time, with the cursor at a scene y (for the single mode);
    // empty when the panel hides its tooltip. Exposed for tests.
    QString tooltipText(std::int64_t timeMs, std::optional<double> cursorY = std::nullopt) const;
    // The time axis' labels, left to right (round times: chooseTimeTicks).
    QStringList timeLabels() const;

signals:
    void timeRangeSelected(const promdeck::TimeRange &range);
    // New data, or series switched on or off.
    void seriesChanged();

protected:
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateAxes();
    void updateTimeTicks();
    void rebuildValueAxes();
    void applyVisibility();
    std::int64_t timeAt(const QPoint &pos) const;

    QChart *m_chart;
    QCategoryAxis *m_xAxis;
    // Per scale of the plot: its axis, or null for a hidden one (or a second scale on the same side).
    std::vector<QAbstractAxis *> m_valueAxes;
    SeriesLayer *m_layer;
    QGraphicsLineItem *m_crosshair;
    QGraphicsRectItem *m_selection;
    QLineSeries *m_anchor = nullptr;
    QSet<QString> m_userHidden;
    TooltipOptions m_tooltip;
    std::vector<DisplaySeries> m_series;
    TimeRange m_full;
    TimeRange m_visible;
    std::int64_t m_stepMs = 0;
    int m_dragStartX = -1;
    std::pair<int, TimeRange> m_tickCountFor; // the tick count and range the time labels were made for
};

} // namespace promdeck
