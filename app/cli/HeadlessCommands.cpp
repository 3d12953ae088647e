#include "cli/HeadlessCommands.h"

#include "connection/ProfileConnection.h"
#include "controls/VariableBar.h"
#include "dashboard/DashboardCatalog.h"
#include "dashboard/DashboardLoader.h"
#include "dashboard/GridGeometry.h"
#include "export/DataExport.h"
#include "layout/DashboardView.h"
#include "panels/DrawCoverage.h"
#include "panels/Palette.h"
#include "prometheus/PrometheusClient.h"
#include "query/QueryCheck.h"
#include "query/Variables.h"
#include "settings/Settings.h"
#include "snapshot/Recording.h"
#include "snapshot/SnapshotFile.h"
#include "snapshot/SnapshotSource.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QImage>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QPainter>
#include <QSaveFile>
#include <QTimer>
#include <cstdio>

namespace promdeck {

namespace {

void printError(const QString &text)
{
    std::fprintf(stderr, "%s\n", qPrintable(text));
}

std::optional<Dashboard> loadForCommand(const QString &nameOrPath)
{
    const QString path = DashboardCatalog::resolve(nameOrPath);
    if (path.isEmpty()) {
        printError(QStringLiteral("%1: no such file, and no built-in dashboard of that name (built-in: %2)")
                       .arg(nameOrPath, DashboardCatalog::builtinNames().join(QStringLiteral(", "))));
        return std::nullopt;
    }
    DashboardLoadResult result = loadDashboardFile(path);
    for (const Error &d : result.diagnostics)
        printError(d.toString());
    return std::move(result.dashboard);
}

// Everything a headless run holds, alive for the whole command: a live server or a snapshot behind
// the same DataSource interface.
struct HeadlessRun
{
    QNetworkAccessManager network;
    std::unique_ptr<DataSource> source;
    PrometheusClient *client = nullptr; // set when the source is a live server
    std::unique_ptr<DashboardRefresher> refresher;
    TimeRange range;
    QString dashboardName;
    QMap<QString, QString> variableOverrides;

    bool start(const CommandLine &cl)
    {
        std::optional<Dashboard> dashboard;
        TimeSpec spec;
        if (!cl.replay.isEmpty()) {
            Result<Snapshot> read = readSnapshotFile(cl.replay);
            if (!read) {
                printError(read.error().toString());
                return false;
            }
            if (cl.dashboard.isEmpty()) {
                DashboardLoadResult loaded = loadDashboard(read->dashboardJson, cl.replay);
                for (const Error &d : loaded.diagnostics)
                    printError(d.toString());
                dashboard = std::move(loaded.dashboard);
            } else {
                dashboard = loadForCommand(cl.dashboard);
            }
            dashboardName = read->dashboardName;
            variableOverrides = read->variables; // the values it was recorded with
            spec = {TimeExpression::absolute(read->range.fromMs), TimeExpression::absolute(read->range.toMs)};
            source = std::make_unique<SnapshotSource>(std::move(read).value());
        } else {
            dashboard = loadForCommand(cl.dashboard);
            dashboardName = cl.dashboard;
            PrometheusEndpoint endpoint;
            if (!cl.profile.isEmpty()) {
                // A profile brings its URL, headers, TLS and secret; --prometheus still overrides the URL.
                Settings settings(std::make_unique<QSettings>());
                const std::vector<ServerProfile> profiles = settings.profiles();
                const auto found = std::find_if(profiles.begin(), profiles.end(),
                                                [&](const ServerProfile &p) { return p.name == cl.profile; });
                if (found == profiles.end()) {
                    QStringList names;
                    for (const ServerProfile &p : profiles)
                        names << p.name;
                    printError(QStringLiteral("--profile: no profile named \"%1\" (profiles: %2)")
                                   .arg(cl.profile, names.join(QStringLiteral(", "))));
                    return false;
                }
                QString error;
                const auto fromProfile = headlessEndpoint(*found, settings, &error);
                if (!fromProfile) {
                    printError(error);
                    return false;
                }
                endpoint = *fromProfile;
            }
            if (!cl.prometheusUrl.isEmpty() || cl.profile.isEmpty())
                endpoint.baseUrl = cl.prometheusUrl.isEmpty() ? QUrl(QStringLiteral("http://localhost:9090"))
                                                              : cl.prometheusUrl;
            endpoint.timeout = std::chrono::milliseconds(cl.timeoutMs);
            auto live = std::make_unique<PrometheusClient>(&network, endpoint);
            client = live.get();
            source = std::move(live);
            if (dashboard)
                spec = dashboard->time;
        }
        if (!dashboard)
            return false;
        if (cl.from)
            spec.from = *cl.from;
        if (cl.to)
            spec.to = *cl.to;
        range = spec.resolve(currentTimeMs());
        if (!range.isValid()) {
            printError(QStringLiteral("the time range is empty: --from must be before --to"));
            return false;
        }
        for (auto it = cl.variables.begin(); it != cl.variables.end(); ++it)
            variableOverrides.insert(it.key(), it.value());
        refresher =
            std::make_unique<DashboardRefresher>(source.get(), std::move(*dashboard), PlannerSettings{});
        resolveVariables(cl.timeoutMs);
        return true;
    }

    // The template variables, in order, before any panel query is planned.
    void resolveVariables(qint64 timeoutMs)
    {
        VariableResolver resolver(source.get());
        QEventLoop loop;
        QObject::connect(&resolver, &VariableResolver::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs * 2 + 5000, &loop, &QEventLoop::quit);
        resolver.resolve(refresher->dashboard(), range, variableOverrides);
        if (!resolver.isFinished())
            loop.exec();
        for (const QString &e : resolver.errors())
            printError(QStringLiteral("variable %1").arg(e));
        refresher->setVariables(resolver.values());
    }

