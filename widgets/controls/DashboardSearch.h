// Ctrl+K: find a dashboard by typing part of its title or a tag; Enter (or a double click) opens it.
// Shows a DashboardIndex through a QSortFilterProxyModel.
#pragma once

#include <QDialog>

class QLineEdit;
class QListView;
class QSortFilterProxyModel;

namespace promdeck {

class DashboardIndex;

class DashboardSearch : public QDialog
{
    Q_OBJECT
public:
    explicit DashboardSearch(DashboardIndex *index, QWidget *parent = nullptr);

    QSortFilterProxyModel *results() const { return m_filter; }
    void setQuery(const QString &text);

signals:
    // A built-in name or a file path.
    void openRequested(const QString &location);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void openCurrent();

    QSortFilterProxyModel *m_filter;
    QLineEdit *m_query;
    QListView *m_list;
};

} // namespace promdeck
