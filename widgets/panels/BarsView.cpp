#include "panels/BarsView.h"

#include "panels/Palette.h"
#include "series/ValueFormat.h"

#include <QJsonObject>
#include <QPainter>
#include <cmath>

namespace promdeck {

BarsView::BarsView(QWidget *parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(80, 40);
    setAccessibleName(tr("Bar chart"));
}

void BarsView::setBarChart(const BarChartData &chart, const Panel &panel)
{
    const QJsonObject options = panel.json.value(QStringLiteral("options")).toObject();
    m_categories = chart.categories;
    m_seriesNames = chart.seriesNames;
    m_values = chart.values;
    m_unit = panel.fieldConfig.unit;
    m_decimals = panel.fieldConfig.decimals;
    m_horizontal = options.value(QStringLiteral("orientation")).toString() == u"horizontal";
    m_showValues = options.value(QStringLiteral("showValue")).toString(QStringLiteral("auto")) != u"never";
    m_touching = false;
    setAccessibleName(tr("Bar chart"));
    update();
}

void BarsView::setHistogram(const HistogramData &histogram, const Panel &panel)
{
    const ValueFormat format(panel.fieldConfig.unit, panel.fieldConfig.decimals);
    m_categories.clear();
    for (double lower : histogram.lowerBounds)
        m_categories << format.format(lower);
    m_seriesNames = histogram.seriesNames;
    m_values.clear();
    for (const std::vector<int> &counts : histogram.counts)
        m_values.emplace_back(counts.begin(), counts.end());
    m_unit.clear(); // counts
    m_decimals = 0;
    m_horizontal = false;
    m_touching = true;
    m_showValues = false;
    setAccessibleName(tr("Histogram"));
    update();
}

void BarsView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), theme::panelBackground());
    if (m_categories.isEmpty() || m_values.empty())
        return;
    const QFontMetricsF fm(font());
    double hi = 0, lo = 0;
    for (const auto &vs : m_values)
        for (double v : vs)
            if (std::isfinite(v)) {
                hi = std::max(hi, v);
                lo = std::min(lo, v);
            }
    if (hi <= lo)
        hi = lo + 1;
    const ValueFormat format(m_unit, m_decimals);
    double labelSpace = 0;
    for (const QString &c : m_categories)
        labelSpace = std::max(labelSpace, fm.horizontalAdvance(c));
    const int legendHeight = m_seriesNames.size() > 1 ? static_cast<int>(fm.height()) + 4 : 0;
    QRectF plot =
        m_horizontal ? QRectF(std::min(labelSpace + 8, width() * 0.35), 4, 0, 0) : QRectF(4, 4, 0, 0);
    // Room at the end of horizontal bars for the longest value written there.
    double valueSpace = 4;
    if (m_horizontal && m_showValues)
        for (const auto &vs : m_values)
            for (double v : vs)
                if (std::isfinite(v))
                    valueSpace = std::max(valueSpace, fm.horizontalAdvance(format.format(v)) + 8);
    plot.setRight(width() - valueSpace);
    plot.setBottom(height() - legendHeight - (m_horizontal ? 4 : fm.height() + 6));
    const int n = static_cast<int>(m_categories.size());
    const int groups = static_cast<int>(m_values.size());
    const double slot = (m_horizontal ? plot.height() : plot.width()) / n;
    const double barSpan = m_touching ? slot : slot * 0.8;
    const double barThick = barSpan / groups;
    auto length = [&](double v) {
        return (v - lo) / (hi - lo) * (m_horizontal ? plot.width() : plot.height());
    };
    // Category labels: as many as fit without overlapping.
    const int every =
        std::max(1, static_cast<int>(std::ceil((m_horizontal ? fm.height() : labelSpace + 8) / slot)));
    for (int c = 0; c < n; ++c) {
        for (int g = 0; g < groups; ++g) {
            const double v = m_values[static_cast<size_t>(g)][static_cast<size_t>(c)];
            if (!std::isfinite(v))
                continue;
            const QColor color = seriesColor(groups > 1 ? g : (m_touching ? 2 : c));
            const double offset = slot * c + (slot - barSpan) / 2 + barThick * g;
            const double len = length(v);
            QRectF bar =
                m_horizontal
                    ? QRectF(plot.left(), plot.top() + offset, len, barThick - (m_touching ? 0 : 1))
                    : QRectF(plot.left() + offset, plot.bottom() - len, barThick - (m_touching ? 1 : 1), len);
            QColor fill = color;
            fill.setAlpha(200);
            p.fillRect(bar, fill);
            if (m_showValues) {
                const QString text = format.format(v);
                p.setPen(theme::text());
                if (m_horizontal && fm.height() <= bar.height() + 2)
                    p.drawText(QRectF(bar.right() + 4, bar.top(), 80, bar.height()),
                               Qt::AlignLeft | Qt::AlignVCenter, text);
                else if (!m_horizontal && fm.horizontalAdvance(text) <= bar.width())
                    p.drawText(QRectF(bar.left(), bar.top() - fm.height(), bar.width(), fm.height()),
                               Qt::AlignCenter, text);
            }
        }
        if (c % every != 0)
            continue;
        p.setPen(theme::mutedText());
        if (m_horizontal)
            p.drawText(QRectF(0, plot.top() + slot * c, plot.left() - 6, slot),
                       Qt::AlignRight | Qt::AlignVCenter,
                       fm.elidedText(m_categories[c], Qt::ElideLeft, plot.left() - 6));
        else
            p.drawText(QRectF(plot.left() + slot * c - slot * (every - 1) / 2.0, plot.bottom() + 2,
                              slot * every, fm.height()),
                       Qt::AlignCenter, fm.elidedText(m_categories[c], Qt::ElideRight, slot * every));
    }
    if (legendHeight > 0) {
        double x = plot.left();
        for (qsizetype g = 0; g < m_seriesNames.size(); ++g) {
            p.fillRect(QRectF(x, height() - legendHeight + 4, 10, 8), seriesColor(static_cast<int>(g)));
            p.setPen(theme::text());
            p.drawText(QPointF(x + 14, height() - 4), m_seriesNames[g]);
            x += fm.horizontalAdvance(m_seriesNames[g]) + 30;
        }
    }
}

} // namespace promdeck
