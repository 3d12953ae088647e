// Where alerts meet the operator: runs the engine live (or at the times a test or a replay
// gives), records every transition in the history, asks the policy what to tell, tells it through
// the desktop, and keeps the list the window shows (firing and pending, acknowledged or not).
#pragma once

#include "alerting/AlertEngine.h"
#include "alerting/AlertHistory.h"
#include "alerting/AlertmanagerClient.h"
#include "alerting/DesktopNotifier.h"

#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>

namespace promdeck {

class PrometheusClient;

// An alert the servers hold: Prometheus' own rules (/api/v1/alerts) or Alertmanager's.
struct ServerAlert
{
    QString source; // "Prometheus" or "Alertmanager"
    QString alertname;
    QString state; // firing, pending; active, suppressed (Alertmanager)
    AlertLabels labels;
    QString summary;
    QString since;            // as the server wrote it (RFC 3339)
    std::int64_t sinceMs = 0; // the same, parsed (0 when unreadable), for "Open at its time"
    QString dashboardUid;     // alertDashboardUid of its labels and annotations
};

class AlertCenter : public QObject
{
    Q_OBJECT
public:
    AlertCenter(DataSource *source, std::vector<RuleGroup> groups, const QString &historyFile,
                QObject *parent = nullptr);

    AlertEngine *engine() const { return m_engine.get(); }
    NotificationPolicy &policy() { return m_policy; }
    AlertHistory &history() { return *m_history; }
    DesktopNotifier *notifier() const { return m_notifier; }

    // Live: each group at its own instants (AlertEngine::start).
    void start() { m_engine->start(); }
    void stop() { m_engine->stop(); }
    // One evaluation at a given time (replays, simulated clocks in tests).
    void evaluateAt(std::int64_t tMs) { m_engine->evaluateAt(tMs); }

    // The servers' own alerts, fetched at every evaluation; either may be null.
    void setServerSources(PrometheusClient *prometheus, AlertmanagerClient *alertmanager);
    const std::vector<ServerAlert> &serverAlerts() const { return m_serverAlerts; }
    QString serverError() const { return m_serverError; }

    void acknowledge(const QString &key);
    void snooze(const QString &key, std::int64_t forMs);

    // Everything firing or pending now, worst first (firing before pending, critical first).
    std::vector<std::reference_wrapper<const AlertInstance>> active() const;
    // The worst state anywhere, for the tray icon's colour.
    AlertState worstState() const;
    int notificationsSent() const { return m_sent; }

signals:
    void changed();
    void notified(const promdeck::Notification &notification, const QString &channel);

private:
    void onEvaluated(qint64 timeMs, const std::vector<AlertTransition> &transitions);

    std::unique_ptr<AlertEngine> m_engine;
    std::unique_ptr<AlertHistory> m_history;
    NotificationPolicy m_policy;
    DesktopNotifier *m_notifier;
    std::int64_t m_lastNowMs = 0;
    int m_sent = 0;
    void fetchServerAlerts();
    QPointer<PrometheusClient> m_serverPrometheus;
    QPointer<AlertmanagerClient> m_serverAlertmanager;
    std::vector<ServerAlert> m_serverAlerts;
    QString m_serverError;
};

} // namespace promdeck
