#include "table/TableCellDelegate.h"

#include "panels/Palette.h"
#include "panels/TableModel.h"

#include <QLinearGradient>
#include <QPainter>

namespace promdeck {

namespace {

// Black or white, whichever reads on the background (Grafana's getContrastText).
QColor contrastText(const QColor &background)
{
    return background.lightnessF() > 0.55 ? QColor(0x20, 0x22, 0x26) : QColor(Qt::white);
}

void paintGauge(QPainter *p, const QRect &r, const QModelIndex &index, CellDisplay display,
                const QColor &color)
{
    const double fraction = index.data(TableModel::FractionRole).toDouble();
    const QRect bar = r.adjusted(3, 4, -3, -4);
    QColor unfilled = theme::panelBorder();
    p->fillRect(bar, unfilled);
    const int filled = static_cast<int>(bar.width() * fraction);
    if (display == CellDisplay::LcdGauge) {
        // Lit cells up to the value, each in the colour of the threshold at its position.
        const int cell = 6, gap = 2;
        const QStringList steps = index.data(TableModel::ThresholdsRole).toStringList();
        for (int x = 0; x + cell <= bar.width(); x += cell + gap) {
            const double at = static_cast<double>(x) / std::max(1, bar.width());
            QColor c = color;
            for (const QString &s : steps)
                if (s.section(QLatin1Char(':'), 1).toDouble() <= at + 1e-9)
                    c = grafanaColor(s.section(QLatin1Char(':'), 0, 0));
            if (x > filled)
                c.setAlpha(45);
            p->fillRect(QRect(bar.left() + x, bar.top(), cell, bar.height()), c);
        }
        return;
    }
    if (display == CellDisplay::GradientGauge) {
        QLinearGradient g(bar.topLeft(), bar.topRight());
        const QStringList steps = index.data(TableModel::ThresholdsRole).toStringList();
        for (const QString &s : steps)
            g.setColorAt(std::clamp(s.section(QLatin1Char(':'), 1).toDouble(), 0.0, 1.0),
                         grafanaColor(s.section(QLatin1Char(':'), 0, 0)));
        if (steps.isEmpty()) {
            g.setColorAt(0, color.darker(160));
            g.setColorAt(1, color);
        }
        p->fillRect(QRect(bar.left(), bar.top(), filled, bar.height()), g);
        return;
    }
    p->fillRect(QRect(bar.left(), bar.top(), filled, bar.height()), color);
}

} // namespace

void TableCellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    const auto display = static_cast<CellDisplay>(index.data(TableModel::CellDisplayRole).toInt());
    const QString colorName = index.data(TableModel::ColorNameRole).toString();
    const QColor color = colorName.isEmpty() ? theme::text() : grafanaColor(colorName);
    const QString text = index.data(Qt::DisplayRole).toString();
    const bool link = !index.data(TableModel::LinkRole).toString().isEmpty();
    const auto align = Qt::Alignment(index.data(Qt::TextAlignmentRole).toInt());
    QRect r = option.rect;
    painter->save();
    painter->setClipRect(r);
    QColor textColor = theme::text();
    if (option.state & QStyle::State_Selected)
        painter->fillRect(r, theme::panelBorder());
    switch (display) {
    case CellDisplay::ColorText:
        if (!colorName.isEmpty())
            textColor = color;
        break;
    case CellDisplay::ColorBackground:
        if (!colorName.isEmpty()) {
            if (index.data(TableModel::SolidBackgroundRole).toBool()) {
                painter->fillRect(r, color);
            } else {
                QLinearGradient g(r.topLeft(), r.topRight());
                g.setColorAt(0, color.darker(125));
                g.setColorAt(1, color);
                painter->fillRect(r, g);
            }
            textColor = contrastText(color);
        }
        break;
    case CellDisplay::GradientGauge:
    case CellDisplay::LcdGauge:
    case CellDisplay::BasicGauge:
        if (!text.isEmpty()) {
            // The bar on the left two thirds, the value beside it.
            const int textWidth = std::min(r.width() / 3, option.fontMetrics.horizontalAdvance(text) + 10);
            paintGauge(painter, r.adjusted(0, 0, -textWidth, 0), index, display, color);
            textColor = colorName.isEmpty() ? theme::text() : color;
            painter->setPen(textColor);
            painter->drawText(QRect(r.right() - textWidth, r.top(), textWidth - 4, r.height()),
                              Qt::AlignRight | Qt::AlignVCenter, text);
            painter->restore();
            return;
        }
        break;
    case CellDisplay::JsonView: {
        QFont mono = option.font;
        mono.setFamily(QStringLiteral("monospace"));
        painter->setFont(mono);
        break;
    }
    case CellDisplay::Auto:
        break;
    }
    if (link) {
        QFont f = painter->font();
        f.setUnderline(true);
        painter->setFont(f);
        if (display == CellDisplay::Auto)
            textColor = theme::link();
    }
    painter->setPen(textColor);
    const QRect textRect = r.adjusted(6, 0, -6, 0);
    painter->drawText(textRect, align,
                      QFontMetrics(painter->font()).elidedText(text, Qt::ElideRight, textRect.width()));
    painter->restore();
}

} // namespace promdeck
