#include "window/MainWindow.h"

#include "alerting/AlertCenter.h"
#include "alerting/AlertsController.h"
#include "connection/KeychainSecretStore.h"
#include "controls/DashboardSearch.h"
#include "controls/PlainMessage.h"
#include "controls/VariableBar.h"
#include "layout/DashboardView.h"
#include "settings/Settings.h"
#include "snapshot/SnapshotFile.h"
#include "window/AlertDock.h"
#include "window/ClusterDashboardsDialog.h"
#include "window/ExploreWindow.h"
#include "window/ImportDialog.h"
#include "window/NoServerBanner.h"
#include "window/PlaylistIndicator.h"
#include "window/ProfileDialog.h"
#include "window/ShortcutSheet.h"
#include "window/StatusLine.h"
#include "window/WorkspaceToolBar.h"
#include "workspace/Playlist.h"
#include "workspace/Workspace.h"

#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QShortcut>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>

namespace promdeck {

namespace {
// The recording bundled with the program, offered when no server answers.
const QString DemoSnapshot = QStringLiteral(":/snapshots/demo-incidents.pdsnap");

Workspace::Options workspaceOptions(const Settings &settings)
{
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dataDir);
    Workspace::Options options;
    options.recorderFile = dataDir + QStringLiteral("/flight-recorder.pdsnap");
    options.recorderLimits.maxAgeMs = settings.flightRecorderHours() * 3'600'000;
    options.recorderLimits.maxBytes = settings.flightRecorderMaxMegabytes() << 20;
    options.followDashboardRefresh = true;
    return options;
}
} // namespace

