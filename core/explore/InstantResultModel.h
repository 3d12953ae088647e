// Explore's table: what queries answered at one instant, one row per sample (a row per series for a
// vector), a column per label (the metric name first, then the others by name), the sample's time and
// its value as Prometheus wrote it (shortest round trip). With several queries, a first column names
// the query. Numbers sort as numbers through SortRole (a QSortFilterProxyModel's sortRole).
#pragma once

#include "series/Series.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <vector>

namespace promdeck {

class InstantResultModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int SortRole = Qt::UserRole + 1;

    struct Answer
    {
        QString refId;
        SharedQueryResult result; // null: the query failed or was not asked (no rows)
    };

    explicit InstantResultModel(QObject *parent = nullptr);

    void setAnswers(std::vector<Answer> answers);
    void clear() { setAnswers({}); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The column of a label (or "Time", "Value", "Query"), or -1.
    int column(const QString &name) const { return static_cast<int>(m_columns.indexOf(name)); }

private:
    struct Row
    {
        int answer;
        const Series *series; // null for a string answer
        int sample;
    };
    QString cell(const Row &row, int column) const;

    std::vector<Answer> m_answers;
    std::vector<Row> m_rows;
    QStringList m_columns;
    int m_firstLabel = 0;
    int m_labelCount = 0;
};

} // namespace promdeck
