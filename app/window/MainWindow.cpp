#include "window/MainWindow.h"

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

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace promdeck {

namespace {
// The recording bundled with the program, offered when no server answers.
const QString DemoSnapshot = QStringLiteral(":/snapshots/demo-incidents.pdsnap");
} // namespace

MainWindow::MainWindow(Settings *settings, QNetworkAccessManager *network, QWidget *parent)
    : QMainWindow(parent), m_settings(settings), m_network(network), m_refreshTimer(new QTimer(this)),
      m_statusTimer(new QTimer(this)), m_flushTimer(new QTimer(this)), m_playTimer(new QTimer(this))
{
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
    statusBar()->addWidget(m_replayLabel);
    statusBar()->addWidget(m_serverLabel, 1);
    statusBar()->addPermanentWidget(m_ageLabel);

    connect(m_refreshTimer, &QTimer::timeout, this, &MainWindow::refreshNow);
    m_statusTimer->setInterval(1000);
    connect(m_statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    m_statusTimer->start();
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
}

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
    PrometheusEndpoint endpoint;
    endpoint.baseUrl = m_settings->prometheusUrl();
    endpoint.timeout = std::chrono::milliseconds(m_settings->requestTimeoutMs());
    m_replayFile.clear();
    m_serverVersion.clear();
    // Everything fetched live also goes to the flight recorder.
    m_source.reset();
    m_liveSource = std::make_unique<PrometheusClient>(m_network, endpoint);
    m_source = std::make_unique<RecordingSource>(m_liveSource.get(), m_recorder.get());
    fetchServerVersion();
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
            for (const Diagnostic &d : result.diagnostics)
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
    SnapshotReadResult read = readSnapshotFile(path);
    if (!read.snapshot) {
        if (error)
            *error = read.error;
        if (isVisible())
            QMessageBox::warning(this, tr("Cannot open the snapshot"), read.error);
        return false; // what is on screen stays
    }
    return openSnapshot(std::move(*read.snapshot), path == DemoSnapshot ? tr("the demo recording") : path,
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
    pause();
    delete takeCentralWidget();
    m_view = nullptr;
    m_refresher.reset();
    m_variableOverrides.clear();
    connectToServer();
    openDashboard(m_settings->lastDashboard());
}

void MainWindow::showDashboard(Dashboard dashboard, const QString &name)
{
    m_dashboardName = name;
    const int index = m_dashboardPicker->findData(name);
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
        const QString current = DashboardCatalog::resolve(m_dashboardName);
        const QString target = DashboardCatalog::findByUid(uid, QFileInfo(current).absolutePath());
        if (target.isEmpty()) {
            statusBar()->showMessage(tr("No dashboard with uid \"%1\" is known").arg(uid), 8000);
            return;
        }
        const TimeSpec keep = m_timeSpec;
        if (openDashboard(target))
            setTimeSpec(keep);
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
    // Variables first; the panels are queried when they are known (and, before the window is
    // shown, once the panels have a real width).
    m_variableBar->setVariables({}, {});
    m_variableToolBar->setVisible(false);
    resolveVariables(m_variableOverrides, AfterResolve::RefreshAll);
}

void MainWindow::resolveVariables(const QMap<QString, QString> &choices, AfterResolve then)
{
    delete m_resolver; // an older resolution still running is superseded
    m_resolver = new VariableResolver(m_source.get(), this);
    connect(m_resolver, &VariableResolver::finished, this, [this, then] {
        if (!m_refresher)
            return;
        const VariableValues before = m_refresher->variables();
        m_refresher->setVariables(m_resolver->values());
        m_variableBar->setVariables(m_refresher->dashboard().variables, m_resolver->values());
        m_variableBar->setEnabled(!isReplay()); // a recording answers only what it recorded
        m_variableBar->setToolTip(isReplay() ? tr("The values recorded in the snapshot") : QString());
        m_variableToolBar->setVisible(m_variableBar->hasControls());
        if (!m_resolver->errors().isEmpty())
            statusBar()->showMessage(tr("Variables: %1").arg(m_resolver->errors().join(QStringLiteral("; "))),
                                     10000);
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
    m_resolver->resolve(m_refresher->dashboard(), m_timeSpec.resolve(currentTimeMs()), choices);
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
    QString error;
    if (!writeSnapshotFile(path, snapshot, &error))
        QMessageBox::warning(this, tr("Cannot save the snapshot"), error);
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
        resolveVariables(running ? m_variableOverrides : m_refresher->variables().selections(),
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
