#include "connection/LiveConnection.h"

#include "connection/ProfileEndpoint.h"
#include "connection/ProfileSecret.h"
#include "settings/Settings.h"

#include <QNetworkAccessManager>

namespace promdeck {

LiveConnection::LiveConnection(QNetworkAccessManager *network, const Settings &settings,
                               ServerProfile profile, SecretStore *keychain, SecretStore *session,
                               Options options, QObject *parent)
    : QObject(parent), m_profile(std::move(profile)), m_settings(settings), m_keychain(keychain),
      m_session(session), m_options(std::move(options)), m_network(network)
{
    // Open connections (TLS ones especially) were made with the previous profile's settings.
    m_network->clearConnectionCache();
    if (m_options.portForward && !m_profile.portForwardCommand.trimmed().isEmpty()) {
        PortForward::Options forward;
        forward.command = m_profile.portForwardCommand;
        forward.autoLocalPort = m_profile.autoLocalPort;
        m_portForward = std::make_unique<PortForward>(m_network, forward);
        connect(m_portForward.get(), &PortForward::ready, this, &LiveConnection::reachable);
        connect(m_portForward.get(), &PortForward::stateChanged, this, &LiveConnection::changed);
    }
    // Without its secret for now: the endpoint as the profile says, so the status bar can name it.
    Result<PrometheusEndpoint> endpoint = endpointFor(m_profile, QString());
    if (!endpoint)
        m_problem = endpoint.error();
    PrometheusEndpoint first = endpoint ? *endpoint : PrometheusEndpoint{};
    if (!endpoint)
        first.baseUrl = m_profile.url;
    if (!m_options.url.isEmpty())
        first.baseUrl = m_options.url;
    if (m_options.timeout)
        first.timeout = *m_options.timeout;
    first.maxSeries = m_settings.maxSeriesPerQuery();
    first.maxResponseBytes = m_settings.maxResponseMegabytes() << 20;
    if (m_portForward && m_profile.autoLocalPort) {
        first.baseUrl.setHost(QStringLiteral("127.0.0.1"));
        first.baseUrl.setPort(m_portForward->localPort());
    }
    m_client = std::make_unique<PrometheusClient>(m_network, first);
    m_health = std::make_unique<ConnectionHealth>([this] { return m_client->readiness(); });
    connect(m_health.get(), &ConnectionHealth::stateChanged, this, &LiveConnection::changed);
    // The server answers again: every panel refreshes without anyone pressing a button.
    connect(m_health.get(), &ConnectionHealth::recovered, this, &LiveConnection::reachable);
}

// The health and the port-forward stop before the client they probe through.
LiveConnection::~LiveConnection() = default;

void LiveConnection::start()
{
    if (m_portForward)
        m_portForward->start();
    if (!m_profile.needsSecret()) {
        m_secretSettled = true;
        return;
    }
    SecretReply *secret = readProfileSecret(m_profile, m_settings, *m_keychain, *m_session, this);
    connect(secret, &SecretReply::finished, this, [this, secret] {
        secret->deleteLater();
        m_secretSettled = true;
        if (secret->ok()) {
            applySecret(secret->secret());
            return;
        }
        Error why =
            Error::plain(Error::Kind::Secret,
                         tr("The secret of profile %1 could not be read from %2: %3")
                             .arg(m_profile.name, m_keychain->description(), secret->error().message()));
        m_problem = why;
        emit changed();
        emit secretUnavailable(why);
    });
}

void LiveConnection::useSessionSecret(const QString &secret)
{
    m_session->write(m_profile.secretKey(), secret)->deleteLater();
    applySecret(secret);
}

void LiveConnection::applySecret(const QString &secret)
{
    Result<PrometheusEndpoint> endpoint = endpointFor(m_profile, secret);
    if (!endpoint) {
        m_problem = endpoint.error();
        emit changed();
        return;
    }
    // Where the first endpoint was sent (an override, a port-forward's own port) stays.
    const PrometheusEndpoint &current = m_client->endpoint();
    endpoint->baseUrl = current.baseUrl;
    endpoint->timeout = current.timeout;
    endpoint->maxSeries = current.maxSeries;
    endpoint->maxResponseBytes = current.maxResponseBytes;
    m_client->setEndpoint(*endpoint);
    m_problem.reset();
    emit changed();
    emit reachable();
}

QString LiveConnection::statusText() const
{
    QString text = m_profile.name + QLatin1Char(' ');
    switch (m_health->state()) {
    case ConnectionState::Unknown:
        text += tr("◌ connecting");
        break;
    case ConnectionState::Connected:
        text += tr("● connected");
        break;
    case ConnectionState::Degraded:
        text += tr("◐ degraded: %1").arg(m_health->detail());
        break;
    case ConnectionState::Down: {
        text += tr("○ down: %1").arg(m_health->detail());
        const int next = m_health->nextProbeInMs();
        if (next >= 0)
            text += tr(" · retrying in %1 s").arg((next + 999) / 1000);
        break;
    }
    }
    if (m_portForward) {
        static const char *const states[] = {"stopped", "starting", "ready", "restarting"};
        text += tr(" · port-forward %1")
                    .arg(QString::fromLatin1(states[static_cast<int>(m_portForward->state())]));
        if (m_portForward->restarts() > 0)
            text += tr(" (%n restart(s))", nullptr, m_portForward->restarts());
    }
    if (m_profile.skipTlsVerification)
        text += tr(" · ⚠ TLS certificate NOT verified");
    if (m_problem && m_problem->kind == Error::Kind::Secret)
        text += QStringLiteral(" · ") + m_problem->message();
    return text;
}

} // namespace promdeck
