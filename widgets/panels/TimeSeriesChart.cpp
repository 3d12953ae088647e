#include "panels/TimeSeriesChart.h"

#include "panels/Palette.h"
#include "panels/SeriesLayer.h"
#include "series/TimeTicks.h"
#include "series/TimeZones.h"

#include <QCategoryAxis>
#include <QDateTime>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QGraphicsSimpleTextItem>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMouseEvent>
#include <QPainter>
#include <QTextDocumentFragment>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace promdeck {

namespace {

void styleAxis(QAbstractAxis *axis, const QFont &font)
{
    axis->setLabelsFont(font);
    axis->setLabelsColor(theme::mutedText());
    axis->setGridLineColor(theme::grid());
    axis->setLinePenColor(theme::grid());
    axis->setTitleBrush(theme::mutedText());
    QFont titleFont = font;
    titleFont.setBold(false);
    axis->setTitleFont(titleFont);
}

constexpr int MaxTimeTicks = 8;
constexpr double MarkerSize = 5; // the triangle under the plot that says "an event is here"
} // namespace

// The annotations over the series: a line per point, a band per region, in the annotation's colour,
// each with a marker along the bottom of the plot (as Grafana draws them).
class AnnotationLayer : public QGraphicsItem
{
public:
    AnnotationLayer(const TimeSeriesChart *chart, QChart *qchart) : m_chart(chart), m_qchart(qchart)
    {
        setZValue(15); // over the series, under the crosshair and the selection
    }
    QRectF boundingRect() const override
    {
        return m_qchart->plotArea().adjusted(-MarkerSize, 0, MarkerSize, MarkerSize + 2);
    }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        const QRectF plot = m_qchart->plotArea();
        const TimeRange visible = m_chart->visibleRange();
        if (!visible.isValid() || plot.width() < 2)
            return;
        const auto xOf = [&](std::int64_t t) {
            return plot.left() + plot.width() * static_cast<double>(t - visible.fromMs) /
                                     static_cast<double>(std::max<std::int64_t>(1, visible.durationMs()));
        };
        painter->save();
        painter->setClipRect(boundingRect());
        for (const ChartAnnotation &a : m_chart->annotations()) {
            if (a.event.timeEndMs < visible.fromMs || a.event.timeMs > visible.toMs)
                continue;
            QColor line = a.color;
            line.setAlpha(255);
            const double x0 = std::round(std::clamp(xOf(a.event.timeMs), plot.left(), plot.right()));
            const double x1 = std::round(std::clamp(xOf(a.event.timeEndMs), plot.left(), plot.right()));
            if (a.event.isRegion()) {
                QColor band = line;
                band.setAlpha(40);
                painter->fillRect(QRectF(QPointF(x0, plot.top()), QPointF(x1 + 1, plot.bottom())), band);
                painter->fillRect(QRectF(QPointF(x0, plot.bottom() + 1), QPointF(x1 + 1, plot.bottom() + 4)),
                                  line);
            }
            painter->setPen(QPen(line, 1));
            painter->drawLine(QPointF(x0, plot.top()), QPointF(x0, plot.bottom()));
            if (a.event.isRegion())
                painter->drawLine(QPointF(x1, plot.top()), QPointF(x1, plot.bottom()));
            const QPointF marker[] = {{x0, plot.bottom() - MarkerSize},
                                      {x0 - MarkerSize, plot.bottom() + 1},
                                      {x0 + MarkerSize, plot.bottom() + 1}};
            painter->setBrush(line);
            painter->drawPolygon(marker, 3);
        }
        painter->restore();
    }
    void changed()
    {
        prepareGeometryChange();
        update();
    }

private:
    const TimeSeriesChart *m_chart;
    QChart *m_qchart;
};

