// The time-series panel body: Qt Charts for axes, grid, legend and layout; the lines themselves drawn
// by SeriesLayer from M4-decimated data. Hover shows a crosshair and every series' value at that time;
// dragging selects a time range to zoom into.
#pragma once

#include "panels/PanelContent.h"
#include "series/ValueFormat.h"

#include <QChartView>

class QCategoryAxis;
class QValueAxis;
class QGraphicsLineItem;
class QLineSeries;

namespace promdeck {

class SeriesLayer;

class TimeSeriesChart : public QChartView
{
    Q_OBJECT
public:
    explicit TimeSeriesChart(QWidget *parent = nullptr);

    void setData(std::vector<DisplaySeries> series, const TimeRange &range, const FieldConfig &fieldConfig,
                 std::int64_t stepMs);
    // Shows a part of the data already held (a zoom), re-decimated from the full-resolution samples.
    void setVisibleRange(const TimeRange &range);
    TimeRange visibleRange() const { return m_visible; }
    const SeriesLayer *seriesLayer() const { return m_layer; }
    // The time axis' labels, left to right (round times: chooseTimeTicks).
    QStringList timeLabels() const;
    // The text the hover tooltip shows at a time; exposed for tests.
    QString tooltipText(std::int64_t timeMs) const;

signals:
    void timeRangeSelected(const promdeck::TimeRange &range);

protected:
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateAxes();
    void updateTimeTicks();
    std::int64_t timeAt(const QPoint &pos) const;

    QChart *m_chart;
    QCategoryAxis *m_xAxis;
    QValueAxis *m_yAxis;
    SeriesLayer *m_layer;
    QGraphicsLineItem *m_crosshair;
    QGraphicsRectItem *m_selection;
    std::vector<QLineSeries *> m_legendSeries;
    std::vector<DisplaySeries> m_series;
    FieldConfig m_fieldConfig;
    ValueFormat m_format;
    TimeRange m_full;
    TimeRange m_visible;
    std::int64_t m_stepMs = 0;
    int m_dragStartX = -1;
    std::pair<int, TimeRange> m_tickCountFor; // the tick count and range the time labels were made for
};

} // namespace promdeck
