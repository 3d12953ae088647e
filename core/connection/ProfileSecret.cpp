#include "connection/ProfileSecret.h"

#include "settings/Settings.h"

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

} // namespace promdeck
