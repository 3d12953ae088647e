#include "window/WorkspaceToolBar.h"

#include "controls/RefreshPicker.h"
#include "controls/TimeRangePicker.h"
#include "dashboard/DashboardCatalog.h"
#include "panels/Palette.h"
#include "panels/PlainText.h"
#include "settings/Settings.h"
#include "workspace/Workspace.h"

#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QSignalBlocker>
#include <QToolButton>

namespace promdeck {

WorkspaceToolBar::WorkspaceToolBar(Workspace *workspace, Settings *settings, QWidget *parent)
    : QToolBar(tr("Dashboard"), parent), m_workspace(workspace), m_settings(settings)
{
    setMovable(false);
    // The server profile: switching reconnects and reopens the dashboard on the other server.
    m_profilePicker = new QComboBox(this);
    m_profilePicker->setToolTip(tr("Server profile"));
    m_profilePicker->setAccessibleName(tr("Server profile"));
    m_profilePicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    fillProfiles();
    connect(m_profilePicker, &QComboBox::activated, this, [this](int index) {
        m_workspace->switchProfile(m_profilePicker->itemData(index).toString());
        fillProfiles();
    });
    addWidget(m_profilePicker);

    m_dashboardPicker = new QComboBox(this);
    m_dashboardPicker->setObjectName(QStringLiteral("dashboardPicker"));
    m_dashboardPicker->setAccessibleName(tr("Dashboard"));
    for (const QString &name : DashboardCatalog::builtinNames())
        m_dashboardPicker->addItem(name, name);
    m_dashboardPicker->addItem(tr("Open file…"));
    m_dashboardPicker->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_dashboardPicker, &QComboBox::activated, this, [this](int index) {
        const QString name = m_dashboardPicker->itemData(index).toString();
        if (name.isEmpty())
            emit openFileRequested();
        else if (const Result<> opened = m_workspace->openDashboard(name); !opened)
            emit openFailed(opened.error().toString());
    });
    addWidget(m_dashboardPicker);
    // Starred dashboards come first in the search (Ctrl+K). Grafana binds no key to starring.
    m_starAction = addAction(QStringLiteral("☆"));
    m_starAction->setCheckable(true);
    connect(m_starAction, &QAction::triggered, this, [this](bool starred) {
        m_settings->setStarred(DashboardCatalog::identity(m_workspace->dashboardName()), starred);
    });
    connect(m_settings, &Settings::starredDashboardsChanged, this, &WorkspaceToolBar::followStar);

    auto *spacer = new QWidget(this);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    addWidget(spacer);

    // In a replay the toolbar says so too, next to the time it shows.
    m_replayBadge = new QLabel(tr("  ● REPLAY  "), this);
    QPalette badge = m_replayBadge->palette();
    badge.setColor(QPalette::Window, theme::warning());
    badge.setColor(QPalette::WindowText, theme::panelBackground());
    m_replayBadge->setPalette(badge);
    m_replayBadge->setAutoFillBackground(true);
    QFont badgeFont = m_replayBadge->font();
    badgeFont.setBold(true);
    m_replayBadge->setFont(badgeFont);
    m_replayBadgeAction = addWidget(m_replayBadge);

    // Playback, shown in a replay only.
    m_playAction = addAction(tr("▶ Play"));
    m_playAction->setToolTip(tr("Play the recording: \"now\" moves through it"));
    connect(m_playAction, &QAction::triggered, this, [this] {
        ReplayController *replay = m_workspace->replay();
        if (!replay)
            return;
        if (replay->isPlaying())
            replay->pause();
        else
            replay->play(m_speedPicker->currentData().toInt());
    });
    m_speedPicker = new QComboBox(this);
    m_speedPicker->setAccessibleName(tr("Playback speed"));
    for (int speed : {1, 10, 60})
        m_speedPicker->addItem(QStringLiteral("%1×").arg(speed), speed);
    connect(m_speedPicker, &QComboBox::activated, this, [this] {
        if (ReplayController *replay = m_workspace->replay())
            replay->setSpeed(m_speedPicker->currentData().toInt());
    });
    m_speedAction = addWidget(m_speedPicker);

