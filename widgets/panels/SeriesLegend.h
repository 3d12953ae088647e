// A time series' legend as the panel's `options.legend` says: a list or a table (a column per calc),
// below the chart or to its right. Clicking a name shows only that series (clicking it again shows
// all), Ctrl/Cmd-click toggles one; the choice is the chart's and stays while the panel lives.
#pragma once

#include "dashboard/PanelOptions.h"

#include <QWidget>

class QListWidget;
class QTableWidget;

namespace promdeck {

class TimeSeriesChart;

class SeriesLegend : public QWidget
{
    Q_OBJECT
public:
    SeriesLegend(TimeSeriesChart *chart, const LegendOptions &options, QWidget *parent = nullptr);

    // What each row shows, "name" or "name<TAB>value<TAB>value...", top to bottom; for tests.
    QStringList rowTexts() const;
    // Clicks a row's name as a person would; `toggle` as with Ctrl/Cmd held.
    void clickRow(int row, bool toggle);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void refill();
    void createView();
    // A list below the chart is as tall as its entries need at the width it is given.
    void fitFlow();
    int flowHeight(int width) const;

    TimeSeriesChart *m_chart;
    LegendOptions m_options;
    // A list below the chart flows its entries side by side, as Grafana's does; a table, or a list
    // on the right, is a column of rows.
    QListWidget *m_flow = nullptr;
    QTableWidget *m_table = nullptr;
    QStringList m_names; // per row
};

} // namespace promdeck
