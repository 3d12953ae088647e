#include "panels/TimeSeriesChart.h"

#include "panels/Palette.h"
#include "panels/SeriesLayer.h"
#include "series/TimeTicks.h"

#include <QCategoryAxis>
#include <QDateTime>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace promdeck {

namespace {
constexpr int MaxLegendEntries = 12;

constexpr int MaxTimeTicks = 8;
} // namespace

TimeSeriesChart::TimeSeriesChart(QWidget *parent) : QChartView(parent), m_chart(new QChart)
{
    m_chart->setTheme(QChart::ChartThemeDark);
    m_chart->setBackgroundBrush(theme::PanelBackground);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setLabelColor(theme::Text);
    QFont small = font();
    small.setPointSizeF(std::max(7.0, small.pointSizeF() * 0.85));
    m_chart->legend()->setFont(small);

    // Categories only to place labels and grid lines on round times; the values are epoch ms.
    m_xAxis = new QCategoryAxis;
    m_xAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    m_yAxis = new QValueAxis;
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(m_xAxis), static_cast<QAbstractAxis *>(m_yAxis)}) {
        axis->setLabelsFont(small);
        axis->setLabelsColor(theme::MutedText);
        axis->setGridLineColor(theme::Grid);
        axis->setLinePenColor(theme::Grid);
        axis->setTitleBrush(theme::MutedText);
        QFont titleFont = small;
        titleFont.setBold(false);
        axis->setTitleFont(titleFont);
    }
    m_yAxis->setTickCount(5);
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);
    m_chart->addAxis(m_yAxis, Qt::AlignLeft);

    m_layer = new SeriesLayer(m_chart);
    setChart(m_chart);
    m_chart->scene()->addItem(m_layer);

    m_crosshair = new QGraphicsLineItem;
    m_crosshair->setPen(QPen(QColor(255, 255, 255, 90), 1, Qt::DashLine));
    m_crosshair->setZValue(20);
    m_crosshair->hide();
    m_chart->scene()->addItem(m_crosshair);
    m_selection = new QGraphicsRectItem;
    m_selection->setBrush(QColor(90, 140, 255, 50));
    m_selection->setPen(Qt::NoPen);
    m_selection->setZValue(19);
    m_selection->hide();
    m_chart->scene()->addItem(m_selection);

    setRenderHint(QPainter::Antialiasing, false);
    setMouseTracking(true);
    setFrameShape(QFrame::NoFrame);
    setBackgroundBrush(theme::PanelBackground);
    // A new plot width means new pixel columns: decimate again.
    // The layer re-decimates for a new plot width when it paints; the value range does not depend on
    // the width (M4 keeps every column's extremes), so the axes need nothing here.
    connect(m_chart, &QChart::plotAreaChanged, this, [this] {
        m_layer->update();
        updateTimeTicks();
    });
}

void TimeSeriesChart::setData(std::vector<DisplaySeries> series, const TimeRange &range,
                              const FieldConfig &fieldConfig, std::int64_t stepMs)
{
    m_series = series;
    m_fieldConfig = fieldConfig;
    m_format = ValueFormat(fieldConfig.unit, fieldConfig.decimals);
    m_full = range;
    m_visible = range;
    m_stepMs = stepMs;

    // Legend entries: empty QLineSeries carry the name and colour; the layer draws the data.
    for (QLineSeries *s : m_legendSeries) {
        m_chart->removeSeries(s);
        delete s;
    }
    m_legendSeries.clear();
    for (size_t i = 0; i < series.size() && i < MaxLegendEntries; ++i) {
        auto *legend = new QLineSeries;
        legend->setName(series[i].name);
        legend->setColor(series[i].color);
        m_chart->addSeries(legend);
        legend->attachAxis(m_xAxis);
        legend->attachAxis(m_yAxis);
        m_legendSeries.push_back(legend);
    }
    if (series.size() > MaxLegendEntries) {
        auto *more = new QLineSeries;
        more->setName(tr("+%1 more").arg(series.size() - MaxLegendEntries));
        more->setColor(theme::MutedText);
        m_chart->addSeries(more);
        m_legendSeries.push_back(more);
    }
    m_chart->legend()->setVisible(!series.empty() && series.size() > 1);
    // Grafana breaks lines where samples are missing: a gap longer than two steps is shown as one.
    m_layer->setSeries(std::move(series), stepMs > 0 ? 2 * stepMs : 0);
    updateAxes();
}

void TimeSeriesChart::setVisibleRange(const TimeRange &range)
{
    if (!range.isValid())
        return;
    m_visible = range;
    updateAxes();
}

void TimeSeriesChart::updateAxes()
{
    // Decimate for the visible window first: the extremes of the decimated lines are the extremes of
    // the visible data, so the y range needs no pass over the raw samples.
    const int columns = std::max(1, static_cast<int>(std::ceil(m_chart->plotArea().width())));
    m_layer->setTimeWindow(m_visible.fromMs, m_visible.toMs, columns);
    double lo = 0, hi = 1;
    if (!m_layer->valueExtent(lo, hi)) {
        lo = 0;
        hi = 1;
    }
    // Most operational metrics are non-negative: start the axis at zero, as Grafana does by default.
    if (lo > 0)
        lo = 0;
    if (m_fieldConfig.min)
        lo = *m_fieldConfig.min;
    if (m_fieldConfig.max)
        hi = *m_fieldConfig.max;
    if (hi <= lo)
        hi = lo + (lo == 0 ? 1 : std::fabs(lo) * 0.1);
    else if (!m_fieldConfig.max)
        hi += (hi - lo) * 0.05;

    const AxisScale scale =
        chooseAxisScale(m_fieldConfig.unit, std::max(std::fabs(lo), std::fabs(hi)), hi - lo);
    m_yAxis->setRange(lo / scale.factor, hi / scale.factor);
    if (!m_fieldConfig.max) {
        // Round tick values; a minimum fixed by the dashboard stays where it was put.
        m_yAxis->applyNiceNumbers();
        if (m_fieldConfig.min)
            m_yAxis->setMin(lo / scale.factor);
    }
    m_yAxis->setLabelFormat(QStringLiteral("%.%1f").arg(scale.decimals));
    m_yAxis->setTitleText(scale.title);
    m_yAxis->setTitleVisible(!scale.title.isEmpty());
    m_xAxis->setRange(static_cast<double>(m_visible.fromMs), static_cast<double>(m_visible.toMs));
    updateTimeTicks();
    m_layer->setValueMapping(m_yAxis->min(), m_yAxis->max(), scale.factor);
}

