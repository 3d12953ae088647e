#include "explore/InstantResultModel.h"

#include "export/InspectData.h"

#include <QDateTime>
#include <QSet>
#include <algorithm>

namespace promdeck {

namespace {
const QString QueryColumn = QStringLiteral("Query");
const QString TimeColumn = QStringLiteral("Time");
const QString ValueColumn = QStringLiteral("Value");
const QString NameLabel = QStringLiteral("__name__");
} // namespace

InstantResultModel::InstantResultModel(QObject *parent) : QAbstractTableModel(parent) {}

void InstantResultModel::setAnswers(std::vector<Answer> answers)
{
    beginResetModel();
    m_answers = std::move(answers);
    m_rows.clear();
    QSet<QString> labels;
    int answered = 0;
    for (int a = 0; a < static_cast<int>(m_answers.size()); ++a) {
        const QueryResult *result = m_answers[size_t(a)].result.get();
        if (!result)
            continue;
        ++answered;
        if (result->type == ResultType::String && result->series.empty()) {
            m_rows.push_back({a, nullptr, 0});
            continue;
        }
        for (const Series &series : result->series) {
            for (const Label &label : series.labels.labels())
                labels.insert(label.name);
            for (int s = 0; s < series.size(); ++s)
                m_rows.push_back({a, &series, s});
        }
    }
    QStringList names(labels.begin(), labels.end());
    names.sort();
    if (names.removeOne(NameLabel))
        names.prepend(NameLabel);
    m_columns.clear();
    if (answered > 1)
        m_columns << QueryColumn;
    m_firstLabel = static_cast<int>(m_columns.size());
    m_labelCount = static_cast<int>(names.size());
    m_columns << names << TimeColumn << ValueColumn;
    endResetModel();
}

int InstantResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int InstantResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

QString InstantResultModel::cell(const Row &row, int column) const
{
    const QString &name = m_columns[column];
    if (name == QueryColumn && column < m_firstLabel)
        return m_answers[size_t(row.answer)].refId;
    if (column >= m_firstLabel && column < m_firstLabel + m_labelCount)
        return row.series ? row.series->labels.value(name) : QString();
    if (column == m_firstLabel + m_labelCount) // Time
        return row.series
                   ? QDateTime::fromMSecsSinceEpoch(row.series->timestampsMs[size_t(row.sample)], Qt::UTC)
                         .toString(Qt::ISODateWithMs)
                   : QString();
    if (!row.series)
        return m_answers[size_t(row.answer)].result->stringValue;
    return rawNumber(row.series->values[size_t(row.sample)]);
}

QVariant InstantResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[size_t(index.row())];
    const bool isValue = index.column() == m_firstLabel + m_labelCount + 1;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole:
        return cell(row, index.column());
    case SortRole:
        if (isValue && row.series)
            return row.series->values[size_t(row.sample)];
        if (index.column() == m_firstLabel + m_labelCount && row.series)
            return qlonglong(row.series->timestampsMs[size_t(row.sample)]);
        return cell(row, index.column());
    case Qt::TextAlignmentRole:
        return isValue ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    default:
        return {};
    }
}

QVariant InstantResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole || role == Qt::AccessibleTextRole)
        return m_columns[section];
    return {};
}

} // namespace promdeck
