#include "controls/DashboardSearch.h"

#include "dashboard/DashboardIndex.h"

#include <QKeyEvent>
#include <QLineEdit>
#include <QListView>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>
#include <algorithm>

namespace promdeck {

DashboardSearch::DashboardSearch(DashboardIndex *index, QWidget *parent)
    : QDialog(parent), m_filter(new QSortFilterProxyModel(this)), m_query(new QLineEdit(this)),
      m_list(new QListView(this))
{
    setWindowTitle(tr("Search dashboards"));
    resize(560, 380);
    m_filter->setSourceModel(index);
    m_filter->setFilterRole(DashboardIndex::SearchTextRole);
    m_filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_query->setPlaceholderText(tr("Title or tag"));
    m_query->setAccessibleName(tr("Dashboard search"));
    m_query->setClearButtonEnabled(true);
    m_query->installEventFilter(this);
    m_list->setModel(m_filter);
    m_list->setAccessibleName(tr("Dashboards found"));
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_query);
    layout->addWidget(m_list, 1);
    connect(m_query, &QLineEdit::textChanged, this, &DashboardSearch::setQuery);
    connect(m_query, &QLineEdit::returnPressed, this, &DashboardSearch::openCurrent);
    connect(m_list, &QListView::activated, this, &DashboardSearch::openCurrent);
    setQuery({});
}

void DashboardSearch::setQuery(const QString &text)
{
    if (m_query->text() != text)
        m_query->setText(text);
    m_filter->setFilterFixedString(text.trimmed());
    if (m_filter->rowCount() > 0)
        m_list->setCurrentIndex(m_filter->index(0, 0));
}

bool DashboardSearch::eventFilter(QObject *watched, QEvent *event)
{
    // Up and Down in the text field move through the results, as in every launcher.
    if (watched == m_query && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Down || key == Qt::Key_Up) {
            const int row = std::clamp(m_list->currentIndex().row() + (key == Qt::Key_Down ? 1 : -1), 0,
                                       std::max(0, m_filter->rowCount() - 1));
            m_list->setCurrentIndex(m_filter->index(row, 0));
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void DashboardSearch::openCurrent()
{
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid())
        return;
    emit openRequested(current.data(DashboardIndex::LocationRole).toString());
    accept();
}

} // namespace promdeck
