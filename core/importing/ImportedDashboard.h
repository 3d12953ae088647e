// A dashboard brought in from outside (grafana.com, a URL, pasted JSON, a ConfigMap) before it is
// saved: its JSON exactly as it came, what it is called, the data source inputs it asks for, and where
// it came from. The saved file is that JSON with one record added (`__promdeck`): the origin and the
// profile each input was mapped to, so the file stays importable into Grafana as it was.
#pragma once

#include "base/Result.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <vector>

namespace promdeck {

// One entry of Grafana's `__inputs`: a data source (or constant) the dashboard names as ${NAME}.
struct DashboardInput
{
    QString name;       // DS_PROMETHEUS, as used in ${DS_PROMETHEUS}
    QString label;      // what Grafana's import form shows
    QString type;       // "datasource" or "constant"
    QString pluginId;   // prometheus, loki, ...
    QString pluginName; // Prometheus
    QString value;      // a constant's value
    bool isDataSource() const { return type == u"datasource"; }
    bool isPrometheus() const { return pluginId == u"prometheus"; }
};

struct ImportOrigin
{
    QString from;            // the URL it was downloaded from, "pasted JSON", or the ConfigMap
    qint64 grafanaComId = 0; // set for grafana.com
    int revision = 0;        // grafana.com's revision
    // Kubernetes: where the dashboard lives in the cluster, for a refresh from it.
    QString context;
    QString nameSpace;
    QString configMap;
    QString key;
};

struct ImportedDashboard
{
    QByteArray json; // as downloaded, byte for byte
    QString title;
    QString uid;
    std::vector<DashboardInput> inputs;
    ImportOrigin origin;

    std::vector<DashboardInput> dataSourceInputs() const;
};

// Reads what came as a dashboard: a JSON object with `panels` or `rows`. Anything else (invalid or cut
// JSON, an API's error object, a list) is an error that says what it is, naming `where`.
Result<ImportedDashboard> readImportedDashboard(const QByteArray &json, const QString &where);

// The saved file: `dashboard.json` with `__promdeck` first in its object (the rest byte for byte):
// {"origin": {...}, "inputs": {"DS_PROM": "profile"}}.
QByteArray withImportRecord(const ImportedDashboard &dashboard, const QMap<QString, QString> &inputProfiles);

// What a saved file says of its import, if it is an imported dashboard.
struct ImportRecord
{
    ImportOrigin origin;
    QMap<QString, QString> inputProfiles;
};
std::optional<ImportRecord> readImportRecord(const QByteArray &savedJson);

// The profile a saved dashboard's data source inputs were mapped to (the first Prometheus one), or
// empty when it has none.
QString mappedProfile(const ImportRecord &record);

// Each data source input's profile: remembered for its name, else `fallback` (the current profile).
QMap<QString, QString> proposeInputProfiles(const std::vector<DashboardInput> &inputs,
                                            const QMap<QString, QString> &remembered,
                                            const QString &fallback);

// A file name a person can read: the title in lower case, words joined by '-', ".json".
QString readableFileName(const QString &title);

} // namespace promdeck
