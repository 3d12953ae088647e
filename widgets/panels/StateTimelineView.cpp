#include "panels/StateTimelineView.h"

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

StateTimelineView::StateTimelineView(Style style, QWidget *parent) : QWidget(parent), m_style(style)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
    setMinimumSize(80, 30);
    setAccessibleName(style == Style::Timeline ? tr("State timeline") : tr("Status history"));
}

void StateTimelineView::setData(const std::vector<DisplaySeries> &series, const Panel &panel,
                                const TimeRange &range)
{
    m_range = range;
    const QJsonObject options = panel.json.value(QStringLiteral("options")).toObject();
    const bool merge =
        m_style == Style::Timeline && options.value(QStringLiteral("mergeValues")).toBool(true);
    m_showValues = options.value(QStringLiteral("showValue")).toString(QStringLiteral("auto")) != u"never";
    m_rows.clear();
    for (const DisplaySeries &d : series) {
        const FieldConfig &fc = d.config;
        const ValueFormat format(fc.unit, fc.decimals);
        Row row;
        row.name = d.name;
        const Series &s = *d.series;
        // A sample holds until the next one; the last holds for one step (the typical spacing).
        const std::int64_t step = s.size() > 1 ? s.timestampsMs[1] - s.timestampsMs[0] : range.durationMs();
        for (qsizetype i = 0; i < s.size(); ++i) {
            const auto k = static_cast<size_t>(i);
            const double v = s.values[k];
            Span span;
            span.fromMs = s.timestampsMs[k];
            span.toMs = k + 1 < s.timestampsMs.size()
                            ? std::min(s.timestampsMs[k + 1], span.fromMs + step * 2)
                            : span.fromMs + step;
            span.text = format.format(v);
            span.color = std::isfinite(v) ? grafanaColor(fc.activeThreshold(v).color) : theme::mutedText();
            if (const ValueMapping *m = fc.mappingFor(v)) {
                if (!m->text.isEmpty())
                    span.text = m->text;
                if (!m->color.isEmpty())
                    span.color = grafanaColor(m->color);
            }
            if (merge && !row.spans.empty() && row.spans.back().text == span.text &&
                row.spans.back().color == span.color && row.spans.back().toMs >= span.fromMs) {
                row.spans.back().toMs = span.toMs;
                continue;
            }
            row.spans.push_back(std::move(span));
        }
        m_rows.push_back(std::move(row));
    }
    update();
}

QStringList StateTimelineView::rowNames() const
{
    QStringList out;
    for (const Row &r : m_rows)
        out << r.name;
    return out;
}

int StateTimelineView::labelWidth() const
{
    const QFontMetrics fm(font());
    int w = 0;
    for (const Row &r : m_rows)
        w = std::max(w, fm.horizontalAdvance(r.name) + 12);
    return std::min(w, width() / 3);
}

QRectF StateTimelineView::plotRect() const
{
    return QRectF(labelWidth(), 2, std::max(1, width() - labelWidth() - 4),
                  std::max(1, height() - fontMetrics().height() - 8));
}

QString StateTimelineView::tooltipAt(const QPointF &pos) const
{
    const QRectF plot = plotRect();
    if (m_rows.empty() || !plot.contains(pos) || !m_range.isValid())
        return {};
    const auto row =
        static_cast<size_t>((pos.y() - plot.top()) / plot.height() * static_cast<double>(m_rows.size()));
    const auto t = m_range.fromMs + static_cast<std::int64_t>((pos.x() - plot.left()) / plot.width() *
                                                              static_cast<double>(m_range.durationMs()));
    if (row >= m_rows.size())
        return {};
    for (const Span &s : m_rows[row].spans)
        if (t >= s.fromMs && t < s.toMs)
            return QStringLiteral("%1: %2\n%3 → %4")
                .arg(m_rows[row].name, s.text,
                     timeText(s.fromMs, m_zone, QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                     timeText(s.toMs, m_zone, QStringLiteral("HH:mm:ss")));
    return {};
}

bool StateTimelineView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = tooltipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), plainToolTip(text), this);
        return true;
    }
    return QWidget::event(event);
}

void StateTimelineView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), theme::panelBackground());
    if (m_rows.empty() || !m_range.isValid())
        return;
    const QRectF plot = plotRect();
    const double rowHeight = plot.height() / static_cast<double>(m_rows.size());
    const double msToX = plot.width() / static_cast<double>(m_range.durationMs());
    const QFontMetricsF fm(font());
    for (size_t r = 0; r < m_rows.size(); ++r) {
        const double y = plot.top() + rowHeight * static_cast<double>(r);
        p.setPen(theme::text());
        p.drawText(QRectF(0, y, labelWidth() - 6, rowHeight), Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(m_rows[r].name, Qt::ElideLeft, labelWidth() - 6));
        const double gap = m_style == Style::History ? 1.5 : 0.5;
        for (const Span &s : m_rows[r].spans) {
            const double x0 =
                std::max(plot.left(), plot.left() + static_cast<double>(s.fromMs - m_range.fromMs) * msToX);
            const double x1 =
                std::min(plot.right(), plot.left() + static_cast<double>(s.toMs - m_range.fromMs) * msToX);
            if (x1 <= x0)
                continue;
            const QRectF cell(x0, y + 2, std::max(1.0, x1 - x0 - gap), std::max(1.0, rowHeight * 0.8 - 2));
            p.fillRect(cell, s.color);
            if (m_showValues && fm.horizontalAdvance(s.text) + 6 < cell.width()) {
                p.setPen(s.color.lightnessF() > 0.55 ? QColor(0x20, 0x22, 0x26) : QColor(Qt::white));
                p.drawText(cell, Qt::AlignCenter, s.text);
            }
        }
    }
    p.setPen(theme::mutedText());
    // Round times in the zone shown, as many as fit.
    const TimeTicks ticks =
        chooseTimeTicks(m_range, std::max(2, static_cast<int>(plot.width() / 120)), m_zone);
    for (const std::int64_t ms : ticks.timesMs) {
        const QString text = timeText(ms, m_zone, ticks.format);
        const double x =
            plot.left() + plot.width() * static_cast<double>(ms - m_range.fromMs) /
                              static_cast<double>(std::max<std::int64_t>(1, m_range.durationMs()));
        const double w = fm.horizontalAdvance(text);
        p.drawText(QPointF(std::clamp(x - w / 2, plot.left(), plot.right() - w), height() - 4), text);
    }
}

} // namespace promdeck
