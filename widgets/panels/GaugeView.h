// Gauge and bar gauge panel bodies, drawn as Grafana draws them: one arc (gauge) or one bar (bar
// gauge: basic, gradient or LCD; horizontal or vertical; the unfilled part shown or not) per
// value, coloured by the thresholds, with the thresholds as bands and the value in the unit.
#pragma once

#include "panels/PanelContent.h"

#include <QWidget>

namespace promdeck {

class GaugeView : public QWidget
{
    Q_OBJECT
public:
    enum class Style
    {
        Gauge,
        BarGauge,
    };
    explicit GaugeView(Style style, QWidget *parent = nullptr);

    void setData(const std::vector<DisplaySeries> &series, const Panel &panel);
    // What an operator reads, for tests: one text per value, its colour, how full it is (0..1).
    QStringList valueTexts() const;
    QColor valueColor(int index) const;
    double fillFraction(int index) const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Item
    {
        QString name;
        QString text;
        QColor color;
        double fraction = 0;
        std::vector<std::pair<double, QColor>> bands; // threshold steps as fractions of its range
    };
    void paintGauge(QPainter &p, const QRectF &r, const Item &item) const;
    void paintBar(QPainter &p, const QRectF &r, const Item &item, bool vertical) const;

    Style m_style;
    std::vector<Item> m_items;
    QString m_mode = QStringLiteral("gradient"); // bar gauge: basic, gradient, lcd
    QString m_orientation;                       // auto, horizontal, vertical
    bool m_showUnfilled = true;
    bool m_thresholdMarkers = true;
    int m_minVizWidth = 8;
    int m_minVizHeight = 16;
};

} // namespace promdeck
