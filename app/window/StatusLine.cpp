#include "window/StatusLine.h"

#include "panels/Palette.h"
#include "panels/PanelFrame.h"
#include "series/TimeZones.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QLabel>
#include <QStatusBar>
#include <algorithm>

namespace promdeck {

namespace {

void setColor(QLabel *label, const QColor &color)
{
    if (label->palette().color(QPalette::WindowText) == color)
        return; // a palette change repaints; the age is rewritten often
    QPalette pal = label->palette();
    pal.setColor(QPalette::WindowText, color);
    label->setPalette(pal);
}

// The zone as the status line names it: "UTC", "Asia/Kolkata", "local (Europe/Berlin)".
QString zoneName(const QTimeZone &zone)
{
    if (zone == QTimeZone::utc())
        return QStringLiteral("UTC");
    const QString id = QString::fromUtf8(zone.id());
    return zone == QTimeZone::systemTimeZone() ? QStringLiteral("local (%1)").arg(id) : id;
}

} // namespace

StatusLine::StatusLine(Workspace *workspace, QStatusBar *bar)
    : QObject(bar), m_workspace(workspace), m_connection(new QLabel(bar)), m_replay(new QLabel(bar)),
      m_server(new QLabel(bar)), m_zone(new QLabel(bar)), m_age(new QLabel(bar))
{
    // Server and label texts come from outside: never read as markup.
    for (QLabel *label : {m_connection, m_replay, m_server, m_zone, m_age})
        label->setTextFormat(Qt::PlainText);
    m_connection->setAccessibleName(tr("Connection"));
    m_replay->setAccessibleName(tr("Replay"));
    m_server->setAccessibleName(tr("Server"));
    m_zone->setAccessibleName(tr("Time zone"));
    m_age->setAccessibleName(tr("Data age"));
    QFont bold = m_replay->font();
    bold.setBold(true);
    m_replay->setFont(bold);
    bar->addWidget(m_connection);
    bar->addWidget(m_replay);
    bar->addWidget(m_server, 1);
    bar->addPermanentWidget(m_zone);
    bar->addPermanentWidget(m_age);
    m_timer.setSingleShot(true); // see update()
    connect(&m_timer, &QTimer::timeout, this, &StatusLine::update);
    for (auto signal : {&Workspace::sourceChanged, &Workspace::serverInfoChanged, &Workspace::settled,
                        &Workspace::dashboardOpened})
        connect(m_workspace, signal, this, &StatusLine::update);
    connect(m_workspace, &Workspace::timeSpecChanged, this, &StatusLine::update);
    connect(m_workspace, &Workspace::timeZoneChanged, this, &StatusLine::update);
    update();
}

QString StatusLine::connectionText() const
{
    return m_connection->text();
}

void StatusLine::update()
{
    updateConnection();
    updateServer();
    const std::optional<std::int64_t> ageWait = updateAge(currentTimeMs());
    // Woken when something shown would read differently: each second while the connection is not
    // well (its "retrying in N s" counts down), else when the age's text changes or turns stale; never
    // while nothing shown depends on the time (refresh off, an idle window uses no CPU).
    const LiveConnection *live = m_workspace->isReplay() ? nullptr : m_workspace->live();
    std::optional<std::int64_t> wait = ageWait;
    if (live && live->health()->state() != ConnectionState::Connected)
        wait = std::min<std::int64_t>(wait.value_or(1000), 1000);
    if (wait)
        m_timer.start(static_cast<int>(std::clamp<std::int64_t>(*wait, 1, 3'600'000)));
    else
        m_timer.stop();
}

void StatusLine::updateConnection()
{
    // Connected / degraded / down, the port-forward, and a TLS warning: never hidden while live.
    const LiveConnection *live = m_workspace->live();
    if (m_workspace->isReplay() || !live) {
        m_connection->setVisible(false);
        return;
    }
    QColor color = theme::mutedText();
    switch (live->health()->state()) {
    case ConnectionState::Unknown:
        break;
    case ConnectionState::Connected:
        color = theme::ok();
        break;
    case ConnectionState::Degraded:
        color = theme::warning();
        break;
    case ConnectionState::Down:
        color = theme::error();
        break;
    }
    if (live->problem() && live->problem()->kind == Error::Kind::Secret)
        color = theme::error();
    m_connection->setText(live->statusText());
    setColor(m_connection, color);
    m_connection->setVisible(true);
}

void StatusLine::updateServer()
{
    const bool replay = m_workspace->isReplay();
    const QTimeZone zone = m_workspace->timeZone();
    m_zone->setText(tr("times in %1").arg(zoneName(zone)));
    m_zone->setAccessibleDescription(m_zone->text()); // what a screen reader (and the tests) read
    m_replay->setVisible(replay);
    setColor(m_replay, theme::warning());
    if (const Snapshot *recorded = m_workspace->replayedSnapshot()) {
        QString text = tr("REPLAY · recorded %1 from %2")
                           .arg(timeText(recorded->createdMs, zone, QStringLiteral("yyyy-MM-dd HH:mm")),
                                recorded->source.isEmpty() ? tr("an unknown server") : recorded->source);
        const ReplayController *playback = m_workspace->replay();
        if (playback && playback->isPlaying())
            text += tr(" · now %1 at %2×")
                        .arg(timeText(playback->nowMs(), zone, QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                        .arg(playback->speed());
        m_replay->setText(text);
    }
    const DataSource *source = m_workspace->source();
    QString server = replay ? m_workspace->replayLabel() : (source ? source->description() : QString());
    if (!m_workspace->serverVersion().isEmpty())
        server += tr(" · Prometheus %1").arg(m_workspace->serverVersion());
    const LiveConnection *live = m_workspace->live();
    if (!replay && m_workspace->serverVersion().isEmpty()) {
        if (live && live->problem() && live->problem()->kind != Error::Kind::Secret)
            server += QStringLiteral(" · ") + live->problem()->toString();
        else if (m_workspace->serverProblem())
            server += QStringLiteral(" · ") + m_workspace->serverProblem()->message();
    }
    m_server->setText(server);
}

std::optional<std::int64_t> StatusLine::updateAge(std::int64_t nowMs)
{
    const DashboardRefresher *refresher = m_workspace->refresher();
    const std::int64_t last = refresher ? refresher->lastGoodRefreshMs() : 0;
    if (m_workspace->isReplay()) {
        m_age->setText(tr("recorded data, nothing is fetched"));
        setColor(m_age, theme::warning());
    } else if (last == 0) {
        m_age->setText(tr("no data yet"));
        setColor(m_age, theme::mutedText());
    } else {
        const std::int64_t age = nowMs - last;
        const qint64 interval = m_workspace->refreshIntervalMs();
        const bool stale = interval > 0 && age > 2 * interval;
        m_age->setText(tr("last good refresh %1 ago").arg(formatAge(age)));
        setColor(m_age, stale ? theme::warning() : theme::text());
        const std::int64_t wait = msUntilAgeTextChanges(age);
        return interval > 0 && !stale ? std::min<std::int64_t>(wait, 2 * interval - age + 1) : wait;
    }
    return std::nullopt; // nothing shown changes with time; the workspace's signals update it
}

} // namespace promdeck
