// The time-series panel body: Qt Charts for axes, grid, legend and layout; the lines themselves drawn
// by SeriesLayer from M4-decimated data. Hover shows a crosshair and every series' value at that time;
// dragging selects a time range to zoom into.
#pragma once

#include "panels/PanelContent.h"
#include "query/AnnotationEvents.h"
#include "series/ValueFormat.h"

#include <QChartView>
#include <QSet>
#include <QTimeZone>
#include <optional>

class QCategoryAxis;
class QAbstractAxis;
class QGraphicsLineItem;
class QGraphicsSimpleTextItem;
class QLineSeries;

namespace promdeck {

class SeriesLayer;
class AnnotationLayer;

// An annotation's event as a chart draws it: a line (a point in time) or a band (a region) in the
// annotation's colour, a marker under the plot, and a hover text.
struct ChartAnnotation
{
    QString name; // the annotation's
    QColor color;
    AnnotationEvent event;
};

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
    // The zone the axis is labelled and rounded in, and the tooltips' times are written in.
    void setTimeZone(const QTimeZone &zone);
    // The text the hover tooltip shows at a time, with the cursor at a scene y (for the single mode);
    // empty when the panel hides its tooltip. Exposed for tests.
    QString tooltipText(std::int64_t timeMs, std::optional<double> cursorY = std::nullopt) const;
    // The time axis' labels, left to right (round times: chooseTimeTicks).
    QStringList timeLabels() const;

    // The dashboard's annotation events (every enabled annotation's), drawn over the series.
    void setAnnotations(std::vector<ChartAnnotation> annotations);
    const std::vector<ChartAnnotation> &annotations() const { return m_annotations; }
    // The hover text of the annotations at a time (plain text: names, titles, texts and tags come
    // from the dashboard and the server); empty where there are none. Within `tolerancePx` of a point.
    QString annotationText(std::int64_t timeMs, double tolerancePx = 4) const;
    // Where a time is drawn, in the view's pixels; none outside the visible range.
    std::optional<int> viewXOf(std::int64_t timeMs) const;
    // Another panel is hovered (the dashboard's shared crosshair, Grafana's graphTooltip): its time
    // marked here with a line, and with `withTooltip` this panel's values at that time beside it.
    // None hides them.
    void showSharedTime(std::optional<std::int64_t> timeMs, bool withTooltip);
    // The plain text of the shared tooltip shown now; empty when none is.
    QString sharedTooltipText() const;

signals:
    void timeRangeSelected(const promdeck::TimeRange &range);
    // New data, or series switched on or off.
    void seriesChanged();
    // The mouse is over the plot at a time, or has left it: for the dashboard's shared crosshair.
    void hoverTimeChanged(std::int64_t timeMs);
    void hoverEnded();

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
    double sceneXOf(std::int64_t timeMs) const;

    QChart *m_chart;
    QCategoryAxis *m_xAxis;
    // Per scale of the plot: its axis, or null for a hidden one (or a second scale on the same side).
    std::vector<QAbstractAxis *> m_valueAxes;
    SeriesLayer *m_layer;
    QGraphicsLineItem *m_crosshair;
    QGraphicsRectItem *m_selection;
    AnnotationLayer *m_annotationLayer;
    QGraphicsRectItem *m_sharedTipBox;
    QGraphicsSimpleTextItem *m_sharedTip;
    std::vector<ChartAnnotation> m_annotations;
    QLineSeries *m_anchor = nullptr;
    QSet<QString> m_userHidden;
    TooltipOptions m_tooltip;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
    std::vector<DisplaySeries> m_series;
    TimeRange m_full;
    TimeRange m_visible;
    std::int64_t m_stepMs = 0;
    int m_dragStartX = -1;
    std::pair<int, TimeRange> m_tickCountFor; // the tick count and range the time labels were made for
};

} // namespace promdeck
