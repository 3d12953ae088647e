#include "panels/SeriesLayer.h"

#include <QChart>
#include <QPainter>
#include <cmath>

namespace promdeck {

namespace {
constexpr std::size_t AntialiasedVertexLimit = 20'000;
} // namespace

SeriesLayer::SeriesLayer(QChart *chart) : m_chart(chart)
{
    setZValue(10); // above the grid, below the legend and tooltips
    setAcceptedMouseButtons(Qt::NoButton);
}

void SeriesLayer::setSeries(std::vector<DisplaySeries> series, std::int64_t gapMs)
{
    prepareGeometryChange();
    m_series = std::move(series);
    m_gapMs = gapMs;
    m_decimationValid = false;
    m_polylinesValid = false;
    update();
}

void SeriesLayer::setTimeWindow(std::int64_t fromMs, std::int64_t toMs, int columns)
{
    toMs = std::max(toMs, fromMs + 1);
    columns = std::max(1, columns);
    if (m_decimationValid && fromMs == m_fromMs && toMs == m_toMs && columns == m_columns)
        return;
    decimate(fromMs, toMs, columns);
    update();
}

void SeriesLayer::decimate(std::int64_t fromMs, std::int64_t toMs, int columns)
{
    m_fromMs = fromMs;
    m_toMs = toMs;
    m_columns = columns;
    m_decimated.clear();
    m_decimated.reserve(m_series.size());
    const M4Options options{fromMs, toMs, columns, m_gapMs};
    for (const DisplaySeries &s : m_series)
        m_decimated.push_back(decimateM4(s.series->timestampsMs, s.series->values, options));
    m_decimationValid = true;
    m_polylinesValid = false;
}

bool SeriesLayer::valueExtent(double &min, double &max) const
{
    min = INFINITY;
    max = -INFINITY;
    for (const DecimatedLine &line : m_decimated) {
        for (size_t i = 0; i < line.size(); ++i) {
            // Only samples inside the window count; the neighbours outside only continue the line.
            const std::int64_t t = line.timestampsMs[i];
            const double v = line.values[i];
            if (t >= m_fromMs && t <= m_toMs && std::isfinite(v)) {
                min = std::min(min, v);
                max = std::max(max, v);
            }
        }
    }
    return std::isfinite(min);
}

void SeriesLayer::setValueMapping(double yMin, double yMax, double factor)
{
    yMax = yMax > yMin ? yMax : yMin + 1;
    factor = factor == 0 ? 1 : factor;
    if (yMin == m_yMin && yMax == m_yMax && factor == m_yFactor)
        return;
    m_yMin = yMin;
    m_yMax = yMax;
    m_yFactor = factor;
    m_polylinesValid = false;
    update();
}

QRectF SeriesLayer::boundingRect() const
{
    return m_chart->plotArea();
}

void SeriesLayer::rebuildPolylines(const QRectF &plot)
{
    m_polylines.assign(m_decimated.size(), {});
    m_vertexCount = 0;
    const double xScale = plot.width() / static_cast<double>(m_toMs - m_fromMs);
    const double yScale = plot.height() / (m_yMax - m_yMin);
    // Values far outside the plot are clamped so huge or infinite values still draw a visible edge.
    const double yLow = plot.top() - plot.height();
    const double yHigh = plot.bottom() + plot.height();
    for (size_t s = 0; s < m_decimated.size(); ++s) {
        const DecimatedLine &line = m_decimated[s];
        std::vector<QPolygonF> &polylines = m_polylines[s];
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
    m_polylinesValid = true;
}

void SeriesLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QRectF plot = m_chart->plotArea();
    if (plot.isEmpty() || !m_decimationValid)
        return;
    // The plot may have been resized since the last decimation (layout settles after the data).
    if (const int columns = static_cast<int>(std::ceil(plot.width())); columns != m_columns)
        decimate(m_fromMs, m_toMs, columns);
    if (!m_polylinesValid || plot != m_cachedPlot)
        rebuildPolylines(plot);
    painter->save();
    painter->setClipRect(plot);
    // Anti-aliasing costs about 0.1 µs a vertex here (6 ms for 10 dense series at 1600 px). Sparse
    // lines get it; dense ones are drawn pixel-exact, which is what M4 reproduces exactly anyway.
    painter->setRenderHint(QPainter::Antialiasing, m_vertexCount <= AntialiasedVertexLimit);
    for (size_t s = 0; s < m_polylines.size(); ++s) {
        // A cosmetic one-pixel pen takes the raster engine's dedicated line stroker; wider pens go
        // through the general path stroker with joins, about twenty times slower (measured).
        QPen pen(m_series[s].color, static_cast<int>(s) == m_highlighted ? 2 : 1);
        pen.setCosmetic(true);
        painter->setPen(pen);
        for (const QPolygonF &poly : m_polylines[s]) {
            if (poly.size() == 1) // a lone sample between gaps: show it as a dot
                painter->drawPoint(poly.front());
            else
                painter->drawPolyline(poly);
        }
    }
    painter->restore();
}

} // namespace promdeck
