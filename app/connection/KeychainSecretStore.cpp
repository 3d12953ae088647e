#include "connection/KeychainSecretStore.h"

#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QTimer>
#include <qt6keychain/keychain.h>

namespace promdeck {

namespace {
// A locked Secret Service answers a lookup with "not found" (libsecret does not unlock to search), so
// a missing secret is checked against the default collection's lock before it is called missing.
void failNotFoundUnlessLocked(SecretReply *reply, const QString &notFound)
{
    QDBusMessage get = QDBusMessage::createMethodCall(
        QStringLiteral("org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets/aliases/default"),
        QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"));
    get << QStringLiteral("org.freedesktop.Secret.Collection") << QStringLiteral("Locked");
    auto *watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(get, 2000), reply);
    QObject::connect(watcher, &QDBusPendingCallWatcher::finished, reply, [reply, notFound](auto *w) {
        w->deleteLater();
        const QDBusPendingReply<QDBusVariant> locked = *w;
        if (locked.isValid() && locked.value().variant().toBool())
            reply->fail(QObject::tr("the system keychain is locked; unlock it (its own prompt, or a desktop "
                                    "login) or keep the secret for this session"));
        else
            reply->fail(notFound, true);
    });
}

// Runs a keychain job with a deadline; the job may answer after it, and is then ignored.
void runWithDeadline(QKeychain::Job *job, SecretReply *reply, int timeoutMs, bool reading)
{
    job->setAutoDelete(true);
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    QObject::connect(deadline, &QTimer::timeout, reply, [reply, timeoutMs] {
        reply->fail(QObject::tr("the system keychain did not answer within %1 s; is a Secret Service "
                                "(gnome-keyring, KeePassXC) running and unlocked?")
                        .arg(timeoutMs / 1000.0),
                    false, true);
    });
    QObject::connect(job, &QKeychain::Job::finished, reply, [reply, reading](QKeychain::Job *j) {
        if (j->error() == QKeychain::NoError) {
            reply->succeed(reading ? static_cast<QKeychain::ReadPasswordJob *>(j)->textData() : QString());
            return;
        }
        const bool notFound = j->error() == QKeychain::EntryNotFound;
        if (notFound && reading) {
            failNotFoundUnlessLocked(reply, j->errorString());
            return;
        }
        QString why = j->errorString();
        if (j->error() == QKeychain::NoBackendAvailable || j->error() == QKeychain::OtherError)
            why = QObject::tr("the system keychain is not available (%1)").arg(j->errorString());
        else if (j->error() == QKeychain::AccessDenied || j->error() == QKeychain::AccessDeniedByUser)
            why = QObject::tr("the system keychain refused access (%1)").arg(j->errorString());
        reply->fail(why, notFound);
    });
    deadline->start(timeoutMs);
    job->start();
}

} // namespace

KeychainSecretStore::KeychainSecretStore(int timeoutMs, QObject *parent)
    : SecretStore(parent), m_timeoutMs(timeoutMs)
{
}

SecretReply *KeychainSecretStore::read(const QString &key)
{
    auto *reply = new SecretReply(this);
    auto *job = new QKeychain::ReadPasswordJob(serviceName());
    job->setKey(key);
    runWithDeadline(job, reply, m_timeoutMs, true);
    return reply;
}

SecretReply *KeychainSecretStore::write(const QString &key, const QString &secret)
{
    auto *reply = new SecretReply(this);
    auto *job = new QKeychain::WritePasswordJob(serviceName());
    job->setKey(key);
    job->setTextData(secret);
    runWithDeadline(job, reply, m_timeoutMs, false);
    return reply;
}

SecretReply *KeychainSecretStore::remove(const QString &key)
{
    auto *reply = new SecretReply(this);
    auto *job = new QKeychain::DeletePasswordJob(serviceName());
    job->setKey(key);
    runWithDeadline(job, reply, m_timeoutMs, false);
    return reply;
}

} // namespace promdeck
