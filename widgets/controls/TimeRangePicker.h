// Picks the dashboard's time range: Grafana's quick ranges ("Last 6 hours", "Today", "Previous
// week") and a custom range typed as Grafana reads it (`now/d`, `now-1d/d`, a date and time).
#pragma once

#include "series/TimeRange.h"

#include <QComboBox>

namespace promdeck {

class TimeRangePicker : public QComboBox
{
    Q_OBJECT
public:
    explicit TimeRangePicker(QWidget *parent = nullptr);

    TimeSpec timeSpec() const { return m_spec; }
    void setTimeSpec(const TimeSpec &spec);
    // The zone typed dates are read in, a range is resolved in to check it, and a custom range's ends
    // are shown in.
    void setTimeZone(const QTimeZone &zone);

signals:
    void timeSpecChanged(const promdeck::TimeSpec &spec);

private:
    void onActivated(int index);
    void askForCustomRange();
    int customIndex() const { return count() - 1; }

    TimeSpec m_spec;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
};

} // namespace promdeck
