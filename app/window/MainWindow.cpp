#include "window/MainWindow.h"

#include "alerting/AlertCenter.h"
#include "alerting/AlertPanelSource.h"
#include "alerting/AlertmanagerClient.h"
#include "alerting/PanelRules.h"
#include "connection/ConnectionHealth.h"
#include "connection/KeychainSecretStore.h"
#include "connection/PortForward.h"
#include "connection/ProfileConnection.h"
#include "connection/ProfileEndpoint.h"
#include "controls/RefreshPicker.h"
#include "controls/TimeRangePicker.h"
#include "controls/VariableBar.h"
#include "dashboard/DashboardCatalog.h"
#include "dashboard/DashboardLoader.h"
#include "layout/DashboardView.h"
#include "panels/Palette.h"
#include "panels/PanelFrame.h"
#include "prometheus/PrometheusClient.h"
#include "query/DashboardRefresher.h"
#include "query/Variables.h"
#include "settings/Settings.h"
#include "snapshot/FlightRecorder.h"
#include "snapshot/Recording.h"
#include "snapshot/RecordingSource.h"
#include "snapshot/SnapshotFile.h"
#include "snapshot/SnapshotSource.h"
#include "window/AlertDock.h"
#include "window/ProfileDialog.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPointer>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace promdeck {

namespace {
// The recording bundled with the program, offered when no server answers.
const QString DemoSnapshot = QStringLiteral(":/snapshots/demo-incidents.pdsnap");
} // namespace

