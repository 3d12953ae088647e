#include "panels/SeriesLayer.h"

#include "panels/Palette.h"

#include <QChart>
#include <QLinearGradient>
#include <QPainter>
#include <QPainterPath>
#include <cmath>
#include <numeric>

namespace promdeck {

namespace {
constexpr std::size_t AntialiasedVertexLimit = 20'000;
using Graph = GraphFieldConfig;

// The value of a stack's base at a time the series has a sample (same timestamps by construction).
double baseAt(const Series *below, std::int64_t t)
{
    if (!below)
        return 0;
    const auto it = std::lower_bound(below->timestampsMs.begin(), below->timestampsMs.end(), t);
    if (it == below->timestampsMs.end() || *it != t)
        return 0;
    return below->values[static_cast<size_t>(it - below->timestampsMs.begin())];
}

QPen linePen(const QColor &color, const Graph &g, bool highlighted)
{
    const double width = std::max(1.0, g.lineWidth) + (highlighted ? 1 : 0);
    QPen pen(color, width);
    // A cosmetic one-pixel pen takes the raster engine's dedicated line stroker; wider pens go
    // through the general path stroker with joins, about twenty times slower (measured).
    pen.setCosmetic(width <= 1);
    if (g.lineStyle == Graph::LineFill::Solid)
        return pen;
    // Grafana's dash lengths are pixels; Qt's are multiples of the pen width.
    std::vector<double> dash = g.dash;
    if (dash.size() < 2)
        dash =
            g.lineStyle == Graph::LineFill::Dots ? std::vector<double>{0, 10} : std::vector<double>{10, 10};
    QList<qreal> pattern;
    for (double d : dash)
        pattern << std::max(g.lineStyle == Graph::LineFill::Dots ? 0.01 : 0.5, d / width);
    if (pattern.size() % 2)
        pattern << pattern.back();
    if (g.lineStyle == Graph::LineFill::Dots)
        pen.setCapStyle(Qt::RoundCap);
    pen.setDashPattern(pattern);
    return pen;
}

// The line through the points as the interpolation says; steps stay on the sample's value until the
// next sample (after) or jump at once (before).
QPainterPath linePath(const QPolygonF &points, Graph::Interpolation interpolation)
{
    QPainterPath path;
    if (points.isEmpty())
        return path;
    path.moveTo(points.front());
    for (qsizetype i = 1; i < points.size(); ++i) {
        const QPointF &a = points[i - 1];
        const QPointF &b = points[i];
        switch (interpolation) {
        case Graph::Interpolation::StepAfter:
            path.lineTo(b.x(), a.y());
            path.lineTo(b);
            break;
        case Graph::Interpolation::StepBefore:
            path.lineTo(a.x(), b.y());
            path.lineTo(b);
            break;
        case Graph::Interpolation::Smooth: {
            // Catmull-Rom through the neighbours, as a cubic Bézier; the control points keep the curve
            // between the samples' values where they are monotonic enough.
            const QPointF &p0 = i >= 2 ? points[i - 2] : a;
            const QPointF &p3 = i + 1 < points.size() ? points[i + 1] : b;
            path.cubicTo(a + (b - p0) / 6.0, b - (p3 - a) / 6.0, b);
            break;
        }
        case Graph::Interpolation::Linear:
            path.lineTo(b);
            break;
        }
    }
    return path;
}
} // namespace

SeriesLayer::SeriesLayer(QChart *chart) : m_chart(chart)
{
    setZValue(10); // above the grid, below the legend and tooltips
    setAcceptedMouseButtons(Qt::NoButton);
}

void SeriesLayer::setSeries(std::vector<DisplaySeries> series, std::int64_t stepMs)
{
    prepareGeometryChange();
    m_series = std::move(series);
    m_stepMs = stepMs;
    std::vector<PlotField> fields;
    fields.reserve(m_series.size());
    for (const DisplaySeries &d : m_series)
        fields.push_back({&d.config, std::shared_ptr<const Series>(d.owner, d.series)});
    m_plot = planTimeSeries(fields, stepMs);
    m_mappings.assign(m_plot.scales.size(), {});
    for (size_t i = 0; i < m_plot.scales.size(); ++i)
        m_mappings[i].logBase = m_plot.scales[i].logBase;
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
    m_decimated.reserve(m_plot.series.size());
    for (const PlotSeries &p : m_plot.series) {
        const M4Options options{fromMs, toMs, columns, p.gapMs};
        m_decimated.push_back(p.hidden ? DecimatedLine{}
                                       : decimateM4(p.drawn->timestampsMs, p.drawn->values, options));
    }
    m_decimationValid = true;
    m_polylinesValid = false;
}

bool SeriesLayer::valueExtent(int scale, double &min, double &max) const
{
    min = INFINITY;
    max = -INFINITY;
    for (size_t s = 0; s < m_decimated.size(); ++s) {
        const PlotSeries &p = m_plot.series[s];
        if (p.scale != scale)
            continue;
        const DecimatedLine &line = m_decimated[s];
        for (size_t i = 0; i < line.size(); ++i) {
            // Only samples inside the window count; the neighbours outside only continue the line.
            const std::int64_t t = line.timestampsMs[i];
            const double v = line.values[i];
            if (t < m_fromMs || t > m_toMs || !std::isfinite(v))
                continue;
            const double base = baseAt(p.below.get(), t);
            min = std::min({min, v, p.below ? base : v});
            max = std::max({max, v, p.below ? base : v});
        }
    }
    return std::isfinite(min);
}

void SeriesLayer::setValueMapping(int scale, double yMin, double yMax, double factor)
{
    if (scale < 0 || scale >= static_cast<int>(m_mappings.size()))
        return;
    yMax = yMax > yMin ? yMax : yMin + 1;
    factor = factor == 0 ? 1 : factor;
    Mapping &m = m_mappings[static_cast<size_t>(scale)];
    if (yMin == m.yMin && yMax == m.yMax && factor == m.factor)
        return;
    m.yMin = yMin;
    m.yMax = yMax;
    m.factor = factor;
    m_polylinesValid = false;
    update();
}

QRectF SeriesLayer::boundingRect() const
{
    return m_chart->plotArea();
}

double SeriesLayer::pixelY(int scale, double value, const QRectF &plot) const
{
    const Mapping &m = m_mappings[static_cast<size_t>(scale)];
    double position; // 0 at the bottom, 1 at the top
    if (m.logBase > 0) {
        const double v = value / m.factor;
        if (!(v > 0))
            return NAN;
        const double lo = std::log(std::max(m.yMin, 1e-300));
        position = (std::log(v) - lo) / std::max(1e-12, std::log(m.yMax) - lo);
    } else {
        position = (value / m.factor - m.yMin) / (m.yMax - m.yMin);
    }
    // Values far outside the plot are clamped so huge or infinite values still draw a visible edge.
    return std::clamp(plot.bottom() - position * plot.height(), plot.top() - plot.height(),
                      plot.bottom() + plot.height());
}

double SeriesLayer::sceneYAt(size_t series, std::int64_t timeMs) const
{
    if (series >= m_plot.series.size() || m_plot.series[series].hidden)
        return NAN;
    const Series &drawn = *m_plot.series[series].drawn;
    auto it = std::lower_bound(drawn.timestampsMs.begin(), drawn.timestampsMs.end(), timeMs);
    if (it != drawn.timestampsMs.begin() &&
        (it == drawn.timestampsMs.end() || timeMs - *(it - 1) < *it - timeMs))
        --it;
    if (it == drawn.timestampsMs.end())
        return NAN;
    const double v = drawn.values[static_cast<size_t>(it - drawn.timestampsMs.begin())];
    return std::isnan(v) ? NAN : pixelY(m_plot.series[series].scale, v, m_chart->plotArea());
}

void SeriesLayer::rebuildPolylines(const QRectF &plot)
{
    m_pixels.assign(m_decimated.size(), {});
    m_vertexCount = 0;
    const double xScale = plot.width() / static_cast<double>(m_toMs - m_fromMs);
    for (size_t s = 0; s < m_decimated.size(); ++s) {
        const PlotSeries &p = m_plot.series[s];
        const DecimatedLine &line = m_decimated[s];
        Pixels &pixels = m_pixels[s];
        QPolygonF current, base;
        auto close = [&] {
            if (current.isEmpty())
                return;
            pixels.lines.push_back(std::move(current));
            pixels.bases.push_back(std::move(base));
            current = QPolygonF();
            base = QPolygonF();
        };
        for (size_t i = 0; i < line.size(); ++i) {
            const double v = line.values[i];
            const double y = std::isnan(v) ? NAN : pixelY(p.scale, v, plot);
            if (std::isnan(y)) {
                close();
                continue;
            }
            const double x = plot.left() + static_cast<double>(line.timestampsMs[i] - m_fromMs) * xScale;
            current.append(QPointF(x, y));
            const double b = pixelY(p.scale, baseAt(p.below.get(), line.timestampsMs[i]), plot);
            base.append(QPointF(x, std::isnan(b) ? plot.bottom() : b));
        }
        close();
        for (const QPolygonF &poly : pixels.lines)
            m_vertexCount += static_cast<size_t>(poly.size());
    }
    m_cachedPlot = plot;
    m_polylinesValid = true;
}

void SeriesLayer::paintThresholds(QPainter *painter, const QRectF &plot) const
{
    if (m_series.empty() || m_plot.scales.empty())
        return;
    // Grafana draws the thresholds of the panel's defaults on the first series' scale.
    const FieldConfig &config = m_series.front().config;
    const Graph::ThresholdsStyle style = config.custom.thresholdsStyle;
    if (style == Graph::ThresholdsStyle::Off || style == Graph::ThresholdsStyle::Series)
        return;
    const int scale = m_plot.series.front().scale;
    const std::vector<Threshold> steps = config.thresholdSteps();
    const bool area = style == Graph::ThresholdsStyle::Area || style == Graph::ThresholdsStyle::LineAndArea ||
                      style == Graph::ThresholdsStyle::DashedAndArea;
    const bool line = style != Graph::ThresholdsStyle::Area;
    const bool dashed =
        style == Graph::ThresholdsStyle::Dashed || style == Graph::ThresholdsStyle::DashedAndArea;
    for (size_t i = 0; i < steps.size(); ++i) {
        const QColor color = grafanaColor(steps[i].color);
        // A step reaches from its value up to the next step's value.
        const double from = steps[i].value ? pixelY(scale, *steps[i].value, plot) : plot.bottom();
        const double to = i + 1 < steps.size() && steps[i + 1].value
                              ? pixelY(scale, *steps[i + 1].value, plot)
                              : plot.top();
        if (area && !std::isnan(from) && !std::isnan(to)) {
            QColor fill = color;
            fill.setAlphaF(0.15);
            painter->fillRect(
                QRectF(QPointF(plot.left(), std::min(from, to)), QPointF(plot.right(), std::max(from, to))),
                fill);
        }
        if (line && steps[i].value && !std::isnan(from)) {
            QPen pen(color, 1, dashed ? Qt::DashLine : Qt::SolidLine);
            pen.setCosmetic(true);
            painter->setPen(pen);
            painter->drawLine(QPointF(plot.left(), from), QPointF(plot.right(), from));
        }
    }
}

void SeriesLayer::paintSeries(QPainter *painter, size_t s, const QRectF &plot) const
{
    const PlotSeries &p = m_plot.series[s];
    const Graph &g = *p.style;
    const QColor color = m_series[s].color;
    const Pixels &pixels = m_pixels[s];
    const bool highlighted = static_cast<int>(s) == m_highlighted;
    const double xScale = plot.width() / static_cast<double>(m_toMs - m_fromMs);
    const double zeroY = std::isnan(pixelY(p.scale, 0, plot)) ? plot.bottom() : pixelY(p.scale, 0, plot);

    QBrush fill;
    if (g.fillOpacity > 0) {
        QColor c = color;
        c.setAlphaF(std::clamp(g.fillOpacity / 100.0, 0.0, 1.0));
        if (g.gradientMode != Graph::Gradient::None && g.drawStyle != Graph::DrawStyle::Bars) {
            // Opacity fading towards the bottom, as Grafana's gradient modes start.
            QLinearGradient gradient(0, plot.top(), 0, plot.bottom());
            gradient.setColorAt(0, c);
            QColor transparent = c;
            transparent.setAlpha(0);
            gradient.setColorAt(1, transparent);
            fill = QBrush(gradient);
        } else {
            fill = QBrush(c);
        }
    }

    if (g.drawStyle == Graph::DrawStyle::Bars) {
        // Bars are 80% of the step wide (at least a pixel), from the stack under them or zero.
        double stepPx = static_cast<double>(m_stepMs) * xScale;
        if (stepPx <= 0) {
            for (const QPolygonF &poly : pixels.lines)
                for (qsizetype i = 1; i < poly.size(); ++i)
                    stepPx = stepPx > 0 ? std::min(stepPx, poly[i].x() - poly[i - 1].x())
                                        : poly[i].x() - poly[i - 1].x();
        }
        const double width = std::max(1.0, stepPx * 0.8);
        QColor barColor = color;
        barColor.setAlphaF(g.fillOpacity > 0 ? std::clamp(g.fillOpacity / 100.0, 0.0, 1.0) : 1.0);
        painter->setPen(Qt::NoPen);
        for (size_t k = 0; k < pixels.lines.size(); ++k)
            for (qsizetype i = 0; i < pixels.lines[k].size(); ++i) {
                const QPointF top = pixels.lines[k][i];
                const double bottom = p.below ? pixels.bases[k][i].y() : zeroY;
                painter->fillRect(QRectF(QPointF(top.x() - width / 2, std::min(top.y(), bottom)),
                                         QPointF(top.x() + width / 2, std::max(top.y(), bottom))),
                                  barColor);
            }
    } else {
        if (fill.style() != Qt::NoBrush) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(fill);
            for (size_t k = 0; k < pixels.lines.size(); ++k) {
                QPolygonF area = pixels.lines[k];
                if (g.lineInterpolation == Graph::Interpolation::StepAfter ||
                    g.lineInterpolation == Graph::Interpolation::StepBefore)
                    area = linePath(area, g.lineInterpolation).toFillPolygon();
                if (p.below) {
                    const QPolygonF &base = pixels.bases[k];
                    for (qsizetype i = base.size() - 1; i >= 0; --i)
                        area.append(base[i]);
                } else {
                    area.append(QPointF(area.back().x(), zeroY));
                    area.append(QPointF(area.front().x(), zeroY));
                }
                painter->drawPolygon(area);
            }
            painter->setBrush(Qt::NoBrush);
        }
        if (g.drawStyle == Graph::DrawStyle::Line && g.lineWidth > 0) {
            painter->setPen(linePen(color, g, highlighted));
            for (const QPolygonF &poly : pixels.lines) {
                if (poly.size() == 1) // a lone sample between gaps: show it as a dot
                    painter->drawPoint(poly.front());
                else if (g.lineInterpolation == Graph::Interpolation::Linear &&
                         g.lineStyle == Graph::LineFill::Solid)
                    painter->drawPolyline(poly);
                else
                    painter->drawPath(linePath(poly, g.lineInterpolation));
            }
        }
    }

