#include "cli/CommandSession.h"

#include "importing/ImportedDashboard.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>
#include <cstdio>

namespace promdeck {

namespace {
// Each request times out after --timeout; the command gets this much more, so that the errors of
// requests that timed out right at the end are in its output instead of "still open".
constexpr qint64 DeadlineGraceMs = 2000;
} // namespace

void printError(const QString &text)
{
    std::fflush(stdout); // what was said before comes before the error, also through a pipe
    std::fprintf(stderr, "%s\n", qPrintable(text));
}

CommandSession::CommandSession(const CommandLine &cl)
    : m_cl(cl), m_deadline(cl.timeoutMs + DeadlineGraceMs), m_settings(std::make_unique<QSettings>()),
      m_workspace(&m_settings, &m_network, &m_keychain, {})
{
    QObject::connect(&m_workspace, &Workspace::notice, &m_workspace, printError);
    if (!m_settings.damageNotice().isEmpty())
        printError(m_settings.damageNotice());
}

bool CommandSession::connect()
{
    // Without --profile: a bare endpoint at --prometheus (default localhost:9090), whatever the
    // settings' current profile is; with it, the profile's URL, headers, TLS and secret. An imported
    // dashboard names the profile its data source inputs were mapped to: used when the command line
    // names no server.
    ServerProfile profile;
    QString profileName = m_cl.profile;
    if (profileName.isEmpty() && m_cl.prometheusUrl.isEmpty()) {
        QFile file(m_cl.dashboard);
        if (file.open(QIODevice::ReadOnly))
            if (const std::optional<ImportRecord> record = readImportRecord(file.readAll()))
                profileName = mappedProfile(*record);
    }
    if (!profileName.isEmpty()) {
        const Result<ServerProfile> found = m_settings.findProfile(profileName);
        if (!found) {
            printError((m_cl.profile.isEmpty()
                            ? QStringLiteral("the dashboard's inputs are mapped to a profile that "
                                             "is gone: ")
                            : QStringLiteral("--profile: ")) +
                       found.error().message());
            return false;
        }
        profile = *found;
    }
    LiveConnection::Options options;
    options.portForward = false; // a one-shot command uses the forward the operator has running
    options.timeout = std::chrono::milliseconds(m_cl.timeoutMs);
    if (!m_cl.prometheusUrl.isEmpty())
        options.url = m_cl.prometheusUrl;
    m_workspace.connectLive(profile, options);
    LiveConnection *live = m_workspace.live();
    // The keychain answers within its own timeout, so this wait is bounded.
    while (!live->isSecretSettled()) {
        QEventLoop loop;
        QObject::connect(live, &LiveConnection::changed, &loop, &QEventLoop::quit);
        QObject::connect(live, &LiveConnection::secretUnavailable, &loop, &QEventLoop::quit);
        QTimer::singleShot(100, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (live->problem()) {
        printError(QStringLiteral("profile %1: %2").arg(profile.name, live->problem()->toString()));
        return false;
    }
    return true;
}

bool CommandSession::open()
{
    m_workspace.setFixedVariables(m_cl.variables);
    m_workspace.setTimeZoneOverride(m_cl.timeZone);
    const TimeOverride at{m_cl.from, m_cl.to};
    Result<> opened;
    if (!m_cl.replay.isEmpty()) {
        opened = m_workspace.openSnapshotFile(m_cl.replay, m_cl.dashboard, at);
    } else {
        if (!connect())
            return false;
        opened = m_workspace.openDashboard(m_cl.dashboard, at);
    }
    if (!opened) {
        printError(opened.error().toString());
        return false;
    }
    if (!m_workspace.range().isValid()) {
        printError(QStringLiteral("the time range is empty: --from must be before --to"));
        return false;
    }
    return true;
}

bool CommandSession::waitUntilSettled()
{
    if (m_workspace.waitUntilSettled(remainingMs()))
        return true;
    QStringList open;
    if (LiveConnection *live = m_workspace.live())
        open = live->client()->openRequests();
    printError(
        QStringLiteral("--timeout %1 s reached with %2 request(s) still open%3")
            .arg(m_cl.timeoutMs / 1000.0)
            .arg(open.size())
            .arg(open.isEmpty() ? QString() : QStringLiteral(":\n  ") + open.join(QStringLiteral("\n  "))));
    return false;
}

bool CommandSession::anyQueryAnswered() const
{
    const DashboardRefresher *refresher = m_workspace.refresher();
    if (!refresher)
        return false;
    bool anyQuery = false;
    for (const Panel *panel : refresher->dashboard().visiblePanels()) {
        for (const QueryData &q : refresher->panelData(panel->id).queries) {
            anyQuery = true;
            if (q.result)
                return true;
        }
    }
    // A dashboard of text panels asks nothing, and has nothing to fail.
    return !anyQuery;
}

} // namespace promdeck
