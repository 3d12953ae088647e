// What every headless command that reads data shares: the user's settings, a network, the system
// keychain, and a workspace over them (the window's own), connected and opened as the command line
// says: --profile, --prometheus and --timeout, or a --replay snapshot; --dashboard, --from, --to and
// --var. Problems go to stderr as they come.
#pragma once

#include "cli/CommandLine.h"
#include "connection/KeychainSecretStore.h"
#include "settings/Settings.h"
#include "workspace/Workspace.h"

#include <QDeadlineTimer>
#include <QNetworkAccessManager>

namespace promdeck {

void printError(const QString &text);

class CommandSession
{
public:
    explicit CommandSession(const CommandLine &cl);

    // The server the command line names, once the profile's secret is read; false (said) when it
    // cannot be set up.
    bool connect();
    // The command's dashboard, from the snapshot or the server, at its range; false (said) when it
    // cannot be opened or the range is empty.
    bool open();
    // Waits for the variables and every panel's answer until the command's deadline (--timeout); at
    // the deadline says which requests were still open and returns false.
    bool waitUntilSettled();
    // Milliseconds left of the command's deadline.
    qint64 remainingMs() const { return std::max<qint64>(0, m_deadline.remainingTime()); }
    // True when at least one panel query was answered (data or an empty answer): a command that could
    // answer nothing at all fails.
    bool anyQueryAnswered() const;
    Workspace &workspace() { return m_workspace; }
    DataSource *source() const { return m_workspace.source(); }

private:
    const CommandLine &m_cl;
    QDeadlineTimer m_deadline;
    Settings m_settings;
    QNetworkAccessManager m_network;
    KeychainSecretStore m_keychain;
    Workspace m_workspace; // last: it reads the others
};

} // namespace promdeck
