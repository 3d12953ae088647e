#include "controls/TimeRangePicker.h"

#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>

namespace promdeck {

namespace {
constexpr std::int64_t Minute = 60'000;
const std::pair<const char *, std::int64_t> Presets[] = {
    {"Last 5 minutes", 5 * Minute}, {"Last 15 minutes", 15 * Minute}, {"Last 1 hour", 60 * Minute},
    {"Last 6 hours", 360 * Minute}, {"Last 24 hours", 1440 * Minute}, {"Last 7 days", 7 * 1440 * Minute},
};
constexpr int CustomIndex = 6;
} // namespace

TimeRangePicker::TimeRangePicker(QWidget *parent) : QComboBox(parent)
{
    for (const auto &[label, span] : Presets)
        addItem(tr(label), QVariant::fromValue<qint64>(span));
    addItem(tr("Custom range…"));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setToolTip(tr("Time range"));
    setCurrentIndex(3);
    connect(this, &QComboBox::activated, this, &TimeRangePicker::onActivated);
}

void TimeRangePicker::setTimeSpec(const TimeSpec &spec)
{
    m_spec = spec;
    // What a screen reader (and the window's tests) read as the range shown.
    setAccessibleDescription(spec.toString());
    const bool endsNow = spec.to.isRelative() && spec.to.resolve(0) == 0 && spec.from.isRelative();
    if (endsNow) {
        for (int i = 0; i < CustomIndex; ++i) {
            if (itemData(i).toLongLong() == -spec.from.resolve(0)) {
                setCurrentIndex(i);
                return;
            }
        }
    }
    // A range that is not a preset shows itself as the current text of the custom entry.
    setItemText(CustomIndex, spec.toString());
    setCurrentIndex(CustomIndex);
}

void TimeRangePicker::onActivated(int index)
{
    if (index == CustomIndex) {
        askForCustomRange();
        return;
    }
    setItemText(CustomIndex, tr("Custom range…"));
    m_spec = {TimeExpression::relativeToNow(-itemData(index).toLongLong()), TimeExpression::relativeToNow(0)};
    emit timeSpecChanged(m_spec);
}

void TimeRangePicker::askForCustomRange()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Custom time range"));
    auto *form = new QFormLayout(&dialog);
    const TimeRange current = m_spec.resolve(currentTimeMs());
    auto *from = new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch(current.fromMs), &dialog);
    auto *to = new QDateTimeEdit(QDateTime::fromMSecsSinceEpoch(current.toMs), &dialog);
    for (QDateTimeEdit *edit : {from, to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    }
    form->addRow(tr("From"), from);
    form->addRow(tr("To"), to);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted || from->dateTime() >= to->dateTime()) {
        setTimeSpec(m_spec);
        return;
    }
    setTimeSpec({TimeExpression::absolute(from->dateTime().toMSecsSinceEpoch()),
                 TimeExpression::absolute(to->dateTime().toMSecsSinceEpoch())});
    emit timeSpecChanged(m_spec);
}

} // namespace promdeck