TimeSeriesChart::TimeSeriesChart(QWidget *parent) : QChartView(parent), m_chart(new QChart)
{
    m_chart->setTheme(theme::active() == ColorTheme::Light ? QChart::ChartThemeLight
                                                           : QChart::ChartThemeDark);
    m_chart->setBackgroundBrush(theme::panelBackground());
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    // The legend is SeriesLegend, beside the chart.
    m_chart->legend()->hide();
    QFont small = font();
    small.setPointSizeF(std::max(7.0, small.pointSizeF() * 0.85));
    m_chart->legend()->setFont(small);

    // Categories only to place labels and grid lines on round times; the values are epoch ms.
    m_xAxis = new QCategoryAxis;
    m_xAxis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    styleAxis(m_xAxis, small);
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);

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
    m_annotationLayer = new AnnotationLayer(this, m_chart);
    m_chart->scene()->addItem(m_annotationLayer);
    m_sharedTipBox = new QGraphicsRectItem;
    QColor tipBackground = themePalette(theme::active()).color(QPalette::ToolTipBase);
    tipBackground.setAlpha(235);
    m_sharedTipBox->setBrush(tipBackground);
    m_sharedTipBox->setPen(QPen(theme::panelBorder()));
    m_sharedTipBox->setZValue(30);
    m_sharedTipBox->hide();
    m_chart->scene()->addItem(m_sharedTipBox);
    m_sharedTip = new QGraphicsSimpleTextItem(m_sharedTipBox);
    m_sharedTip->setBrush(theme::text());
    m_sharedTip->setFont(small);

    setRenderHint(QPainter::Antialiasing, false);
    setMouseTracking(true);
    setFrameShape(QFrame::NoFrame);
    setBackgroundBrush(theme::panelBackground());
    // A new plot width means new pixel columns: decimate again.
    // The layer re-decimates for a new plot width when it paints; the value range does not depend on
    // the width (M4 keeps every column's extremes), so the axes need nothing here.
    connect(m_chart, &QChart::plotAreaChanged, this, [this] {
        m_layer->update();
        m_annotationLayer->changed();
        updateTimeTicks();
    });
}

void TimeSeriesChart::setData(std::vector<DisplaySeries> series, const TimeRange &range, std::int64_t stepMs)
{
    m_series = std::move(series);
    m_full = range;
    m_visible = range;
    m_stepMs = stepMs;

    applyVisibility();
    m_annotationLayer->changed();
}

void TimeSeriesChart::applyVisibility()
{
    // Series switched off in the legend are hidden as hideFrom.viz hides them (and stack without them).
    std::vector<DisplaySeries> drawn = m_series;
    for (DisplaySeries &d : drawn)
        if (m_userHidden.contains(d.name)) {
            d.config.custom.hideFromViz = true;
            d.config.custom.hideFromTooltip = true;
        }
    m_layer->setSeries(std::move(drawn), m_stepMs);
    // Qt Charts draws axes for series: an empty one anchors the time axis and the first value axis.
    if (m_anchor) {
        m_chart->removeSeries(m_anchor);
        delete m_anchor;
    }
    rebuildValueAxes();
    m_anchor = new QLineSeries;
    m_chart->addSeries(m_anchor);
    m_anchor->attachAxis(m_xAxis);
    for (QAbstractAxis *axis : m_valueAxes)
        if (axis) {
            m_anchor->attachAxis(axis);
            break;
        }
    updateAxes();
    emit seriesChanged();
}

bool TimeSeriesChart::isUserHidden(const QString &name) const
{
    return m_userHidden.contains(name);
}

void TimeSeriesChart::isolateSeries(const QString &name)
{
    // Grafana's legend click: only this series; clicking the one shown alone shows all again.
    QSet<QString> others;
    for (const DisplaySeries &d : m_series)
        if (d.name != name)
            others.insert(d.name);
    m_userHidden = m_userHidden == others ? QSet<QString>{} : others;
    applyVisibility();
}

void TimeSeriesChart::toggleSeries(const QString &name)
{
    if (!m_userHidden.remove(name))
        m_userHidden.insert(name);
    applyVisibility();
}

void TimeSeriesChart::rebuildValueAxes()
{
    for (QAbstractAxis *axis : m_valueAxes)
        if (axis) {
            m_chart->removeAxis(axis);
            delete axis;
        }
    m_valueAxes.clear();
    const QFont small = m_chart->legend()->font();
    bool left = false, right = false;
    for (const PlotScale &scale : m_layer->plot().scales) {
        QAbstractAxis *axis = nullptr;
        // One axis a side: a second scale on the same side is drawn on its own scale without one.
        bool &taken = scale.side == AxisSide::Left ? left : right;
        if (scale.side != AxisSide::Hidden && !taken) {
            taken = true;
            if (scale.logBase > 0) {
                auto *log = new QLogValueAxis;
                log->setBase(scale.logBase);
                log->setMinorTickCount(0);
                axis = log;
            } else {
                auto *linear = new QValueAxis;
                linear->setTickCount(5);
                axis = linear;
            }
            styleAxis(axis, small);
            m_chart->addAxis(axis, scale.side == AxisSide::Left ? Qt::AlignLeft : Qt::AlignRight);
            // The right axis labels its own ticks; the grid is the left one's.
            axis->setGridLineVisible(scale.side == AxisSide::Left);
        }
        m_valueAxes.push_back(axis);
    }
}

