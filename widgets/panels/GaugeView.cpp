#include "panels/GaugeView.h"

#include "panels/Palette.h"
#include "series/ValueFormat.h"

#include <QJsonObject>
#include <QPainter>
#include <QPainterPath>
#include <cmath>

namespace promdeck {

GaugeView::GaugeView(Style style, QWidget *parent) : QWidget(parent), m_style(style)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(40, 30);
    setAccessibleName(style == Style::Gauge ? tr("Gauge") : tr("Bar gauge"));
}

void GaugeView::setData(const std::vector<DisplaySeries> &series, const Panel &panel)
{
    const QJsonObject options = panel.json.value(QStringLiteral("options")).toObject();
    m_mode = options.value(QStringLiteral("displayMode")).toString(QStringLiteral("gradient"));
    m_orientation = options.value(QStringLiteral("orientation")).toString(QStringLiteral("auto"));
    m_showUnfilled = options.value(QStringLiteral("showUnfilled")).toBool(true);
    m_thresholdMarkers = options.value(QStringLiteral("showThresholdMarkers")).toBool(true);
    m_minVizWidth = options.value(QStringLiteral("minVizWidth")).toInt(8);
    m_minVizHeight = options.value(QStringLiteral("minVizHeight")).toInt(16);

    // Each value with its own resolved configuration (overrides may give series their own unit,
    // range or thresholds); a range not configured spans zero to the largest value shown.
    std::vector<std::optional<double>> values;
    double lo = INFINITY, hi = -INFINITY;
    for (const DisplaySeries &d : series) {
        const auto v =
            reduce(*d.series, panel.reduceOptions.calcs.empty() ? Reducer::LastNotNull
                                                                : panel.reduceOptions.calcs.front());
        values.push_back(v);
        if (v && std::isfinite(*v)) {
            lo = std::min(lo, *v);
            hi = std::max(hi, *v);
        }
    }
    m_items.clear();
    for (size_t i = 0; i < series.size(); ++i) {
        const FieldConfig &fc = series[i].config;
        double min = fc.min.value_or(NAN), max = fc.max.value_or(NAN);
        if (std::isnan(min))
            min = std::isfinite(lo) ? std::min(0.0, lo) : 0;
        if (std::isnan(max))
            max =
                fc.unit == u"percent" ? 100 : (fc.unit == u"percentunit" ? 1 : (std::isfinite(hi) ? hi : 1));
        if (max <= min)
            max = min + 1;
        auto fractionOf = [&](double x) { return std::clamp((x - min) / (max - min), 0.0, 1.0); };
        Item item;
        item.name = series[i].name;
        const auto &v = values[i];
        item.text = v ? ValueFormat(fc.unit, fc.decimals).format(*v)
                      : (fc.noValue.isEmpty() ? tr("No value") : fc.noValue);
        item.color = v && std::isfinite(*v) ? grafanaColor(fc.activeThreshold(*v, min, max).color)
                                            : theme::mutedText();
        if (const ValueMapping *m = fc.mappingFor(v)) {
            if (!m->text.isEmpty())
                item.text = m->text;
            if (!m->color.isEmpty())
                item.color = grafanaColor(m->color);
        }
        item.fraction = v && std::isfinite(*v) ? fractionOf(*v) : 0;
        for (const Threshold &t : fc.thresholdSteps()) {
            double at = t.value ? *t.value : min;
            if (fc.percentageThresholds && t.value)
                at = min + (max - min) * *t.value / 100;
            item.bands.push_back({fractionOf(at), grafanaColor(t.color)});
        }
        if (item.bands.empty())
            item.bands.push_back({0, theme::ok()});
        m_items.push_back(std::move(item));
    }
    update();
}

QStringList GaugeView::valueTexts() const
{
    QStringList out;
    for (const Item &i : m_items)
        out << i.text;
    return out;
}

QColor GaugeView::valueColor(int index) const
{
    return index >= 0 && index < static_cast<int>(m_items.size()) ? m_items[static_cast<size_t>(index)].color
                                                                  : QColor();
}

double GaugeView::fillFraction(int index) const
{
    return index >= 0 && index < static_cast<int>(m_items.size())
               ? m_items[static_cast<size_t>(index)].fraction
               : 0;
}

