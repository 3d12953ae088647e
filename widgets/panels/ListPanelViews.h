// The alert list and dashboard list panel bodies: item views over what the app's sources hold,
// filtered as the panel's options say. Double-click (or Enter) on a dashboard opens it; on an alert,
// the dashboard it names.
#pragma once

#include "dashboard/Dashboard.h"
#include "panels/PanelSources.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QListWidget;
class QListWidgetItem;

namespace promdeck {

class AlertListView : public QWidget
{
    Q_OBJECT
public:
    explicit AlertListView(const Panel &panel, QWidget *parent = nullptr);
    void setSource(AlertListSource *source);
    QListWidget *list() const { return m_list; }

signals:
    void dashboardLinkActivated(const QString &uid);

private:
    void refill();
    Panel m_panel;
    QPointer<AlertListSource> m_source;
    QListWidget *m_list;
    QLabel *m_empty;
};

class DashboardListView : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardListView(const Panel &panel, QWidget *parent = nullptr);
    void setSource(DashboardListSource *source);
    QListWidget *list() const { return m_list; }

signals:
    void dashboardOpenRequested(const QString &location);

private:
    void refill();
    Panel m_panel;
    QPointer<DashboardListSource> m_source;
    QListWidget *m_list;
};

} // namespace promdeck
