#include "workspace/Workspace.h"

#include "dashboard/DashboardCatalog.h"
#include "dashboard/DashboardLoader.h"
#include "dashboard/GridGeometry.h"
#include "query/Repeats.h"
#include "series/TimeTicks.h"
#include "series/TimeZones.h"
#include "settings/Settings.h"
#include "snapshot/Recording.h"
#include "snapshot/SnapshotFile.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFileInfo>

namespace promdeck {

namespace {

// Loads a dashboard by built-in name or path; every diagnostic of a refused file in the error.
Result<DashboardLoadResult> loadByName(const QString &nameOrPath)
{
    const QString path = DashboardCatalog::resolve(nameOrPath);
    if (path.isEmpty())
        return Error::at({nameOrPath},
                         QStringLiteral("no such file, and no built-in dashboard of that name (built-in: %1)")
                             .arg(DashboardCatalog::builtinNames().join(QStringLiteral(", "))),
                         Error::Kind::Io);
    DashboardLoadResult loaded = loadDashboardFile(path);
    if (!loaded.ok()) {
        Error e = loaded.diagnostics.empty() ? Error::at({path}, QStringLiteral("cannot be read"))
                                             : loaded.diagnostics.front();
        // The first problem keeps its place; the others follow as lines of their own.
        QStringList more;
        for (size_t i = 1; i < loaded.diagnostics.size(); ++i)
            more << loaded.diagnostics[i].toString();
        if (!more.isEmpty())
            e.detail += QLatin1Char('\n') + more.join(QLatin1Char('\n'));
        return e;
    }
    return loaded;
}

} // namespace

Workspace::Workspace(Settings *settings, QNetworkAccessManager *network, SecretStore *keychain,
                     Options options, QObject *parent)
    : QObject(parent), m_settings(settings), m_network(network), m_keychain(keychain),
      m_followDashboardRefresh(options.followDashboardRefresh)
{
    if (m_settings)
        connect(m_settings, &Settings::timeZoneChanged, this, [this] { applyTimeZone(true); });
    if (!options.recorderFile.isEmpty()) {
        m_recorder = std::make_unique<FlightRecorder>(options.recorderFile, options.recorderLimits);
        // Written every minute, so a crash or a kill loses at most that.
        m_flushTimer.setInterval(60'000);
        connect(&m_flushTimer, &QTimer::timeout, this, &Workspace::writeRecorderInBackground);
        m_recorderWriter.setMaxThreadCount(1);
        m_flushTimer.start();
    }
    connect(&m_refreshTimer, &QTimer::timeout, this, &Workspace::refresh);
    m_staleTimer.setInterval(1000);
    connect(&m_staleTimer, &QTimer::timeout, this, &Workspace::markStale);
}

// Whoever shows the dashboard is gone before its workspace (the window declares its view after it).
Workspace::~Workspace()
{
    m_recorderWriter.waitForDone();
    if (m_recorder && !isReplay())
        m_recorder->flush();
}

void Workspace::writeRecorderInBackground()
{
    if (!m_recorder || m_recorderWriting)
        return;
    m_recorderWriting = true;
    m_recorderWriter.start([this, pending = m_recorder->take()]() mutable {
        Result<std::int64_t> kept = FlightRecorder::write(std::move(pending));
        // Back on the workspace's thread (the destructor waits for this task, so `this` is alive;
        // a posted call to a destroyed object is dropped).
        QMetaObject::invokeMethod(
            this,
            [this, kept = std::move(kept)] {
                m_recorderWriting = false;
                if (kept)
                    m_recorder->dropBefore(*kept);
                emit recorderWritten(kept ? QString() : kept.error().message());
            },
            Qt::QueuedConnection);
    });
}

DataSource *Workspace::source() const
{
    if (m_replaySource)
        return m_replaySource.get();
    if (m_recording)
        return m_recording.get();
    return m_live ? m_live->client() : nullptr;
}

void Workspace::closeDashboard()
{
    if (!m_refresher && !m_resolver)
        return;
    emit dashboardClosing();
    if (m_resolver) {
        // Possibly inside its own finished(): it goes once that has returned.
        m_resolver->disconnect(this);
        m_resolver->deleteLater();
        m_resolver = nullptr;
    }
    m_refresher.reset();
}

void Workspace::closeSources()
{
    closeDashboard();
    m_replay.reset();
    m_replaySource.reset();
    m_recording.reset();
    m_live.reset();
    m_recordedVariables.clear();
    m_replayLabel.clear();
    m_buildInfo = {};
    m_serverProblem.reset();
}

void Workspace::connectLive(const ServerProfile &profile, LiveConnection::Options options)
{
    closeSources();
    m_liveOptions = options;
    m_live = std::make_unique<LiveConnection>(m_network, *m_settings, profile, m_keychain, &m_sessionSecrets,
                                              std::move(options));
    if (m_recorder)
        m_recording = std::make_unique<RecordingSource>(m_live->client(), m_recorder.get());
    connect(m_live.get(), &LiveConnection::reachable, this, [this] {
        fetchServerInfo();
        refresh();
    });
    connect(m_live.get(), &LiveConnection::changed, this, &Workspace::sourceChanged);
    connect(m_live.get(), &LiveConnection::secretUnavailable, this, &Workspace::secretUnavailable);
    m_live->start();
    if (m_live->isSecretSettled())
        fetchServerInfo(); // else once the secret is there
    emit sourceChanged();
}

bool Workspace::switchProfile(const QString &name)
{
    if (!m_settings->setCurrentProfileName(name))
        return false;
    const QString dashboard = isReplay() || m_dashboardName.isEmpty() ? m_lastLiveDashboard : m_dashboardName;
    const TimeSpec shown = m_timeSpec;
    connectLive(m_settings->currentProfile(), m_liveOptions);
    // The same dashboard over the same hours, from the other server.
    if (!dashboard.isEmpty())
        if (const Result<> opened = openDashboard(dashboard, TimeOverride::of(shown)); !opened)
            emit notice(opened.error().toString());
    return true;
}

Result<> Workspace::openSnapshotFile(const QString &path, const QString &dashboard, TimeOverride at)
{
    Result<Snapshot> read = readSnapshotFile(path);
    if (!read)
        return read.error();
    return openSnapshot(std::move(read).value(), path, dashboard, at);
}

Result<> Workspace::openSnapshot(Snapshot snapshot, const QString &label, const QString &dashboard,
                                 TimeOverride at)
{
    std::optional<Dashboard> shown;
    if (dashboard.isEmpty()) {
        DashboardLoadResult loaded = loadDashboard(snapshot.dashboardJson, label);
        if (!loaded.ok())
            return Error::at(
                {label},
                QStringLiteral("the recorded dashboard cannot be read: %1")
                    .arg(loaded.diagnostics.empty() ? QString() : loaded.diagnostics.front().toString()));
        shown = std::move(loaded.dashboard);
    } else {
        Result<DashboardLoadResult> loaded = loadByName(dashboard);
        if (!loaded)
            return loaded.error();
        shown = std::move(loaded->dashboard);
    }
    closeDashboard();
    m_replay.reset();
    m_replaySource.reset();
    const TimeRange recorded = snapshot.range;
    const QString name = snapshot.dashboardName;
    m_recordedVariables = snapshot.variables;
    m_buildInfo = snapshot.buildInfo;
    m_serverProblem.reset();
    m_replayLabel = label;
    m_replaySource = std::make_unique<SnapshotSource>(std::move(snapshot));
    m_replay = std::make_unique<ReplayController>(recorded);
    connect(m_replay.get(), &ReplayController::timeChanged, this, &Workspace::setTimeSpec);
    setRefreshInterval(0); // nothing new will come
    emit sourceChanged();
    emit serverInfoChanged();
    showDashboard(std::move(*shown), name,
                  TimeOverride::of(at.applyTo(
                      {TimeExpression::absolute(recorded.fromMs), TimeExpression::absolute(recorded.toMs)})));
    return {};
}

Result<> Workspace::rewind()
{
    if (!m_recorder)
        return Error::plain(Error::Kind::NotAvailable, tr("There is no flight recorder in this session."));
    if (!isReplay()) {
        m_recorderWriter.waitForDone(); // one writer of the file at a time
        m_recorder->flush();
    }
    Snapshot recorded = m_recorder->snapshot();
    if (recorded.queries.empty())
        return Error::plain(Error::Kind::NotAvailable,
                            tr("The flight recorder has nothing yet: it keeps what Promdeck fetched live."));
    return openSnapshot(std::move(recorded), tr("the flight recorder"));
}

void Workspace::leaveReplay()
{
    closeDashboard();
    m_replay.reset();
    m_replaySource.reset();
    m_recordedVariables.clear();
    m_replayLabel.clear();
    m_buildInfo = {};
    if (!m_live) {
        connectLive(m_settings->currentProfile(), m_liveOptions);
        return;
    }
    emit sourceChanged();
    fetchServerInfo();
}

void Workspace::goLive()
{
    if (!isReplay())
        return;
    leaveReplay();
    const QString dashboard =
        m_lastLiveDashboard.isEmpty() ? m_settings->lastDashboard() : m_lastLiveDashboard;
    if (const Result<> opened = openDashboard(dashboard); !opened)
        emit notice(opened.error().toString());
}

Result<> Workspace::openDashboard(const QString &nameOrPath, TimeOverride at)
{
    Result<DashboardLoadResult> loaded = loadByName(nameOrPath);
    if (!loaded)
        return loaded.error(); // what is on screen stays
    for (const Error &warning : loaded->diagnostics)
        emit notice(warning.toString());
    if (isReplay())
        leaveReplay();
    Dashboard dashboard = std::move(*loaded->dashboard);
    if (m_recorder)
        m_recorder->setDashboard(dashboard.sourceJson, nameOrPath);
    m_lastLiveDashboard = nameOrPath;
    if (m_followDashboardRefresh)
        if (const auto refresh = parseDurationMs(dashboard.refresh))
            setRefreshInterval(*refresh);
    showDashboard(std::move(dashboard), nameOrPath, at);
    return {};
}

Result<> Workspace::openDashboardByUid(const QString &uid)
{
    // Files beside the dashboard on screen first (a team's own set links within itself), then built-ins.
    const QString current = DashboardCatalog::resolve(m_dashboardName);
    const QString target = DashboardCatalog::findByUid(uid, QFileInfo(current).absolutePath());
    if (target.isEmpty())
        return Error::plain(Error::Kind::NotFound, tr("No dashboard with uid \"%1\" is known").arg(uid));
    // As Grafana's ${__url_time_range}: the linked dashboard opens at the range on screen.
    return openDashboard(target, TimeOverride::of(m_timeSpec));
}

Result<> Workspace::showMoment(qint64 timeMs, const QString &dashboardUid)
{
    // The hour before (what led to it) and a quarter of an hour after.
    const TimeSpec moment{TimeExpression::absolute(timeMs - 3'600'000),
                          TimeExpression::absolute(timeMs + 15 * 60'000)};
    // Panel alerts of a dashboard without a uid name it by title.
    const bool here =
        m_refresher &&
        (m_refresher->dashboard().uid == dashboardUid ||
         (m_refresher->dashboard().uid.isEmpty() && m_refresher->dashboard().title == dashboardUid));
    if (!dashboardUid.isEmpty() && !here) {
        const QString current = DashboardCatalog::resolve(m_dashboardName);
        const QString target = DashboardCatalog::findByUid(dashboardUid, QFileInfo(current).absolutePath());
        if (!target.isEmpty() && openDashboard(target, TimeOverride::of(moment)))
            return {};
        setTimeSpec(moment);
        return Error::plain(
            Error::Kind::NotFound,
            tr("The alert names dashboard \"%1\", which is not known here: showing its time on this one")
                .arg(dashboardUid));
    }
    setTimeSpec(moment);
    return {};
}

void Workspace::showDashboard(Dashboard dashboard, const QString &name, TimeOverride at)
{
    closeDashboard();
    m_dashboardName = name;
    m_timeSpec = at.applyTo(dashboard.time);
    m_dashboardAsWritten = dashboard;
    m_refresher = std::make_unique<DashboardRefresher>(source(), std::move(dashboard), plannerSettings());
    connect(m_refresher.get(), &DashboardRefresher::settled, this, &Workspace::reportConnection);
    // A live server is asked for the newest steps only; a replay has recorded whole ranges alone.
    m_refresher->setIncremental(!isReplay());
    applyTimeZone(false); // the first refresh follows the variables
    emit dashboardOpened();
    emit timeSpecChanged(m_timeSpec);
    // Variables first; the panels are queried once they are known.
    resolveVariables({}, AfterResolve::RefreshAll);
}

QTimeZone Workspace::timeZone() const
{
    if (m_timeZoneOverride)
        return *m_timeZoneOverride;
    return effectiveTimeZone(m_refresher ? QStringView(m_refresher->dashboard().timezone) : QStringView(),
                             m_settings ? m_settings->timeZone() : QString());
}

void Workspace::setTimeZoneOverride(std::optional<QTimeZone> zone)
{
    m_timeZoneOverride = std::move(zone);
    applyTimeZone(true);
}

void Workspace::applyTimeZone(bool refreshIfChanged)
{
    const QTimeZone zone = timeZone();
    if (m_refresher)
        m_refresher->setTimeZone(zone);
    if (zone == m_shownTimeZone)
        return;
    m_shownTimeZone = zone;
    emit timeZoneChanged();
    if (refreshIfChanged && m_timeSpec.isRelative())
        refresh();
}

PlannerSettings Workspace::plannerSettings() const
{
    PlannerSettings planner;
    if (m_live) {
        planner.scrapeIntervalMs = m_live->profile().scrapeIntervalMs;
        planner.maxSeries = m_settings->maxSeriesPerQuery(); // as the live connection caps answers
    }
    return planner;
}

bool Workspace::expandRepeatsFor(const VariableValues &values)
{
    if (!hasRepeats(m_dashboardAsWritten))
        return false;
    Dashboard expanded = expandRepeats(m_dashboardAsWritten, values);
    const auto copies = [](const Dashboard &d) {
        QStringList out;
        for (const Panel &p : d.panels)
            out << QStringLiteral("%1/%2").arg(p.id).arg(repeatedValue(p));
        return out;
    };
    if (copies(expanded) == copies(m_refresher->dashboard()))
        return false;
    // Views let go of the old panels before they go; the annotations switched on or off stay so.
    std::vector<bool> annotationsOn;
    for (const AnnotationData &a : m_refresher->annotations())
        annotationsOn.push_back(a.enabled);
    emit dashboardClosing();
    m_refresher = std::make_unique<DashboardRefresher>(source(), std::move(expanded), plannerSettings());
    for (size_t i = 0; i < annotationsOn.size(); ++i)
        m_refresher->setAnnotationEnabled(i, annotationsOn[i]);
    connect(m_refresher.get(), &DashboardRefresher::settled, this, &Workspace::reportConnection);
    m_refresher->setIncremental(!isReplay());
    m_refresher->setTimeZone(timeZone());
    m_refresher->setVariables(values);
    if (m_placedWidth > 0)
        placePanels(m_placedWidth);
    emit dashboardOpened();
    return true;
}

void Workspace::resolveVariables(const QMap<QString, QString> &preferred, AfterResolve then)
{
    if (m_resolver) {
        // An older resolution still running is superseded.
        m_resolver->disconnect(this);
        m_resolver->deleteLater();
    }
    m_resolver = new VariableResolver(source(), this);
    VariableResolver *resolver = m_resolver;
    connect(resolver, &VariableResolver::finished, this, [this, resolver, then] {
        if (!m_refresher || resolver != m_resolver)
            return;
        const VariableValues before = m_refresher->variables();
        m_refresher->setVariables(resolver->values());
        const AfterResolve next = expandRepeatsFor(resolver->values()) ? AfterResolve::RefreshAll : then;
        if (m_recorder && !isReplay())
            m_recorder->setVariables(resolver->values().selections());
        m_variableErrors = resolver->errors();
        if (!m_variableErrors.isEmpty())
            emit notice(tr("Variables: %1").arg(m_variableErrors.join(QStringLiteral("; "))));
        if (next == AfterResolve::RefreshAffected) {
            const QStringList changed = changedVariables(before, m_refresher->variables());
            m_refresher->setTimeIsRelative(m_timeSpec.isRelative());
            m_refresher->refreshAffected(changed, range());
            // Panels that came into view while the variables were being asked.
            if (const QList<int> wanting = m_refresher->panelsWantingData(); !wanting.isEmpty())
                refreshPanels(wanting);
        } else {
            // From the event loop: a view shown with this dashboard gives its panels their widths first.
            m_refreshPending = true;
            QTimer::singleShot(0, this, [this] {
                if (m_refreshPending)
                    refresh();
            });
        }
        emit variablesResolved(next == AfterResolve::RefreshAll);
    });
    // Recorded values and --var are fixed; the user's earlier picks are kept where still offered.
    QMap<QString, QString> fixed = m_recordedVariables;
    for (auto it = m_fixedVariables.begin(); it != m_fixedVariables.end(); ++it)
        fixed.insert(it.key(), it.value());
    resolver->resolve(m_refresher->dashboard(), range(), fixed, preferred);
}

void Workspace::changeVariable(const QString &name, const QString &choice)
{
    if (!m_refresher || isReplay())
        return;
    // Everything else keeps its value; chained variables after it are asked again and keep theirs
    // when it is still offered.
    QMap<QString, QString> choices = m_refresher->variables().selections();
    choices.insert(name, choice);
    resolveVariables(choices, AfterResolve::RefreshAffected);
}

void Workspace::setAnnotationEnabled(int index, bool enabled)
{
    if (m_refresher && index >= 0)
        m_refresher->setAnnotationEnabled(static_cast<size_t>(index), enabled);
}

void Workspace::changeTime(const TimeSpec &spec)
{
    if (spec == m_timeSpec)
        return;
    m_timeHistory.push_back(m_timeSpec);
    constexpr size_t Kept = 50;
    if (m_timeHistory.size() > Kept)
        m_timeHistory.erase(m_timeHistory.begin());
    setTimeSpec(spec);
}

void Workspace::zoomOut()
{
    changeTime(zoomedOut(m_timeSpec, currentTimeMs(), timeZone()));
}

void Workspace::shiftTime(int direction)
{
    changeTime(shifted(m_timeSpec, direction, currentTimeMs(), timeZone()));
}

bool Workspace::timeBack()
{
    if (m_timeHistory.empty())
        return false;
    const TimeSpec previous = m_timeHistory.back();
    m_timeHistory.pop_back();
    setTimeSpec(previous);
    return true;
}

void Workspace::setTimeSpec(const TimeSpec &spec)
{
    m_timeSpec = spec;
    emit timeSpecChanged(spec);
    // Variables whose options depend on the range (Grafana's refresh "on time range change") are asked
    // again first; the panels follow.
    const std::vector<Variable> none;
    const auto &variables = m_refresher ? m_refresher->dashboard().variables : none;
    const bool reResolve =
        !isReplay() && std::any_of(variables.begin(), variables.end(),
                                   [](const Variable &v) { return v.refreshOnTimeChange; });
    if (reResolve) {
        // A resolution still running for the old range is started again; its choices are not known
        // yet, so the file's (or the replay's) stand.
        resolveVariables(isResolvingVariables() ? QMap<QString, QString>()
                                                : m_refresher->variables().selections(),
                         AfterResolve::RefreshAll);
    } else {
        refresh();
    }
}

void Workspace::setRefreshInterval(qint64 ms)
{
    if (ms > 0) {
        m_refreshTimer.start(static_cast<int>(ms));
        m_staleTimer.start();
    } else {
        m_refreshTimer.stop();
        m_staleTimer.stop();
    }
    emit sourceChanged();
}

void Workspace::refresh()
{
    m_refreshPending = false;
    if (!m_refresher || isResolvingVariables())
        return; // the resolver refreshes when the variables are known
    if (!isReplay() && m_buildInfo.isEmpty() && !m_serverInfoPending)
        fetchServerInfo(); // the server may have come up since
    m_refresher->setTimeIsRelative(m_timeSpec.isRelative());
    m_refresher->refresh(range());
}

void Workspace::refreshPanels(const QList<int> &panelIds)
{
    // Before the first refresh the variables are not known: that refresh asks every panel in view.
    if (!m_refresher || !m_refresher->hasRefreshed() || isResolvingVariables())
        return;
    const TimeRange now = range();
    m_refresher->setTimeIsRelative(m_timeSpec.isRelative());
    for (int id : panelIds)
        m_refresher->refreshPanel(id, now);
}

void Workspace::setPanelsInView(const QSet<int> &panelIds)
{
    if (!m_refresher)
        return;
    m_refresher->setPanelsInView(panelIds);
    // Before the first refresh (the view is shown before the variables are asked), that refresh
    // asks them.
    if (!m_refresher->hasRefreshed() || m_refreshPending || isResolvingVariables())
        return;
    if (const QList<int> wanting = m_refresher->panelsWantingData(); !wanting.isEmpty())
        refreshPanels(wanting);
}

void Workspace::fetchServerInfo()
{
    DataSource *from = source();
    if (!from)
        return;
    m_serverInfoPending = true;
    MetadataReply *info = from->buildInfo();
    connect(info, &MetadataReply::finished, this, [this, info, from] {
        info->deleteLater();
        if (from != source())
            return; // another source since
        m_serverInfoPending = false;
        if (info->ok()) {
            m_buildInfo = info->data().toObject();
            m_serverProblem.reset();
        } else {
            m_serverProblem = info->error();
        }
        emit serverInfoChanged();
    });
}

void Workspace::reportConnection()
{
    if (m_live && !isReplay()) {
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
        m_live->health()->reportRefresh(ok, unreachable, firstError, currentTimeMs());
    }
    emit settled();
}

void Workspace::markStale()
{
    // Data older than two refresh intervals is never presented as current.
    if (m_refresher && m_refreshTimer.isActive())
        m_refresher->markStale(currentTimeMs(), 2 * m_refreshTimer.interval());
}

Snapshot Workspace::snapshot() const
{
    Snapshot s = snapshotOf(*m_refresher, range(), m_dashboardName, m_buildInfo);
    s.variables = m_refresher->variables().selections();
    return s;
}

void Workspace::placePanels(int width)
{
    m_placedWidth = width;
    if (!m_refresher)
        return;
    for (const PlacedPanel &p : GridGeometry::place(m_refresher->dashboard(), width))
        m_refresher->setPanelWidth(p.panel->id, p.rect.width());
}

bool Workspace::waitUntilSettled(qint64 timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    auto done = [this] {
        return !m_refresher || (!isResolvingVariables() && !m_refreshPending && m_refresher->isSettled());
    };
    while (!done() && !deadline.hasExpired()) {
        QEventLoop loop;
        connect(this, &Workspace::variablesResolved, &loop, &QEventLoop::quit);
        connect(this, &Workspace::settled, &loop, &QEventLoop::quit);
        if (m_refresher)
            connect(m_refresher.get(), &DashboardRefresher::settled, &loop, &QEventLoop::quit);
        QTimer::singleShot(std::min<qint64>(deadline.remainingTime(), 100), &loop, &QEventLoop::quit);
        loop.exec();
    }
    return done();
}

void Workspace::waitForServerInfo(qint64 timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (m_serverInfoPending && !deadline.hasExpired()) {
        QEventLoop loop;
        connect(this, &Workspace::serverInfoChanged, &loop, &QEventLoop::quit);
        QTimer::singleShot(std::min<qint64>(deadline.remainingTime(), 100), &loop, &QEventLoop::quit);
        loop.exec();
    }
}

} // namespace promdeck
