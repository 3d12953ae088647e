#include "cli/HeadlessCommands.h"

#include "dashboard/DashboardCatalog.h"
#include "dashboard/DashboardLoader.h"
#include "dashboard/GridGeometry.h"
#include "export/DataExport.h"
#include "layout/DashboardView.h"
#include "panels/Palette.h"
#include "prometheus/PrometheusClient.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QImage>
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
    for (const Diagnostic &d : result.diagnostics)
        printError(d.toString());
    return std::move(result.dashboard);
}

// Everything a headless run holds, alive for the whole command.
struct HeadlessRun
{
    QNetworkAccessManager network;
    std::unique_ptr<PrometheusClient> client;
    std::unique_ptr<DashboardRefresher> refresher;
    TimeRange range;

    bool start(const CommandLine &cl)
    {
        auto dashboard = loadForCommand(cl.dashboard);
        if (!dashboard)
            return false;
        PrometheusEndpoint endpoint;
        endpoint.baseUrl =
            cl.prometheusUrl.isEmpty() ? QUrl(QStringLiteral("http://localhost:9090")) : cl.prometheusUrl;
        endpoint.timeout = std::chrono::milliseconds(cl.timeoutMs);
        client = std::make_unique<PrometheusClient>(&network, endpoint);
        TimeSpec spec = dashboard->time;
        if (cl.from)
            spec.from = *cl.from;
        if (cl.to)
            spec.to = *cl.to;
        range = spec.resolve(currentTimeMs());
        if (!range.isValid()) {
            printError(QStringLiteral("the time range is empty: --from must be before --to"));
            return false;
        }
        refresher =
            std::make_unique<DashboardRefresher>(client.get(), std::move(*dashboard), PlannerSettings{});
        return true;
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
        for (const Diagnostic &d : result.diagnostics)
            std::printf("%s\n", qPrintable(d.toString()));
        if (!result.ok())
            allValid = false;
        else
            std::printf("%s: ok (%zu panels)\n", qPrintable(file), result.dashboard->panels.size());
    }
    return allValid ? 0 : 1;
}

int runData(const CommandLine &cl)
{
    HeadlessRun run;
    if (!run.start(cl))
        return 1;
    // The same layout arithmetic as the window: each panel's width decides its step.
    for (const PlacedPanel &p : GridGeometry::place(run.refresher->dashboard(), cl.size.width()))
        run.refresher->setPanelWidth(p.panel->id, p.rect.width());
    run.refresher->refresh(run.range);
    run.waitUntilSettled(cl.timeoutMs);
    return writeFile(cl.output, exportPanelData(*run.refresher, run.range)) ? 0 : 1;
}

int runRender(const CommandLine &cl)
{
    HeadlessRun run;
    if (!run.start(cl))
        return 1;
    DashboardView view(run.refresher.get());
    view.layoutFor(cl.size.width());
    const int canvasHeight = std::max(cl.size.height() - 36, view.contentHeight());
    view.resize(cl.size.width(), canvasHeight);
    view.layoutFor(cl.size.width());
    run.refresher->refresh(run.range);
    run.waitUntilSettled(cl.timeoutMs);
    QCoreApplication::processEvents();

    // A header line says what the picture is: dashboard, range, source.
    const int header = 36;
    QImage image(cl.size.width(), header + canvasHeight, QImage::Format_RGB32);
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
                            run.client->description()));
        view.widget()->render(&p, QPoint(0, header));
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
