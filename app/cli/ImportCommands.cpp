#include "cli/ImportCommands.h"

#include "cli/CommandSession.h"
#include "importing/ClusterDashboards.h"
#include "importing/DashboardDownload.h"
#include "importing/DashboardFolder.h"
#include "settings/Settings.h"

#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <cstdio>

namespace promdeck {

namespace {

template <typename Job> void waitFor(Job *job)
{
    if (job->isFinished())
        return;
    QEventLoop loop;
    QObject::connect(job, &Job::finished, &loop, &QEventLoop::quit);
    loop.exec();
}

DashboardFolder::WhenImportedBefore whenBefore(const CommandLine &cl)
{
    if (cl.replace)
        return DashboardFolder::WhenImportedBefore::Replace;
    if (cl.keepBoth)
        return DashboardFolder::WhenImportedBefore::KeepBoth;
    return DashboardFolder::WhenImportedBefore::Refuse;
}

QString saveFailure(const Error &error, const CommandLine &cl)
{
    // The folder asks; on the command line the answer is an option.
    if (error.kind == Error::Kind::Invalid && !cl.replace && !cl.keepBoth)
        return error.message() +
               QStringLiteral(": nothing written; --replace replaces it, --keep-both keeps both");
    return error.message();
}

Result<ImportedDashboard> readPasted(const QString &path)
{
    QFile file;
    const bool stdinput = path == u"-";
    const QString where = stdinput ? QStringLiteral("pasted JSON") : path;
    if (stdinput ? !file.open(stdin, QIODevice::ReadOnly)
                 : (file.setFileName(path), !file.open(QIODevice::ReadOnly)))
        return Error::plain(Error::Kind::Io,
                            QStringLiteral("%1: cannot read: %2").arg(where, file.errorString()));
    Result<ImportedDashboard> read = readImportedDashboard(file.readAll(), where);
    if (read && read->origin.from.isEmpty())
        read->origin.from = where;
    return read;
}

int importOne(const CommandLine &cl, Settings &settings, const ImportedDashboard &dashboard)
{
    // Each data source input: --input, else the profile it had last time, else --profile or the current.
    const QString fallback = cl.profile.isEmpty() ? settings.currentProfileName() : cl.profile;
    QMap<QString, QString> mapping =
        proposeInputProfiles(dashboard.inputs, settings.importInputProfiles(), fallback);
    for (auto it = cl.inputProfiles.begin(); it != cl.inputProfiles.end(); ++it) {
        if (!mapping.contains(it.key())) {
            QStringList names = mapping.keys();
            printError(QStringLiteral("--input %1: the dashboard has no such data source input (it has: %2)")
                           .arg(it.key(), names.isEmpty() ? QStringLiteral("none") : names.join(u", ")));
            return 1;
        }
        mapping.insert(it.key(), it.value());
    }
    for (auto it = mapping.begin(); it != mapping.end(); ++it)
        if (const Result<ServerProfile> found = settings.findProfile(it.value()); !found) {
            printError(QStringLiteral("input %1: %2").arg(it.key(), found.error().message()));
            return 1;
        }

    const QString title = dashboard.title.isEmpty() ? QStringLiteral("(untitled)") : dashboard.title;
    if (dashboard.origin.grafanaComId > 0)
        std::printf("%s (grafana.com %lld, revision %d)\n", qPrintable(title),
                    static_cast<long long>(dashboard.origin.grafanaComId), dashboard.origin.revision);
    else
        std::printf("%s (%s)\n", qPrintable(title), qPrintable(dashboard.origin.from));
    for (const DashboardInput &input : dashboard.inputs) {
        if (input.isDataSource())
            std::printf("  input %s (%s \"%s\") -> profile %s\n", qPrintable(input.name),
                        qPrintable(input.pluginName.isEmpty() ? input.pluginId : input.pluginName),
                        qPrintable(input.label), qPrintable(mapping.value(input.name)));
        else
            std::printf("  input %s (%s) = %s\n", qPrintable(input.name), qPrintable(input.type),
                        qPrintable(input.value));
    }

    const DashboardFolder folder(settings.dashboardsFolder());
    const Result<QString> saved = folder.save(dashboard, mapping, whenBefore(cl), cl.output);
    if (!saved) {
        printError(saveFailure(saved.error(), cl));
        return 1;
    }
    settings.rememberInputProfiles(mapping);
    std::printf("saved %s\n", qPrintable(*saved));
    return 0;
}

int importFromCluster(const CommandLine &cl, Settings &settings)
{
    ServerProfile profile = settings.currentProfile();
    if (!cl.profile.isEmpty()) {
        const Result<ServerProfile> found = settings.findProfile(cl.profile);
        if (!found) {
            printError(QStringLiteral("--profile: ") + found.error().message());
            return 1;
        }
        profile = *found;
    }
    ClusterQuery query = ClusterQuery::fromPortForward(profile.portForwardCommand);
    query.nameSpace = cl.nameSpace.isEmpty() ? settings.clusterDashboardNamespace() : cl.nameSpace;
    query.labelSelector = settings.clusterDashboardLabel();
    if (!cl.context.isEmpty())
        query.context = cl.context;
    ClusterDashboardFetch fetch(query);
    fetch.start();
    waitFor(&fetch);
    if (!fetch.result()) {
        printError(fetch.result().error().message());
        return 1;
    }
    const ClusterDashboardList &list = *fetch.result();
    for (const Error &problem : list.problems)
        printError(QStringLiteral("skipped: ") + problem.toString());
    if (list.dashboards.empty()) {
        printError(QStringLiteral("no dashboards: no ConfigMap labelled %1 in namespace %2 holds one (%3)")
                       .arg(query.labelSelector, query.nameSpace, query.commandLine()));
        return 1;
    }
    std::printf("%zu dashboards in the cluster\n", list.dashboards.size());
    // -o names a folder here: one file per dashboard.
    const DashboardFolder folder(cl.output.isEmpty() ? settings.dashboardsFolder() : cl.output);
    int failures = 0;
    for (const ImportedDashboard &dashboard : list.dashboards) {
        const Result<QString> saved = folder.save(dashboard, {}, whenBefore(cl));
        if (!saved) {
            printError(saveFailure(saved.error(), cl));
            ++failures;
            continue;
        }
        std::printf("saved %s (%s)\n", qPrintable(*saved), qPrintable(dashboard.origin.from));
    }
    return failures == 0 ? 0 : 1;
}

} // namespace

int runImport(const CommandLine &cl)
{
    Settings settings(std::make_unique<QSettings>());
    if (cl.importConfigMaps)
        return importFromCluster(cl, settings);

    Result<ImportedDashboard> dashboard = Error::plain(Error::Kind::Invalid, QString());
    if (!cl.importFile.isEmpty()) {
        dashboard = readPasted(cl.importFile);
    } else {
        QNetworkAccessManager network;
        GrafanaComClient client(&network,
                                cl.grafanaComUrl.isEmpty() ? settings.grafanaComUrl() : cl.grafanaComUrl,
                                std::chrono::milliseconds(cl.timeoutMs));
        DashboardDownload *download = nullptr;
        if (!cl.importUrl.isEmpty()) {
            download = client.fetchUrl(cl.importUrl);
        } else {
            const std::optional<GrafanaComClient::Reference> reference =
                GrafanaComClient::parseReference(cl.importReference);
            if (!reference) {
                printError(QStringLiteral("import: \"%1\" is not a grafana.com dashboard ID (examples: 9628, "
                                          "9628@7)")
                               .arg(cl.importReference));
                return 2;
            }
            download = client.fetch(reference->id, reference->revision);
        }
        waitFor(download);
        dashboard = download->result();
    }
    if (!dashboard) {
        printError(dashboard.error().toString());
        return 1;
    }
    return importOne(cl, settings, *dashboard);
}

} // namespace promdeck