    // Sends every panel's queries with the widths the window would give them at this size.
    void refreshAt(const QSize &size)
    {
        for (const PlacedPanel &p : GridGeometry::place(refresher->dashboard(), size.width()))
            refresher->setPanelWidth(p.panel->id, p.rect.width());
        refresher->refresh(range);
    }

    // Every panel's queries at the widths the window would give them, waited for.
    void queryAll(const CommandLine &cl)
    {
        refreshAt(cl.size);
        waitUntilSettled(cl.timeoutMs);
    }

    // Waits for every panel; each request has its own timeout, the overall guard is only a backstop.
    void waitUntilSettled(qint64 timeoutMs)
    {
        if (refresher->isSettled())
            return;
        QEventLoop loop;
        QObject::connect(refresher.get(), &DashboardRefresher::settled, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs * 2 + 5000, &loop, &QEventLoop::quit);
        loop.exec();
    }

    QJsonObject fetchBuildInfo(qint64 timeoutMs)
    {
        MetadataReply *info = source->buildInfo();
        QEventLoop loop;
        QObject::connect(info, &MetadataReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(timeoutMs + 1000, &loop, &QEventLoop::quit);
        if (!info->isFinished())
            loop.exec();
        const QJsonObject data = info->ok() ? info->data().toObject() : QJsonObject();
        info->deleteLater();
        return data;
    }
};

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        printError(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

} // namespace

int runValidate(const CommandLine &cl)
{
    bool allValid = true;
    for (const QString &file : cl.files) {
        const DashboardLoadResult result = loadDashboardFile(file);
        for (const Error &d : result.diagnostics)
            std::printf("%s\n", qPrintable(d.toString()));
        const std::vector<Error> queries =
            result.ok() ? checkPanelQueries(*result.dashboard) : std::vector<Error>();
        for (const Error &e : queries)
            std::printf("%s\n", qPrintable(e.toString()));
        if (!result.ok() || !queries.empty()) {
            allValid = false;
            continue;
        }
        for (const Error &d : drawCoverageWarnings(*result.dashboard))
            std::printf("%s\n", qPrintable(d.toString()));
        std::printf("%s: ok (%zu panels)\n", qPrintable(file), result.dashboard->panels.size());
    }
    return allValid ? 0 : 1;
}

int runData(const CommandLine &cl)
{
    HeadlessRun run;
    if (!run.start(cl))
        return 1;
    run.queryAll(cl);
    return writeFile(cl.output, exportPanelData(*run.refresher, run.range)) ? 0 : 1;
}

int runRecord(const CommandLine &cl)
{
    HeadlessRun run;
    if (!run.start(cl))
        return 1;
    run.queryAll(cl);
    Snapshot snapshot =
        snapshotOf(*run.refresher, run.range, run.dashboardName, run.fetchBuildInfo(cl.timeoutMs));
    snapshot.variables = run.refresher->variables().selections();
    if (const Result<> written = writeSnapshotFile(cl.output, snapshot); !written) {
        printError(written.error().toString());
        return 1;
    }
    std::printf("%s: %zu queries, %lld samples\n", qPrintable(cl.output), snapshot.queries.size(),
                static_cast<long long>(snapshot.sampleCount()));
    return 0;
}

int runRender(const CommandLine &cl)
{
    HeadlessRun run;
    if (!run.start(cl))
        return 1;
    DashboardView view(run.refresher.get());
    view.layoutFor(cl.size.width());
    // The variables' values, drawn by the window's own dropdown bar.
    VariableBar variables;
    variables.setVariables(run.refresher->dashboard().variables, run.refresher->variables());
    const int variablesHeight = variables.hasControls() ? 34 : 0;
    const int canvasHeight = std::max(cl.size.height() - 36 - variablesHeight, view.contentHeight());
    view.resize(cl.size.width(), canvasHeight);
    view.layoutFor(cl.size.width());
    run.refresher->refresh(run.range);
    run.waitUntilSettled(cl.timeoutMs);
    QCoreApplication::processEvents();

    // A header line says what the picture is: dashboard, range, source.
    const int header = 36;
    QImage image(cl.size.width(), header + variablesHeight + canvasHeight, QImage::Format_RGB32);
    image.fill(theme::Background);
    {
        QPainter p(&image);
        QFont f = view.font();
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 1.2);
        p.setFont(f);
        p.setPen(theme::Text);
        p.drawText(QRect(10, 0, cl.size.width() / 2, header), Qt::AlignVCenter | Qt::AlignLeft,
                   run.refresher->dashboard().title);
        f.setBold(false);
        f.setPointSizeF(f.pointSizeF() / 1.2);
        p.setFont(f);
        p.setPen(theme::MutedText);
        const auto fmt = QStringLiteral("yyyy-MM-dd HH:mm");
        p.drawText(QRect(cl.size.width() / 2, 0, cl.size.width() / 2 - 10, header),
                   Qt::AlignVCenter | Qt::AlignRight,
                   QStringLiteral("%1 → %2   ·   %3")
                       .arg(QDateTime::fromMSecsSinceEpoch(run.range.fromMs).toString(fmt),
                            QDateTime::fromMSecsSinceEpoch(run.range.toMs).toString(fmt),
                            run.source->description()));
        if (variablesHeight > 0) {
            variables.resize(cl.size.width(), variablesHeight);
            variables.render(&p, QPoint(0, header));
        }
        view.widget()->render(&p, QPoint(0, header + variablesHeight));
    }
    QByteArray png;
    {
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        if (!image.save(&buffer, "PNG")) {
            printError(QStringLiteral("cannot encode the PNG"));
            return 1;
        }
    }
    return writeFile(cl.output, png) ? 0 : 1;
}

} // namespace promdeck
