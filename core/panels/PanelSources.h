// What the alert list and dashboard list panels read, as interfaces the app implements: the alerts
// Promdeck evaluates and the servers hold, the dashboards it has built in and has opened. Panels
// see these, never the app.
#pragma once

#include <QObject>
#include <QString>
#include <vector>

namespace promdeck {

struct AlertListEntry
{
    QString name;
    QString state;    // firing, pending (Alertmanager: active, suppressed)
    QString severity; // the `severity` label, when there is one
    QString summary;
    QString labels;           // {a="x", ...}
    QString origin;           // Promdeck, Prometheus, Alertmanager
    std::int64_t sinceMs = 0; // 0: unknown
    QString dashboardUid;
};

class AlertListSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual std::vector<AlertListEntry> alertEntries() const = 0;

signals:
    void alertsChanged();
};

struct DashboardListEntry
{
    QString title;
    QString location; // a built-in name or a file path, as `--dashboard` takes it
    bool builtin = false;
    bool recent = false;
};

class DashboardListSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual std::vector<DashboardListEntry> dashboardEntries() const = 0;

signals:
    void dashboardsChanged();
};

} // namespace promdeck
