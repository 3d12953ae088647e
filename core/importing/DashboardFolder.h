// The user's dashboards folder (Settings::dashboardsFolder): where imports are saved, each under a
// readable name, written whole or not at all. A second import of the same dashboard (the same
// grafana.com ID, the same ConfigMap key) is not written over silently: the caller says what to do.
#pragma once

#include "importing/ImportedDashboard.h"

#include <QString>

namespace promdeck {

class DashboardFolder
{
public:
    enum class WhenImportedBefore
    {
        Refuse,   // the error names the earlier file: the window asks, the command line says how to choose
        Replace,  // the earlier file is written over
        KeepBoth, // the new one gets a name of its own
    };

    explicit DashboardFolder(QString path) : m_path(std::move(path)) {}
    const QString &path() const { return m_path; }

    // The files earlier imports of the same dashboard were saved to (several when both were kept).
    QStringList findImported(const ImportOrigin &origin) const;

    // Saves the dashboard with its import record (see withImportRecord) and returns the file written.
    // `file` given (-o): there, else in the folder under the title's readable name. A file already at
    // the place chosen that is not the same dashboard is never written over unless `Replace` is said.
    Result<QString> save(const ImportedDashboard &dashboard, const QMap<QString, QString> &inputProfiles,
                         WhenImportedBefore whenBefore, const QString &file = {}) const;

private:
    QString m_path;
};

// Writes `bytes` to `path` whole or not at all (QSaveFile), making its folder if needed.
Result<> writeWhole(const QString &path, const QByteArray &bytes);

} // namespace promdeck
