#include "window/MainWindow.h"

#include "controls/RefreshPicker.h"
#include "controls/TimeRangePicker.h"
#include "dashboard/DashboardCatalog.h"
#include "dashboard/DashboardLoader.h"
#include "layout/DashboardView.h"
#include "panels/Palette.h"
#include "panels/PanelFrame.h"
#include "prometheus/PrometheusClient.h"
#include "query/DashboardRefresher.h"
#include "settings/Settings.h"

#include <QComboBox>
#include <QFileDialog>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

namespace promdeck {

MainWindow::MainWindow(Settings *settings, QNetworkAccessManager *network, QWidget *parent)
    : QMainWindow(parent), m_settings(settings), m_network(network), m_refreshTimer(new QTimer(this)),
      m_statusTimer(new QTimer(this))
{
    setWindowTitle(QStringLiteral("Promdeck"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/promdeck.png")));
    resize(1600, 1000);
    buildToolbar();

    m_serverLabel = new QLabel(this);
    m_ageLabel = new QLabel(this);
    statusBar()->addWidget(m_serverLabel, 1);
    statusBar()->addPermanentWidget(m_ageLabel);

    connect(m_refreshTimer, &QTimer::timeout, this, &MainWindow::refreshNow);
    m_statusTimer->setInterval(1000);
    connect(m_statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    m_statusTimer->start();
    connectToServer();
    setRefreshInterval(m_settings->refreshIntervalMs());
}

MainWindow::~MainWindow() = default;

void MainWindow::buildToolbar()
{
    QToolBar *bar = addToolBar(tr("Dashboard"));
    bar->setMovable(false);
    m_dashboardPicker = new QComboBox(bar);
    for (const QString &name : DashboardCatalog::builtinNames())
        m_dashboardPicker->addItem(name, name);
    m_dashboardPicker->addItem(tr("Open file…"));
    m_dashboardPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_dashboardPicker, &QComboBox::activated, this, [this](int index) {
        const QString name = m_dashboardPicker->itemData(index).toString();
        if (name.isEmpty())
            chooseDashboardFile();
        else
            openDashboard(name);
    });
    bar->addWidget(m_dashboardPicker);

    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);

    m_timePicker = new TimeRangePicker(bar);
    connect(m_timePicker, &TimeRangePicker::timeSpecChanged, this, &MainWindow::setTimeSpec);
    bar->addWidget(m_timePicker);
    m_refreshPicker = new RefreshPicker(bar);
    connect(m_refreshPicker, &RefreshPicker::intervalChanged, this, [this](qint64 ms) {
        m_settings->setRefreshIntervalMs(ms);
        setRefreshInterval(ms);
    });
    bar->addWidget(m_refreshPicker);
    auto *refresh = new QToolButton(bar);
    refresh->setText(tr("↻ Refresh"));
    refresh->setShortcut(QKeySequence::Refresh);
    refresh->setToolTip(tr("Refresh now (F5)"));
    connect(refresh, &QToolButton::clicked, this, &MainWindow::refreshNow);
    bar->addWidget(refresh);
}

void MainWindow::connectToServer()
{
    PrometheusEndpoint endpoint;
    endpoint.baseUrl = m_settings->prometheusUrl();
    endpoint.timeout = std::chrono::milliseconds(m_settings->requestTimeoutMs());
    m_client = std::make_unique<PrometheusClient>(m_network, endpoint);
    fetchServerVersion();
}

void MainWindow::fetchServerVersion()
{
    MetadataReply *info = m_client->buildInfo();
    connect(info, &MetadataReply::finished, this, [this, info] {
        info->deleteLater();
        if (info->ok()) {
            m_serverVersion = info->data().toObject().value(QLatin1String("version")).toString();
            m_connectionError.clear();
        } else {
            m_connectionError = info->error().message();
        }
        updateStatus();
    });
}

void MainWindow::chooseDashboardFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open dashboard"), QString(),
                                                      tr("Grafana dashboards (*.json);;All files (*)"));
    if (!path.isEmpty())
        openDashboard(path);
}

