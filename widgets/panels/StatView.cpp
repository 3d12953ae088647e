#include "panels/StatView.h"

#include "panels/Palette.h"
#include "series/M4Decimation.h"

#include <QPainter>
#include <QPainterPath>
#include <cmath>

namespace promdeck {

StatView::StatView(QWidget *parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(40, 30);
}

void StatView::setData(std::vector<DisplaySeries> series, const Panel &panel, const TimeRange &range)
{
    m_series = std::move(series);
    m_range = range;
    m_cells.clear();
    // A stat's percentages and percentage thresholds refer to the extremes of all its series.
    double lo = INFINITY, hi = -INFINITY;
    for (const DisplaySeries &d : m_series) {
        for (double v : d.series->values) {
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
    }
    const Reducer reducer =
        panel.reduceOptions.calcs.empty() ? Reducer::LastNotNull : panel.reduceOptions.calcs.front();
    for (const DisplaySeries &d : m_series) {
        FieldRange r;
        r.min = d.config.min ? *d.config.min : std::isfinite(lo) ? lo : 0;
        r.max = d.config.max ? *d.config.max : std::isfinite(hi) ? hi : 100;
        const FieldDisplay display(d.config, d.info, r, {}, theme::active());
        const DisplayValue v = display.display(reduce(*d.series, reducer));
        Cell c;
        c.name = d.name;
        c.series = d.series;
        c.text = panel.stat.prefix + v.toString() + panel.stat.postfix;
        if (c.text.isEmpty())
            c.text = tr("No value");
        c.color = panel.stat.colorMode == StatOptions::ColorMode::None ? theme::text() : toQColor(v.color);
        m_cells.push_back(std::move(c));
    }
    update();
}

QStringList StatView::valueTexts() const
{
    QStringList out;
    for (const Cell &c : m_cells)
        out << c.text;
    return out;
}

QColor StatView::valueColor(int index) const
{
    return index >= 0 && index < static_cast<int>(m_cells.size()) ? m_cells[static_cast<size_t>(index)].color
                                                                  : QColor();
}

void StatView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), theme::panelBackground());
    if (m_cells.empty())
        return;
    // Lay cells out in a grid that keeps them roughly as wide as tall, up to what fits.
    const int n = static_cast<int>(m_cells.size());
    const double aspect = static_cast<double>(width()) / std::max(1, height());
    int columns = std::clamp(static_cast<int>(std::ceil(std::sqrt(n * aspect / 2.0))), 1, n);
    int rows = (n + columns - 1) / columns;
    const int cellW = width() / columns;
    const int cellH = height() / rows;
    for (int i = 0; i < n; ++i) {
        const QRect r((i % columns) * cellW, (i / columns) * cellH, cellW, cellH);
        paintCell(p, r.adjusted(2, 2, -2, -2), m_cells[static_cast<size_t>(i)]);
    }
}

void StatView::paintCell(QPainter &p, const QRect &r, const Cell &cell) const
{
    p.setRenderHint(QPainter::Antialiasing, true);
    // Sparkline: the range's shape, M4-decimated to the cell's width, as a faint area.
    if (cell.series && cell.series->size() > 1 && m_range.isValid()) {
        const DecimatedLine line = decimateM4(cell.series->timestampsMs, cell.series->values,
                                              {m_range.fromMs, m_range.toMs, std::max(1, r.width()), 0});
        double lo = INFINITY, hi = -INFINITY;
        for (double v : line.values) {
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        }
        if (std::isfinite(lo)) {
            if (hi <= lo)
                hi = lo + 1;
            const QRectF area(r.left(), r.top() + r.height() * 0.45, r.width(), r.height() * 0.55);
            QPainterPath path;
            bool started = false;
            double lastX = area.left();
            for (size_t i = 0; i < line.size(); ++i) {
                const double v = line.values[i];
                if (!std::isfinite(v))
                    continue;
                const double x = area.left() + static_cast<double>(line.timestampsMs[i] - m_range.fromMs) /
                                                   static_cast<double>(m_range.durationMs()) * area.width();
                const double y = area.bottom() - (v - lo) / (hi - lo) * area.height() * 0.9;
                if (!started) {
                    path.moveTo(x, area.bottom());
                    path.lineTo(x, y);
                    started = true;
                } else {
                    path.lineTo(x, y);
                }
                lastX = x;
            }
            if (started) {
                path.lineTo(lastX, area.bottom());
                path.closeSubpath();
                QColor fill = cell.color;
                fill.setAlpha(45);
                p.fillPath(path, fill);
                QColor stroke = cell.color;
                stroke.setAlpha(140);
                p.setPen(QPen(stroke, 1.2));
                p.drawPath(path);
            }
        }
    }
    // The value: as large as fits, in the threshold's colour.
    const bool showName = m_cells.size() > 1;
    QRect valueRect = r;
    if (showName) {
        QFont nameFont = font();
        nameFont.setPointSizeF(std::max(7.0, std::min(11.0, r.height() / 8.0)));
        p.setFont(nameFont);
        p.setPen(theme::text());
        const int nameH = QFontMetrics(nameFont).height();
        p.drawText(QRect(r.left() + 4, r.top() + 2, r.width() - 8, nameH), Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetrics(nameFont).elidedText(cell.name, Qt::ElideRight, r.width() - 8));
        valueRect.setTop(r.top() + nameH);
    }
    QFont big = font();
    big.setBold(true);
    double size = std::max(8.0, valueRect.height() * 0.42);
    big.setPixelSize(static_cast<int>(size));
    while (size > 8 && QFontMetrics(big).horizontalAdvance(cell.text) > valueRect.width() * 0.92) {
        size *= 0.9;
        big.setPixelSize(static_cast<int>(size));
    }
    p.setFont(big);
    p.setPen(cell.color);
    p.drawText(valueRect.adjusted(0, 0, 0, -valueRect.height() / 6), Qt::AlignCenter, cell.text);
}

} // namespace promdeck
