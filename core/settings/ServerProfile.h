// A server profile: where Prometheus is and how to reach it. A value type; the secret (password or
// token) is never part of it: it lives in the system keychain (or, if the user opts in for this
// profile, in the settings file) and is handed to endpointFor() (core/connection) only when connecting.
#pragma once

#include <QList>
#include <QString>
#include <QUrl>
#include <utility>

namespace promdeck {

enum class AuthKind
{
    None,
    Basic,  // username + password
    Bearer, // token
};
QString authKindName(AuthKind kind);
AuthKind authKindFromName(const QString &name);

struct ServerProfile
{
    QString name = QStringLiteral("local");
    QUrl url = QUrl(QStringLiteral("http://localhost:9090")); // may carry a path prefix
    AuthKind auth = AuthKind::None;
    QString username;                           // basic auth
    QList<std::pair<QString, QString>> headers; // e.g. X-Scope-OrgID for Mimir/Cortex tenants
    QString caFile;                             // empty: the system's CAs
    QString clientCertificateFile;              // PEM, with clientKeyFile: mutual TLS
    QString clientKeyFile;
    bool skipTlsVerification = false; // shown as a warning wherever the profile is in use
    qint64 timeoutMs = 30'000;
    qint64 scrapeIntervalMs = 15'000; // for $__rate_interval
    QUrl alertmanagerUrl;             // optional
    QString portForwardCommand;       // optional: kubectl port-forward ... LOCAL:REMOTE
    bool autoLocalPort = false;       // pick a free local port for the port-forward
    bool plaintextSecret = false;     // the user chose to keep this profile's secret in the settings file
    // Names the profile's secret, so renaming a profile keeps it. Empty for profiles made before it
    // existed: their secrets were filed under the name, which then stays the identity.
    QString secretId;

    bool needsSecret() const { return auth != AuthKind::None; }
    QString secretIdentity() const { return secretId.isEmpty() ? name : secretId; }
    // The keychain entry of this profile's secret.
    QString secretKey() const { return QStringLiteral("profile/") + secretIdentity(); }
    friend bool operator==(const ServerProfile &, const ServerProfile &) = default;
};

} // namespace promdeck
