// Draws the lines of a time-series chart with QPainter inside Qt Charts' plot area. Qt Charts keeps
// the axes, grid and legend; its own QLineSeries costs ~1 µs a point, too slow for 10 series of
// 6,400 decimated points within a frame. Every line here is M4-decimated to the plot's pixel width
// when the time window or the width changes; the pixel polylines are cached until the mapping changes.
#pragma once

#include "panels/PanelContent.h"
#include "series/M4Decimation.h"

#include <QGraphicsItem>
#include <vector>

class QChart;

namespace promdeck {

class SeriesLayer : public QGraphicsItem
{
public:
    explicit SeriesLayer(QChart *chart);

    void setSeries(std::vector<DisplaySeries> series, std::int64_t gapMs);
    // Decimates for a time window and a plot width in pixels (no-op when unchanged).
    void setTimeWindow(std::int64_t fromMs, std::int64_t toMs, int columns);
    // The finite value range of what is visible; M4 keeps every column's extremes, so this is exact.
    bool valueExtent(double &min, double &max) const;
    // Values are divided by `factor` (the axis unit) and mapped from [yMin, yMax] to the plot's height.
    void setValueMapping(double yMin, double yMax, double factor);

    void setHighlighted(int index)
    {
        m_highlighted = index;
        update();
    }
    const std::vector<DisplaySeries> &series() const { return m_series; }
    int columns() const { return m_columns; }
    std::size_t lastVertexCount() const { return m_vertexCount; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    void decimate(std::int64_t fromMs, std::int64_t toMs, int columns);
    void rebuildPolylines(const QRectF &plot);

    QChart *m_chart;
    std::vector<DisplaySeries> m_series;
    std::int64_t m_gapMs = 0;
    std::int64_t m_fromMs = 0;
    std::int64_t m_toMs = 1;
    int m_columns = 0;
    double m_yMin = 0;
    double m_yMax = 1;
    double m_yFactor = 1;
    int m_highlighted = -1;

    std::vector<DecimatedLine> m_decimated;
    bool m_decimationValid = false;
    // One list of polylines per series (a series splits at gaps).
    std::vector<std::vector<QPolygonF>> m_polylines;
    QRectF m_cachedPlot;
    bool m_polylinesValid = false;
    std::size_t m_vertexCount = 0;
};

} // namespace promdeck
