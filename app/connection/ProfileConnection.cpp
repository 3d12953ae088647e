#include "connection/ProfileConnection.h"

#include "connection/KeychainSecretStore.h"
#include "connection/ProfileEndpoint.h"
#include "settings/Settings.h"

#include <QEventLoop>

namespace promdeck {

SecretReply *readProfileSecret(const ServerProfile &profile, const Settings &settings, SecretStore &keychain,
                               SecretStore &session, QObject *parent)
{
    if (!profile.needsSecret()) {
        auto *reply = new SecretReply(parent);
        reply->succeed();
        return reply;
    }
    if (profile.plaintextSecret) {
        auto *reply = new SecretReply(parent);
        reply->succeed(settings.plaintextSecret(profile.name));
        return reply;
    }
    // A secret kept for this session (the keychain failed earlier) wins; then the keychain.
    auto *reply = new SecretReply(parent);
    SecretReply *fromSession = session.read(profile.secretKey());
    QObject::connect(fromSession, &SecretReply::finished, reply, [reply, fromSession, &keychain, profile] {
        fromSession->deleteLater();
        if (fromSession->ok()) {
            reply->succeed(fromSession->secret());
            return;
        }
        SecretReply *fromKeychain = keychain.read(profile.secretKey());
        QObject::connect(fromKeychain, &SecretReply::finished, reply, [reply, fromKeychain] {
            fromKeychain->deleteLater();
            if (fromKeychain->ok())
                reply->succeed(fromKeychain->secret());
            else
                reply->fail(fromKeychain->error().message(), fromKeychain->notFound(),
                            fromKeychain->timedOut());
        });
    });
    return reply;
}

std::optional<PrometheusEndpoint> headlessEndpoint(const ServerProfile &profile, const Settings &settings,
                                                   QString *error)
{
    KeychainSecretStore keychain;
    SessionSecretStore session;
    SecretReply *reply = readProfileSecret(profile, settings, keychain, session, nullptr);
    {
        // The keychain store answers within its own timeout, so this wait is bounded.
        QEventLoop loop;
        QObject::connect(reply, &SecretReply::finished, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
    }
    std::unique_ptr<SecretReply> owned(reply);
    if (!reply->ok()) {
        if (error)
            *error = QStringLiteral("profile %1: cannot read its secret from %2: %3")
                         .arg(profile.name, keychain.description(), reply->error().message());
        return std::nullopt;
    }
    Result<PrometheusEndpoint> endpoint = endpointFor(profile, reply->secret());
    if (!endpoint && error)
        *error = endpoint.error().toString();
    return std::move(endpoint).take();
}

} // namespace promdeck
