// Picks the dashboard's time range: the usual "last N" presets and a custom absolute range.
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

signals:
    void timeSpecChanged(const promdeck::TimeSpec &spec);

private:
    void onActivated(int index);
    void askForCustomRange();

    TimeSpec m_spec;
};

} // namespace promdeck
