#include "panels/SeriesLayer.h"

#include "series/M4Decimation.h"

#include <QChart>
#include <QPainter>

#include <cmath>

namespace promdeck {

SeriesLayer::SeriesLayer(QChart *chart) : m_chart(chart)
{
    setZValue(10); // above the grid, below the legend and tooltips
    setFlag(QGraphicsItem::ItemIsSelectable, false);
    setAcceptedMouseButtons(Qt::NoButton);
}

void SeriesLayer::setSeries(std::vector<DisplaySeries> series, std::int64_t gapMs)
{
    prepareGeometryChange();
    m_series = std::move(series);
    m_gapMs = gapMs;
    m_dirty = true;
    update();
}

void SeriesLayer::setRanges(std::int64_t fromMs, std::int64_t toMs, double yMin, double yMax, double yFactor)
{
    if (fromMs == m_fromMs && toMs == m_toMs && yMin == m_yMin && yMax == m_yMax && yFactor == m_yFactor)
        return;
    m_fromMs = fromMs;
    m_toMs = std::max(toMs, fromMs + 1);
    m_yMin = yMin;
    m_yMax = yMax > yMin ? yMax : yMin + 1;
    m_yFactor = yFactor == 0 ? 1 : yFactor;
    m_dirty = true;
    update();
}

QRectF SeriesLayer::boundingRect() const
{
    return m_chart->plotArea();
}

void SeriesLayer::rebuild(const QRectF &plot)
{
    m_cache.assign(m_series.size(), {});
    m_vertexCount = 0;
    const int columns = std::max(1, static_cast<int>(std::ceil(plot.width())));
    M4Options options{m_fromMs, m_toMs, columns, m_gapMs};
    const double xScale = plot.width() / static_cast<double>(m_toMs - m_fromMs);
    const double yScale = plot.height() / (m_yMax - m_yMin);
    // Values far outside the plot are clamped so huge or infinite values still draw a visible edge.
    const double yLow = plot.top() - plot.height();
    const double yHigh = plot.bottom() + plot.height();
    for (size_t s = 0; s < m_series.size(); ++s) {
        const Series &series = *m_series[s].series;
        const DecimatedLine line = decimateM4(series.timestampsMs, series.values, options);
        std::vector<QPolygonF> &polylines = m_cache[s];
        QPolygonF current;
        current.reserve(static_cast<qsizetype>(line.size()));
        for (size_t i = 0; i < line.size(); ++i) {
            const double v = line.values[i];
            if (std::isnan(v)) {
                if (!current.isEmpty())
                    polylines.push_back(std::move(current));
                current = QPolygonF();
                continue;
            }
            const double x = plot.left() + static_cast<double>(line.timestampsMs[i] - m_fromMs) * xScale;
            const double y = std::clamp(plot.bottom() - (v / m_yFactor - m_yMin) * yScale, yLow, yHigh);
            current.append(QPointF(x, y));
        }
        if (!current.isEmpty())
            polylines.push_back(std::move(current));
        for (const QPolygonF &p : polylines)
            m_vertexCount += static_cast<size_t>(p.size());
    }
    m_cachedPlot = plot;
    m_dirty = false;
}

void SeriesLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QRectF plot = m_chart->plotArea();
    if (plot.isEmpty())
        return;
    if (m_dirty || plot != m_cachedPlot)
        rebuild(plot);
    painter->save();
    painter->setClipRect(plot);
    painter->setRenderHint(QPainter::Antialiasing, true);
    for (size_t s = 0; s < m_cache.size(); ++s) {
        QPen pen(m_series[s].color, static_cast<int>(s) == m_highlighted ? 2.5 : 1.5);
        pen.setCapStyle(Qt::RoundCap);
        pen.setJoinStyle(Qt::RoundJoin);
        painter->setPen(pen);
        for (const QPolygonF &poly : m_cache[s]) {
            if (poly.size() == 1) // a lone sample between gaps: show it as a dot
                painter->drawPoint(poly.front());
            else
                painter->drawPolyline(poly);
        }
    }
    painter->restore();
}

} // namespace promdeck
