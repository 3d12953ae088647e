// The heatmap panel body: a cell per time column and y bucket, coloured by count on the panel's
// scheme (or opacity of one colour), y buckets labelled by their bounds, a tooltip with the cell's
// time, bounds and count, a colour legend from 0 to the largest count.
#pragma once

#include "panels/HeatmapData.h"

#include <QWidget>

namespace promdeck {

class HeatmapView : public QWidget
{
    Q_OBJECT
public:
    explicit HeatmapView(QWidget *parent = nullptr);

    void setData(HeatmapData cells, const Panel &panel, const TimeRange &range);
    // The zone the time axis and the tooltips are written in.
    void setTimeZone(const QTimeZone &zone);
    const HeatmapData &data() const { return m_data; }
    // For tests: the cell under a point as (bucket, time index), or (-1, -1); its tooltip.
    std::pair<int, int> cellAt(const QPointF &pos) const;
    QString tooltipFor(int bucket, int time) const;
    QColor colorFor(double count) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    QRectF plotRect() const;

    HeatmapData m_data;
    TimeRange m_range;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
    QString m_unit;
    std::vector<QColor> m_scheme; // low to high
    bool m_opacity = false;
    QColor m_opacityColor;
    double m_exponent = 0.5;
    bool m_exponential = true;
    bool m_hideZero = true;
};

} // namespace promdeck
