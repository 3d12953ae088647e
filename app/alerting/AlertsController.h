// Keeps the alert engine in step with the workspace: the built-in rules, the operator's rule files and
// the open dashboard's alerting panels, evaluated against the live server (the same engine keeps its
// states while the rules and the server stay the same), the servers' own alerts beside them, and the
// tray icon coloured by the worst state.
#pragma once

#include <QObject>
#include <QSet>
#include <QStringList>
#include <memory>

class QNetworkAccessManager;
class QSystemTrayIcon;

namespace promdeck {

class AlertCenter;
class AlertListSource;
class AlertPanelSource;
class DataSource;
struct Silence;
class Settings;
class Workspace;

class AlertsController : public QObject
{
    Q_OBJECT
public:
    AlertsController(Workspace *workspace, Settings *settings, QNetworkAccessManager *network,
                     QObject *parent = nullptr);
    ~AlertsController() override;

    // Rule files besides the built-in ones.
    void setRuleFiles(const QStringList &files);
    // Quiets what the silence matches, here and, when the profile names one, in Alertmanager too.
    void silence(const Silence &silence);
    AlertCenter *center() const { return m_center.get(); }
    // What alert list panels show: the current engine's alerts and the servers'.
    AlertListSource *panelSource() const;
    QSystemTrayIcon *tray() const { return m_tray; }

signals:
    // A new engine replaced the old one (the dock shows its list).
    void centerChanged(promdeck::AlertCenter *center);
    // Rule files or alerting panels with problems.
    void problems(const QString &text);
    // A notification's or the dock's "Open": the moment and the dashboard the alert names.
    void openRequested(qint64 timeMs, const QString &dashboardUid);
    // No notification server and no tray: the in-app banner is what is left.
    void bannerRequested(const QString &text);
    // How a request to Alertmanager ended.
    void message(const QString &text);

private:
    void update();
    void updateTray();

    Workspace *m_workspace;
    Settings *m_settings;
    QNetworkAccessManager *m_network;
    QSystemTrayIcon *m_tray;
    QStringList m_ruleFiles;
    QString m_signature;                       // the rules the running engine evaluates
    const DataSource *m_evaluatedOn = nullptr; // and where
    std::unique_ptr<AlertCenter> m_center;
    AlertPanelSource *m_panelSource; // a child, following m_center
    QSet<QString> m_historyNoticesGiven;
};

} // namespace promdeck