void TimeSeriesChart::setVisibleRange(const TimeRange &range)
{
    if (!range.isValid())
        return;
    m_visible = range;
    updateAxes();
    m_annotationLayer->changed();
}

void TimeSeriesChart::updateAxes()
{
    // Decimate for the visible window first: the extremes of the decimated lines are the extremes of
    // the visible data, so the y range needs no pass over the raw samples.
    const int columns = std::max(1, static_cast<int>(std::ceil(m_chart->plotArea().width())));
    m_layer->setTimeWindow(m_visible.fromMs, m_visible.toMs, columns);
    const std::vector<PlotScale> &scales = m_layer->plot().scales;
    for (size_t i = 0; i < scales.size(); ++i) {
        const PlotScale &s = scales[i];
        double lo = 0, hi = 1;
        const bool hasData = m_layer->valueExtent(static_cast<int>(i), lo, hi);
        if (!hasData) {
            lo = 0;
            hi = 1;
        }
        if (s.logBase > 0) {
            // Whole powers of the base around the positive values.
            const double b = s.logBase;
            hi = hi > 0 ? hi : 1;
            lo = lo > 0 ? lo : hi / (b * b * b);
            if (s.min && *s.min > 0)
                lo = *s.min;
            if (s.max && *s.max > 0)
                hi = *s.max;
            lo = std::pow(b, std::floor(std::log(lo) / std::log(b)));
            hi = std::pow(b, std::ceil(std::log(hi) / std::log(b)));
            if (hi <= lo)
                hi = lo * b;
            if (auto *axis = qobject_cast<QLogValueAxis *>(m_valueAxes[i])) {
                axis->setRange(lo, hi);
                axis->setLabelFormat(QStringLiteral("%g"));
                axis->setTitleText(s.label);
                axis->setTitleVisible(!s.label.isEmpty());
            }
            m_layer->setValueMapping(static_cast<int>(i), lo, hi, 1);
            continue;
        }
        // Most operational metrics are non-negative: start the axis at zero, as Grafana does by default.
        if (lo > 0)
            lo = 0;
        if (s.softMin)
            lo = std::min(lo, *s.softMin);
        if (s.softMax)
            hi = std::max(hi, *s.softMax);
        if (s.centeredZero) {
            const double m = std::max(std::fabs(lo), std::fabs(hi));
            lo = -m;
            hi = m;
        }
        if (s.min)
            lo = *s.min;
        if (s.max)
            hi = *s.max;
        if (hi <= lo)
            hi = lo + (lo == 0 ? 1 : std::fabs(lo) * 0.1);
        else if (!s.max && !(s.softMax && *s.softMax >= hi))
            hi += (hi - lo) * 0.05;

        const AxisScale unitScale = chooseAxisScale(s.unit, std::max(std::fabs(lo), std::fabs(hi)), hi - lo);
        auto *axis = qobject_cast<QValueAxis *>(m_valueAxes[i]);
        if (!axis) {
            m_layer->setValueMapping(static_cast<int>(i), lo / unitScale.factor, hi / unitScale.factor,
                                     unitScale.factor);
            continue;
        }
        axis->setRange(lo / unitScale.factor, hi / unitScale.factor);
        if (!s.max) {
            // Round tick values; a minimum fixed by the dashboard stays where it was put.
            axis->applyNiceNumbers();
            if (s.min)
                axis->setMin(lo / unitScale.factor);
        }
        axis->setLabelFormat(QStringLiteral("%.%1f").arg(unitScale.decimals));
        const QString title = s.label.isEmpty() ? unitScale.title
                              : unitScale.title.isEmpty()
                                  ? s.label
                                  : QStringLiteral("%1 (%2)").arg(s.label, unitScale.title);
        axis->setTitleText(title);
        axis->setTitleVisible(!title.isEmpty());
        m_layer->setValueMapping(static_cast<int>(i), axis->min(), axis->max(), unitScale.factor);
    }
    m_xAxis->setRange(static_cast<double>(m_visible.fromMs), static_cast<double>(m_visible.toMs));
    updateTimeTicks();
}

void TimeSeriesChart::setTimeZone(const QTimeZone &zone)
{
    if (zone == m_zone)
        return;
    m_zone = zone;
    m_tickCountFor = {}; // the ticks are chosen and labelled again
    updateTimeTicks();
}