MainWindow::MainWindow(Settings *settings, QNetworkAccessManager *network, SecretStore *keychain,
                       QWidget *parent)
    : QMainWindow(parent), m_settings(settings), m_network(network), m_keychain(keychain),
      m_refreshTimer(new QTimer(this)), m_statusTimer(new QTimer(this)), m_flushTimer(new QTimer(this)),
      m_playTimer(new QTimer(this))
{
    if (!m_keychain) {
        m_ownKeychain = std::make_unique<KeychainSecretStore>();
        m_keychain = m_ownKeychain.get();
    }
    m_playTimer->setInterval(1000);
    connect(m_playTimer, &QTimer::timeout, this, [this] { advancePlayback(m_playTimer->interval()); });
    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(dataDir);
    FlightRecorderLimits limits;
    limits.maxAgeMs = m_settings->flightRecorderHours() * 3'600'000;
    limits.maxBytes = m_settings->flightRecorderMaxMegabytes() << 20;
    m_recorder =
        std::make_unique<FlightRecorder>(dataDir + QStringLiteral("/flight-recorder.pdsnap"), limits);
    // Written every minute, so a crash or a kill loses at most that.
    m_flushTimer->setInterval(60'000);
    connect(m_flushTimer, &QTimer::timeout, this, [this] { m_recorder->flush(); });
    m_flushTimer->start();

    setWindowTitle(QStringLiteral("Promdeck"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/promdeck.png")));
    resize(1600, 1000);
    buildMenus();
    buildToolbar();

    m_replayLabel = new QLabel(this);
    m_replayLabel->setVisible(false);
    QPalette replayPalette = m_replayLabel->palette();
    replayPalette.setColor(QPalette::WindowText, theme::Warning);
    m_replayLabel->setPalette(replayPalette);
    QFont bold = m_replayLabel->font();
    bold.setBold(true);
    m_replayLabel->setFont(bold);
    m_serverLabel = new QLabel(this);
    m_ageLabel = new QLabel(this);
    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setTextFormat(Qt::PlainText);
    statusBar()->addWidget(m_connectionLabel);
    statusBar()->addWidget(m_replayLabel);
    statusBar()->addWidget(m_serverLabel, 1);
    statusBar()->addPermanentWidget(m_ageLabel);

    connect(m_refreshTimer, &QTimer::timeout, this, &MainWindow::refreshNow);
    m_statusTimer->setInterval(1000);
    connect(m_statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    m_statusTimer->start();
    // Alerts: a dock with the list, a tray icon coloured by the worst state.
    m_alertDock = new AlertDock(this);
    auto *dock = new QDockWidget(tr("Alerts"), this);
    dock->setObjectName(QStringLiteral("alerts"));
    dock->setWidget(m_alertDock);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    connect(m_alertDock, &AlertDock::openRequested, this, &MainWindow::showAlert);
    connect(m_alertDock, &AlertDock::silenceRequested, this, [this](const Silence &s) {
        if (!m_alerts)
            return;
        std::vector<Silence> all = m_alerts->policy().silences();
        all.push_back(s);
        m_alerts->policy().setSilences(all);
        // The team's Alertmanager too, when the profile names one.
        const QUrl am = m_settings->currentProfile().alertmanagerUrl;
        if (am.isValid() && !am.isEmpty()) {
            auto *client = new AlertmanagerClient(m_network, am, std::chrono::seconds(10), this);
            MetadataReply *r = client->createSilence(s, QString::fromLocal8Bit(qgetenv("USER")));
            connect(r, &MetadataReply::finished, client, [this, r, client] {
                statusBar()->showMessage(r->ok() ? tr("Silence created in Alertmanager")
                                                 : tr("Alertmanager: %1").arg(r->error().message()),
                                         8000);
                client->deleteLater();
            });
        }
    });
    m_tray = new QSystemTrayIcon(this);
    if (QSystemTrayIcon::isSystemTrayAvailable())
        m_tray->show();
    connectToServer();
    setRefreshInterval(m_settings->refreshIntervalMs());
}

MainWindow::~MainWindow()
{
    // The view goes before the refresher it shows, the refresher before its sources.
    delete takeCentralWidget();
    m_refresher.reset();
    m_source.reset();
    m_recorder->flush();
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Open &dashboard…"), QKeySequence::Open, this, &MainWindow::chooseDashboardFile);
    file->addAction(tr("Open &snapshot…"), this, &MainWindow::chooseSnapshotFile);
    file->addAction(tr("&Save snapshot…"), QKeySequence::Save, this, &MainWindow::saveSnapshot);
    file->addAction(tr("&Rewind (flight recorder)"), this, [this] { rewind(); });
    file->addAction(tr("Back to &live server"), this, &MainWindow::goLive);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *connection = menuBar()->addMenu(tr("&Connection"));
    connection->addAction(tr("&Server profiles…"), this, &MainWindow::editProfiles);
    connection->addAction(tr("Port-forward &output…"), this, &MainWindow::showPortForwardOutput);
    connection->addAction(tr("&Reconnect now"), this, [this] {
        fetchServerVersion();
        refreshNow();
    });
}

void MainWindow::buildToolbar()
{
    QToolBar *bar = addToolBar(tr("Dashboard"));
    bar->setMovable(false);
    // The server profile: switching reconnects and reopens the dashboard on the other server.
    m_profilePicker = new QComboBox(bar);
    m_profilePicker->setToolTip(tr("Server profile"));
    m_profilePicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    fillProfilePicker();
    connect(m_profilePicker, &QComboBox::activated, this,
            [this](int index) { switchProfile(m_profilePicker->itemData(index).toString()); });
    bar->addWidget(m_profilePicker);
    m_dashboardPicker = new QComboBox(bar);
    m_dashboardPicker->setObjectName(QStringLiteral("dashboardPicker"));
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

    // In a replay the toolbar says so too, next to the time it shows.
    m_replayBadge = new QLabel(tr("  ● REPLAY  "), bar);
    QPalette badge = m_replayBadge->palette();
    badge.setColor(QPalette::Window, theme::Warning);
    badge.setColor(QPalette::WindowText, Qt::black);
    m_replayBadge->setPalette(badge);
    m_replayBadge->setAutoFillBackground(true);
    QFont badgeFont = m_replayBadge->font();
    badgeFont.setBold(true);
    m_replayBadge->setFont(badgeFont);
    m_replayBadgeAction = bar->addWidget(m_replayBadge);
    m_replayBadgeAction->setVisible(false);

    // Playback, shown in a replay only.
    m_playAction = bar->addAction(tr("▶ Play"));
    m_playAction->setToolTip(tr("Play the recording: \"now\" moves through it"));
    connect(m_playAction, &QAction::triggered, this, [this] {
        if (isPlaying())
            pause();
        else
            play(m_speedPicker->currentData().toInt());
    });
    m_speedPicker = new QComboBox(bar);
    for (int speed : {1, 10, 60})
        m_speedPicker->addItem(QStringLiteral("%1×").arg(speed), speed);
    connect(m_speedPicker, &QComboBox::activated, this,
            [this] { m_playSpeed = m_speedPicker->currentData().toInt(); });
    m_speedAction = bar->addWidget(m_speedPicker);
    m_playAction->setVisible(false);
    m_speedAction->setVisible(false);

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

    // Template variables, on a line of their own under the toolbar; hidden when there are none.
    addToolBarBreak();
    m_variableToolBar = addToolBar(tr("Variables"));
    m_variableToolBar->setMovable(false);
    m_variableBar = new VariableBar(m_variableToolBar);
    m_variableToolBar->addWidget(m_variableBar);
    m_variableToolBar->setVisible(false);
    connect(m_variableBar, &VariableBar::selectionChanged, this, &MainWindow::changeVariable);
}

void MainWindow::connectToServer()
{
    const ServerProfile profile = m_settings->currentProfile();
    // Open connections (TLS ones especially) were made with the previous profile's settings.
    m_network->clearConnectionCache();
    m_replayFile.clear();
    m_serverVersion.clear();
    m_secretError.clear();
    m_connectionError.clear();

    // The port-forward first: with an automatic local port, it decides where the server is.
    delete m_portForward;
    m_portForward = nullptr;
    if (!profile.portForwardCommand.trimmed().isEmpty()) {
        PortForward::Options options;
        options.command = profile.portForwardCommand;
        options.autoLocalPort = profile.autoLocalPort;
        m_portForward = new PortForward(m_network, options, this);
        connect(m_portForward, &PortForward::ready, this, [this] {
            fetchServerVersion();
            refreshNow();
        });
        connect(m_portForward, &PortForward::stateChanged, this, &MainWindow::updateStatus);
        m_portForward->start();
    }

    const Result<PrometheusEndpoint> found = endpointFor(profile, QString());
    PrometheusEndpoint endpoint = found ? *found : PrometheusEndpoint{};
    if (!found) {
        endpoint.baseUrl = profile.url;
        m_connectionError = found.error().toString();
    }
    if (m_portForward && profile.autoLocalPort) {
        endpoint.baseUrl.setHost(QStringLiteral("127.0.0.1"));
        endpoint.baseUrl.setPort(m_portForward->localPort());
    }
    // Everything fetched live also goes to the flight recorder.
    delete m_resolver;
    m_resolver = nullptr;
    m_source.reset();
    auto client = std::make_unique<PrometheusClient>(m_network, endpoint);
    m_liveClient = client.get();
    m_liveSource = std::move(client);
    m_source = std::make_unique<RecordingSource>(m_liveSource.get(), m_recorder.get());

    delete m_health;
    m_health = new ConnectionHealth([this] { return m_liveClient->readiness(); }, this);
    connect(m_health, &ConnectionHealth::stateChanged, this, &MainWindow::updateStatus);
    connect(m_health, &ConnectionHealth::recovered, this, [this] {
        // The server answers again: every panel refreshes without anyone pressing a button.
        fetchServerVersion();
        refreshNow();
    });

    setupAlerts();
    if (!profile.needsSecret()) {
        fetchServerVersion();
        return;
    }
    SecretReply *secret = readProfileSecret(profile, *m_settings, *m_keychain, m_sessionSecrets, this);
    const QPointer<PrometheusClient> forClient = m_liveClient;
    connect(secret, &SecretReply::finished, this, [this, secret, profile, forClient] {
        secret->deleteLater();
        if (forClient != m_liveClient)
            return; // another profile since
        if (secret->ok()) {
            applySecret(profile, secret->secret());
            return;
        }
        m_secretError = tr("The secret of profile %1 could not be read from %2: %3")
                            .arg(profile.name, m_keychain->description(), secret->error().message());
        m_connectionError = m_secretError;
        updateStatus();
        askForSessionSecret(profile, m_secretError);
    });
}

void MainWindow::setAlertRuleFiles(const QStringList &files)
{
    m_ruleFiles = files;
    setupAlerts();
}

void MainWindow::setupAlerts()
{
    if (!m_liveClient)
        return;
    std::vector<RuleGroup> groups;
    QStringList problems;
    QStringList files = m_ruleFiles;
    if (QFile::exists(QStringLiteral(":/rules/event-system.rules.yml")))
        files.prepend(QStringLiteral(":/rules/event-system.rules.yml"));
    for (const QString &f : files) {
        RuleFileResult r = loadRuleFile(f);
        problems += toStrings(r.errors);
        for (RuleGroup &g : r.groups)
            groups.push_back(std::move(g));
    }
    QString signature = files.join(QLatin1Char('|'));
    if (m_refresher) {
        RuleGroup panels =
            rulesFromPanels(m_refresher->dashboard(), m_refresher->variables(),
                            std::max<std::int64_t>(4 * m_settings->scrapeIntervalMs(), 60'000), &problems);
        for (const AlertRule &r : panels.rules)
            signature += QLatin1Char('|') + r.name + QLatin1Char('=') + r.expr;
        if (!panels.rules.empty())
            groups.push_back(std::move(panels));
    }
    // Same rules against the same server: the running engine keeps its states.
    if (m_alerts && signature == m_alertSignature && m_alertsClient == m_liveClient)
        return;
    m_alertSignature = signature;
    m_alertsClient = m_liveClient;
    const QString history =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/alerts.sqlite");
    m_alerts.reset(); // its history closes before the new one opens the file
    m_alerts = std::make_unique<AlertCenter>(m_liveClient, std::move(groups), history);
    auto alertPanels = std::make_unique<AlertPanelSource>(m_alerts.get());
    if (m_view) // alert list panels read the new engine's alerts
        m_view->setPanelSources(alertPanels.get(), &m_dashboardList);
    m_alertPanels = std::move(alertPanels);
    m_alerts->notifier()->setTrayIcon(m_tray);
    connect(m_alerts.get(), &AlertCenter::changed, this, &MainWindow::updateTray);
    connect(m_alerts->notifier(), &DesktopNotifier::bannerRequested, this,
            [this](const QString &summary, const QString &body) {
                m_alertDock->showBanner(summary + QLatin1Char('\n') + body);
            });
    connect(m_alerts->notifier(), &DesktopNotifier::openRequested, this,
            [this](const QString &, qint64 t, const QString &dashboardUid) {
                showAlert(t, dashboardUid);
                showNormal();
                raise();
                activateWindow();
            });
    // The servers' own alerts too: Prometheus' rules, and the profile's Alertmanager if any.
    const QUrl am = m_settings->currentProfile().alertmanagerUrl;
    m_alerts->setServerSources(
        m_liveClient, am.isValid() && !am.isEmpty()
                          ? new AlertmanagerClient(m_network, am, std::chrono::seconds(10), m_alerts.get())
                          : nullptr);
    m_alertDock->setCenter(m_alerts.get());
    if (!problems.isEmpty())
        statusBar()->showMessage(tr("Alert rules: %1").arg(problems.join(QStringLiteral("; "))), 15000);
    if (!isReplay())
        m_alerts->start();
    updateTray();
}

void MainWindow::updateTray()
{
    if (!m_tray)
        return;
    const AlertState worst = m_alerts ? m_alerts->worstState() : AlertState::Inactive;
    const QColor color = worst == AlertState::Firing    ? theme::Error
                         : worst == AlertState::Pending ? theme::Warning
                                                        : theme::Ok;
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    {
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setBrush(color);
        p.setPen(Qt::NoPen);
        p.drawEllipse(2, 2, 28, 28);
    }
    m_tray->setIcon(QIcon(pixmap));
    int firing = 0, pending = 0;
    if (m_alerts)
        for (const AlertInstance &a : m_alerts->active())
            (a.state == AlertState::Firing ? firing : pending) += 1;
    m_tray->setToolTip(tr("Promdeck: %1 firing, %2 pending").arg(firing).arg(pending));
    m_tray->setProperty("worstState", alertStateName(worst));
}

void MainWindow::applySecret(const ServerProfile &profile, const QString &secret)
{
    Result<PrometheusEndpoint> endpoint = endpointFor(profile, secret);
    if (!endpoint) {
        m_connectionError = endpoint.error().toString();
        updateStatus();
        return;
    }
    endpoint->baseUrl.setPort(m_liveClient->endpoint().baseUrl.port()); // a port-forward's own port
    endpoint->baseUrl.setHost(m_liveClient->endpoint().baseUrl.host());
    m_liveClient->setEndpoint(*endpoint);
    m_secretError.clear();
    fetchServerVersion();
    refreshNow();
}

void MainWindow::askForSessionSecret(const ServerProfile &profile, const QString &why)
{
    if (!isVisible())
        return; // no dialog before the window is up (or in a test); the status bar says it
    bool ok = false;
    const QString secret = QInputDialog::getText(
        this, tr("Secret for %1").arg(profile.name),
        tr("%1\n\nEnter it to use it for this session only; it is kept in memory and forgotten when "
           "Promdeck quits.")
            .arg(why),
        QLineEdit::Password, QString(), &ok);
    if (ok && !secret.isEmpty())
        useSessionSecret(secret);
}

void MainWindow::useSessionSecret(const QString &secret)
{
    const ServerProfile profile = m_settings->currentProfile();
    m_sessionSecrets.write(profile.secretKey(), secret)->deleteLater();
    applySecret(profile, secret);
}

void MainWindow::showAlert(qint64 timeMs, const QString &dashboardUid)
{
    // Panel alerts of a dashboard without a uid name it by title.
    const bool here =
        m_refresher &&
        (m_refresher->dashboard().uid == dashboardUid ||
         (m_refresher->dashboard().uid.isEmpty() && m_refresher->dashboard().title == dashboardUid));
    const bool elsewhere = !dashboardUid.isEmpty() && !here;
    if (elsewhere && !openDashboardByUid(dashboardUid))
        statusBar()->showMessage(
            tr("The alert names dashboard \"%1\", which is not known here: showing its time on this one")
                .arg(dashboardUid),
            10'000);
    // The hour before the alert (what led to it) and a quarter of an hour after.
    setTimeSpec(
        {TimeExpression::absolute(timeMs - 3'600'000), TimeExpression::absolute(timeMs + 15 * 60'000)});
}

bool MainWindow::openDashboardByUid(const QString &uid)
{
    // Files beside the dashboard on screen first (a team's own set links within itself), then built-ins.
    const QString current = DashboardCatalog::resolve(m_dashboardName);
    const QString target = DashboardCatalog::findByUid(uid, QFileInfo(current).absolutePath());
    return !target.isEmpty() && openDashboard(target);
}

bool MainWindow::switchProfile(const QString &name)
{
    if (!m_settings->setCurrentProfileName(name))
        return false;
    fillProfilePicker();
    reconnect(m_dashboardName.isEmpty() ? m_settings->lastDashboard() : m_dashboardName);
    return true;
}

void MainWindow::reconnect(const QString &dashboard)
{
    // The view and refresher go before the source they read; the dashboard opens on the new one.
    pause();
    delete takeCentralWidget();
    m_view = nullptr;
    m_refresher.reset();
    m_variableOverrides.clear();
    connectToServer();
    openDashboard(dashboard);
}

void MainWindow::reportConnection()
{
    if (!m_refresher || isReplay() || !m_health)
        return;
    int ok = 0, unreachable = 0;
    QString firstError;
    for (const Panel &p : m_refresher->dashboard().panels) {
        if (!p.hasQueries() || !m_refresher->isPanelVisible(p))
            continue;
        const PanelData &shown = m_refresher->panelData(p.id);
        if (shown.connectionLost) {
            ++unreachable;
            if (firstError.isEmpty())
                firstError = shown.error;
        } else if (shown.state != PanelState::Loading) {
            ++ok;
        }
    }
    m_health->reportRefresh(ok, unreachable, firstError, currentTimeMs());
    updateStatus();
}

QString MainWindow::connectionText() const
{
    return m_connectionLabel ? m_connectionLabel->text() : QString();
}

void MainWindow::fillProfilePicker()
{
    if (!m_profilePicker)
        return;
    const QSignalBlocker quiet(m_profilePicker);
    m_profilePicker->clear();
    for (const ServerProfile &p : m_settings->profiles())
        m_profilePicker->addItem(p.name, p.name);
    m_profilePicker->setCurrentIndex(m_profilePicker->findData(m_settings->currentProfileName()));
}

void MainWindow::showPortForwardOutput()
{
    QMessageBox box(this);
    box.setWindowTitle(tr("Port-forward"));
    box.setText(m_portForward ? tr("%1 %2").arg(m_portForward->program(),
                                                m_portForward->arguments().join(QLatin1Char(' ')))
                              : tr("This profile has no port-forward command."));
    box.setDetailedText(m_portForward ? m_portForward->output().join(QLatin1Char('\n')) : QString());
    box.exec();
}

void MainWindow::editProfiles()
{
    ProfileDialog dialog(m_settings, m_keychain, this);
    if (dialog.exec() == QDialog::Accepted)
        switchProfile(m_settings->currentProfileName());
}

void MainWindow::fetchServerVersion()
{
    MetadataReply *info = m_source->buildInfo();
    connect(info, &MetadataReply::finished, this, [this, info] {
        info->deleteLater();
        if (info->ok()) {
            m_buildInfo = info->data().toObject();
            m_serverVersion = m_buildInfo.value(QLatin1String("version")).toString();
            m_connectionError.clear();
        } else {
            m_connectionError = info->error().message();
        }
        showNoServerBanner(!isReplay() && !info->ok() && info->error().isConnectionProblem());
        updateStatus();
    });
}

void MainWindow::showNoServerBanner(bool show)
{
    if (!show) {
        if (m_banner)
            m_banner->hide();
        return;
    }
    if (!m_banner) {
        m_banner = new QWidget(this);
        m_banner->setAutoFillBackground(true);
        QPalette pal = m_banner->palette();
        pal.setColor(QPalette::Window, QColor(0x4a, 0x2a, 0x10));
        m_banner->setPalette(pal);
        auto *layout = new QHBoxLayout(m_banner);
        auto *text = new QLabel(m_banner);
        text->setObjectName(QStringLiteral("bannerText"));
        text->setWordWrap(true);
        auto *retry = new QPushButton(tr("Retry"), m_banner);
        auto *demo = new QPushButton(tr("Open the demo recording"), m_banner);
        layout->addWidget(text, 1);
        layout->addWidget(retry);
        layout->addWidget(demo);
        connect(retry, &QPushButton::clicked, this, [this] {
            fetchServerVersion();
            refreshNow();
        });
        connect(demo, &QPushButton::clicked, this, [this] { openSnapshot(DemoSnapshot); });
        auto *bar = new QToolBar(this);
        bar->setMovable(false);
        bar->addWidget(m_banner);
        addToolBarBreak();
        addToolBar(Qt::TopToolBarArea, bar);
    }
    m_banner->findChild<QLabel *>(QStringLiteral("bannerText"))
        ->setText(tr("No Prometheus answers: %1\nStart the port-forward or the server, or look at a recorded "
                     "incident "
                     "meanwhile.")
                      .arg(m_connectionError));
    m_banner->show();
}

void MainWindow::chooseDashboardFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open dashboard"), QString(),
                                                      tr("Grafana dashboards (*.json);;All files (*)"));
    if (!path.isEmpty())
        openDashboard(path);
}

void MainWindow::chooseSnapshotFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open snapshot"), QString(),
                                                      tr("Promdeck snapshots (*.pdsnap);;All files (*)"));
    if (!path.isEmpty())
        openSnapshot(path);
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
            for (const Error &d : result.diagnostics)
                lines << d.toString();
            problem = lines.join(QLatin1Char('\n'));
        }
    }
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        if (isVisible())
            QMessageBox::warning(this, tr("Cannot open the dashboard"), problem);
        return false;
    }
    {
        // The dashboard list panels' "recently opened", newest first.
        m_recentDashboards.removeAll(nameOrPath);
        m_recentDashboards.prepend(nameOrPath);
        m_dashboardList.setRecent(m_recentDashboards.mid(0, 10));
    }
    if (isReplay())
        goLive();
    m_settings->setLastDashboard(nameOrPath);
    m_recorder->setDashboard(result.dashboard->sourceJson, nameOrPath);
    m_timeSpec = result.dashboard->time;
    if (const auto refresh = parseDurationMs(result.dashboard->refresh))
        setRefreshInterval(*refresh);
    showDashboard(std::move(*result.dashboard), nameOrPath);
    return true;
}

bool MainWindow::openSnapshot(const QString &path, QString *error)
{
    Result<Snapshot> read = readSnapshotFile(path);
    if (!read) {
        if (error)
            *error = read.error().toString();
        if (isVisible())
            QMessageBox::warning(this, tr("Cannot open the snapshot"), read.error().toString());
        return false; // what is on screen stays
    }
    return openSnapshot(std::move(read).value(), path == DemoSnapshot ? tr("the demo recording") : path,
                        error);
}

bool MainWindow::rewind(QString *error)
{
    if (!isReplay())
        m_recorder->flush();
    Snapshot recorded = m_recorder->snapshot();
    if (recorded.queries.empty()) {
        const QString why = tr("The flight recorder has nothing yet: it keeps what Promdeck fetched live.");
        if (error)
            *error = why;
        if (isVisible())
            QMessageBox::information(this, tr("Nothing to rewind"), why);
        return false;
    }
    return openSnapshot(std::move(recorded), tr("the flight recorder"), error);
}

bool MainWindow::openSnapshot(Snapshot snapshot, const QString &label, QString *error)
{
    DashboardLoadResult loaded = loadDashboard(snapshot.dashboardJson, label);
    if (!loaded.ok()) {
        const QString why = label + QStringLiteral(": the recorded dashboard cannot be read: ") +
                            (loaded.diagnostics.empty() ? QString() : loaded.diagnostics.front().toString());
        if (error)
            *error = why;
        if (isVisible())
            QMessageBox::warning(this, tr("Cannot open the snapshot"), why);
        return false;
    }
    pause();
    m_replayFile = label;
    m_recordedRange = snapshot.range;
    m_timeSpec = {TimeExpression::absolute(snapshot.range.fromMs),
                  TimeExpression::absolute(snapshot.range.toMs)};
    m_buildInfo = snapshot.buildInfo;
    m_serverVersion = snapshot.buildInfo.value(QLatin1String("version")).toString();
    m_replayLabel->setText(tr("REPLAY · recorded %1 from %2")
                               .arg(QDateTime::fromMSecsSinceEpoch(snapshot.createdMs)
                                        .toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                    snapshot.source.isEmpty() ? tr("an unknown server") : snapshot.source));
    const QString name = snapshot.dashboardName;
    m_variableOverrides = snapshot.variables;
    // The view and refresher on the old source go first.
    delete takeCentralWidget();
    m_view = nullptr;
    m_refresher.reset();
    m_source = std::make_unique<SnapshotSource>(std::move(snapshot));
    setRefreshInterval(0); // nothing new will come
    showNoServerBanner(false);
    showDashboard(std::move(*loaded.dashboard), name);
    return true;
}

void MainWindow::play(int speed)
{
    if (!isReplay() || !m_recordedRange.isValid())
        return;
    m_playSpeed = std::max(1, speed);
    const int index = m_speedPicker->findData(m_playSpeed);
    if (index >= 0)
        m_speedPicker->setCurrentIndex(index);
    // Start (or restart at the end) with an hour of context, or half the recording if shorter.
    m_playWindowMs = std::min<std::int64_t>(3'600'000, m_recordedRange.durationMs() / 2);
    if (m_playNowMs <= m_recordedRange.fromMs || m_playNowMs >= m_recordedRange.toMs)
        m_playNowMs = m_recordedRange.fromMs + m_playWindowMs;
    m_playAction->setText(tr("⏸ Pause"));
    m_playTimer->start();
    advancePlayback(0);
}

void MainWindow::pause()
{
    m_playTimer->stop();
    if (m_playAction)
        m_playAction->setText(tr("▶ Play"));
}

bool MainWindow::isPlaying() const
{
    return m_playTimer->isActive();
}

void MainWindow::advancePlayback(qint64 wallMs)
{
    m_playNowMs = std::min<std::int64_t>(m_playNowMs + wallMs * m_playSpeed, m_recordedRange.toMs);
    setTimeSpec(
        {TimeExpression::absolute(m_playNowMs - m_playWindowMs), TimeExpression::absolute(m_playNowMs)});
    if (m_playNowMs >= m_recordedRange.toMs)
        pause(); // the end of the recording
}

void MainWindow::goLive()
{
    if (!isReplay())
        return;
    reconnect(m_settings->lastDashboard());
}

void MainWindow::showDashboard(Dashboard dashboard, const QString &name)
{
    m_dashboardName = name;
    int index = m_dashboardPicker->findData(name);
    if (index < 0 && !isReplay() && QFileInfo::exists(name)) {
        // A dashboard opened from a file joins the picker (before "Open file…"), so the toolbar names
        // what is on screen and switching back to it is one click.
        index = m_dashboardPicker->count() - 1;
        m_dashboardPicker->insertItem(index, QFileInfo(name).fileName(), name);
        m_dashboardPicker->setItemData(index, name, Qt::ToolTipRole);
    }
    if (index >= 0)
        m_dashboardPicker->setCurrentIndex(index);
    setWindowTitle((isReplay() ? QStringLiteral("REPLAY · ") : QString()) +
                   QStringLiteral("%1 · Promdeck").arg(dashboard.title));
    m_timePicker->setTimeSpec(m_timeSpec);

    PlannerSettings planner;
    planner.scrapeIntervalMs = m_settings->scrapeIntervalMs();
    auto refresher = std::make_unique<DashboardRefresher>(m_source.get(), std::move(dashboard), planner);
    auto *view = new DashboardView(refresher.get(), this);
    connect(view, &DashboardView::timeRangeSelected, this, [this](const TimeRange &range) {
        setTimeSpec({TimeExpression::absolute(range.fromMs), TimeExpression::absolute(range.toMs)});
    });
    connect(view, &DashboardView::dashboardLinkActivated, this, [this](const QString &uid) {
        // As Grafana's ${__url_time_range}: the linked dashboard opens at the range on screen.
        const TimeSpec keep = m_timeSpec;
        if (openDashboardByUid(uid))
            setTimeSpec(keep);
        else
            statusBar()->showMessage(tr("No dashboard with uid \"%1\" is known").arg(uid), 8000);
    });
    connect(view, &DashboardView::panelsNeedData, this, [this](const QList<int> &ids) {
        const TimeRange range = m_timeSpec.resolve(currentTimeMs());
        for (int id : ids)
            m_refresher->refreshPanel(id, range);
    });
    connect(refresher.get(), &DashboardRefresher::settled, this, &MainWindow::reportConnection);
    connect(view, &DashboardView::dashboardOpenRequested, this,
            [this](const QString &location) { openDashboard(location); });
    auto alertPanels = std::make_unique<AlertPanelSource>(m_alerts.get());
    view->setPanelSources(alertPanels.get(), &m_dashboardList);
    setCentralWidget(view); // deletes the previous view before its refresher goes below
    m_alertPanels = std::move(alertPanels);
    m_view = view;
    m_refresher = std::move(refresher);
    m_view->layoutFor(m_view->viewport()->width());
    // Variables first; the panels are queried when they are known (and, before the window is
    // shown, once the panels have a real width).
    m_variableBar->setVariables({}, {});
    m_variableToolBar->setVisible(false);
    resolveVariables({}, AfterResolve::RefreshAll);
}

void MainWindow::resolveVariables(const QMap<QString, QString> &preferred, AfterResolve then)
{
    delete m_resolver; // an older resolution still running is superseded
    m_resolver = new VariableResolver(m_source.get(), this);
    connect(m_resolver, &VariableResolver::finished, this, [this, then] {
        if (!m_refresher)
            return;
        const VariableValues before = m_refresher->variables();
        m_refresher->setVariables(m_resolver->values());
        if (!isReplay())
            m_recorder->setVariables(m_resolver->values().selections());
        m_variableBar->setVariables(m_refresher->dashboard().variables, m_resolver->values());
        m_variableBar->setEnabled(!isReplay()); // a recording answers only what it recorded
        m_variableBar->setToolTip(isReplay() ? tr("The values recorded in the snapshot") : QString());
        m_variableToolBar->setVisible(m_variableBar->hasControls());
        if (!m_resolver->errors().isEmpty())
            statusBar()->showMessage(tr("Variables: %1").arg(m_resolver->errors().join(QStringLiteral("; "))),
                                     10000);
        if (then == AfterResolve::RefreshAll && !isReplay())
            setupAlerts(); // the open dashboard's alerting panels, with these variable values
        if (then == AfterResolve::RefreshAffected) {
            const QStringList changed = changedVariables(before, m_refresher->variables());
            m_refresher->refreshAffected(changed, m_timeSpec.resolve(currentTimeMs()));
            updateStatus();
        } else if (isVisible()) {
            refreshNow();
        } else {
            QTimer::singleShot(0, this, &MainWindow::refreshNow);
        }
    });
    // A replay's recorded values are fixed; the user's earlier picks are kept where still offered.
    m_resolver->resolve(m_refresher->dashboard(), m_timeSpec.resolve(currentTimeMs()), m_variableOverrides,
                        preferred);
}

void MainWindow::changeVariable(const QString &name, const QString &choice)
{
    if (!m_refresher || isReplay())
        return;
    // Everything else keeps its value; chained variables after it are asked again and keep theirs
    // when it is still offered.
    QMap<QString, QString> choices = m_refresher->variables().selections();
    choices.insert(name, choice);
    resolveVariables(choices, AfterResolve::RefreshAffected);
}

void MainWindow::saveSnapshot()
{
    if (!m_refresher)
        return;
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Save snapshot"), m_dashboardName + QStringLiteral(".pdsnap"),
                                     tr("Promdeck snapshots (*.pdsnap)"));
    if (path.isEmpty())
        return;
    const Snapshot snapshot =
        snapshotOf(*m_refresher, m_timeSpec.resolve(currentTimeMs()), m_dashboardName, m_buildInfo);
    if (const Result<> written = writeSnapshotFile(path, snapshot); !written)
        QMessageBox::warning(this, tr("Cannot save the snapshot"), written.error().toString());
    else
        statusBar()->showMessage(tr("Saved %1 (%2 queries)").arg(path).arg(snapshot.queries.size()), 5000);
}

void MainWindow::setTimeSpec(const TimeSpec &spec)
{
    m_timeSpec = spec;
    m_timePicker->setTimeSpec(spec);
    // Variables whose options depend on the range (Grafana's refresh "on time range change") are
    // asked again first; the panels follow.
    const auto &variables = m_refresher ? m_refresher->dashboard().variables : std::vector<Variable>();
    const bool reResolve =
        !isReplay() && std::any_of(variables.begin(), variables.end(),
                                   [](const Variable &v) { return v.refreshOnTimeChange; });
    if (reResolve) {
        // A resolution still running for the old range is started again; its choices are not
        // known yet, so the file's (or the replay's) stand.
        const bool running = m_resolver && !m_resolver->isFinished();
        resolveVariables(running ? QMap<QString, QString>() : m_refresher->variables().selections(),
                         AfterResolve::RefreshAll);
    } else {
        refreshNow();
    }
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
    if (!m_refresher || (m_resolver && !m_resolver->isFinished()))
        return; // the resolver refreshes when the variables are known
    if (m_serverVersion.isEmpty() && !isReplay())
        fetchServerVersion(); // the server may have come up since
    m_refresher->refresh(m_timeSpec.resolve(currentTimeMs()));
    updateStatus();
}

void MainWindow::updateStatus()
{
    const std::int64_t now = currentTimeMs();
    m_replayLabel->setVisible(isReplay());
    m_replayBadgeAction->setVisible(isReplay());
    m_playAction->setVisible(isReplay());
    m_speedAction->setVisible(isReplay());
    if (isPlaying())
        m_replayLabel->setText(m_replayLabel->text().section(QStringLiteral(" · now "), 0, 0) +
                               tr(" · now %1 at %2×")
                                   .arg(QDateTime::fromMSecsSinceEpoch(m_playNowMs)
                                            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                                   .arg(m_playSpeed));
    if (m_refresher && m_refreshTimer->isActive()) {
        // Data older than two refresh intervals is never presented as current.
        m_refresher->markStale(now, 2 * m_refreshTimer->interval());
    }
    // Connected / degraded / down, the port-forward, and a TLS warning: never hidden.
    if (isReplay() || !m_health) {
        m_connectionLabel->setVisible(false);
    } else {
        const ServerProfile profile = m_settings->currentProfile();
        QString text;
        QColor color = theme::MutedText;
        switch (m_health->state()) {
        case ConnectionState::Unknown:
            text = tr("◌ connecting");
            break;
        case ConnectionState::Connected:
            text = tr("● connected");
            color = theme::Ok;
            break;
        case ConnectionState::Degraded:
            text = tr("◐ degraded: %1").arg(m_health->detail());
            color = theme::Warning;
            break;
        case ConnectionState::Down: {
            text = tr("○ down: %1").arg(m_health->detail());
            const int next = m_health->nextProbeInMs();
            if (next >= 0)
                text += tr(" · retrying in %1 s").arg((next + 999) / 1000);
            color = theme::Error;
            break;
        }
        }
        text = profile.name + QStringLiteral(" ") + text;
        if (m_portForward) {
            static const char *const states[] = {"stopped", "starting", "ready", "restarting"};
            text += tr(" · port-forward %1")
                        .arg(QString::fromLatin1(states[static_cast<int>(m_portForward->state())]));
            if (m_portForward->restarts() > 0)
                text += tr(" (%n restart(s))", nullptr, m_portForward->restarts());
        }
        if (profile.skipTlsVerification)
            text += tr(" · ⚠ TLS certificate NOT verified");
        if (!m_secretError.isEmpty()) {
            text += QStringLiteral(" · ") + m_secretError;
            color = theme::Error;
        }
        m_connectionLabel->setText(text);
        QPalette pal = m_connectionLabel->palette();
        pal.setColor(QPalette::WindowText, color);
        m_connectionLabel->setPalette(pal);
        m_connectionLabel->setVisible(true);
    }
    QString server = isReplay() ? m_replayFile : (m_source ? m_source->description() : QString());
    if (!m_serverVersion.isEmpty())
        server += tr(" · Prometheus %1").arg(m_serverVersion);
    if (!isReplay() && !m_connectionError.isEmpty() && m_serverVersion.isEmpty())
        server += QStringLiteral(" · ") + m_connectionError;
    m_serverLabel->setText(server);
    const std::int64_t last = m_refresher ? m_refresher->lastGoodRefreshMs() : 0;
    QPalette pal = m_ageLabel->palette();
    if (isReplay()) {
        m_ageLabel->setText(tr("recorded data, nothing is fetched"));
        pal.setColor(QPalette::WindowText, theme::Warning);
    } else if (last == 0) {
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
