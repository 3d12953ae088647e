// Promdeck's entry point: the window, or a headless command for scripts and tests.
#include "cli/AlertCommands.h"
#include "cli/CommandLine.h"
#include "cli/HeadlessCommands.h"
#include "cli/ImportCommands.h"
#include "cli/PromqlCommands.h"
#include "panels/Palette.h"
#include "settings/Settings.h"
#include "window/MainWindow.h"
#include "window/ReadyReport.h"
#include "workspace/PlaylistLibrary.h"
#include "workspace/Workspace.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QStyleFactory>
#include <cstdio>

using namespace promdeck;

namespace {

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

void applyTheme(QApplication &app)
{
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    app.setPalette(themePalette(ColorTheme::Dark));
}

} // namespace

int main(int argc, char **argv)
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    // The settings (server profiles) live under these names for the window and the commands alike.
    QCoreApplication::setApplicationName(QStringLiteral("promdeck"));
    QCoreApplication::setOrganizationName(QStringLiteral("promdeck"));
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    const CommandLine cl = parseCommandLine(arguments);
    if (!cl.error.isEmpty()) {
        std::fprintf(stderr, "promdeck: %s\n\n%s", qPrintable(cl.error), qPrintable(cl.helpText));
        return 2;
    }
    switch (cl.command) {
    case CommandLine::Command::Help:
        std::printf("%s", qPrintable(cl.helpText));
        return 0;
    case CommandLine::Command::Version:
        std::printf("promdeck %s (Qt %s)\n", PROMDECK_VERSION, qVersion());
        return 0;
    case CommandLine::Command::Promql:
        return runPromql(cl);
    case CommandLine::Command::AlertsCheck:
    case CommandLine::Command::AlertsBacktest: {
        QCoreApplication app(argc, argv);
        return cl.command == CommandLine::Command::AlertsCheck ? runAlertsCheck(cl) : runAlertsBacktest(cl);
    }
    case CommandLine::Command::Import: {
        QCoreApplication app(argc, argv);
        return runImport(cl);
    }
    case CommandLine::Command::Validate:
    case CommandLine::Command::Data:
    case CommandLine::Command::Record: {
        QCoreApplication app(argc, argv);
        if (cl.command == CommandLine::Command::Record)
            return runRecord(cl);
        return cl.command == CommandLine::Command::Validate ? runValidate(cl) : runData(cl);
    }
    case CommandLine::Command::Render: {
        // Rendering never needs a display.
        qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        applyTheme(app);
        return runRender(cl);
    }
    case CommandLine::Command::Window:
        break;
    }

    if (!hasDisplay()) {
        std::fprintf(
            stderr,
            "promdeck: no display (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
            "  Run the window under a virtual display:  xvfb-run -a -s '-screen 0 1600x1000x24' promdeck "
            "...\n"
            "  Or use the headless commands:            promdeck render|data|validate ... (see --help)\n");
        return 2;
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("promdeck"));
    QApplication::setOrganizationName(QStringLiteral("promdeck"));
    QApplication::setApplicationVersion(QStringLiteral(PROMDECK_VERSION));
    applyTheme(app);

    Settings settings(std::make_unique<QSettings>());
    if (!settings.damageNotice().isEmpty())
        std::fprintf(stderr, "promdeck: %s\n", qPrintable(settings.damageNotice()));
    if (!cl.profile.isEmpty() && !settings.setCurrentProfileName(cl.profile)) {
        QStringList names;
        for (const ServerProfile &p : settings.profiles())
            names << p.name;
        std::fprintf(stderr, "promdeck: --profile: no profile named \"%s\" (profiles: %s)\n",
                     qPrintable(cl.profile), qPrintable(names.join(QStringLiteral(", "))));
        return 2;
    }
    if (!cl.prometheusUrl.isEmpty())
        settings.setPrometheusUrl(cl.prometheusUrl);
    // Read once here so what was refused is said before the window opens.
    settings.starredDashboards();
    settings.playlists();
    for (const QString &refused : settings.refusedValues())
        std::fprintf(stderr, "promdeck: %s\n", qPrintable(refused));
    if (cl.refreshMs)
        settings.setRefreshIntervalMs(*cl.refreshMs);
    QNetworkAccessManager network;
    MainWindow window(&settings, &network);
    Workspace *workspace = window.workspace();
    workspace->setTimeZoneOverride(cl.timeZone);
    if (ReadyReport::wanted())
        new ReadyReport(&window, sinceStart); // owned by the window
    if (!settings.damageNotice().isEmpty())
        window.showDamageNotice(settings.damageNotice());
    if (!cl.ruleFiles.isEmpty())
        window.setAlertRuleFiles(cl.ruleFiles);
    const TimeOverride at{cl.from, cl.to};
    if (!cl.replay.isEmpty() || cl.rewind) {
        const Result<> opened =
            cl.rewind ? workspace->rewind() : workspace->openSnapshotFile(cl.replay, {}, at);
        if (!opened) {
            std::fprintf(stderr, "promdeck: %s\n", qPrintable(opened.error().toString()));
            return 1;
        }
        window.show();
        return app.exec();
    }
    const QString dashboard = cl.dashboard.isEmpty() ? settings.lastDashboard() : cl.dashboard;
    if (const Result<> opened = workspace->openDashboard(dashboard, at); !opened) {
        std::fprintf(stderr, "promdeck: %s\n", qPrintable(opened.error().toString()));
        if (!cl.dashboard.isEmpty())
            return 1;
        workspace->openDashboard(QStringLiteral("api"), at);
    }
    // --refresh wins over the dashboard's own `refresh`, as Grafana's `refresh=` URL parameter does: set
    // after the dashboard opened, which starts its own.
    if (cl.refreshMs)
        workspace->setRefreshInterval(*cl.refreshMs);
    if (!cl.playlist.isEmpty()) {
        // One name that is a saved playlist's: that playlist (--interval, when given, overrides its own).
        const std::optional<SavedPlaylist> saved =
            cl.playlist.size() == 1 ? PlaylistLibrary(&settings).find(cl.playlist.front()) : std::nullopt;
        const Result<> started =
            saved ? window.startPlaylist(saved->dashboards, cl.intervalMs.value_or(saved->intervalMs),
                                         saved->name)
                  : window.startPlaylist(cl.playlist, cl.intervalMs.value_or(120'000));
        if (!started) {
            std::fprintf(stderr, "promdeck: %s\n", qPrintable(started.error().toString()));
            return 2;
        }
    }
    if (cl.kiosk)
        window.setKiosk(true);
    else
        window.show();
    return app.exec();
}