void TimeSeriesChart::updateTimeTicks()
{
    // As many as fit (a label is about 90 px wide); only when that number or the range changed, since
    // new labels change the plot area, which calls this again.
    const int maxTicks = std::clamp(static_cast<int>(m_chart->plotArea().width() / 90), 2, MaxTimeTicks);
    if (maxTicks == m_tickCountFor.first && m_visible == m_tickCountFor.second)
        return;
    m_tickCountFor = {maxTicks, m_visible};
    const TimeTicks ticks = chooseTimeTicks(m_visible, maxTicks);
    for (const QString &label : m_xAxis->categoriesLabels())
        m_xAxis->remove(label);
    // A label is centred on its time: one in the last few percent would be cut at the right edge.
    const std::int64_t lastLabelMs = m_visible.toMs - m_visible.durationMs() / 25;
    for (std::int64_t t : ticks.timesMs)
        if (t <= lastLabelMs)
            m_xAxis->append(QDateTime::fromMSecsSinceEpoch(t).toString(ticks.format), static_cast<double>(t));
    m_xAxis->setStartValue(static_cast<double>(m_visible.fromMs));
}

QStringList TimeSeriesChart::timeLabels() const
{
    return m_xAxis->categoriesLabels();
}

std::int64_t TimeSeriesChart::timeAt(const QPoint &pos) const
{
    const QRectF plot = m_chart->plotArea();
    const QPointF scenePos = mapToScene(pos);
    const double fraction = (scenePos.x() - plot.left()) / std::max(1.0, plot.width());
    return m_visible.fromMs +
           static_cast<std::int64_t>(fraction * static_cast<double>(m_visible.durationMs()));
}

QString TimeSeriesChart::tooltipText(std::int64_t timeMs) const
{
    QString html =
        QStringLiteral("<b>%1</b>")
            .arg(QDateTime::fromMSecsSinceEpoch(timeMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    const std::int64_t tolerance = std::max<std::int64_t>(m_stepMs, m_visible.durationMs() / 200);
    int shown = 0;
    for (const DisplaySeries &d : m_layer->series()) {
        const Series &s = *d.series;
        auto it = std::lower_bound(s.timestampsMs.begin(), s.timestampsMs.end(), timeMs);
        // The nearer of the two neighbours.
        if (it != s.timestampsMs.begin() && (it == s.timestampsMs.end() || timeMs - *(it - 1) < *it - timeMs))
            --it;
        if (it == s.timestampsMs.end() || std::llabs(*it - timeMs) > tolerance)
            continue;
        if (++shown > 20) {
            html += QStringLiteral("<br>…");
            break;
        }
        const double v = s.values[static_cast<size_t>(it - s.timestampsMs.begin())];
        html += QStringLiteral("<br><span style='color:%1'>■</span> %2: <b>%3</b>")
                    .arg(d.color.name(), d.name.toHtmlEscaped(), m_format.format(v));
    }
    return html;
}

void TimeSeriesChart::mouseMoveEvent(QMouseEvent *event)
{
    const QRectF plot = m_chart->plotArea();
    const QPointF scenePos = mapToScene(event->pos());
    if (m_dragStartX >= 0) {
        const double x0 = mapToScene(QPoint(m_dragStartX, 0)).x();
        m_selection->setRect(QRectF(QPointF(std::min(x0, scenePos.x()), plot.top()),
                                    QPointF(std::max(x0, scenePos.x()), plot.bottom())));
        m_selection->show();
    }
    if (plot.contains(scenePos) && !m_series.empty()) {
        m_crosshair->setLine(scenePos.x(), plot.top(), scenePos.x(), plot.bottom());
        m_crosshair->show();
        QToolTip::showText(event->globalPosition().toPoint() + QPoint(14, 14),
                           tooltipText(timeAt(event->pos())), this);
    } else {
        m_crosshair->hide();
        QToolTip::hideText();
    }
    QGraphicsView::mouseMoveEvent(event);
}

void TimeSeriesChart::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_chart->plotArea().contains(mapToScene(event->pos())))
        m_dragStartX = event->pos().x();
    QGraphicsView::mousePressEvent(event);
}

void TimeSeriesChart::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_dragStartX >= 0) {
        const int startX = std::exchange(m_dragStartX, -1);
        const std::int64_t a = timeAt(QPoint(startX, 0));
        const std::int64_t b = timeAt(event->pos());
        m_selection->hide();
        if (std::abs(event->pos().x() - startX) > 4 && std::llabs(b - a) > 1000) {
            const TimeRange selected{std::min(a, b), std::max(a, b)};
            setVisibleRange(selected);
            emit timeRangeSelected(selected);
        }
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void TimeSeriesChart::leaveEvent(QEvent *event)
{
    m_crosshair->hide();
    QGraphicsView::leaveEvent(event);
}

void TimeSeriesChart::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    m_layer->update();
}

} // namespace promdeck