MainWindow::MainWindow(Settings *settings, QNetworkAccessManager *network, SecretStore *keychain,
                       QWidget *parent)
    : QMainWindow(parent), m_settings(settings), m_network(network), m_keychain(keychain)
{
    if (!m_keychain) {
        m_ownKeychain = std::make_unique<KeychainSecretStore>();
        m_keychain = m_ownKeychain.get();
    }
    m_workspace =
        std::make_unique<Workspace>(m_settings, m_network, m_keychain, workspaceOptions(*m_settings));
    setWindowTitle(QStringLiteral("Promdeck"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/promdeck.png")));
    resize(1600, 1000);

    buildMenus();
    m_toolBar = new WorkspaceToolBar(m_workspace.get(), m_settings, this);
    addToolBar(m_toolBar);
    connect(m_toolBar, &WorkspaceToolBar::openFileRequested, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open dashboard"), QString(),
                                                          tr("Grafana dashboards (*.json);;All files (*)"));
        if (!path.isEmpty())
            openDashboard(path);
    });
    connect(m_toolBar, &WorkspaceToolBar::openFailed, this,
            [this](const QString &why) { warn(tr("Cannot open the dashboard"), why); });
    m_playlistIndicator = new PlaylistIndicator(m_toolBar);
    m_playlistIndicatorAction = m_toolBar->insertWidget(m_toolBar->starAction(), m_playlistIndicator);
    m_playlistIndicatorAction->setVisible(false);
    connect(m_playlistIndicator, &PlaylistIndicator::stopRequested, this, &MainWindow::stopPlaylist);
    buildVariableBar();
    addToolBarBreak();
    auto *banner = new NoServerBanner(m_workspace.get(), this);
    addToolBar(banner);
    connect(banner, &NoServerBanner::demoRequested, this, [this] { openSnapshot(DemoSnapshot); });
    m_status = new StatusLine(m_workspace.get(), statusBar());
    buildAlerts();
    buildViewMenu();
    buildHelpMenu();
    m_dashboardIndex.setFolder(m_settings->dashboardsFolder());
    m_dashboardIndex.setRecent(m_settings->recentDashboards());
    m_dashboardIndex.setStarred(m_settings->starredDashboards());
    connect(m_settings, &Settings::starredDashboardsChanged, this,
            [this] { m_dashboardIndex.setStarred(m_settings->starredDashboards()); });
    if (const QStringList refused = m_settings->refusedValues(); !refused.isEmpty())
        statusBar()->showMessage(refused.join(QStringLiteral("; ")), 30'000);
    m_dashboardList.setRecent(m_settings->recentDashboards());
    connect(m_settings, &Settings::dashboardsFolderChanged, this,
            [this] { m_dashboardIndex.setFolder(m_settings->dashboardsFolder()); });

    connect(m_workspace.get(), &Workspace::dashboardClosing, this, [this] {
        if (!m_view)
            return;
        takeCentralWidget();
        m_view->hide();
        // Possibly inside one of its own event handlers (a click on a linked panel): it goes from the
        // event loop, and does nothing more meanwhile (its refresher is gone).
        m_view.release()->deleteLater();
    });
    connect(m_workspace.get(), &Workspace::dashboardOpened, this, &MainWindow::showView);
    connect(m_workspace.get(), &Workspace::sourceChanged, this, &MainWindow::updateTitle);
    connect(m_workspace.get(), &Workspace::notice, this,
            [this](const QString &text) { statusBar()->showMessage(text, 10'000); });
    connect(m_workspace.get(), &Workspace::secretUnavailable, this,
            [this](const Error &why) { askForSessionSecret(why.message()); });
    m_workspace->connectLive(m_settings->currentProfile());
    m_workspace->setRefreshInterval(m_settings->refreshIntervalMs());
}

void MainWindow::showDamageNotice(const QString &text)
{
    auto *box =
        new QMessageBox(QMessageBox::Warning, tr("Damaged state set aside"), text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextFormat(Qt::PlainText);
    box->setAccessibleName(tr("Damaged state set aside"));
    box->open();
    statusBar()->showMessage(text);
}

// The view and the alerts go before the workspace they observe (member order); the rest are children.
MainWindow::~MainWindow() = default;

void MainWindow::setKiosk(bool on)
{
    if (on == m_kiosk)
        return;
    m_kiosk = on;
    updateEscape();
    if (on) {
        m_statesBeforeKiosk = windowState();
        m_hiddenByKiosk.clear();
        QList<QWidget *> chrome{menuBar(), statusBar()};
        for (QToolBar *bar : findChildren<QToolBar *>(Qt::FindDirectChildrenOnly))
            chrome << bar;
        for (QDockWidget *dock : findChildren<QDockWidget *>(Qt::FindDirectChildrenOnly))
            chrome << dock;
        for (QWidget *w : chrome)
            if (w->isVisible()) {
                m_hiddenByKiosk << w;
                w->hide();
            }
        showFullScreen();
    } else {
        for (QWidget *w : std::as_const(m_hiddenByKiosk))
            w->show();
        m_hiddenByKiosk.clear();
        setWindowState(m_statesBeforeKiosk & ~Qt::WindowFullScreen);
    }
}

void MainWindow::buildVariableBar()
{
    // Template variables, on a line of their own under the toolbar; hidden when there are none.
    addToolBarBreak();
    m_variableToolBar = addToolBar(tr("Variables"));
    m_variableToolBar->setMovable(false);
    m_variableBar = new VariableBar(m_variableToolBar);
    m_variableBar->setAccessibleName(tr("Template variables"));
    m_variableToolBar->addWidget(m_variableBar);
    m_variableToolBar->setVisible(false);
    connect(m_variableBar, &VariableBar::selectionChanged, m_workspace.get(), &Workspace::changeVariable);
    connect(m_variableBar, &VariableBar::annotationToggled, m_workspace.get(),
            &Workspace::setAnnotationEnabled);
    connect(m_workspace.get(), &Workspace::dashboardOpened, this, [this] {
        m_variableBar->setVariables({}, {});
        m_variableToolBar->setVisible(false);
    });
    connect(m_workspace.get(), &Workspace::variablesResolved, this, [this] {
        const DashboardRefresher *refresher = m_workspace->refresher();
        const bool replay = m_workspace->isReplay();
        m_variableBar->setVariables(refresher->dashboard().variables, refresher->variables(), refresher);
        m_variableBar->setEnabled(!replay); // a recording answers only what it recorded
        m_variableBar->setToolTip(replay ? tr("The values recorded in the snapshot") : QString());
        m_variableToolBar->setVisible(m_variableBar->hasControls());
    });
}

void MainWindow::buildAlerts()
{
    // A dock with the list, a tray icon coloured by the worst state.
    m_alertDock = new AlertDock(this);
    auto *dock = new QDockWidget(tr("Alerts"), this);
    dock->setObjectName(QStringLiteral("alerts"));
    dock->setWidget(m_alertDock);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    m_alertDockWidget = dock;
    // Nothing firing or pending: no dock, and a badge in the toolbar says so (a click shows the dock).
    // Something new: the dock comes back, at most a fifth of the window high unless dragged bigger.
    auto *badge = new QToolButton(m_toolBar);
    badge->setAccessibleName(tr("Alerts"));
    badge->setAutoRaise(true);
    badge->setToolTip(tr("Show or hide the alerts"));
    m_toolBar->addWidget(badge);
    connect(badge, &QToolButton::clicked, dock, [dock] { dock->setVisible(!dock->isVisible()); });
    connect(m_alertDock, &AlertDock::countsChanged, this, [this, dock, badge](int firing, int pending) {
        const bool any = firing + pending > 0;
        badge->setText(any ? tr("⚠ %1 firing · %2 pending").arg(firing).arg(pending) : tr("No alerts"));
        if (any == m_alertsListed)
            return;
        m_alertsListed = any;
        dock->setVisible(any && !m_kiosk);
        if (any)
            resizeDocks({dock}, {height() / 5}, Qt::Vertical);
    });
    m_alerts = std::make_unique<AlertsController>(m_workspace.get(), m_settings, m_network, this);
    m_alertDock->setCenter(m_alerts->center());
    connect(m_alerts.get(), &AlertsController::centerChanged, m_alertDock, &AlertDock::setCenter);
    connect(m_alerts.get(), &AlertsController::bannerRequested, m_alertDock, &AlertDock::showBanner);
    connect(m_alerts.get(), &AlertsController::openRequested, this, &MainWindow::showAlert);
    for (auto signal : {&AlertsController::problems, &AlertsController::message})
        connect(m_alerts.get(), signal, this,
                [this](const QString &text) { statusBar()->showMessage(text, 15'000); });
    connect(m_alertDock, &AlertDock::openRequested, this, &MainWindow::showAlert);
    connect(m_alertDock, &AlertDock::silenceRequested, m_alerts.get(), &AlertsController::silence);
}

void MainWindow::showView()
{
    DashboardRefresher *refresher = m_workspace->refresher();
    m_view = std::make_unique<DashboardView>(refresher);
    connect(m_view.get(), &DashboardView::timeRangeSelected, m_workspace.get(),
            [this](const TimeRange &range) {
                m_workspace->changeTime(
                    {TimeExpression::absolute(range.fromMs), TimeExpression::absolute(range.toMs)});
            });
    connect(m_view.get(), &DashboardView::dashboardLinkActivated, m_workspace.get(),
            [this](const QString &uid) {
                if (const Result<> opened = m_workspace->openDashboardByUid(uid); !opened)
                    statusBar()->showMessage(opened.error().message(), 8000);
            });
    connect(m_view.get(), &DashboardView::panelsNeedData, m_workspace.get(), &Workspace::refreshPanels);
    // Only the panels in or near the viewport are queried; the others when scrolled to.
    connect(m_view.get(), &DashboardView::panelsInViewChanged, m_workspace.get(),
            &Workspace::setPanelsInView);
    connect(m_view.get(), &DashboardView::dashboardOpenRequested, this, &MainWindow::openDashboard);
    connect(m_view.get(), &DashboardView::exploreRequested, this, [this](int panelId) {
        explore()->show();
        m_explore->raise();
        m_explore->activateWindow();
        m_explore->explorePanel(panelId);
    });
    m_view->setPanelSources(m_alerts->panelSource(), &m_dashboardList);
    connect(m_view.get(), &DashboardView::viewedPanelChanged, this, [this] { updateEscape(); });
    setCentralWidget(m_view.get());
    m_view->layoutFor(m_view->viewport()->width());
    if (!m_workspace->isReplay()) {
        m_settings->setLastDashboard(m_workspace->dashboardName());
        // The dashboard list panels' and the search's "recently opened", newest first.
        QStringList recent = m_settings->recentDashboards();
        recent.removeAll(m_workspace->dashboardName());
        recent.prepend(m_workspace->dashboardName());
        m_settings->setRecentDashboards(recent);
        m_dashboardList.setRecent(m_settings->recentDashboards());
        m_dashboardIndex.setRecent(m_settings->recentDashboards());
        m_dashboardIndex.setStarred(m_settings->starredDashboards());
        connect(m_settings, &Settings::starredDashboardsChanged, this,
                [this] { m_dashboardIndex.setStarred(m_settings->starredDashboards()); });
        if (const QStringList refused = m_settings->refusedValues(); !refused.isEmpty())
            statusBar()->showMessage(refused.join(QStringLiteral("; ")), 30'000);
    }
    updateTitle();
}

Result<> MainWindow::startPlaylist(const QStringList &dashboards, qint64 intervalMs, const QString &name)
{
    auto playlist = std::make_unique<Playlist>(m_workspace.get(), dashboards, intervalMs);
    connect(playlist.get(), &Playlist::failed, this,
            [this](const QString &why) { statusBar()->showMessage(why, 15'000); });
    if (const Result<> started = playlist->start(); !started)
        return started;
    m_playlist = std::move(playlist);
    m_playlistIndicator->follow(m_playlist.get(), name);
    m_playlistIndicatorAction->setVisible(true);
    updateEscape();
    return {};
}

void MainWindow::stopPlaylist()
{
    if (!m_playlist)
        return;
    m_playlist->stop();
    m_playlist.reset();
    m_playlistIndicator->follow(nullptr, {});
    m_playlistIndicatorAction->setVisible(false);
    statusBar()->showMessage(tr("Playlist stopped"), 5000);
    updateEscape();
}

void MainWindow::updateEscape()
{
    m_leaveKiosk->setEnabled((m_kiosk || m_playlist) && !(m_view && m_view->viewedPanel()));
}

void MainWindow::updateTitle()
{
    const DashboardRefresher *refresher = m_workspace->refresher();
    const QString title = refresher ? refresher->dashboard().title : QString();
    setWindowTitle(
        (m_workspace->isReplay() ? QStringLiteral("REPLAY · ") : QString()) +
        (title.isEmpty() ? QStringLiteral("Promdeck") : QStringLiteral("%1 · Promdeck").arg(title)));
}

bool MainWindow::openDashboard(const QString &nameOrPath)
{
    const Result<> opened = m_workspace->openDashboard(nameOrPath);
    if (!opened)
        warn(tr("Cannot open the dashboard"), opened.error().toString());
    return opened.ok();
}

bool MainWindow::openSnapshot(const QString &path)
{
    Result<> opened;
    if (path == DemoSnapshot) {
        Result<Snapshot> demo = readSnapshotFile(path);
        opened = demo ? m_workspace->openSnapshot(std::move(demo).value(), tr("the demo recording"))
                      : demo.error();
    } else {
        opened = m_workspace->openSnapshotFile(path);
    }
    if (!opened)
        warn(tr("Cannot open the snapshot"), opened.error().toString());
    return opened.ok();
}

bool MainWindow::rewind()
{
    const Result<> opened = m_workspace->rewind();
    if (!opened && isVisible())
        showPlainMessage(this, QMessageBox::Information, tr("Nothing to rewind"), opened.error().message());
    return opened.ok();
}

void MainWindow::setAlertRuleFiles(const QStringList &files)
{
    m_alerts->setRuleFiles(files);
}

AlertCenter *MainWindow::alertCenter() const
{
    return m_alerts->center();
}

QString MainWindow::connectionText() const
{
    return m_status->connectionText();
}

void MainWindow::showAlert(qint64 timeMs, const QString &dashboardUid)
{
    if (const Result<> shown = m_workspace->showMoment(timeMs, dashboardUid); !shown)
        statusBar()->showMessage(shown.error().message(), 10'000);
    showNormal();
    raise();
    activateWindow();
}

void MainWindow::warn(const QString &title, const QString &text)
{
    if (isVisible())
        showPlainMessage(this, QMessageBox::Warning, title, text); // error words from servers and files
    else
        statusBar()->showMessage(text, 15'000);
}

} // namespace promdeck
