#include "connection/ProfileEndpoint.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

namespace promdeck {

Result<PrometheusEndpoint> endpointFor(const ServerProfile &profile, const QString &secret)
{
    auto fail = [](const QString &file, const QString &why) -> Result<PrometheusEndpoint> {
        return Error::at({file}, why, Error::Kind::Io);
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
                return fail(profile.caFile,
                            QStringLiteral("no PEM certificate could be read from this CA file"));
            QList<QSslCertificate> all = tls.caCertificates();
            all += cas;
            tls.setCaCertificates(all);
        }
        if (!profile.clientCertificateFile.isEmpty()) {
            const QList<QSslCertificate> certs =
                QSslCertificate::fromPath(profile.clientCertificateFile, QSsl::Pem);
            if (certs.isEmpty())
                return fail(profile.clientCertificateFile,
                            QStringLiteral("no PEM client certificate in this file"));
            QFile keyFile(profile.clientKeyFile);
            if (!keyFile.open(QIODevice::ReadOnly))
                return fail(profile.clientKeyFile,
                            QStringLiteral("cannot read the client key: %1").arg(keyFile.errorString()));
            const QByteArray pem = keyFile.readAll();
            QSslKey key(pem, QSsl::Rsa, QSsl::Pem);
            if (key.isNull())
                key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
            if (key.isNull())
                return fail(profile.clientKeyFile, QStringLiteral("not an unencrypted RSA or EC key in PEM"));
            tls.setLocalCertificate(certs.front());
            tls.setPrivateKey(key);
        }
        e.tls = tls;
    }
    e.skipTlsVerification = profile.skipTlsVerification;
    return e;
}

} // namespace promdeck
