#include "controls/RefreshPicker.h"

#include "series/TimeRange.h"

namespace promdeck {

RefreshPicker::RefreshPicker(QWidget *parent) : QComboBox(parent)
{
    addItem(tr("Auto-refresh off"), QVariant::fromValue<qint64>(0));
    for (qint64 s : {5, 10, 30, 60, 300})
        addItem(tr("Every %1").arg(formatPromDuration(s * 1000)), QVariant::fromValue<qint64>(s * 1000));
    setToolTip(tr("Auto-refresh interval"));
    connect(this, &QComboBox::activated, this, [this] { emit intervalChanged(intervalMs()); });
}

qint64 RefreshPicker::intervalMs() const
{
    return currentData().toLongLong();
}

void RefreshPicker::setIntervalMs(qint64 ms)
{
    int index = findData(QVariant::fromValue<qint64>(ms));
    if (index < 0) {
        addItem(tr("Every %1").arg(formatPromDuration(ms)), QVariant::fromValue<qint64>(ms));
        index = count() - 1;
    }
    setCurrentIndex(index);
}

} // namespace promdeck
