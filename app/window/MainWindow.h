// The desktop window: toolbar (dashboard, time range, refresh), the dashboard, and a status bar that
// always tells the truth about the connection and the age of the data shown.
#pragma once

#include "dashboard/Dashboard.h"
#include "series/TimeRange.h"

#include <QMainWindow>
#include <memory>

class QComboBox;
class QLabel;
class QNetworkAccessManager;
class QTimer;

namespace promdeck {

class DashboardRefresher;
class DashboardView;
class PrometheusClient;
class RefreshPicker;
class Settings;
class TimeRangePicker;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(Settings *settings, QNetworkAccessManager *network, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a dashboard by built-in name or path; false (with the reason shown) when it cannot.
    bool openDashboard(const QString &nameOrPath, QString *error = nullptr);
    void setTimeSpec(const TimeSpec &spec);
    void setRefreshInterval(qint64 ms);
    void refreshNow();

private:
    void buildToolbar();
    void connectToServer();
    void fetchServerVersion();
    void updateStatus();
    void chooseDashboardFile();

    Settings *m_settings;
    QNetworkAccessManager *m_network;
    std::unique_ptr<PrometheusClient> m_client;
    std::unique_ptr<DashboardRefresher> m_refresher;
    DashboardView *m_view = nullptr;
    QComboBox *m_dashboardPicker = nullptr;
    TimeRangePicker *m_timePicker = nullptr;
    RefreshPicker *m_refreshPicker = nullptr;
    QLabel *m_serverLabel = nullptr;
    QLabel *m_ageLabel = nullptr;
    QTimer *m_refreshTimer = nullptr;
    QTimer *m_statusTimer = nullptr;
    TimeSpec m_timeSpec;
    QString m_serverVersion;
    QString m_connectionError;
};

} // namespace promdeck