    // Points: always, for the points style, or (auto) where samples are far enough apart to tell.
    bool points = g.drawStyle == Graph::DrawStyle::Points || g.showPoints == Graph::Points::Always;
    if (!points && g.showPoints == Graph::Points::Auto && g.drawStyle == Graph::DrawStyle::Line) {
        qsizetype count = 0;
        for (const QPolygonF &poly : pixels.lines)
            count += poly.size();
        points = count > 0 && count * g.pointSize * 4 < plot.width();
    }
    if (points) {
        const double r = std::max(1.0, g.pointSize / 2);
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        for (const QPolygonF &poly : pixels.lines)
            for (const QPointF &pt : poly)
                painter->drawEllipse(pt, r, r);
        painter->setBrush(Qt::NoBrush);
    }
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
    paintThresholds(painter, plot);
    // Anti-aliasing costs about 0.1 µs a vertex here (6 ms for 10 dense series at 1600 px). Sparse
    // lines get it; dense ones are drawn pixel-exact, which is what M4 reproduces exactly anyway.
    painter->setRenderHint(QPainter::Antialiasing, m_vertexCount <= AntialiasedVertexLimit);
    // Legacy `zindex` orders the drawing; equal ones keep the query order.
    std::vector<size_t> order(m_pixels.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [this](size_t a, size_t b) {
        return m_plot.series[a].style->zIndex < m_plot.series[b].style->zIndex;
    });
    for (size_t s : order)
        if (!m_plot.series[s].hidden)
            paintSeries(painter, s, plot);
    painter->restore();
}

} // namespace promdeck
