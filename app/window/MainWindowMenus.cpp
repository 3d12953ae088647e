// The window's menus and what their entries open: file and snapshot dialogs, profiles, imports,
// the cluster's dashboards, the dashboard search, the shortcut sheet and About. A part of MainWindow
// kept apart from the composition of its widgets (MainWindow.cpp).
#include "alerting/AlertCenter.h"
#include "alerting/AlertsController.h"
#include "connection/KeychainSecretStore.h"
#include "controls/DashboardSearch.h"
#include "controls/VariableBar.h"
#include "explore/PromqlEditor.h"
#include "explore/QueryHistory.h"
#include "layout/DashboardView.h"
#include "series/TimeZones.h"
#include "settings/Settings.h"
#include "snapshot/SnapshotFile.h"
#include "window/AlertDock.h"
#include "window/ClusterDashboardsDialog.h"
#include "window/ExploreWindow.h"
#include "window/ImportDialog.h"
#include "window/MainWindow.h"
#include "window/NoServerBanner.h"
#include "window/PlaylistDialog.h"
#include "window/ProfileDialog.h"
#include "window/ShortcutSheet.h"
#include "window/StatusLine.h"
#include "window/ThemeController.h"
#include "window/WorkspaceToolBar.h"
#include "workspace/Workspace.h"

#include <QActionGroup>
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

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Open &dashboard…"), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open dashboard"), QString(),
                                                          tr("Grafana dashboards (*.json);;All files (*)"));
        if (!path.isEmpty())
            openDashboard(path);
    });
    file->addAction(tr("&Import dashboard…"), this, &MainWindow::importDashboard);
    file->addAction(tr("&Cluster dashboards…"), this, &MainWindow::openClusterDashboard);
    file->addAction(tr("Open &snapshot…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open snapshot"), QString(),
                                                          tr("Promdeck snapshots (*.pdsnap);;All files (*)"));
        if (!path.isEmpty())
            openSnapshot(path);
    });
    file->addAction(tr("&Save snapshot…"), QKeySequence::Save, this, &MainWindow::saveSnapshot);
    file->addAction(tr("&Rewind (flight recorder)"), this, &MainWindow::rewind);
    file->addAction(tr("Back to &live server"), m_workspace.get(), &Workspace::goLive);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *connection = menuBar()->addMenu(tr("&Connection"));
    connection->addAction(tr("&Server profiles…"), this, &MainWindow::editProfiles);
    connection->addAction(tr("Port-forward &output…"), this, &MainWindow::showPortForwardOutput);
    connection->addAction(tr("&Reconnect now"), m_workspace.get(), [this] {
        m_workspace->fetchServerInfo();
        m_workspace->refresh();
    });
}

void MainWindow::buildViewMenu()
{
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Search dashboards…"), QKeySequence(Qt::CTRL | Qt::Key_K), this,
                    &MainWindow::searchDashboards);
    view->addAction(m_toolBar->starAction());
    view->addAction(tr("E&xplore"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), this,
                    &MainWindow::showExplore);
    view->addSeparator();
    view->addAction(tr("Zoom &out"), m_workspace.get(), &Workspace::zoomOut);
    view->addAction(tr("&Earlier"), m_workspace.get(), [this] { m_workspace->shiftTime(-1); });
    view->addAction(tr("&Later"), m_workspace.get(), [this] { m_workspace->shiftTime(1); });
    view->addAction(tr("&Previous time range"), m_workspace.get(), &Workspace::timeBack);
    view->addSeparator();
    buildThemeMenu(view);
    buildTimeZoneMenu(view);
    view->addSeparator();
    view->addAction(tr("Pla&ylists…"), this, &MainWindow::editPlaylists);
    view->addAction(m_alertDockWidget->toggleViewAction());
    // In the window's own action list too: a hidden menu bar (kiosk) still hears F11.
    QAction *kiosk =
        view->addAction(tr("&Kiosk mode"), QKeySequence(Qt::Key_F11), this, [this] { setKiosk(!m_kiosk); });
    addAction(kiosk);
    // Esc leaves kiosk mode and stops a playlist; while a panel is viewed alone, the view's own Esc
    // goes first.
    m_leaveKiosk = new QShortcut(QKeySequence(Qt::Key_Escape), this, this, [this] {
        stopPlaylist();
        setKiosk(false);
    });
    m_leaveKiosk->setEnabled(false);
}

