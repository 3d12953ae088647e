// The dashboards a cluster already has: kube-prometheus-stack keeps each in a ConfigMap labelled for
// Grafana's sidecar (grafana_dashboard=1 in `monitoring`), one or several JSON keys per ConfigMap.
// They are listed through the kubectl the profile's port-forward uses (`kubectl get configmaps -l ...
// -o json`); a kubectl that fails is quoted.
#pragma once

#include "importing/ImportedDashboard.h"

#include <QObject>
#include <QProcess>
#include <QStringList>
#include <optional>

namespace promdeck {

struct ClusterQuery
{
    QString kubectl = QStringLiteral("kubectl");
    QString context; // empty: kubectl's current context
    QString nameSpace = QStringLiteral("monitoring");
    QString labelSelector = QStringLiteral("grafana_dashboard=1");

    QStringList arguments() const;
    // "kubectl get configmaps -n monitoring -l grafana_dashboard=1 -o json", for messages.
    QString commandLine() const;
    // The kubectl and --context of a profile's port-forward command (`kubectl --context prod
    // port-forward ...`), so the dashboards come from the cluster Prometheus is reached in.
    static ClusterQuery fromPortForward(const QString &portForwardCommand);
};

struct ClusterDashboardList
{
    std::vector<ImportedDashboard> dashboards; // in ConfigMap order, keys in order within each
    std::vector<Error> problems;               // keys that are not dashboards: said, the rest still listed
};

// Reads kubectl's `-o json` answer (a List of ConfigMaps): every key of every ConfigMap's `data`
// that ends in .json.
Result<ClusterDashboardList> readConfigMapList(const QByteArray &json, const ClusterQuery &query);

// Runs kubectl once; `finished` comes from the event loop.
class ClusterDashboardFetch : public QObject
{
    Q_OBJECT
public:
    explicit ClusterDashboardFetch(ClusterQuery query, QObject *parent = nullptr);
    void start();
    bool isFinished() const { return m_result.has_value(); }
    const Result<ClusterDashboardList> &result() const { return *m_result; }
    const ClusterQuery &query() const { return m_query; }

signals:
    void finished();

private:
    void finish(Result<ClusterDashboardList> result);

    ClusterQuery m_query;
    QProcess m_process;
    std::optional<Result<ClusterDashboardList>> m_result;
};

} // namespace promdeck
