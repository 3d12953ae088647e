#include "panels/PieChartView.h"

#include "panels/Palette.h"
#include "panels/PlainText.h"
#include "series/ValueFormat.h"

#include <QHelpEvent>
#include <QJsonArray>
#include <QJsonObject>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QtMath>
#include <cmath>

namespace promdeck {

PieChartView::PieChartView(QWidget *parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
    setMinimumSize(60, 40);
    setAccessibleName(tr("Pie chart"));
}

void PieChartView::setData(const std::vector<DisplaySeries> &series, const Panel &panel)
{
    const QJsonObject options = panel.json.value(QStringLiteral("options")).toObject();
    const bool legacy = panel.type == u"grafana-piechart-panel";
    Reducer reducer =
        panel.reduceOptions.calcs.empty() ? Reducer::LastNotNull : panel.reduceOptions.calcs.front();
    QString unit = panel.fieldConfig.unit;
    std::optional<int> decimals = panel.fieldConfig.decimals;
    if (legacy) {
        // The old plugin keeps its options at the top: pieType, legend{values, percentage}, legendType,
        // valueName, format, decimals.
        const QJsonObject legend = panel.json.value(QStringLiteral("legend")).toObject();
        m_donut = panel.json.value(QStringLiteral("pieType")).toString() == u"donut";
        m_legendShown = legend.value(QStringLiteral("show")).toBool(true) &&
                        panel.json.value(QStringLiteral("legendType")).toString() != u"On graph";
        m_legendRight =
            panel.json.value(QStringLiteral("legendType")).toString(QStringLiteral("Right side")) !=
            u"Under graph";
        m_showValue = legend.value(QStringLiteral("values")).toBool(false);
        m_showPercent = legend.value(QStringLiteral("percentage")).toBool(false);
        reducer = reducerFromName(
            panel.json.value(QStringLiteral("valueName")).toString(QStringLiteral("current")));
        if (unit.isEmpty())
            unit = panel.json.value(QStringLiteral("format")).toString();
        if (!decimals && panel.json.value(QStringLiteral("decimals")).isDouble())
            decimals = panel.json.value(QStringLiteral("decimals")).toInt();
    } else {
        const QJsonObject legend = options.value(QStringLiteral("legend")).toObject();
        m_donut = options.value(QStringLiteral("pieType")).toString() == u"donut";
        m_legendShown = legend.value(QStringLiteral("showLegend")).toBool(true) &&
                        legend.value(QStringLiteral("displayMode")).toString() != u"hidden";
        m_legendRight =
            legend.value(QStringLiteral("placement")).toString(QStringLiteral("right")) == u"right";
        const QJsonArray values = legend.value(QStringLiteral("values")).toArray();
        m_showValue = values.contains(QStringLiteral("value"));
        m_showPercent = values.contains(QStringLiteral("percent"));
    }
    m_slices.clear();
    m_total = 0;
    int colorIndex = 0;
    for (const DisplaySeries &d : series) {
        const auto v = reduce(*d.series, reducer);
        Slice s;
        s.name = d.name;
        s.value = v && std::isfinite(*v) && *v > 0 ? *v : 0;
        // The series' own unit and decimals when an override gives them; the old plugin's otherwise.
        const QString seriesUnit = d.config.unit.isEmpty() ? unit : d.config.unit;
        s.text = v ? ValueFormat(seriesUnit, d.config.decimals ? d.config.decimals : decimals).format(*v)
                   : tr("No value");
        s.color = seriesColor(colorIndex++);
        // A pie's slices take the classic palette (Grafana's default colour mode for pies) unless
        // the panel or an override fixes a colour or picks another palette.
        if (d.color.isValid() && d.config.color.mode != u"thresholds")
            s.color = d.color;
        if (const ValueMapping *m = d.config.mappingFor(v); m && !m->color.isEmpty())
            s.color = grafanaColor(m->color);
        m_total += s.value;
        m_slices.push_back(std::move(s));
    }
    update();
}

QStringList PieChartView::legendTexts() const
{
    QStringList out;
    for (const Slice &s : m_slices) {
        QString line = s.name;
        if (m_showValue)
            line += QStringLiteral("  ") + s.text;
        if (m_showPercent)
            line += QStringLiteral("  %1%").arg(m_total > 0 ? s.value / m_total * 100 : 0, 0, 'f', 1);
        out << line;
    }
    return out;
}

QRectF PieChartView::legendRect() const
{
    if (!m_legendShown || m_slices.empty())
        return {};
    const QFontMetricsF fm(font());
    if (m_legendRight) {
        double w = 0;
        for (const QString &t : legendTexts())
            w = std::max(w, fm.horizontalAdvance(t) + 24);
        w = std::min(w, width() * 0.5);
        return QRectF(width() - w, 0, w, height());
    }
    const double h = std::min(height() * 0.4, (fm.height() + 2) * static_cast<double>(m_slices.size()) + 4);
    return QRectF(0, height() - h, width(), h);
}

QRectF PieChartView::pieRect() const
{
    QRectF area = rect();
    const QRectF legend = legendRect();
    if (!legend.isNull()) {
        if (m_legendRight)
            area.setRight(legend.left() - 8);
        else
            area.setBottom(legend.top() - 4);
    }
    const double size = std::max(10.0, std::min(area.width(), area.height()) - 8);
    return QRectF(area.center().x() - size / 2, area.center().y() - size / 2, size, size);
}

int PieChartView::sliceAt(const QPointF &pos) const
{
    if (m_total <= 0)
        return -1;
    const QRectF r = pieRect();
    const QPointF d = pos - r.center();
    const double radius = std::hypot(d.x(), d.y());
    if (radius > r.width() / 2 || (m_donut && radius < r.width() / 4))
        return -1;
    // Angles as QPainter draws them: from 12 o'clock, clockwise.
    double angle = std::atan2(d.x(), -d.y()) * 180 / M_PI;
    if (angle < 0)
        angle += 360;
    double start = 0;
    for (size_t i = 0; i < m_slices.size(); ++i) {
        const double span = m_slices[i].value / m_total * 360;
        if (angle >= start && angle < start + span)
            return static_cast<int>(i);
        start += span;
    }
    return -1;
}

QString PieChartView::tooltipFor(int slice) const
{
    if (slice < 0 || slice >= static_cast<int>(m_slices.size()))
        return {};
    const Slice &s = m_slices[static_cast<size_t>(slice)];
    return QStringLiteral("%1: %2 (%3%)")
        .arg(s.name, s.text)
        .arg(m_total > 0 ? s.value / m_total * 100 : 0, 0, 'f', 1);
}

bool PieChartView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = tooltipFor(sliceAt(help->pos()));
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), plainToolTip(text), this);
        return true;
    }
    return QWidget::event(event);
}

