#include "settings/SecretStore.h"

#include <QTimer>

namespace promdeck {

void SecretReply::succeed(const QString &secret)
{
    if (m_finished)
        return;
    m_ok = true;
    m_secret = secret;
    finish();
}

void SecretReply::fail(const QString &error, bool notFound, bool timedOut)
{
    if (m_finished)
        return;
    m_error = Error::plain(Error::Kind::Secret, error);
    m_notFound = notFound;
    m_timedOut = timedOut;
    finish();
}

void SecretReply::finish()
{
    m_finished = true;
    QTimer::singleShot(0, this, &SecretReply::finished);
}

SecretReply *SessionSecretStore::read(const QString &key)
{
    auto *reply = new SecretReply(this);
    if (m_secrets.contains(key))
        reply->succeed(m_secrets.value(key));
    else
        reply->fail(tr("no secret kept for %1 in this session").arg(key), true);
    return reply;
}

SecretReply *SessionSecretStore::write(const QString &key, const QString &secret)
{
    m_secrets.insert(key, secret);
    auto *reply = new SecretReply(this);
    reply->succeed();
    return reply;
}

SecretReply *SessionSecretStore::remove(const QString &key)
{
    m_secrets.remove(key);
    auto *reply = new SecretReply(this);
    reply->succeed();
    return reply;
}

} // namespace promdeck
