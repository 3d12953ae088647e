#include "panels/HeatmapView.h"

#include "panels/Palette.h"
#include "panels/PlainText.h"
#include "series/TimeTicks.h"
#include "series/TimeZones.h"
#include "series/ValueFormat.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QJsonObject>
#include <QPainter>
#include <QToolTip>
#include <cmath>

namespace promdeck {

namespace {

// d3's sequential and diverging schemes that Grafana offers, as stops from low to high.
std::vector<QColor> schemeStops(QString name)
{
    name.remove(QStringLiteral("interpolate"));
    struct Scheme
    {
        const char16_t *name;
        std::initializer_list<QRgb> stops;
    };
    static const Scheme schemes[] = {
        {u"Oranges", {0xfff5eb, 0xfdd0a2, 0xfd8d3c, 0xd94801, 0x7f2704}},
        {u"Reds", {0xfff5f0, 0xfcbba1, 0xfb6a4a, 0xcb181d, 0x67000d}},
        {u"Greens", {0xf7fcf5, 0xc7e9c0, 0x74c476, 0x238b45, 0x00441b}},
        {u"Blues", {0xf7fbff, 0xc6dbef, 0x6baed6, 0x2171b5, 0x08306b}},
        {u"Purples", {0xfcfbfd, 0xdadaeb, 0x9e9ac8, 0x6a51a3, 0x3f007d}},
        {u"Greys", {0xffffff, 0xd9d9d9, 0x969696, 0x525252, 0x000000}},
        {u"YlOrRd", {0xffffcc, 0xfed976, 0xfd8d3c, 0xe31a1c, 0x800026}},
        {u"YlGnBu", {0xffffd9, 0xc7e9b4, 0x41b6c4, 0x225ea8, 0x081d58}},
        {u"RdYlGn", {0xa50026, 0xf46d43, 0xfee08b, 0xa6d96a, 0x006837}},
        {u"Spectral", {0x9e0142, 0xf46d43, 0xfee08b, 0xabdda4, 0x3288bd, 0x5e4fa2}},
        {u"Viridis", {0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725}},
        {u"Magma", {0x000004, 0x51127c, 0xb73779, 0xfc8961, 0xfcfdbf}},
        {u"Inferno", {0x000004, 0x56106e, 0xbb3754, 0xf98e09, 0xfcffa4}},
        {u"Plasma", {0x0d0887, 0x7e03a8, 0xcc4778, 0xf89540, 0xf0f921}},
        {u"Turbo", {0x30123b, 0x4686fb, 0x1ae4b6, 0xa2fc3c, 0xfabb3a, 0xe4460a, 0x7a0403}},
        {u"Cividis", {0x00224e, 0x35456c, 0x666970, 0x948e77, 0xc8b866, 0xfee838}},
    };
    for (const Scheme &s : schemes)
        if (name == QStringView(s.name)) {
            std::vector<QColor> out;
            for (QRgb rgb : s.stops)
                out.emplace_back(rgb);
            return out;
        }
    return schemeStops(QStringLiteral("Oranges"));
}

QColor interpolate(const std::vector<QColor> &stops, double t)
{
    t = std::clamp(t, 0.0, 1.0) * static_cast<double>(stops.size() - 1);
    const size_t i = std::min(stops.size() - 2, static_cast<size_t>(t));
    const double f = t - static_cast<double>(i);
    const QColor &a = stops[i], &b = stops[i + 1];
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * f),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * f),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * f));
}

constexpr int AxisWidth = 64;
constexpr int AxisHeight = 18;
constexpr int LegendHeight = 16;

} // namespace

HeatmapView::HeatmapView(QWidget *parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
    setMinimumSize(80, 60);
    setAccessibleName(tr("Heatmap"));
}