void MainWindow::buildThemeMenu(QMenu *view)
{
    QMenu *menu = view->addMenu(tr("&Theme"));
    menu->setAccessibleName(tr("Theme"));
    auto *group = new QActionGroup(menu);
    const struct
    {
        QString text;
        ThemeChoice choice;
    } choices[] = {{tr("&Dark"), ThemeChoice::Dark},
                   {tr("&Light"), ThemeChoice::Light},
                   {tr("&Follow the system"), ThemeChoice::FollowSystem}};
    for (const auto &c : choices) {
        QAction *action = menu->addAction(c.text);
        action->setCheckable(true);
        action->setChecked(m_theme->choice() == c.choice);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, choice = c.choice] { m_theme->setChoice(choice); });
        if (c.choice == ThemeChoice::FollowSystem) {
            const auto describe = [this, action] {
                action->setToolTip(tr("The desktop prefers %1").arg(m_theme->systemDescription()));
                action->setStatusTip(action->toolTip());
            };
            describe();
            connect(m_theme.get(), &ThemeController::systemDescriptionChanged, action, describe);
        }
    }
    menu->setToolTipsVisible(true);
    // What "follow the system" found, readable in the menu itself.
    QAction *found = menu->addAction(QString());
    found->setEnabled(false);
    const auto showFound = [this, found] {
        found->setText(tr("System: %1").arg(m_theme->systemDescription()));
    };
    showFound();
    connect(m_theme.get(), &ThemeController::systemDescriptionChanged, found, showFound);
}

void MainWindow::buildTimeZoneMenu(QMenu *view)
{
    QMenu *menu = view->addMenu(tr("Time &zone"));
    menu->setAccessibleName(tr("Time zone"));
    auto *group = new QActionGroup(menu);
    const auto choose = [this](const QString &name) { m_settings->setTimeZone(name); };
    // The user's setting, as Grafana's profile offers it; a dashboard with its own zone still wins.
    const QStringList names = {QString(),
                               QStringLiteral("browser"),
                               QStringLiteral("utc"),
                               QStringLiteral("America/New_York"),
                               QStringLiteral("Europe/London"),
                               QStringLiteral("Europe/Berlin"),
                               QStringLiteral("Asia/Kolkata"),
                               QStringLiteral("Asia/Tokyo")};
    std::vector<std::pair<QString, QAction *>> listed;
    for (const QString &name : names) {
        QAction *action = menu->addAction(timeZoneSettingLabel(name));
        action->setCheckable(true);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [choose, name] { choose(name); });
        listed.emplace_back(name, action);
    }
    QAction *other = menu->addAction(QString());
    other->setCheckable(true);
    group->addAction(other);
    connect(other, &QAction::triggered, this, [this, choose] {
        const QString typed =
            QInputDialog::getText(this, tr("Time zone"), tr("An IANA time zone name, such as Europe/Berlin:"),
                                  QLineEdit::Normal, m_settings->timeZone());
        if (typed.trimmed().isEmpty()) {
            followTimeZoneSetting();
            return;
        }
        if (const Result<QTimeZone> zone = timeZoneNamed(typed); !zone) {
            QMessageBox::warning(this, tr("Time zone"), zone.error().message());
            followTimeZoneSetting();
            return;
        }
        choose(typed.trimmed());
    });
    menu->addSeparator();
    // Which zone the times are shown in now, and why (a dashboard's own zone wins over the setting).
    QAction *inUse = menu->addAction(QString());
    inUse->setEnabled(false);
    m_followTimeZone = [this, listed, other, inUse] {
        const QString setting = m_settings->timeZone();
        bool found = false;
        for (const auto &[name, action] : listed)
            if (name.compare(setting, Qt::CaseInsensitive) == 0) {
                action->setChecked(true);
                found = true;
            }
        other->setChecked(!found);
        other->setText(found ? tr("&Other…") : tr("&Other: %1…").arg(setting));
        const QString dashboardZone =
            m_workspace->refresher() ? m_workspace->refresher()->dashboard().timezone : QString();
        const QString shown = QString::fromUtf8(m_workspace->timeZone().id());
        inUse->setText(!dashboardZone.isEmpty() && timeZoneNamed(dashboardZone)
                           ? tr("Shown in %1: the dashboard's own zone").arg(shown)
                           : tr("Shown in %1").arg(shown));
    };
    followTimeZoneSetting();
    connect(m_settings, &Settings::timeZoneChanged, this, &MainWindow::followTimeZoneSetting);
    connect(m_workspace.get(), &Workspace::timeZoneChanged, this, &MainWindow::followTimeZoneSetting);
    connect(m_workspace.get(), &Workspace::dashboardOpened, this, &MainWindow::followTimeZoneSetting);
}

void MainWindow::followTimeZoneSetting()
{
    if (m_followTimeZone)
        m_followTimeZone();
}

