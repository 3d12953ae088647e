// File > Cluster dashboards: the dashboards the cluster already has (kube-prometheus-stack's labelled
// ConfigMaps, read through the profile's kubectl), listed with the ConfigMap and key each comes from.
// "Open" saves the one chosen into the dashboards folder (an earlier import of the same key is
// refreshed: written over with what the cluster holds now) and opens it.
#pragma once

#include "importing/ClusterDashboards.h"

#include <QDialog>
#include <memory>

class QLabel;
class QListWidget;
class QPushButton;

namespace promdeck {

class Settings;

class ClusterDashboardsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ClusterDashboardsDialog(Settings *settings, QWidget *parent = nullptr);

    // Once accepted: the file saved and to be opened.
    QString savedFile() const { return m_savedFile; }
    void accept() override;

private:
    void listed();

    Settings *m_settings;
    std::unique_ptr<ClusterDashboardFetch> m_fetch;
    std::vector<ImportedDashboard> m_dashboards;
    QString m_savedFile;
    QListWidget *m_list;
    QLabel *m_status;
    QPushButton *m_open;
};

} // namespace promdeck
