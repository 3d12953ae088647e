// Inspect > Data: a panel's answers as a table, either one row per sample (series, time, value) or
// joined by time (a time column and a column per series), raw or formatted with the panel's unit; and
// the same table as CSV. An item model, so the window shows exactly what the CSV holds.
#pragma once

#include "query/DashboardRefresher.h"

#include <QAbstractTableModel>

namespace promdeck {

class InspectDataModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Layout
    {
        PerSeries,    // series, time, value: every sample of every series
        JoinedByTime, // time, then one column per series; empty where a series has no sample then
    };

    explicit InspectDataModel(QObject *parent = nullptr);

    // The panel's current answers; `legendFormats` name the series as the legend does (by refId).
    void setPanel(const Panel &panel, const PanelData &data);
    void setLayout(Layout layout);
    Layout layout() const { return m_layout; }
    // Formatted: times as `2026-01-05 10:30:00` and the panel's unit; raw: RFC 3339 times with their
    // offset, shortest round-trip numbers. Both in `zone` (the one the dashboard is shown in).
    void setFormatted(bool formatted);
    bool isFormatted() const { return m_formatted; }
    void setTimeZone(const QTimeZone &zone);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The table as shown, as RFC 4180 CSV with a header line.
    QByteArray toCsv() const;

private:
    struct NamedSeries
    {
        QString name;
        const Series *series;
    };
    void rebuild();
    QString timeText(std::int64_t ms) const;
    QString valueText(double value) const;
    QString cell(int row, int column) const;

    Layout m_layout = Layout::PerSeries;
    bool m_formatted = false;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
    std::vector<SharedQueryResult> m_results; // keeps the series below alive
    std::vector<NamedSeries> m_series;
    QString m_unit;
    std::optional<int> m_decimals;
    // PerSeries: (series index, sample index) per row; JoinedByTime: the times, and per series a map
    // from time to sample index.
    std::vector<std::pair<int, int>> m_sampleRows;
    std::vector<std::int64_t> m_times;
    std::vector<std::vector<int>> m_joined; // [series][time row] -> sample index or -1
};

// A number as the CSV's raw form writes it: shortest round-trip, NaN, +Inf, -Inf (as Prometheus).
QString rawNumber(double value);

} // namespace promdeck
