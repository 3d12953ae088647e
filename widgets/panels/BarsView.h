// Bar chart and histogram panel bodies: bars per category (grouped when there are several series),
// horizontal or vertical, with the values written on them when they fit; a histogram's buckets are
// bars that touch.
#pragma once

#include "panels/ChartData.h"

#include <QWidget>

namespace promdeck {

class BarsView : public QWidget
{
    Q_OBJECT
public:
    explicit BarsView(QWidget *parent = nullptr);

    void setBarChart(const BarChartData &data, const Panel &panel);
    void setHistogram(const HistogramData &data, const Panel &panel);
    const QStringList &categories() const { return m_categories; }
    const std::vector<std::vector<double>> &values() const { return m_values; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QStringList m_categories;
    QStringList m_seriesNames;
    std::vector<std::vector<double>> m_values;
    QString m_unit;
    std::optional<int> m_decimals;
    bool m_horizontal = false;
    bool m_touching = false; // a histogram
    bool m_showValues = true;
};

} // namespace promdeck