void HeatmapView::setData(HeatmapData cells, const Panel &panel, const TimeRange &range)
{
    m_data = std::move(cells);
    m_range = range;
    const QJsonObject options = panel.json.value(QStringLiteral("options")).toObject();
    const QJsonObject color = options.value(QStringLiteral("color")).toObject();
    const QJsonObject legacy = panel.json.value(QStringLiteral("color")).toObject();
    QString scheme = QStringLiteral("Oranges");
    m_opacity = false;
    m_exponent = 0.5;
    if (!color.isEmpty()) {
        m_opacity = color.value(QStringLiteral("mode")).toString() == u"opacity";
        scheme = color.value(QStringLiteral("scheme")).toString(scheme);
        m_opacityColor =
            grafanaColor(color.value(QStringLiteral("fill")).toString(QStringLiteral("dark-orange")));
        m_exponent = color.value(QStringLiteral("exponent")).toDouble(0.5);
        m_scheme = schemeStops(scheme);
        // On a dark background Grafana runs a scheme from its dark end: few counts stay dim.
        if (!color.value(QStringLiteral("reverse")).toBool())
            std::reverse(m_scheme.begin(), m_scheme.end());
        m_exponential =
            color.value(QStringLiteral("scale")).toString(QStringLiteral("exponential")) == u"exponential";
    } else {
        // The old heatmap panel: `color: {mode: spectrum|opacity, colorScheme: interpolateOranges,
        // cardColor}`.
        m_opacity = legacy.value(QStringLiteral("mode")).toString() == u"opacity";
        m_scheme = schemeStops(legacy.value(QStringLiteral("colorScheme")).toString(scheme));
        std::reverse(m_scheme.begin(), m_scheme.end());
        m_exponential = true;
        m_opacityColor =
            grafanaColor(legacy.value(QStringLiteral("cardColor")).toString(QStringLiteral("#b4ff00")));
        m_exponent = legacy.value(QStringLiteral("exponent")).toDouble(0.5);
    }
    m_hideZero = panel.json.value(QStringLiteral("hideZeroBuckets")).toBool(true);
    m_unit = options.value(QStringLiteral("yAxis"))
                 .toObject()
                 .value(QStringLiteral("unit"))
                 .toString(panel.json.value(QStringLiteral("yAxis"))
                               .toObject()
                               .value(QStringLiteral("format"))
                               .toString(panel.fieldConfig.unit));
    update();
}

QColor HeatmapView::colorFor(double count) const
{
    if (!std::isfinite(count) || m_data.maxCount <= 0)
        return theme::panelBackground();
    const double t = count / m_data.maxCount;
    if (m_opacity) {
        QColor c = m_opacityColor;
        c.setAlphaF(static_cast<float>(std::clamp(std::pow(t, m_exponent), 0.05, 1.0)));
        return c;
    }
    return interpolate(m_scheme, m_exponential ? std::pow(t, m_exponent) : t);
}

QRectF HeatmapView::plotRect() const
{
    return QRectF(AxisWidth, 4, std::max(1, width() - AxisWidth - 8),
                  std::max(1, height() - AxisHeight - LegendHeight - 10));
}

std::pair<int, int> HeatmapView::cellAt(const QPointF &pos) const
{
    const QRectF plot = plotRect();
    if (m_data.isEmpty() || !plot.contains(pos) || !m_range.isValid())
        return {-1, -1};
    const int buckets = static_cast<int>(m_data.upperBounds.size());
    const int bucket =
        std::clamp(static_cast<int>((plot.bottom() - pos.y()) / plot.height() * buckets), 0, buckets - 1);
    const double t = static_cast<double>(m_range.fromMs) +
                     (pos.x() - plot.left()) / plot.width() * static_cast<double>(m_range.durationMs());
    // The column whose time is the last at or before the point (a cell spans its step).
    const auto it =
        std::upper_bound(m_data.timesMs.begin(), m_data.timesMs.end(), static_cast<std::int64_t>(t));
    if (it == m_data.timesMs.begin())
        return {-1, -1};
    return {bucket, static_cast<int>(it - m_data.timesMs.begin()) - 1};
}

void HeatmapView::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    update();
}

QString HeatmapView::tooltipFor(int bucket, int time) const
{
    if (bucket < 0 || time < 0)
        return {};
    const ValueFormat format(m_unit);
    const auto b = static_cast<size_t>(bucket);
    const double lower = m_data.lowerBounds[b], upper = m_data.upperBounds[b];
    const double count = m_data.counts[b][static_cast<size_t>(time)];
    return tr("%1\nBucket: %2 – %3\nCount: %4")
        .arg(timeText(m_data.timesMs[static_cast<size_t>(time)], m_zone,
                      QStringLiteral("yyyy-MM-dd HH:mm:ss")),
             format.format(lower), std::isinf(upper) ? QStringLiteral("+Inf") : format.format(upper),
             std::isnan(count) ? tr("no sample") : QString::number(count, 'g', 6));
}

