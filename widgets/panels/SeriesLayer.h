// Draws the series of a time-series chart with QPainter inside Qt Charts' plot area, as each series'
// `custom.*` says: lines (linear, smooth, steps; width, dashes, dots), bars, points, fills (stacked
// ones down to the series below), threshold lines and areas, each on its own scale (left, right or
// hidden axis). Qt Charts keeps the axes, grid and legend; its own QLineSeries costs ~1 µs a point,
// too slow for 10 series of 6,400 decimated points within a frame. Every line here is M4-decimated
// to the plot's pixel width when the time window or the width changes; the pixel polylines are
// cached until the mapping changes.
#pragma once

#include "panels/PanelContent.h"
#include "panels/TimeSeriesPlot.h"
#include "series/M4Decimation.h"

#include <QGraphicsItem>
#include <vector>

class QChart;

namespace promdeck {

class SeriesLayer : public QGraphicsItem
{
public:
    explicit SeriesLayer(QChart *chart);

    // Plans scales and stacks for the series (see planTimeSeries); `stepMs` is the query step.
    void setSeries(std::vector<DisplaySeries> series, std::int64_t stepMs);
    // Decimates for a time window and a plot width in pixels (no-op when unchanged).
    void setTimeWindow(std::int64_t fromMs, std::int64_t toMs, int columns);
    // The finite value range a scale draws in the visible window (stacks included); M4 keeps every
    // column's extremes, so this is exact.
    bool valueExtent(int scale, double &min, double &max) const;
    // A scale's values are divided by `factor` (the axis unit) and mapped from [yMin, yMax] (in axis
    // units; logarithmically when the scale says so) to the plot's height.
    void setValueMapping(int scale, double yMin, double yMax, double factor);

    void setHighlighted(int index)
    {
        m_highlighted = index;
        update();
    }
    const std::vector<DisplaySeries> &series() const { return m_series; }
    // Where a series' drawn value at a time is on screen (scene y), or NaN where it draws nothing.
    double sceneYAt(size_t series, std::int64_t timeMs) const;
    const TimeSeriesPlot &plot() const { return m_plot; }
    int columns() const { return m_columns; }
    std::size_t lastVertexCount() const { return m_vertexCount; }

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    struct Mapping
    {
        double yMin = 0;
        double yMax = 1;
        double factor = 1;
        int logBase = 0;
    };
    void decimate(std::int64_t fromMs, std::int64_t toMs, int columns);
    void rebuildPolylines(const QRectF &plot);
    double pixelY(int scale, double value, const QRectF &plot) const;
    void paintThresholds(QPainter *painter, const QRectF &plot) const;
    void paintSeries(QPainter *painter, size_t s, const QRectF &plot) const;

    QChart *m_chart;
    std::vector<DisplaySeries> m_series;
    TimeSeriesPlot m_plot;
    std::int64_t m_stepMs = 0;
    std::int64_t m_fromMs = 0;
    std::int64_t m_toMs = 1;
    int m_columns = 0;
    std::vector<Mapping> m_mappings; // per scale
    int m_highlighted = -1;

    std::vector<DecimatedLine> m_decimated;
    bool m_decimationValid = false;
    // Per series: polylines (a series splits at gaps) and, for stacks, the same points' base.
    struct Pixels
    {
        std::vector<QPolygonF> lines;
        std::vector<QPolygonF> bases; // parallel to lines: the stack under each point, or the zero line
    };
    std::vector<Pixels> m_pixels;
    QRectF m_cachedPlot;
    bool m_polylinesValid = false;
    std::size_t m_vertexCount = 0;
};

} // namespace promdeck
