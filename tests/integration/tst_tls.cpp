// TLS from a profile against a real TLS endpoint (tests/connection/tls-proxy.py in front of the
// fixture Prometheus, requiring client certificates): the CA file and client certificate make it
// work, without the CA it is a readable TLS error, and "skip verification" passes the server check
// while the client certificate is still needed.
#include "connection/ProfileEndpoint.h"
#include "prometheus/PrometheusClient.h"
#include "settings/ServerProfile.h"
#include "support/TestSupport.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace promdeck;

class TestTls : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcess m_proxy;
    QUrl m_url;

    QueryOutcome ask(const ServerProfile &profile)
    {
        const Result<PrometheusEndpoint> endpoint = endpointFor(profile, QString());
        if (!endpoint)
            qFatal("%s", qPrintable(endpoint.error().toString()));
        // A manager per question: Qt keeps TLS connections open and would answer over one set up with
        // other settings.
        QNetworkAccessManager network;
        PrometheusClient client(&network, *endpoint);
        QueryReply *reply = client.queryInstant({QStringLiteral("count(up)"), test::FixtureEndMs, {}});
        QSignalSpy done(reply, &QueryReply::finished);
        done.wait(15'000);
        return reply->outcome();
    }

private slots:
    void initTestCase()
    {
        const QUrl upstream = test::fixturePrometheusUrl();
        m_proxy.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_proxy.start(QStringLiteral("/usr/bin/python3"),
                      {test::sourcePath(QStringLiteral("tests/connection/tls-proxy.py")), m_dir.path(),
                       QStringLiteral("%1:%2").arg(upstream.host()).arg(upstream.port())});
        QVERIFY(m_proxy.waitForReadyRead(60'000));
        QFile url(m_dir.filePath(QStringLiteral("url")));
        QVERIFY(url.open(QIODevice::ReadOnly));
        m_url = QUrl(QString::fromUtf8(url.readAll().trimmed()));
    }
    void cleanupTestCase()
    {
        m_proxy.kill();
        m_proxy.waitForFinished(5000);
    }

    void caFileAndClientCertificate()
    {
        ServerProfile p;
        p.url = m_url;
        p.caFile = m_dir.filePath(QStringLiteral("ca.pem"));
        p.clientCertificateFile = m_dir.filePath(QStringLiteral("client.pem"));
        p.clientKeyFile = m_dir.filePath(QStringLiteral("client-key.pem"));
        const QueryOutcome o = ask(p);
        QVERIFY2(o.ok(), qPrintable(o.error.message()));
        QCOMPARE(o.result->series.size(), size_t(1));
    }

    void unknownCaIsAReadableTlsError()
    {
        ServerProfile p;
        p.url = m_url;
        p.clientCertificateFile = m_dir.filePath(QStringLiteral("client.pem"));
        p.clientKeyFile = m_dir.filePath(QStringLiteral("client-key.pem"));
        const QueryOutcome o = ask(p);
        QVERIFY(!o.ok());
        QCOMPARE(o.error.kind, Error::Kind::TlsError);
        QVERIFY2(o.error.message().startsWith(QStringLiteral("TLS error")), qPrintable(o.error.message()));
    }

    void skipVerificationStillNeedsTheClientCertificate()
    {
        ServerProfile p;
        p.url = m_url;
        p.skipTlsVerification = true;
        p.clientCertificateFile = m_dir.filePath(QStringLiteral("client.pem"));
        p.clientKeyFile = m_dir.filePath(QStringLiteral("client-key.pem"));
        QVERIFY2(ask(p).ok(), qPrintable(ask(p).error.message()));
        p.clientCertificateFile.clear();
        p.clientKeyFile.clear();
        const QueryOutcome refused = ask(p); // the server wants a client certificate
        QVERIFY(!refused.ok());
        QVERIFY(refused.error.isConnectionProblem());
    }

    void unreadableFilesAreNamed()
    {
        ServerProfile p;
        p.url = m_url;
        p.caFile = m_dir.filePath(QStringLiteral("missing.pem"));
        const Result<PrometheusEndpoint> endpoint = endpointFor(p, QString());
        QVERIFY(!endpoint);
        QCOMPARE(endpoint.error().location.file, p.caFile);
        QVERIFY2(endpoint.error().toString().contains(QStringLiteral("missing.pem")),
                 qPrintable(endpoint.error().toString()));
    }
};

QTEST_GUILESS_MAIN(TestTls)
#include "tst_tls.moc"
