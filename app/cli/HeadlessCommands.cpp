#include "cli/HeadlessCommands.h"

#include "cli/CommandSession.h"
#include "controls/VariableBar.h"
#include "dashboard/DashboardLoader.h"
#include "export/DataExport.h"
#include "layout/DashboardView.h"
#include "panels/DrawCoverage.h"
#include "panels/Palette.h"
#include "query/QueryCheck.h"
#include "series/TimeZones.h"
#include "snapshot/SnapshotFile.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <cstdio>
#include <memory>

namespace promdeck {

namespace {

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        printError(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

// The exit code of a command that read a dashboard's data: 1 when it ran out of time or no query at
// all could be answered (a dashboard that partly fails still succeeds, its errors in the output).
int dataExitCode(const CommandSession &session, bool settled)
{
    if (!settled)
        return 1;
    if (!session.anyQueryAnswered()) {
        printError(QStringLiteral("no query of the dashboard could be answered (each panel's error is in "
                                  "the output)"));
        return 1;
    }
    return 0;
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
    CommandSession session(cl);
    if (!session.open())
        return 1;
    Workspace &workspace = session.workspace();
    workspace.placePanels(cl.size.width());
    const bool settled = session.waitUntilSettled();
    if (!writeFile(cl.output, exportPanelData(*workspace.refresher(), workspace.range())))
        return 1;
    return dataExitCode(session, settled);
}

int runRecord(const CommandLine &cl)
{
    CommandSession session(cl);
    if (!session.open())
        return 1;
    Workspace &workspace = session.workspace();
    workspace.placePanels(cl.size.width());
    if (!session.waitUntilSettled())
        return 1;
    workspace.waitForServerInfo(session.remainingMs());
    const Snapshot snapshot = workspace.snapshot();
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
    CommandSession session(cl);
    if (!session.open())
        return 1;
    Workspace &workspace = session.workspace();
    // The window's own view gives the panels their widths, as it would at this size.
    const DashboardRefresher *viewed = workspace.refresher();
    auto shown = std::make_unique<DashboardView>(workspace.refresher());
    shown->layoutFor(cl.size.width());
    bool settled = session.waitUntilSettled();
    if (viewed != workspace.refresher()) {
        // Repeated panels were made once the variables were known: a view of those.
        shown = std::make_unique<DashboardView>(workspace.refresher());
        shown->layoutFor(cl.size.width());
        workspace.refresh();
        settled = session.waitUntilSettled();
    }
    DashboardView &view = *shown;
    const DashboardRefresher &refresher = *workspace.refresher();
    // The variables' values, drawn by the window's own dropdown bar.
    VariableBar variables;
    variables.setVariables(refresher.dashboard().variables, refresher.variables(), &refresher);
    const int variablesHeight = variables.hasControls() ? 34 : 0;
    const int canvasHeight = std::max(cl.size.height() - 36 - variablesHeight, view.contentHeight());
    view.resize(cl.size.width(), canvasHeight);
    view.layoutFor(cl.size.width());
    QCoreApplication::processEvents();

    // A header line says what the picture is: dashboard, range, source.
    const int header = 36;
    const TimeRange range = workspace.range();
    QImage image(cl.size.width(), header + variablesHeight + canvasHeight, QImage::Format_RGB32);
    image.fill(theme::background());
    {
        QPainter p(&image);
        QFont f = view.font();
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 1.2);
        p.setFont(f);
        p.setPen(theme::text());
        p.drawText(QRect(10, 0, cl.size.width() / 2, header), Qt::AlignVCenter | Qt::AlignLeft,
                   refresher.dashboard().title);
        f.setBold(false);
        f.setPointSizeF(f.pointSizeF() / 1.2);
        p.setFont(f);
        p.setPen(theme::mutedText());
        const auto fmt = QStringLiteral("yyyy-MM-dd HH:mm");
        p.drawText(QRect(cl.size.width() / 2, 0, cl.size.width() / 2 - 10, header),
                   Qt::AlignVCenter | Qt::AlignRight,
                   QStringLiteral("%1 → %2 %3   ·   %4")
                       .arg(timeText(range.fromMs, refresher.timeZone(), fmt),
                            timeText(range.toMs, refresher.timeZone(), fmt),
                            QString::fromUtf8(refresher.timeZone().id()), session.source()->description()));
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
    if (!writeFile(cl.output, png))
        return 1;
    return dataExitCode(session, settled);
}

} // namespace promdeck
