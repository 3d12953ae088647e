// Picks how often the dashboard refreshes: off, 5s, 10s, 30s, 1m, 5m.
#pragma once

#include <QComboBox>

namespace promdeck {

class RefreshPicker : public QComboBox
{
    Q_OBJECT
public:
    explicit RefreshPicker(QWidget *parent = nullptr);

    qint64 intervalMs() const;
    // Unlisted intervals (a dashboard's "2m") are added as an entry.
    void setIntervalMs(qint64 ms);

signals:
    void intervalChanged(qint64 ms);
};

} // namespace promdeck