void TimeSeriesChart::updateTimeTicks()
{
    // As many as fit (a label is about 90 px wide); only when that number or the range changed, since
    // new labels change the plot area, which calls this again.
    const int maxTicks = std::clamp(static_cast<int>(m_chart->plotArea().width() / 90), 2, MaxTimeTicks);
    if (maxTicks == m_tickCountFor.first && m_visible == m_tickCountFor.second)
        return;
    m_tickCountFor = {maxTicks, m_visible};
    const TimeTicks ticks = chooseTimeTicks(m_visible, maxTicks, m_zone);
    for (const QString &label : m_xAxis->categoriesLabels())
        m_xAxis->remove(label);
    // A label is centred on its time: one in the last few percent would be cut at the right edge.
    const std::int64_t lastLabelMs = m_visible.toMs - m_visible.durationMs() / 25;
    for (std::int64_t t : ticks.timesMs)
        if (t <= lastLabelMs)
            m_xAxis->append(timeText(t, m_zone, ticks.format), static_cast<double>(t));
    m_xAxis->setStartValue(static_cast<double>(m_visible.fromMs));
    // What a screen reader (and the window's tests) read of the axis: its labels, left to right.
    setAccessibleDescription(tr("Time axis: %1").arg(timeLabels().join(QStringLiteral(", "))));
}

void TimeSeriesChart::setAnnotations(std::vector<ChartAnnotation> annotations)
{
    m_annotations = std::move(annotations);
    m_annotationLayer->changed();
}

double TimeSeriesChart::sceneXOf(std::int64_t timeMs) const
{
    const QRectF plot = m_chart->plotArea();
    return plot.left() + plot.width() * static_cast<double>(timeMs - m_visible.fromMs) /
                             static_cast<double>(std::max<std::int64_t>(1, m_visible.durationMs()));
}

std::optional<int> TimeSeriesChart::viewXOf(std::int64_t timeMs) const
{
    if (!m_visible.isValid() || timeMs < m_visible.fromMs || timeMs > m_visible.toMs)
        return std::nullopt;
    return mapFromScene(QPointF(std::round(sceneXOf(timeMs)), m_chart->plotArea().center().y())).x();
}