bool MainWindow::openDashboard(const QString &nameOrPath, QString *error)
{
    const QString path = DashboardCatalog::resolve(nameOrPath);
    QString problem;
    DashboardLoadResult result;
    if (path.isEmpty()) {
        problem = tr("%1: no such file, and no built-in dashboard of that name").arg(nameOrPath);
    } else {
        result = loadDashboardFile(path);
        if (!result.ok()) {
            QStringList lines;
            for (const Diagnostic &d : result.diagnostics)
                lines << d.toString();
            problem = lines.join(QLatin1Char('\n'));
        }
    }
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        // The dashboard on screen stays: a broken file loses nothing.
        if (isVisible())
            QMessageBox::warning(this, tr("Cannot open the dashboard"), problem);
        return false;
    }
    Dashboard dashboard = std::move(*result.dashboard);
    m_settings->setLastDashboard(nameOrPath);
    const int index = m_dashboardPicker->findData(nameOrPath);
    if (index >= 0)
        m_dashboardPicker->setCurrentIndex(index);
    setWindowTitle(QStringLiteral("%1 · Promdeck").arg(dashboard.title));
    m_timeSpec = dashboard.time;
    m_timePicker->setTimeSpec(m_timeSpec);
    if (const auto refresh = parseDurationMs(dashboard.refresh))
        setRefreshInterval(*refresh);

    PlannerSettings planner;
    planner.scrapeIntervalMs = m_settings->scrapeIntervalMs();
    auto refresher = std::make_unique<DashboardRefresher>(m_client.get(), std::move(dashboard), planner);
    auto *view = new DashboardView(refresher.get(), this);
    connect(view, &DashboardView::timeRangeSelected, this, [this](const TimeRange &range) {
        setTimeSpec({TimeExpression::absolute(range.fromMs), TimeExpression::absolute(range.toMs)});
    });
    connect(view, &DashboardView::panelsNeedData, this, [this](const QList<int> &ids) {
        const TimeRange range = m_timeSpec.resolve(currentTimeMs());
        for (int id : ids)
            m_refresher->refreshPanel(id, range);
    });
    connect(refresher.get(), &DashboardRefresher::settled, this, &MainWindow::updateStatus);
    setCentralWidget(view); // deletes the previous view before its refresher goes below
    m_view = view;
    m_refresher = std::move(refresher);
    m_view->layoutFor(m_view->viewport()->width());
    // Before the window is shown its panels have no real width yet; query once they do.
    if (isVisible())
        refreshNow();
    else
        QTimer::singleShot(0, this, &MainWindow::refreshNow);
    return true;
}

void MainWindow::setTimeSpec(const TimeSpec &spec)
{
    m_timeSpec = spec;
    m_timePicker->setTimeSpec(spec);
    refreshNow();
}

void MainWindow::setRefreshInterval(qint64 ms)
{
    m_refreshPicker->setIntervalMs(ms);
    if (ms > 0)
        m_refreshTimer->start(static_cast<int>(ms));
    else
        m_refreshTimer->stop();
}

void MainWindow::refreshNow()
{
    if (!m_refresher)
        return;
    if (m_serverVersion.isEmpty())
        fetchServerVersion(); // the server may have come up since
    m_refresher->refresh(m_timeSpec.resolve(currentTimeMs()));
    updateStatus();
}

void MainWindow::updateStatus()
{
    const std::int64_t now = currentTimeMs();
    if (m_refresher && m_refreshTimer->isActive()) {
        // Data older than two refresh intervals is never presented as current.
        m_refresher->markStale(now, 2 * m_refreshTimer->interval());
    }
    QString server = m_client ? m_client->description() : QString();
    if (!m_serverVersion.isEmpty())
        server += tr(" · Prometheus %1").arg(m_serverVersion);
    if (!m_connectionError.isEmpty() && m_serverVersion.isEmpty())
        server += QStringLiteral(" · ") + m_connectionError;
    m_serverLabel->setText(server);
    const std::int64_t last = m_refresher ? m_refresher->lastGoodRefreshMs() : 0;
    QPalette pal = m_ageLabel->palette();
    if (last == 0) {
        m_ageLabel->setText(tr("no data yet"));
        pal.setColor(QPalette::WindowText, theme::MutedText);
    } else {
        const std::int64_t age = now - last;
        const bool stale = m_refreshTimer->isActive() && age > 2 * m_refreshTimer->interval();
        m_ageLabel->setText(tr("last good refresh %1 ago").arg(formatAge(age)));
        pal.setColor(QPalette::WindowText, stale ? theme::Warning : theme::Text);
    }
    m_ageLabel->setPalette(pal);
}

} // namespace promdeck
