// A server profile become a working connection: the Prometheus client with the profile's endpoint and
// secret, the port-forward that reaches the server (when the profile has one), and the health the
// status bar shows (connected, degraded, down with its backoff). One per profile in use: switching
// profiles replaces it whole. The window and the headless commands both connect through it.
#pragma once

#include "base/Error.h"
#include "connection/ConnectionHealth.h"
#include "connection/PortForward.h"
#include "prometheus/PrometheusClient.h"
#include "settings/SecretStore.h"
#include "settings/ServerProfile.h"

#include <QObject>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace promdeck {

class Settings;

class LiveConnection : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QUrl url;                                         // instead of the profile's (--prometheus)
        std::optional<std::chrono::milliseconds> timeout; // instead of the profile's (--timeout)
        bool portForward = true; // start the profile's port-forward (the window; not a one-shot command)
    };

    // Neither the stores nor the settings are owned; they outlive the connection.
    LiveConnection(QNetworkAccessManager *network, const Settings &settings, ServerProfile profile,
                   SecretStore *keychain, SecretStore *session, Options options, QObject *parent = nullptr);
    ~LiveConnection() override;

    // Starts the port-forward and reads the secret; until the secret is there, requests go without it.
    void start();

    const ServerProfile &profile() const { return m_profile; }
    PrometheusClient *client() const { return m_client.get(); }
    ConnectionHealth *health() const { return m_health.get(); }
    PortForward *portForward() const { return m_portForward.get(); }
    // False while the secret is being read.
    bool isSecretSettled() const { return m_secretSettled; }
    // Why the connection cannot be set up as the profile says (its secret, a TLS file), if it cannot.
    const std::optional<Error> &problem() const { return m_problem; }
    // A secret the user typed for this session only (the keychain could not give it).
    void useSessionSecret(const QString &secret);
    // One line for the status bar: profile, state, port-forward, TLS warning, secret problem.
    QString statusText() const;

signals:
    // The server may answer now (the port-forward came up, the secret arrived, the server recovered):
    // whoever shows data asks again.
    void reachable();
    // The secret could not be read: a window may offer to take one for this session.
    void secretUnavailable(const promdeck::Error &why);
    // Something statusText() says changed.
    void changed();

private:
    void applySecret(const QString &secret);

    ServerProfile m_profile;
    const Settings &m_settings;
    SecretStore *m_keychain;
    SecretStore *m_session;
    Options m_options;
    QNetworkAccessManager *m_network;
    std::unique_ptr<PortForward> m_portForward; // first: with an automatic local port it says where to go
    std::unique_ptr<PrometheusClient> m_client;
    std::unique_ptr<ConnectionHealth> m_health; // probes through the client
    bool m_secretSettled = false;
    std::optional<Error> m_problem;
};

} // namespace promdeck
