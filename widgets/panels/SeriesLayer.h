// Draws the lines of a time-series chart with QPainter inside Qt Charts' plot area. Qt Charts keeps
// the axes, grid and legend; its own QLineSeries costs ~1 µs a point, too slow for 10 series of
// 6,400 decimated points within a frame. Every line here is M4-decimated to the plot's pixel width
// first, and the polylines are cached until the plot area, the ranges or the data change.
#pragma once

#include "panels/PanelContent.h"

#include <QGraphicsItem>

#include <vector>

class QChart;

namespace promdeck {

class SeriesLayer : public QGraphicsItem
{
public:
    explicit SeriesLayer(QChart *chart);

    void setSeries(std::vector<DisplaySeries> series, std::int64_t gapMs);
    // The visible window: time in ms, values already divided by the axis scale factor.
    void setRanges(std::int64_t fromMs, std::int64_t toMs, double yMin, double yMax, double yFactor);
    void setHighlighted(int index) { m_highlighted = index; update(); }
    const std::vector<DisplaySeries> &series() const { return m_series; }
    std::size_t lastVertexCount() const { return m_vertexCount; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    void rebuild(const QRectF &plot);

    QChart *m_chart;
    std::vector<DisplaySeries> m_series;
    std::int64_t m_gapMs = 0;
    std::int64_t m_fromMs = 0;
    std::int64_t m_toMs = 1;
    double m_yMin = 0;
    double m_yMax = 1;
    double m_yFactor = 1;
    int m_highlighted = -1;

    // One list of polylines per series (a series splits at gaps).
    std::vector<std::vector<QPolygonF>> m_cache;
    QRectF m_cachedPlot;
    bool m_dirty = true;
    std::size_t m_vertexCount = 0;
};

} // namespace promdeck
