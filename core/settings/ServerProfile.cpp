#include "settings/ServerProfile.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

namespace promdeck {

QString authKindName(AuthKind kind)
{
    switch (kind) {
    case AuthKind::None:
        return QStringLiteral("none");
    case AuthKind::Basic:
        return QStringLiteral("basic");
    case AuthKind::Bearer:
        return QStringLiteral("bearer");
    }
    return {};
}

AuthKind authKindFromName(const QString &name)
{
    if (name == u"basic")
        return AuthKind::Basic;
    if (name == u"bearer")
        return AuthKind::Bearer;
    return AuthKind::None;
}

std::optional<PrometheusEndpoint> endpointFor(const ServerProfile &profile, const QString &secret,
                                              QString *error)
{
    auto fail = [error](const QString &why) -> std::optional<PrometheusEndpoint> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    PrometheusEndpoint e;
    e.baseUrl = profile.url;
    e.timeout = std::chrono::milliseconds(profile.timeoutMs);
    for (const auto &[name, value] : profile.headers)
        e.headers.append({name.toUtf8(), value.toUtf8()});
    if (profile.auth == AuthKind::Basic)
        e.headers.append(
            {"Authorization", "Basic " + (profile.username + QLatin1Char(':') + secret).toUtf8().toBase64()});
    else if (profile.auth == AuthKind::Bearer)
        e.headers.append({"Authorization", "Bearer " + secret.toUtf8()});

    const bool https = profile.url.scheme() == u"https";
    if (https || !profile.caFile.isEmpty() || !profile.clientCertificateFile.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        if (!profile.caFile.isEmpty()) {
            const QList<QSslCertificate> cas = QSslCertificate::fromPath(profile.caFile, QSsl::Pem);
            if (cas.isEmpty())
                return fail(QStringLiteral("%1: no PEM certificate could be read from this CA file")
                                .arg(profile.caFile));
            QList<QSslCertificate> all = tls.caCertificates();
            all += cas;
            tls.setCaCertificates(all);
        }
        if (!profile.clientCertificateFile.isEmpty()) {
            const QList<QSslCertificate> certs =
                QSslCertificate::fromPath(profile.clientCertificateFile, QSsl::Pem);
            if (certs.isEmpty())
                return fail(QStringLiteral("%1: no PEM client certificate in this file")
                                .arg(profile.clientCertificateFile));
            QFile keyFile(profile.clientKeyFile);
            if (!keyFile.open(QIODevice::ReadOnly))
                return fail(QStringLiteral("%1: cannot read the client key: %2")
                                .arg(profile.clientKeyFile, keyFile.errorString()));
            const QByteArray pem = keyFile.readAll();
            QSslKey key(pem, QSsl::Rsa, QSsl::Pem);
            if (key.isNull())
                key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
            if (key.isNull())
                return fail(
                    QStringLiteral("%1: not an unencrypted RSA or EC key in PEM").arg(profile.clientKeyFile));
            tls.setLocalCertificate(certs.front());
            tls.setPrivateKey(key);
        }
        e.tls = tls;
    }
    e.skipTlsVerification = profile.skipTlsVerification;
    return e;
}

} // namespace promdeck
