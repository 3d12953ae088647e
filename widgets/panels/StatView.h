// The stat panel body: one big value per series in the panel's unit, coloured by its thresholds,
// with a sparkline of the range behind it.
#pragma once

#include "panels/PanelContent.h"

#include <QWidget>

namespace promdeck {

class StatView : public QWidget
{
    Q_OBJECT
public:
    explicit StatView(QWidget *parent = nullptr);

    void setData(std::vector<DisplaySeries> series, const Panel &panel, const TimeRange &range);
    // The texts shown, one per series; exposed for tests.
    QStringList valueTexts() const;
    QColor valueColor(int index) const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Cell
    {
        QString name;
        QString text;
        QColor color;
        const Series *series = nullptr;
    };
    void paintCell(QPainter &p, const QRect &r, const Cell &cell) const;

    std::vector<DisplaySeries> m_series;
    std::vector<Cell> m_cells;
    TimeRange m_range;
};

} // namespace promdeck
