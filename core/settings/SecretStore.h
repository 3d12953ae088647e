// Where secrets (passwords, tokens) live. The system keychain implementation is in the app (it needs
// QtKeychain and D-Bus); core keeps the interface, the session-only store used when the keychain is
// unavailable and the user chose to keep the secret for this session, and the reply type. Every
// operation answers, at the latest when its timeout runs out: a locked or absent keychain must not
// hang the window.
#pragma once

#include "base/Error.h"

#include <QHash>
#include <QObject>

namespace promdeck {

class SecretReply : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    bool ok() const { return m_ok; }
    bool notFound() const { return m_notFound; }
    bool timedOut() const { return m_timedOut; }
    QString secret() const { return m_secret; }
    // Why it failed (kind Secret); meaningful only when !ok().
    const Error &error() const { return m_error; }
    bool isFinished() const { return m_finished; }

    // Finishes from the event loop (never inside the call that made the reply), once.
    void succeed(const QString &secret = {});
    void fail(const QString &error, bool notFound = false, bool timedOut = false);

signals:
    void finished();

private:
    void finish();
    bool m_ok = false;
    bool m_notFound = false;
    bool m_timedOut = false;
    bool m_finished = false;
    QString m_secret;
    Error m_error;
};

class SecretStore : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual SecretReply *read(const QString &key) = 0;
    virtual SecretReply *write(const QString &key, const QString &secret) = 0;
    virtual SecretReply *remove(const QString &key) = 0;
    // For messages: "the system keychain", "this session only".
    virtual QString description() const = 0;
};

// Secrets kept in memory for this session only, gone when Promdeck quits.
class SessionSecretStore : public SecretStore
{
    Q_OBJECT
public:
    using SecretStore::SecretStore;
    SecretReply *read(const QString &key) override;
    SecretReply *write(const QString &key, const QString &secret) override;
    SecretReply *remove(const QString &key) override;
    QString description() const override { return tr("this session only"); }

private:
    QHash<QString, QString> m_secrets;
};

} // namespace promdeck
