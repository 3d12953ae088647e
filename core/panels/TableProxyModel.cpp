#include "panels/TableProxyModel.h"

namespace promdeck {

TableProxyModel::TableProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(TableModel::RawValueRole);
}

void TableProxyModel::setTableModel(TableModel *model)
{
    m_model = model;
    m_filters.clear();
    setSourceModel(model);
}

void TableProxyModel::setColumnFilter(int sourceColumn, const QSet<QString> &texts)
{
    if (texts.isEmpty())
        m_filters.erase(sourceColumn);
    else
        m_filters[sourceColumn] = texts;
    invalidateRowsFilter();
}

QSet<QString> TableProxyModel::columnFilter(int sourceColumn) const
{
    const auto it = m_filters.find(sourceColumn);
    return it == m_filters.end() ? QSet<QString>() : it->second;
}

void TableProxyModel::clearFilters()
{
    m_filters.clear();
    invalidateRowsFilter();
}

void TableProxyModel::sortByName(const QString &columnName, bool descending)
{
    if (!m_model)
        return;
    for (int c = 0; c < m_model->columnCount(); ++c)
        if (m_model->headerData(c, Qt::Horizontal).toString() == columnName) {
            sort(c, descending ? Qt::DescendingOrder : Qt::AscendingOrder);
            return;
        }
}

std::vector<int> TableProxyModel::shownSourceRows() const
{
    std::vector<int> rows;
    rows.reserve(static_cast<size_t>(rowCount()));
    for (int r = 0; r < rowCount(); ++r)
        rows.push_back(mapToSource(index(r, 0)).row());
    return rows;
}

bool TableProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const FrameValue &a = m_model->value(left.row(), left.column());
    const FrameValue &b = m_model->value(right.row(), right.column());
    // Empty cells go last whichever way the column sorts: the values are what an operator looks for.
    if (isNull(a) != isNull(b))
        return sortOrder() == Qt::AscendingOrder ? isNull(b) : isNull(a);
    return compareValues(a, b) < 0;
}

bool TableProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    for (const auto &[column, texts] : m_filters)
        if (!texts.contains(m_model->text(sourceRow, column)))
            return false;
    return true;
}

} // namespace promdeck