void GaugeView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), theme::panelBackground());
    p.setRenderHint(QPainter::Antialiasing, true);
    const int n = static_cast<int>(m_items.size());
    if (n == 0)
        return;
    if (m_style == Style::Gauge) {
        // Side by side when wider than tall, else stacked (Grafana's auto orientation).
        const bool vertical =
            m_orientation == u"vertical" || (m_orientation != u"horizontal" && height() > width());
        for (int i = 0; i < n; ++i) {
            const QRectF r = vertical ? QRectF(0, height() * i / double(n), width(), height() / double(n))
                                      : QRectF(width() * i / double(n), 0, width() / double(n), height());
            paintGauge(p, r.adjusted(4, 4, -4, -4), m_items[static_cast<size_t>(i)]);
        }
        return;
    }
    // Bar gauges: horizontal bars stacked; in auto orientation, columns side by side when the bars
    // would be thinner than minVizHeight.
    const bool vertical =
        m_orientation == u"vertical" ||
        (m_orientation == u"auto" && height() / double(n) < m_minVizHeight && width() > height());
    for (int i = 0; i < n; ++i) {
        QRectF r;
        if (vertical) {
            const double w = std::max<double>(m_minVizWidth, width() / double(n));
            r = QRectF(w * i, 0, w, height());
        } else {
            const double h = std::max<double>(m_minVizHeight, height() / double(n));
            r = QRectF(0, h * i, width(), h);
        }
        paintBar(p, r.adjusted(2, 2, -2, -2), m_items[static_cast<size_t>(i)], vertical);
    }
}

void GaugeView::paintGauge(QPainter &p, const QRectF &area, const Item &item) const
{
    const bool showName = m_items.size() > 1;
    const QFontMetricsF small(font());
    QRectF r = area;
    if (showName)
        r.setBottom(r.bottom() - small.height() - 2);
    // A 240° arc in the largest square that fits, opening at the bottom.
    const double size = std::min(r.width(), r.height() * 1.15);
    const QRectF square(r.center().x() - size / 2, r.top() + (r.height() - size / 1.15) / 2, size, size);
    const double thickness = size * 0.11;
    const QRectF arc = square.adjusted(thickness, thickness, -thickness, -thickness);
    constexpr double start = 210, span = -240;
    // The thresholds as a thin band outside the arc.
    if (m_thresholdMarkers) {
        const QRectF bands =
            square.adjusted(thickness * 0.25, thickness * 0.25, -thickness * 0.25, -thickness * 0.25);
        for (size_t b = 0; b < item.bands.size(); ++b) {
            const double from = item.bands[b].first;
            const double to = b + 1 < item.bands.size() ? item.bands[b + 1].first : 1.0;
            if (to <= from)
                continue;
            p.setPen(QPen(item.bands[b].second, thickness * 0.3, Qt::SolidLine, Qt::FlatCap));
            p.drawArc(bands, static_cast<int>((start + span * from) * 16),
                      static_cast<int>(span * (to - from) * 16));
        }
    }
    p.setPen(QPen(theme::panelBorder(), thickness, Qt::SolidLine, Qt::FlatCap));
    p.drawArc(arc, static_cast<int>(start * 16), static_cast<int>(span * 16));
    p.setPen(QPen(item.color, thickness, Qt::SolidLine, Qt::FlatCap));
    p.drawArc(arc, static_cast<int>(start * 16), static_cast<int>(span * item.fraction * 16));
    // The value in the middle, as large as fits.
    QFont big = font();
    big.setBold(true);
    double px = std::max(8.0, arc.height() * 0.22);
    big.setPixelSize(static_cast<int>(px));
    while (px > 8 && QFontMetricsF(big).horizontalAdvance(item.text) > arc.width() * 0.7) {
        px *= 0.9;
        big.setPixelSize(static_cast<int>(px));
    }
    p.setFont(big);
    p.setPen(item.color);
    p.drawText(arc, Qt::AlignCenter, item.text);
    if (showName) {
        p.setFont(font());
        p.setPen(theme::text());
        p.drawText(QRectF(area.left(), area.bottom() - small.height(), area.width(), small.height()),
                   Qt::AlignCenter, small.elidedText(item.name, Qt::ElideRight, area.width()));
    }
}

