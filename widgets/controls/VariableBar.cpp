#include "controls/VariableBar.h"

#include "panels/Palette.h"
#include "panels/PlainText.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QToolButton>

namespace promdeck {

namespace {
const QString AllChoice = QStringLiteral("$__all");

QString multiText(const VariableValue &value)
{
    if (value.all)
        return QObject::tr("All");
    if (value.selected.isEmpty())
        return QObject::tr("None");
    if (value.selected.size() > 3)
        return QObject::tr("%1 + %2 more")
            .arg(value.selected.mid(0, 2).join(QStringLiteral(" + ")))
            .arg(value.selected.size() - 2);
    return value.selected.join(QStringLiteral(" + "));
}
} // namespace

VariableBar::VariableBar(QWidget *parent) : QWidget(parent), m_layout(new QHBoxLayout(this))
{
    m_layout->setContentsMargins(4, 2, 4, 2);
    m_layout->setSpacing(6);
    m_layout->addStretch(1);
}

void VariableBar::setVariables(const std::vector<Variable> &definitions, const VariableValues &values,
                               const DashboardRefresher *annotations)
{
    // Rebuilt each time: the options of chained variables change with their parents. Deleted
    // later: this can run inside the signal of the very control being replaced.
    while (m_layout->count() > 1) {
        QLayoutItem *item = m_layout->takeAt(0);
        if (QWidget *w = item->widget()) {
            w->hide();
            w->setObjectName(QString());
            w->deleteLater();
        }
        delete item;
    }
    m_controls = 0;
    for (const Variable &d : definitions) {
        if (d.type == Variable::Type::Constant || d.type == Variable::Type::DataSource ||
            d.type == Variable::Type::Unsupported || d.hide == 2)
            continue;
        if (d.hide != 1) {
            auto *label = new QLabel(d.label.isEmpty() ? d.name : d.label, this);
            label->setObjectName(QStringLiteral("variableLabel"));
            label->setTextFormat(Qt::PlainText); // the dashboard's words
            label->setStyleSheet(QStringLiteral("color: #ccccdc; padding: 0 2px 0 6px;"));
            m_layout->insertWidget(m_layout->count() - 1, label);
        }
        QWidget *control = addControl(d, values.find(d.name));
        control->setObjectName(QStringLiteral("variable:") + d.name);
        control->setToolTip(tr("$%1: re-runs only the panels that use it").arg(d.name));
        m_layout->insertWidget(m_layout->count() - 1, control);
        ++m_controls;
    }
    if (!annotations)
        return;
    const std::vector<Annotation> &written = annotations->dashboard().annotations;
    for (size_t i = 0; i < written.size() && i < annotations->annotations().size(); ++i) {
        const Annotation &a = written[i];
        if (!a.isQueried() || a.hide)
            continue;
        auto *toggle = new QCheckBox(a.name.isEmpty() ? tr("Annotations") : a.name, this);
        toggle->setObjectName(QStringLiteral("annotation:") + a.name);
        toggle->setAccessibleName(tr("Show annotation %1").arg(a.name));
        toggle->setToolTip(plainToolTip(
            tr("Draws or hides the events of the annotation \"%1\" on every time series").arg(a.name)));
        toggle->setChecked(annotations->annotations()[i].enabled);
        // The annotation's colour as the switch's mark, as Grafana shows it.
        toggle->setStyleSheet(
            QStringLiteral("QCheckBox { color: #ccccdc; padding-left: 6px; } "
                           "QCheckBox::indicator { width: 10px; height: 10px; border: 1px solid %1; } "
                           "QCheckBox::indicator:checked { background: %1; }")
                .arg(grafanaColor(a.iconColor).name()));
        connect(toggle, &QCheckBox::toggled, this,
                [this, index = static_cast<int>(i)](bool on) { emit annotationToggled(index, on); });
        m_layout->insertWidget(m_layout->count() - 1, toggle);
        ++m_controls;
    }
}

QWidget *VariableBar::addControl(const Variable &definition, const VariableValue *value)
{
    const QString name = definition.name;
    if (definition.type == Variable::Type::TextBox) {
        auto *edit = new QLineEdit(this);
        edit->setText(value ? value->selected.join(QLatin1Char('|')) : QString());
        edit->setMinimumWidth(120);
        connect(edit, &QLineEdit::editingFinished, this, [this, edit, name] {
            if (edit->isModified()) {
                edit->setModified(false);
                emit selectionChanged(name, edit->text());
            }
        });
        return edit;
    }
    const QStringList options = value ? value->options : QStringList();
    if (!definition.multi) {
        auto *combo = new QComboBox(this);
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        combo->setMinimumContentsLength(6);
        if (definition.includeAll)
            combo->addItem(tr("All"), AllChoice);
        for (const QString &o : options)
            combo->addItem(o, o);
        if (value)
            combo->setCurrentIndex(combo->findData(value->all ? AllChoice : value->selected.value(0)));
        connect(combo, &QComboBox::activated, this,
                [this, combo, name] { emit selectionChanged(name, combo->currentData().toString()); });
        return combo;
    }
    auto *button = new QToolButton(this);
    button->setPopupMode(QToolButton::InstantPopup);
    button->setText(value ? multiText(*value) : tr("None"));
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    button->setMinimumWidth(button->fontMetrics().horizontalAdvance(button->text()) + 36);
    auto *menu = new QMenu(button);
    QAction *all = nullptr;
    if (definition.includeAll) {
        all = menu->addAction(tr("All"));
        all->setCheckable(true);
        all->setChecked(value && value->all);
        menu->addSeparator();
    }
    QList<QAction *> items;
    for (const QString &o : options) {
        QAction *a = menu->addAction(o);
        a->setCheckable(true);
        a->setChecked(value && !value->all && value->selected.contains(o));
        a->setData(o);
        items << a;
    }
    // Picking All clears the single values; picking a value clears All, as in Grafana.
    if (all) {
        connect(all, &QAction::triggered, this, [all, items] {
            if (all->isChecked())
                for (QAction *a : items)
                    a->setChecked(false);
        });
        for (QAction *a : items)
            connect(a, &QAction::triggered, this, [all, a] {
                if (a->isChecked())
                    all->setChecked(false);
            });
    }
    const QString before =
        value ? (value->all ? AllChoice : value->selected.join(QLatin1Char('|'))) : QString();
    connect(menu, &QMenu::aboutToHide, this, [this, name, all, items, before] {
        QString choice;
        if (all && all->isChecked()) {
            choice = AllChoice;
        } else {
            QStringList picked;
            for (QAction *a : items)
                if (a->isChecked())
                    picked << a->data().toString();
            choice = picked.isEmpty() && all ? AllChoice : picked.join(QLatin1Char('|'));
        }
        if (choice != before)
            emit selectionChanged(name, choice);
    });
    button->setMenu(menu);
    return button;
}

QString VariableBar::shownText(const QString &name) const
{
    QWidget *control = findChild<QWidget *>(QStringLiteral("variable:") + name);
    if (auto *combo = qobject_cast<QComboBox *>(control))
        return combo->currentText();
    if (auto *button = qobject_cast<QToolButton *>(control))
        return button->text();
    if (auto *edit = qobject_cast<QLineEdit *>(control))
        return edit->text();
    return {};
}

void VariableBar::choose(const QString &name, const QString &choice)
{
    emit selectionChanged(name, choice);
}

} // namespace promdeck
