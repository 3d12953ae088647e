#include "alerting/AlertsController.h"

#include "alerting/AlertCenter.h"
#include "alerting/AlertPanelSource.h"
#include "alerting/PanelRules.h"
#include "panels/Palette.h"
#include "settings/Settings.h"
#include "workspace/Workspace.h"

#include <QFile>
#include <QPainter>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTimer>
#include <cstdio>

namespace promdeck {

namespace {
const QString BuiltinRules = QStringLiteral(":/rules/event-system.rules.yml");
} // namespace

AlertsController::AlertsController(Workspace *workspace, Settings *settings, QNetworkAccessManager *network,
                                   QObject *parent)
    : QObject(parent), m_workspace(workspace), m_settings(settings), m_network(network),
      m_tray(new QSystemTrayIcon(this)), m_panelSource(new AlertPanelSource(nullptr, this))
{
    if (QSystemTrayIcon::isSystemTrayAvailable())
        m_tray->show();
    // A new dashboard's alerting panels are rules once its variables are known; a new server, a new engine.
    connect(m_workspace, &Workspace::variablesResolved, this, [this](bool wholeDashboard) {
        if (wholeDashboard)
            update();
    });
    connect(m_workspace, &Workspace::sourceChanged, this, &AlertsController::update);
    update();
}

AlertsController::~AlertsController() = default;

AlertListSource *AlertsController::panelSource() const
{
    return m_panelSource;
}

void AlertsController::setRuleFiles(const QStringList &files)
{
    m_ruleFiles = files;
    update();
}

void AlertsController::update()
{
    const LiveConnection *live = m_workspace->live();
    if (!live || m_workspace->isReplay())
        return; // a replay keeps the engine of the live server running, unchanged
    std::vector<RuleGroup> groups;
    QStringList problemLines;
    QStringList files = m_ruleFiles;
    if (QFile::exists(BuiltinRules))
        files.prepend(BuiltinRules);
    for (const QString &f : files) {
        RuleFileResult r = loadRuleFile(f);
        problemLines += toStrings(r.errors);
        for (RuleGroup &g : r.groups)
            groups.push_back(std::move(g));
    }
    QString signature = files.join(QLatin1Char('|'));
    if (const DashboardRefresher *refresher = m_workspace->refresher()) {
        RuleGroup panels = rulesFromPanels(refresher->dashboard(), refresher->variables(),
                                           std::max<std::int64_t>(4 * m_settings->scrapeIntervalMs(), 60'000),
                                           &problemLines);
        for (const AlertRule &r : panels.rules)
            signature += QLatin1Char('|') + r.name + QLatin1Char('=') + r.expr;
        if (!panels.rules.empty())
            groups.push_back(std::move(panels));
    }
    // Same rules against the same server: the running engine keeps its states.
    if (m_center && signature == m_signature && m_evaluatedOn == live->client())
        return;
    m_signature = signature;
    m_evaluatedOn = live->client();
    const QString history =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/alerts.sqlite");
    emit centerChanged(nullptr);
    m_panelSource->setCenter(nullptr);
    m_center.reset(); // its history closes before the new one opens the file
    m_center = std::make_unique<AlertCenter>(live->client(), std::move(groups), history);
    // Said once per file: a damaged history set aside, or one that cannot be kept at all.
    const AlertHistory &kept = m_center->history();
    const QString historyNotice = !kept.damageNotice().isEmpty() ? kept.damageNotice()
                                  : !kept.isOpen()
                                      ? QStringLiteral("The alert history %1 cannot be kept (%2): "
                                                       "restarts will notify again.")
                                            .arg(history, kept.error())
                                      : QString();
    if (!historyNotice.isEmpty() && !m_historyNoticesGiven.contains(history)) {
        m_historyNoticesGiven.insert(history);
        std::fprintf(stderr, "promdeck: %s\n", qPrintable(historyNotice));
        QTimer::singleShot(0, this, [this, historyNotice] { emit bannerRequested(historyNotice); });
    }
    m_center->notifier()->setTrayIcon(m_tray);
    connect(m_center.get(), &AlertCenter::changed, this, &AlertsController::updateTray);
    connect(m_center->notifier(), &DesktopNotifier::bannerRequested, this,
            [this](const QString &summary, const QString &body) {
                emit bannerRequested(summary + QLatin1Char('\n') + body);
            });
    connect(m_center->notifier(), &DesktopNotifier::openRequested, this,
            [this](const QString &, qint64 t, const QString &dashboardUid) {
                emit openRequested(t, dashboardUid);
            });
    // The servers' own alerts too: Prometheus' rules, and the profile's Alertmanager if any.
    const QUrl am = live->profile().alertmanagerUrl;
    m_center->setServerSources(
        live->client(), am.isValid() && !am.isEmpty()
                            ? new AlertmanagerClient(m_network, am, std::chrono::seconds(10), m_center.get())
                            : nullptr);
    m_panelSource->setCenter(m_center.get());
    emit centerChanged(m_center.get());
    if (!problemLines.isEmpty())
        emit problems(tr("Alert rules: %1").arg(problemLines.join(QStringLiteral("; "))));
    m_center->start();
    updateTray();
}

void AlertsController::silence(const Silence &silence)
{
    if (!m_center)
        return;
    std::vector<Silence> all = m_center->policy().silences();
    all.push_back(silence);
    m_center->policy().setSilences(all);
    // The team's Alertmanager too, when the profile names one.
    const QUrl am = m_workspace->live() ? m_workspace->live()->profile().alertmanagerUrl : QUrl();
    if (!am.isValid() || am.isEmpty())
        return;
    auto *client = new AlertmanagerClient(m_network, am, std::chrono::seconds(10), this);
    MetadataReply *r = client->createSilence(silence, QString::fromLocal8Bit(qgetenv("USER")));
    connect(r, &MetadataReply::finished, client, [this, r, client] {
        emit message(r->ok() ? tr("Silence created in Alertmanager")
                             : tr("Alertmanager: %1").arg(r->error().message()));
        client->deleteLater();
    });
}

void AlertsController::updateTray()
{
    const AlertState worst = m_center ? m_center->worstState() : AlertState::Inactive;
    const QColor color = worst == AlertState::Firing    ? theme::error()
                         : worst == AlertState::Pending ? theme::warning()
                                                        : theme::ok();
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
    if (m_center)
        for (const AlertInstance &a : m_center->active())
            (a.state == AlertState::Firing ? firing : pending) += 1;
    m_tray->setToolTip(tr("Promdeck: %1 firing, %2 pending").arg(firing).arg(pending));
    m_tray->setProperty("worstState", alertStateName(worst));
}

} // namespace promdeck