void PieChartView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), theme::PanelBackground);
    p.setRenderHint(QPainter::Antialiasing, true);
    const QRectF r = pieRect();
    if (m_total <= 0) {
        p.setPen(theme::MutedText);
        p.drawText(rect(), Qt::AlignCenter, tr("No value above zero"));
        return;
    }
    double start = 90; // 12 o'clock, clockwise as the angle grows negative
    for (const Slice &s : m_slices) {
        const double span = s.value / m_total * 360;
        QPainterPath path;
        path.moveTo(r.center());
        path.arcTo(r, start, -span);
        path.closeSubpath();
        p.fillPath(path, s.color);
        p.setPen(QPen(theme::PanelBackground, 1.5));
        p.drawPath(path);
        start -= span;
    }
    if (m_donut) {
        const QRectF hole = r.adjusted(r.width() / 4, r.height() / 4, -r.width() / 4, -r.height() / 4);
        p.setBrush(theme::PanelBackground);
        p.setPen(Qt::NoPen);
        p.drawEllipse(hole);
    }
    const QRectF legend = legendRect();
    if (legend.isNull())
        return;
    const QFontMetricsF fm(font());
    const QStringList lines = legendTexts();
    double y = legend.top() +
               (m_legendRight ? std::max(0.0, (legend.height() - lines.size() * (fm.height() + 2)) / 2) : 2);
    for (qsizetype i = 0; i < lines.size() && y + fm.height() <= legend.bottom() + 1; ++i) {
        p.fillRect(QRectF(legend.left() + 2, y + fm.height() / 2 - 4, 12, 8),
                   m_slices[static_cast<size_t>(i)].color);
        p.setPen(theme::Text);
        p.drawText(QRectF(legend.left() + 20, y, legend.width() - 20, fm.height()),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(lines[i], Qt::ElideRight, legend.width() - 20));
        y += fm.height() + 2;
    }
}

} // namespace promdeck
