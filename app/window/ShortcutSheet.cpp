#include "window/ShortcutSheet.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace promdeck {

ShortcutSheet::ShortcutSheet(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Keyboard shortcuts"));
    const QList<std::pair<QString, QString>> keys{
        {QStringLiteral("Ctrl+K"), tr("Search dashboards by title or tag")},
        {QStringLiteral("Ctrl+O"), tr("Open a dashboard file")},
        {QStringLiteral("F5"), tr("Refresh now")},
        {QStringLiteral("Ctrl+Z, t z"), tr("Zoom out: twice the time range around its centre")},
        {QStringLiteral("t ←, t →"), tr("Move the time range back or forward by half")},
        {QStringLiteral("Alt+←"), tr("The previous time range (after a drag-zoom)")},
        {QStringLiteral("v"), tr("View the panel under the mouse alone; Esc returns")},
        {QStringLiteral("i"), tr("Inspect the panel under the mouse: data, requests, JSON")},
        {QStringLiteral("e"), tr("Explore the panel under the mouse: its queries at its range")},
        {QStringLiteral("Ctrl+Shift+E"), tr("Explore: ad-hoc queries at the dashboard's range")},
        {QStringLiteral("Shift+Enter"), tr("Explore: run the queries (Ctrl+Space completes)")},
        {tr("Right-click, ⋮"), tr("The panel menu")},
        {QStringLiteral("F11"), tr("Kiosk mode; Esc leaves")},
        {QStringLiteral("?"), tr("This sheet")},
    };
    auto *table = new QTableWidget(static_cast<int>(keys.size()), 2, this);
    table->setAccessibleName(tr("Shortcuts"));
    table->setHorizontalHeaderLabels({tr("Keys"), tr("What they do")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int row = 0; row < keys.size(); ++row) {
        table->setItem(row, 0, new QTableWidgetItem(keys[row].first));
        table->setItem(row, 1, new QTableWidgetItem(keys[row].second));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(table);
    layout->addWidget(buttons);
    resize(560, 420);
}

} // namespace promdeck
