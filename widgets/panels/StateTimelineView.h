// State timeline and status history panel bodies: a row per series, its values over time as
// coloured spans (state timeline, equal neighbours merged) or cells (status history), coloured and
// named by the value mappings, else the thresholds; a tooltip with the state and its time.
#pragma once

#include "panels/PanelContent.h"

#include <QWidget>

namespace promdeck {

class StateTimelineView : public QWidget
{
    Q_OBJECT
public:
    enum class Style
    {
        Timeline, // state-timeline
        History,  // status-history
    };
    explicit StateTimelineView(Style style, QWidget *parent = nullptr);

    void setData(const std::vector<DisplaySeries> &series, const Panel &panel, const TimeRange &range);
    // The zone the time axis and the tooltips are written in.
    void setTimeZone(const QTimeZone &zone)
    {
        m_zone = zone;
        update();
    }

    struct Span
    {
        std::int64_t fromMs = 0;
        std::int64_t toMs = 0;
        QString text;
        QColor color;
    };
    // For tests: each row's name and spans as drawn.
    QStringList rowNames() const;
    const std::vector<Span> &spans(int row) const { return m_rows.at(static_cast<size_t>(row)).spans; }
    QString tooltipAt(const QPointF &pos) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Row
    {
        QString name;
        std::vector<Span> spans;
    };
    QRectF plotRect() const;
    int labelWidth() const;

    Style m_style;
    std::vector<Row> m_rows;
    TimeRange m_range;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
    bool m_showValues = true;
};

} // namespace promdeck