void GaugeView::paintBar(QPainter &p, const QRectF &r, const Item &item, bool vertical) const
{
    const QFontMetricsF fm(font());
    QFont valueFont = font();
    valueFont.setBold(true);
    valueFont.setPixelSize(
        static_cast<int>(std::clamp(vertical ? r.width() * 0.25 : r.height() * 0.5, 10.0, 28.0)));
    const QFontMetricsF vfm(valueFont);
    QRectF nameRect, barRect, valueRect;
    if (vertical) {
        nameRect = QRectF(r.left(), r.bottom() - fm.height(), r.width(), fm.height());
        valueRect = QRectF(r.left(), r.top(), r.width(), vfm.height());
        barRect = QRectF(r.left() + 2, valueRect.bottom() + 2, r.width() - 4,
                         nameRect.top() - valueRect.bottom() - 4);
    } else {
        // The name above the bar when there is room, else at its left (Grafana's text modes).
        const double valueWidth = std::max(vfm.horizontalAdvance(item.text) + 8, r.width() * 0.12);
        if (r.height() > fm.height() + 14) {
            nameRect = QRectF(r.left(), r.top(), r.width() - valueWidth, fm.height());
            barRect =
                QRectF(r.left(), nameRect.bottom() + 1, r.width() - valueWidth, r.height() - fm.height() - 1);
        } else {
            const double nameWidth = std::min(r.width() * 0.3, fm.horizontalAdvance(item.name) + 8);
            nameRect = QRectF(r.left(), r.top(), nameWidth, r.height());
            barRect = QRectF(nameRect.right(), r.top(), r.width() - nameWidth - valueWidth, r.height());
        }
        valueRect = QRectF(r.right() - valueWidth, barRect.top(), valueWidth, barRect.height());
    }
    p.setFont(font());
    p.setPen(theme::text());
    p.drawText(nameRect, (vertical ? Qt::AlignHCenter : Qt::AlignLeft) | Qt::AlignVCenter,
               fm.elidedText(item.name, Qt::ElideRight, nameRect.width()));
    p.setFont(valueFont);
    p.setPen(item.color);
    p.drawText(valueRect, (vertical ? Qt::AlignHCenter : Qt::AlignRight) | Qt::AlignVCenter, item.text);

    if (m_showUnfilled)
        p.fillRect(barRect, QColor(255, 255, 255, 18));
    const double length = (vertical ? barRect.height() : barRect.width()) * item.fraction;
    const QRectF filled = vertical
                              ? QRectF(barRect.left(), barRect.bottom() - length, barRect.width(), length)
                              : QRectF(barRect.left(), barRect.top(), length, barRect.height());
    if (m_mode == u"lcd") {
        // Lit cells in the colour of the threshold at each cell's position; the rest dim.
        const double cell =
            vertical ? std::max(4.0, barRect.height() / 30) : std::max(4.0, barRect.width() / 40);
        const double gap = std::max(1.0, cell * 0.25);
        for (double at = 0; at + cell <= (vertical ? barRect.height() : barRect.width()) + 0.5;
             at += cell + gap) {
            const double f = at / (vertical ? barRect.height() : barRect.width());
            QColor c = item.bands.front().second;
            for (const auto &[from, color] : item.bands)
                if (from <= f + 1e-9)
                    c = color;
            if (at >= length) {
                if (!m_showUnfilled)
                    break;
                c.setAlpha(40);
            }
            p.fillRect(vertical ? QRectF(barRect.left(), barRect.bottom() - at - cell, barRect.width(), cell)
                                : QRectF(barRect.left() + at, barRect.top(), cell, barRect.height()),
                       c);
        }
        return;
    }
    if (m_mode == u"basic") {
        p.fillRect(filled, item.color);
        return;
    }
    // Gradient: through the thresholds' colours up to the value, as Grafana's gradient mode.
    QLinearGradient g(vertical ? barRect.bottomLeft() : barRect.topLeft(),
                      vertical ? barRect.topLeft() : barRect.topRight());
    for (const auto &[from, color] : item.bands) {
        QColor c = color;
        c.setAlpha(from == 0 ? 120 : 255);
        g.setColorAt(std::clamp(from, 0.0, 1.0), c);
    }
    if (item.bands.size() == 1) {
        QColor faint = item.color;
        faint.setAlpha(80);
        g.setColorAt(0, faint);
        g.setColorAt(1, item.color);
    }
    p.fillRect(filled, g);
}

} // namespace promdeck