QString TimeSeriesChart::annotationText(std::int64_t timeMs, double tolerancePx) const
{
    const double msPerPx =
        static_cast<double>(m_visible.durationMs()) / std::max(1.0, m_chart->plotArea().width());
    const auto tolerance = static_cast<std::int64_t>(tolerancePx * msPerPx);
    QStringList parts;
    for (const ChartAnnotation &a : m_annotations) {
        if (timeMs < a.event.timeMs - tolerance || timeMs > a.event.timeEndMs + tolerance)
            continue;
        const auto when = [this](std::int64_t t) {
            return timeText(t, m_zone, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        };
        QString part = a.event.title.isEmpty() ? a.name : a.event.title;
        part += QLatin1Char('\n') +
                (a.event.isRegion() ? when(a.event.timeMs) + QStringLiteral(" → ") + when(a.event.timeEndMs)
                                    : when(a.event.timeMs));
        if (!a.event.text.isEmpty())
            part += QLatin1Char('\n') + a.event.text;
        if (!a.event.tags.isEmpty())
            part += QLatin1Char('\n') + tr("Tags: %1").arg(a.event.tags.join(QStringLiteral(", ")));
        parts << part;
    }
    return parts.join(QStringLiteral("\n\n"));
}

void TimeSeriesChart::showSharedTime(std::optional<std::int64_t> timeMs, bool withTooltip)
{
    const QRectF plot = m_chart->plotArea();
    if (!timeMs || !m_visible.isValid() || *timeMs < m_visible.fromMs || *timeMs > m_visible.toMs) {
        m_crosshair->hide();
        m_sharedTipBox->hide();
        return;
    }
    const double x = std::round(sceneXOf(*timeMs));
    m_crosshair->setLine(x, plot.top(), x, plot.bottom());
    m_crosshair->show();
    const QString tip =
        withTooltip ? QTextDocumentFragment::fromHtml(tooltipText(*timeMs)).toPlainText() : QString();
    if (tip.isEmpty() || m_series.empty()) {
        m_sharedTipBox->hide();
        return;
    }
    m_sharedTip->setText(tip);
    const QRectF text = m_sharedTip->boundingRect();
    const QSizeF size(text.width() + 10, text.height() + 8);
    // Beside the line, on whichever side has room.
    const double left =
        x + 10 + size.width() <= plot.right() ? x + 10 : std::max(plot.left(), x - 10 - size.width());
    m_sharedTipBox->setRect(QRectF(QPointF(left, plot.top() + 4), size));
    m_sharedTip->setPos(left + 5, plot.top() + 8);
    m_sharedTipBox->show();
}

QString TimeSeriesChart::sharedTooltipText() const
{
    return m_sharedTipBox->isVisible() ? m_sharedTip->text() : QString();
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

QString TimeSeriesChart::tooltipText(std::int64_t timeMs, std::optional<double> cursorY) const
{
    if (m_tooltip.mode == TooltipOptions::Mode::Hidden)
        return {};
    struct Row
    {
        size_t series;
        double value;
    };
    std::vector<Row> rows;
    const std::int64_t tolerance = std::max<std::int64_t>(m_stepMs, m_visible.durationMs() / 200);
    const std::vector<DisplaySeries> &all = m_layer->series();
    for (size_t i = 0; i < all.size(); ++i) {
        const DisplaySeries &d = all[i];
        if (d.config.custom.hideFromTooltip)
            continue;
        const Series &s = *d.series;
        auto it = std::lower_bound(s.timestampsMs.begin(), s.timestampsMs.end(), timeMs);
        // The nearer of the two neighbours.
        if (it != s.timestampsMs.begin() && (it == s.timestampsMs.end() || timeMs - *(it - 1) < *it - timeMs))
            --it;
        if (it == s.timestampsMs.end() || std::llabs(*it - timeMs) > tolerance)
            continue;
        rows.push_back({i, s.values[static_cast<size_t>(it - s.timestampsMs.begin())]});
    }
    if (m_tooltip.mode == TooltipOptions::Mode::Single && rows.size() > 1) {
        // The series drawn nearest the cursor (the first without one).
        Row nearest = rows.front();
        double best = INFINITY;
        for (const Row &r : rows)
            if (const double y = m_layer->sceneYAt(r.series, timeMs);
                cursorY && std::isfinite(y) && std::fabs(y - *cursorY) < best) {
                best = std::fabs(y - *cursorY);
                nearest = r;
            }
        rows = {nearest};
    }
    if (m_tooltip.sort != TooltipOptions::Sort::None)
        std::stable_sort(rows.begin(), rows.end(), [this](const Row &a, const Row &b) {
            return m_tooltip.sort == TooltipOptions::Sort::Ascending ? a.value < b.value : a.value > b.value;
        });
    QString html =
        QStringLiteral("<b>%1</b>").arg(timeText(timeMs, m_zone, QStringLiteral("yyyy-MM-dd HH:mm:ss")));
    int shown = 0;
    for (const Row &r : rows) {
        if (++shown > 20) {
            html += QStringLiteral("<br>…");
            break;
        }
        const DisplaySeries &d = all[r.series];
        html += QStringLiteral("<br><span style='color:%1'>■</span> %2: <b>%3</b>")
                    .arg(d.color.name(), d.name.toHtmlEscaped(),
                         ValueFormat(d.config.unit, d.config.decimals).format(r.value));
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
    // The band under the plot holds the annotations' markers: hovering them shows their text too.
    const QRectF hoverArea = plot.adjusted(0, 0, 0, MarkerSize + 2);
    if (hoverArea.contains(scenePos) && (!m_series.empty() || !m_annotations.empty())) {
        m_crosshair->setLine(scenePos.x(), plot.top(), scenePos.x(), plot.bottom());
        m_crosshair->show();
        m_sharedTipBox->hide();
        const std::int64_t time = timeAt(event->pos());
        QString tip = tooltipText(time, scenePos.y());
        if (const QString notes = annotationText(time); !notes.isEmpty()) {
            // Plain text from the server, escaped: never read as markup.
            const QString escaped = notes.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
            tip = tip.isEmpty() ? escaped : escaped + QStringLiteral("<hr>") + tip;
        }
        if (!tip.isEmpty())
            QToolTip::showText(event->globalPosition().toPoint() + QPoint(14, 14), tip, this);
        emit hoverTimeChanged(time);
    } else {
        if (m_crosshair->isVisible())
            emit hoverEnded();
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
    if (m_crosshair->isVisible())
        emit hoverEnded();
    m_crosshair->hide();
    QGraphicsView::leaveEvent(event);
}

void TimeSeriesChart::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    // The plot area at once (a legend beside the chart resizes it late; an offscreen render grabs
    // before posted layout requests run).
    m_chart->layout()->activate();
    m_layer->update();
}

} // namespace promdeck
