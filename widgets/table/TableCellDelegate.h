// Paints a table cell as its column's cell type says: coloured text or background from thresholds
// and mappings, gradient / LCD / basic gauges, JSON, links. The text is always drawn as plain text.
#pragma once

#include <QStyledItemDelegate>

namespace promdeck {

class TableCellDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};

} // namespace promdeck
