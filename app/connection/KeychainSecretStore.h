// Secrets in the system keychain (Secret Service through libsecret, via QtKeychain). A keychain that
// is absent, locked or never answers gives a clear error within the timeout instead of a hang.
#pragma once

#include "settings/SecretStore.h"

namespace promdeck {

class KeychainSecretStore : public SecretStore
{
    Q_OBJECT
public:
    explicit KeychainSecretStore(int timeoutMs = 5000, QObject *parent = nullptr);
    SecretReply *read(const QString &key) override;
    SecretReply *write(const QString &key, const QString &secret) override;
    SecretReply *remove(const QString &key) override;
    QString description() const override { return tr("the system keychain"); }

    static QString serviceName() { return QStringLiteral("Promdeck"); }

private:
    int m_timeoutMs;
};

} // namespace promdeck
