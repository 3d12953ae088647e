#include "export/InspectData.h"

#include "query/LegendFormat.h"
#include "series/TimeZones.h"
#include "series/ValueFormat.h"

#include <QDateTime>
#include <charconv>
#include <cmath>
#include <map>

namespace promdeck {

QString rawNumber(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    char buffer[32];
    const auto r = std::to_chars(buffer, buffer + sizeof buffer, value);
    return QString::fromLatin1(buffer, r.ptr - buffer);
}

InspectDataModel::InspectDataModel(QObject *parent) : QAbstractTableModel(parent) {}

void InspectDataModel::setPanel(const Panel &panel, const PanelData &data)
{
    beginResetModel();
    m_results.clear();
    m_series.clear();
    m_unit = panel.fieldConfig.unit;
    m_decimals = panel.fieldConfig.decimals;
    for (const QueryData &q : data.queries) {
        if (!q.result)
            continue;
        m_results.push_back(q.result);
        for (const Series &s : q.result->series)
            m_series.push_back({seriesDisplayName(q.query.legendFormat, s.labels, q.query.expr()), &s});
    }
    rebuild();
    endResetModel();
}

void InspectDataModel::setLayout(Layout layout)
{
    beginResetModel();
    m_layout = layout;
    rebuild();
    endResetModel();
}

void InspectDataModel::setFormatted(bool formatted)
{
    beginResetModel();
    m_formatted = formatted;
    endResetModel();
}

void InspectDataModel::setTimeZone(const QTimeZone &zone)
{
    beginResetModel();
    m_zone = zone;
    endResetModel();
}

void InspectDataModel::rebuild()
{
    m_sampleRows.clear();
    m_times.clear();
    m_joined.clear();
    if (m_layout == Layout::PerSeries) {
        for (int s = 0; s < static_cast<int>(m_series.size()); ++s)
            for (int i = 0; i < m_series[s].series->size(); ++i)
                m_sampleRows.emplace_back(s, i);
        return;
    }
    std::map<std::int64_t, int> rowOfTime;
    for (const NamedSeries &s : m_series)
        for (std::int64_t t : s.series->timestampsMs)
            rowOfTime.emplace(t, 0);
    int row = 0;
    for (auto &[t, r] : rowOfTime) {
        r = row++;
        m_times.push_back(t);
    }
    for (const NamedSeries &s : m_series) {
        std::vector<int> samples(m_times.size(), -1);
        for (int i = 0; i < s.series->size(); ++i)
            samples[static_cast<size_t>(rowOfTime[s.series->timestampsMs[static_cast<size_t>(i)]])] = i;
        m_joined.push_back(std::move(samples));
    }
}

int InspectDataModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return static_cast<int>(m_layout == Layout::PerSeries ? m_sampleRows.size() : m_times.size());
}

int InspectDataModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return m_layout == Layout::PerSeries ? 3 : 1 + static_cast<int>(m_series.size());
}

QString InspectDataModel::timeText(std::int64_t ms) const
{
    if (m_formatted)
        return promdeck::timeText(ms, m_zone, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    return rfc3339Text(ms, m_zone);
}

QString InspectDataModel::valueText(double value) const
{
    return m_formatted ? ValueFormat(m_unit, m_decimals).format(value) : rawNumber(value);
}

QString InspectDataModel::cell(int row, int column) const
{
    if (m_layout == Layout::PerSeries) {
        const auto [s, i] = m_sampleRows[static_cast<size_t>(row)];
        const Series &series = *m_series[static_cast<size_t>(s)].series;
        switch (column) {
        case 0:
            return m_series[static_cast<size_t>(s)].name;
        case 1:
            return timeText(series.timestampsMs[static_cast<size_t>(i)]);
        default:
            return valueText(series.values[static_cast<size_t>(i)]);
        }
    }
    if (column == 0)
        return timeText(m_times[static_cast<size_t>(row)]);
    const size_t s = static_cast<size_t>(column - 1);
    const int i = m_joined[s][static_cast<size_t>(row)];
    return i < 0 ? QString() : valueText(m_series[s].series->values[static_cast<size_t>(i)]);
}

QVariant InspectDataModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= columnCount())
        return {};
    if (role == Qt::DisplayRole)
        return cell(index.row(), index.column());
    if (role == Qt::TextAlignmentRole && index.column() > (m_layout == Layout::PerSeries ? 1 : 0))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant InspectDataModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section >= columnCount())
        return {};
    if (m_layout == Layout::PerSeries) {
        static const QStringList names{QStringLiteral("Series"), QStringLiteral("Time"),
                                       QStringLiteral("Value")};
        return names[section];
    }
    return section == 0 ? QStringLiteral("Time") : m_series[static_cast<size_t>(section - 1)].name;
}

namespace {
void appendCsvField(QByteArray &out, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r')) {
        out += '"';
        out += QByteArray(utf8).replace("\"", "\"\"");
        out += '"';
    } else {
        out += utf8;
    }
}
} // namespace

QByteArray InspectDataModel::toCsv() const
{
    QByteArray out;
    const int columns = columnCount();
    for (int c = 0; c < columns; ++c) {
        if (c)
            out += ',';
        appendCsvField(out, headerData(c, Qt::Horizontal).toString());
    }
    out += "\r\n";
    for (int r = 0, rows = rowCount(); r < rows; ++r) {
        for (int c = 0; c < columns; ++c) {
            if (c)
                out += ',';
            appendCsvField(out, cell(r, c));
        }
        out += "\r\n";
    }
    return out;
}

} // namespace promdeck
