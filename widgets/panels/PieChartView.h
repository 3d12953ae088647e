// The pie chart panel body (Grafana's `piechart` and the old `grafana-piechart-panel`): a slice per
// value, pie or donut, a legend with values and percentages, a tooltip naming the slice under the
// mouse with its value and share.
#pragma once

#include "panels/PanelContent.h"

#include <QWidget>

namespace promdeck {

class PieChartView : public QWidget
{
    Q_OBJECT
public:
    explicit PieChartView(QWidget *parent = nullptr);

    void setData(const std::vector<DisplaySeries> &series, const Panel &panel);
    // For tests: the legend's lines as shown, and the slice at a point (-1 for none).
    QStringList legendTexts() const;
    int sliceAt(const QPointF &pos) const;
    QString tooltipFor(int slice) const;
    bool isDonut() const { return m_donut; }

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Slice
    {
        QString name;
        double value = 0;
        QString text;
        QColor color;
    };
    QRectF pieRect() const;
    QRectF legendRect() const;

    std::vector<Slice> m_slices;
    double m_total = 0;
    bool m_donut = false;
    bool m_legendRight = true;
    bool m_legendShown = true;
    bool m_showValue = true;
    bool m_showPercent = true;
};

} // namespace promdeck