bool HeatmapView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const auto [bucket, time] = cellAt(help->pos());
        const QString text = tooltipFor(bucket, time);
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), plainToolTip(text), this);
        return true;
    }
    return QWidget::event(event);
}

void HeatmapView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), theme::panelBackground());
    if (m_data.isEmpty() || !m_range.isValid()) {
        p.setPen(theme::mutedText());
        p.drawText(rect(), Qt::AlignCenter, tr("No buckets"));
        return;
    }
    const QRectF plot = plotRect();
    const size_t buckets = m_data.upperBounds.size();
    const double rowHeight = plot.height() / static_cast<double>(buckets);
    const double msToX = plot.width() / static_cast<double>(m_range.durationMs());
    const size_t times = m_data.timesMs.size();
    // A column spans from its time to the next one (the step); the last one a step as wide.
    const double step = times > 1 ? static_cast<double>(m_data.timesMs[1] - m_data.timesMs[0])
                                  : static_cast<double>(m_range.durationMs());
    for (size_t t = 0; t < times; ++t) {
        const double x0 = plot.left() + static_cast<double>(m_data.timesMs[t] - m_range.fromMs) * msToX;
        const double next =
            t + 1 < times ? static_cast<double>(m_data.timesMs[t + 1] - m_range.fromMs) * msToX + plot.left()
                          : x0 + step * msToX;
        if (next < plot.left() || x0 > plot.right())
            continue;
        const double left = std::max(x0, plot.left()), right = std::min(next, plot.right());
        for (size_t b = 0; b < buckets; ++b) {
            const double count = m_data.counts[b][t];
            if (!std::isfinite(count) || (m_hideZero && count <= 0))
                continue;
            const double y = plot.bottom() - static_cast<double>(b + 1) * rowHeight;
            // A one-pixel gap between rows keeps the buckets apart when cells are large.
            p.fillRect(
                QRectF(left, y, std::max(1.0, right - left), rowHeight > 6 ? rowHeight - 1 : rowHeight),
                colorFor(count));
        }
    }
    // Y axis: the buckets' labels, as many as fit.
    const QFontMetricsF fm(font());
    p.setPen(theme::mutedText());
    const int every = std::max(1, static_cast<int>(std::ceil(fm.height() / std::max(1.0, rowHeight))));
    const ValueFormat format(m_unit);
    for (size_t b = 0; b < buckets; b += static_cast<size_t>(every)) {
        const double y = plot.bottom() - (static_cast<double>(b) + 0.5) * rowHeight;
        bool numeric = false;
        m_data.bucketLabels[static_cast<qsizetype>(b)].toDouble(&numeric);
        const QString label = numeric && !m_unit.isEmpty() ? format.format(m_data.upperBounds[b])
                                                           : m_data.bucketLabels[static_cast<qsizetype>(b)];
        p.drawText(QRectF(0, y - fm.height() / 2, AxisWidth - 6, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(label, Qt::ElideLeft, AxisWidth - 6));
    }
    // X axis: round times in the zone shown, as many as fit.
    const TimeTicks ticks =
        chooseTimeTicks(m_range, std::max(2, static_cast<int>(plot.width() / 120)), m_zone);
    for (const std::int64_t ms : ticks.timesMs) {
        const double x =
            plot.left() + plot.width() * static_cast<double>(ms - m_range.fromMs) /
                              static_cast<double>(std::max<std::int64_t>(1, m_range.durationMs()));
        const QString text = timeText(ms, m_zone, ticks.format);
        const double w = fm.horizontalAdvance(text);
        p.drawText(QRectF(std::clamp(x - w / 2, plot.left(), plot.right() - w), plot.bottom() + 2, w + 2,
                          AxisHeight),
                   text);
    }
    // Legend: the colour scale from zero to the largest count.
    const QRectF legend(plot.left(), height() - LegendHeight - 2, std::min(200.0, plot.width() / 2), 8);
    for (int x = 0; x < static_cast<int>(legend.width()); ++x)
        p.fillRect(QRectF(legend.left() + x, legend.top(), 1, legend.height()),
                   colorFor(m_data.maxCount * x / legend.width()));
    p.setPen(theme::mutedText());
    p.drawText(QPointF(legend.right() + 6, legend.bottom()), tr("0 – %1").arg(m_data.maxCount, 0, 'g', 4));
}

} // namespace promdeck