void MainWindow::buildHelpMenu()
{
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *sheet = help->addAction(tr("&Keyboard shortcuts"), this, [this] {
        auto *dialog = new ShortcutSheet(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    sheet->setShortcut(QKeySequence(QStringLiteral("?")));
    addAction(sheet);
    help->addAction(tr("&About Promdeck"), this, &MainWindow::showAbout);
}

void MainWindow::showAbout()
{
    const QString server =
        m_workspace->serverVersion().isEmpty()
            ? tr("not known (%1)")
                  .arg(m_workspace->source() ? m_workspace->source()->description() : tr("no server"))
            : tr("Prometheus %1 at %2")
                  .arg(m_workspace->serverVersion(), m_workspace->source()->description());
    QMessageBox::about(
        this, tr("About Promdeck"),
        tr("<b>Promdeck %1</b><br>Native desktop dashboards for Prometheus (Qt %2).<br><br>"
           "Server: %3")
            .arg(QStringLiteral(PROMDECK_VERSION), QString::fromLatin1(qVersion()), server.toHtmlEscaped()));
}

void MainWindow::searchDashboards()
{
    auto *search = new DashboardSearch(&m_dashboardIndex, this);
    search->setAttribute(Qt::WA_DeleteOnClose);
    connect(search, &DashboardSearch::openRequested, this, [this](const QString &location) {
        const Result<> opened =
            m_workspace->openDashboard(location, TimeOverride::of(m_workspace->timeSpec()));
        if (!opened)
            warn(tr("Cannot open the dashboard"), opened.error().toString());
    });
    search->show();
    search->raise();
    search->activateWindow();
}

void MainWindow::editPlaylists()
{
    auto *dialog = new PlaylistDialog(m_settings, &m_dashboardIndex, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PlaylistDialog::startRequested, this, [this](const SavedPlaylist &playlist) {
        stopPlaylist();
        if (const Result<> started = startPlaylist(playlist.dashboards, playlist.intervalMs, playlist.name);
            !started)
            warn(tr("Cannot start the playlist"), started.error().message());
    });
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

ExploreWindow *MainWindow::explore()
{
    if (!m_explore)
        m_explore = std::make_unique<ExploreWindow>(m_workspace.get(), QueryHistory::defaultPath(), this);
    return m_explore.get();
}

void MainWindow::showExplore()
{
    explore()->followWorkspaceTime();
    m_explore->show();
    m_explore->raise();
    m_explore->activateWindow();
    if (PromqlEditor *first = m_explore->editor(0))
        first->setFocus();
}

void MainWindow::saveSnapshot()
{
    if (!m_workspace->refresher())
        return;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save snapshot"), m_workspace->dashboardName() + QStringLiteral(".pdsnap"),
        tr("Promdeck snapshots (*.pdsnap)"));
    if (path.isEmpty())
        return;
    const Snapshot snapshot = m_workspace->snapshot();
    if (const Result<> written = writeSnapshotFile(path, snapshot); !written)
        warn(tr("Cannot save the snapshot"), written.error().toString());
    else
        statusBar()->showMessage(tr("Saved %1 (%2 queries)").arg(path).arg(snapshot.queries.size()), 5000);
}

void MainWindow::editProfiles()
{
    ProfileDialog dialog(m_settings, m_keychain, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_workspace->switchProfile(m_settings->currentProfileName());
    m_toolBar->fillProfiles();
}

void MainWindow::importDashboard()
{
    ImportDialog dialog(m_settings, m_network, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (!dialog.mappedProfile().isEmpty() && dialog.mappedProfile() != m_settings->currentProfileName()) {
        m_workspace->switchProfile(dialog.mappedProfile());
        m_toolBar->fillProfiles();
    }
    openDashboard(dialog.savedFile());
}

void MainWindow::openClusterDashboard()
{
    ClusterDashboardsDialog dialog(m_settings, this);
    if (dialog.exec() == QDialog::Accepted)
        openDashboard(dialog.savedFile());
}

void MainWindow::showPortForwardOutput()
{
    const PortForward *forward = m_workspace->live() ? m_workspace->live()->portForward() : nullptr;
    QMessageBox box(this);
    box.setWindowTitle(tr("Port-forward"));
    box.setText(forward ? tr("%1 %2").arg(forward->program(), forward->arguments().join(QLatin1Char(' ')))
                        : tr("This profile has no port-forward command."));
    box.setDetailedText(forward ? forward->output().join(QLatin1Char('\n')) : QString());
    box.exec();
}

void MainWindow::askForSessionSecret(const QString &why)
{
    if (!isVisible() || !m_workspace->live())
        return; // no dialog before the window is up (or in a test); the status line says it
    bool ok = false;
    const QString secret = QInputDialog::getText(
        this, tr("Secret for %1").arg(m_workspace->live()->profile().name),
        tr("%1\n\nEnter it to use it for this session only; it is kept in memory and forgotten when "
           "Promdeck quits.")
            .arg(why),
        QLineEdit::Password, QString(), &ok);
    if (ok && !secret.isEmpty() && m_workspace->live())
        m_workspace->live()->useSessionSecret(secret);
}

} // namespace promdeck
