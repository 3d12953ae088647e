#include "controls/TimeRangePicker.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace promdeck {

namespace {
const QString LocalFormat = QStringLiteral("yyyy-MM-dd HH:mm:ss");

// What the custom range's fields show for an end: date math as written, a time in the zone shown.
QString endText(const TimeExpression &end, const QTimeZone &zone)
{
    if (end.isRelative())
        return end.toString();
    return QDateTime::fromMSecsSinceEpoch(end.resolve(0), zone).toString(LocalFormat);
}

// A typed end: `2026-12-03 10:00:00` in the zone shown, else whatever TimeExpression reads.
Result<TimeExpression> readEnd(const QString &text, const QTimeZone &zone)
{
    const QDateTime local = QDateTime::fromString(text.trimmed(), LocalFormat);
    if (local.isValid())
        return TimeExpression::absolute(QDateTime(local.date(), local.time(), zone).toMSecsSinceEpoch());
    return TimeExpression::parse(text);
}
} // namespace

TimeRangePicker::TimeRangePicker(QWidget *parent) : QComboBox(parent)
{
    for (const QuickRange &quick : quickRanges())
        addItem(quick.label);
    addItem(tr("Custom range…"));
    setMaxVisibleItems(count());
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setToolTip(tr("Time range"));
    setTimeSpec(m_spec);
    connect(this, &QComboBox::activated, this, &TimeRangePicker::onActivated);
}

void TimeRangePicker::setTimeSpec(const TimeSpec &spec)
{
    m_spec = spec;
    // What a screen reader (and the window's tests) read as the range shown.
    setAccessibleDescription(spec.toString());
    for (int i = 0; i < customIndex(); ++i) {
        if (quickRanges()[size_t(i)].spec == spec) {
            setItemText(customIndex(), tr("Custom range…"));
            setCurrentIndex(i);
            return;
        }
    }
    // A range that is not a quick range shows itself as the current text of the custom entry.
    setItemText(customIndex(), spec.displayText(m_zone));
    setCurrentIndex(customIndex());
}

void TimeRangePicker::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    setTimeSpec(m_spec);
}

void TimeRangePicker::onActivated(int index)
{
    if (index == customIndex()) {
        askForCustomRange();
        return;
    }
    setTimeSpec(quickRanges()[size_t(index)].spec);
    emit timeSpecChanged(m_spec);
}

void TimeRangePicker::askForCustomRange()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Custom time range"));
    dialog.setMinimumWidth(480);
    auto *form = new QFormLayout(&dialog);
    auto *from = new QLineEdit(endText(m_spec.from, m_zone), &dialog);
    auto *to = new QLineEdit(endText(m_spec.to, m_zone), &dialog);
    from->setAccessibleName(tr("From"));
    to->setAccessibleName(tr("To"));
    for (QLineEdit *edit : {from, to})
        edit->setPlaceholderText(tr("now-6h, now/d, now-1d/d or %1").arg(LocalFormat));
    auto *problem = new QLabel(&dialog);
    problem->setAccessibleName(tr("Time range problem"));
    problem->setWordWrap(true);
    problem->setTextFormat(Qt::PlainText);
    problem->hide();
    form->addRow(tr("From"), from);
    form->addRow(tr("To"), to);
    form->addRow(problem);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    TimeSpec typed;
    // The dialog stays open on a mistake, saying where it is, so nothing typed is lost.
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        const Result<TimeExpression> fromEnd = readEnd(from->text(), m_zone);
        const Result<TimeExpression> toEnd = readEnd(to->text(), m_zone);
        QString why;
        if (!fromEnd)
            why = tr("From: %1").arg(fromEnd.error().message());
        else if (!toEnd)
            why = tr("To: %1").arg(toEnd.error().message());
        else if (!TimeSpec{*fromEnd, *toEnd}.resolve(currentTimeMs(), m_zone).isValid())
            why = tr("From must be before To");
        if (!why.isEmpty()) {
            problem->setText(why);
            problem->setAccessibleDescription(why); // what a screen reader says about the label
            problem->show();
            dialog.adjustSize();
            return;
        }
        typed = {*fromEnd, *toEnd};
        dialog.accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted) {
        setTimeSpec(m_spec);
        return;
    }
    setTimeSpec(typed);
    emit timeSpecChanged(m_spec);
}

} // namespace promdeck