    m_timePicker = new TimeRangePicker(this);
    m_timePicker->setAccessibleName(tr("Time range"));
    connect(m_timePicker, &TimeRangePicker::timeSpecChanged, m_workspace, &Workspace::changeTime);
    addWidget(m_timePicker);
    // Time navigation, with Grafana's keys: t z (and Ctrl+Z) zooms out, t ← and t → shift.
    const auto timeAction = [this](const QString &text, const QString &name, QList<QKeySequence> keys,
                                   auto handler) {
        QAction *action = addAction(text);
        action->setShortcuts(keys);
        action->setToolTip(
            QStringLiteral("%1 (%2)").arg(name, keys.first().toString(QKeySequence::NativeText)));
        action->setProperty("accessibleName", name);
        connect(action, &QAction::triggered, m_workspace, handler);
        return action;
    };
    timeAction(QStringLiteral("⊖"), tr("Zoom out"),
               {QKeySequence(Qt::CTRL | Qt::Key_Z), QKeySequence(Qt::Key_T, Qt::Key_Z)},
               [this] { m_workspace->zoomOut(); });
    timeAction(QStringLiteral("◀"), tr("Earlier"), {QKeySequence(Qt::Key_T, Qt::Key_Left)},
               [this] { m_workspace->shiftTime(-1); });
    timeAction(QStringLiteral("▶"), tr("Later"), {QKeySequence(Qt::Key_T, Qt::Key_Right)},
               [this] { m_workspace->shiftTime(1); });
    m_timeBack = timeAction(tr("Back"), tr("Previous time range"), {QKeySequence(Qt::ALT | Qt::Key_Left)},
                            [this] { m_workspace->timeBack(); });
    m_timeBack->setEnabled(false);
    connect(m_workspace, &Workspace::timeSpecChanged, this,
            [this] { m_timeBack->setEnabled(m_workspace->canGoTimeBack()); });
    for (QAction *action : actions())
        if (QWidget *button = widgetForAction(action); button && action->property("accessibleName").isValid())
            button->setAccessibleName(action->property("accessibleName").toString());
    m_refreshPicker = new RefreshPicker(this);
    m_refreshPicker->setAccessibleName(tr("Auto-refresh"));
    connect(m_refreshPicker, &RefreshPicker::intervalChanged, this, [this](qint64 ms) {
        m_settings->setRefreshIntervalMs(ms);
        m_workspace->setRefreshInterval(ms);
    });
    addWidget(m_refreshPicker);
    auto *refresh = new QToolButton(this);
    refresh->setText(tr("↻ Refresh"));
    refresh->setAccessibleName(tr("Refresh"));
    refresh->setShortcut(QKeySequence::Refresh);
    refresh->setToolTip(tr("Refresh now (F5)"));
    connect(refresh, &QToolButton::clicked, m_workspace, &Workspace::refresh);
    addWidget(refresh);

    connect(m_workspace, &Workspace::sourceChanged, this, &WorkspaceToolBar::followSource);
    connect(m_workspace, &Workspace::dashboardOpened, this, &WorkspaceToolBar::followDashboard);
    connect(m_workspace, &Workspace::sourceChanged, this, &WorkspaceToolBar::followStar);
    connect(m_workspace, &Workspace::timeSpecChanged, m_timePicker, &TimeRangePicker::setTimeSpec);
    connect(m_workspace, &Workspace::timeZoneChanged, m_timePicker,
            [this] { m_timePicker->setTimeZone(m_workspace->timeZone()); });
    m_timePicker->setTimeZone(m_workspace->timeZone());
    followSource();
}

void WorkspaceToolBar::fillProfiles()
{
    const QSignalBlocker quiet(m_profilePicker);
    m_profilePicker->clear();
    for (const ServerProfile &p : m_settings->profiles())
        m_profilePicker->addItem(p.name, p.name);
    m_profilePicker->setCurrentIndex(m_profilePicker->findData(m_settings->currentProfileName()));
}

void WorkspaceToolBar::followSource()
{
    const bool replay = m_workspace->isReplay();
    m_replayBadgeAction->setVisible(replay);
    m_playAction->setVisible(replay);
    m_speedAction->setVisible(replay);
    {
        const QSignalBlocker quiet(m_refreshPicker);
        m_refreshPicker->setIntervalMs(m_workspace->refreshIntervalMs());
    }
    if (ReplayController *replay = m_workspace->replay()) {
        m_playAction->setText(replay->isPlaying() ? tr("⏸ Pause") : tr("▶ Play"));
        // Once per controller: a replay is a new one, and this runs on every change of source.
        if (replay != m_followedReplay) {
            m_followedReplay = replay;
            connect(replay, &ReplayController::playingChanged, this, [this](bool playing) {
                m_playAction->setText(playing ? tr("⏸ Pause") : tr("▶ Play"));
            });
        }
        const int index = m_speedPicker->findData(replay->speed());
        if (index >= 0)
            m_speedPicker->setCurrentIndex(index);
    }
}

void WorkspaceToolBar::followDashboard()
{
    const QString name = m_workspace->dashboardName();
    int index = m_dashboardPicker->findData(name);
    if (index < 0 && !m_workspace->isReplay() && QFileInfo::exists(name)) {
        // A dashboard opened from a file joins the picker (before "Open file…"), so the toolbar names
        // what is on screen and switching back to it is one click.
        index = m_dashboardPicker->count() - 1;
        m_dashboardPicker->insertItem(index, QFileInfo(name).fileName(), name);
        m_dashboardPicker->setItemData(index, plainToolTip(name), Qt::ToolTipRole);
    }
    if (index >= 0)
        m_dashboardPicker->setCurrentIndex(index);
    followStar();
}

void WorkspaceToolBar::followStar()
{
    const QString name = m_workspace->dashboardName();
    // A replay shows a recording, not a dashboard to come back to.
    const bool can = !name.isEmpty() && !m_workspace->isReplay();
    const bool starred = can && m_settings->starredDashboards().contains(DashboardCatalog::identity(name));
    const QString what = starred ? tr("Unstar dashboard") : tr("Star dashboard");
    m_starAction->setEnabled(can);
    m_starAction->setChecked(starred);
    m_starAction->setText(what); // the View menu's entry
    m_starAction->setIconText(starred ? QStringLiteral("★") : QStringLiteral("☆"));
    m_starAction->setToolTip(starred ? tr("Starred: listed first in the search (Ctrl+K). Click to unstar.")
                                     : tr("Star: list it first in the search (Ctrl+K)"));
    if (QWidget *button = widgetForAction(m_starAction))
        button->setAccessibleName(what);
}

} // namespace promdeck
