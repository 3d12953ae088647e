// Sorting and per-column filtering of a TableModel, through Qt's proxy model: values sort as data
// (numbers as numbers, empty cells last in either direction), and each column can be limited to a
// set of the texts it shows (Grafana's column filter).
#pragma once

#include "panels/TableModel.h"

#include <QSet>
#include <QSortFilterProxyModel>
#include <map>

namespace promdeck {

class TableProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit TableProxyModel(QObject *parent = nullptr);

    void setTableModel(TableModel *model);
    TableModel *tableModel() const { return m_model; }
    // Shows only rows whose cell in this column shows one of these texts; an empty set clears it.
    void setColumnFilter(int sourceColumn, const QSet<QString> &texts);
    QSet<QString> columnFilter(int sourceColumn) const;
    bool hasColumnFilter(int sourceColumn) const { return m_filters.count(sourceColumn) > 0; }
    void clearFilters();
    // Sorts as the panel's `sortBy` says (by column name), or leaves the order as it came.
    void sortByName(const QString &columnName, bool descending);
    // The source rows in the order shown, for footers and `promdeck data`.
    std::vector<int> shownSourceRows() const;

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    TableModel *m_model = nullptr;
    std::map<int, QSet<QString>> m_filters;
};

} // namespace promdeck
