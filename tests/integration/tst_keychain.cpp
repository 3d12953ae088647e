// Secrets only in the system keychain: a round trip through a real gnome-keyring (run by
// tests/connection/with-keyring.sh), a bearer token that reaches the server from the window and from
// `promdeck data --profile` and is found in no file Promdeck wrote; plain text only on opt-in. Run
// with no Secret Service (`noKeychain*` cases, their own CTest entry), the app says so within its
// timeout instead of hanging.
#include "connection/ConnectionHealth.h"
#include "connection/KeychainSecretStore.h"
#include "settings/Settings.h"
#include "support/LoopbackHttpServer.h"
#include "support/TestSupport.h"
#include "window/MainWindow.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace promdeck;
using test::LoopbackHttpServer;

namespace {
const QString Token = QStringLiteral("tok-7f3a9c-s3cr3t-bearer");

LoopbackHttpServer::Response prometheusLike(const test::ReceivedRequest &r)
{
    if (r.target.startsWith("/api/v1/status/buildinfo"))
        return {
            LoopbackHttpServer::Behaviour::Respond, 200, "application/json",
            R"({"status":"success","data":{"version":"2.42.0","revision":"x","branch":"","buildUser":"","buildDate":"","goVersion":"go1.19"}})"};
    return {
        LoopbackHttpServer::Behaviour::Respond, 200, "application/json",
        R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"a"},"values":[[1767650000,"1"],[1767650015,"2"]]}]}})"};
}

bool sawToken(const LoopbackHttpServer &server)
{
    for (const test::ReceivedRequest &r : server.requests())
        if (r.header("authorization") == "Bearer " + Token.toUtf8())
            return true;
    return false;
}

SecretReply *waitFor(SecretReply *reply)
{
    if (!reply->isFinished()) {
        QSignalSpy done(reply, &SecretReply::finished);
        done.wait(15'000);
    }
    return reply;
}
} // namespace

class TestKeychain : public QObject
{
    Q_OBJECT

    static ServerProfile secureProfile(const QString &url)
    {
        ServerProfile p;
        p.name = QStringLiteral("secure");
        p.url = QUrl(url);
        p.auth = AuthKind::Bearer;
        p.headers = {{QStringLiteral("X-Scope-OrgID"), QStringLiteral("tenant-1")}};
        return p;
    }

    // Every file under the test's HOME, searched for the secret.
    static QStringList filesContainingToken()
    {
        QStringList hits;
        QDirIterator it(qEnvironmentVariable("PROMDECK_TEST_HOME"), QDir::Files | QDir::Hidden,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.contains(QLatin1String("/keyrings/")))
                continue; // the keychain itself (encrypted)
            QFile f(path);
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(Token.toUtf8()))
                hits << path;
        }
        return hits;
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("promdeck"));
        QCoreApplication::setApplicationName(QStringLiteral("promdeck"));
    }

    void keychainRoundTrip()
    {
        if (qEnvironmentVariableIsEmpty("PROMDECK_TEST_HOME"))
            QFAIL("run through with-keyring.sh (ctest does)");
        KeychainSecretStore keychain;
        QVERIFY2(waitFor(keychain.write(QStringLiteral("profile/round"), Token))->ok(), "write");
        SecretReply *read = waitFor(keychain.read(QStringLiteral("profile/round")));
        QVERIFY2(read->ok(), qPrintable(read->error()));
        QCOMPARE(read->secret(), Token);
        QVERIFY(waitFor(keychain.remove(QStringLiteral("profile/round")))->ok());
        SecretReply *gone = waitFor(keychain.read(QStringLiteral("profile/round")));
        QVERIFY(!gone->ok());
        QVERIFY(gone->notFound());
    }

    void tokenReachesTheServerAndNoFile()
    {
        LoopbackHttpServer server(prometheusLike);
        KeychainSecretStore keychain;
        QVERIFY(waitFor(keychain.write(QStringLiteral("profile/secure"), Token))->ok());
        {
            Settings settings(std::make_unique<QSettings>());
            settings.setProfiles({secureProfile(server.url())});
            QVERIFY(settings.setCurrentProfileName(QStringLiteral("secure")));
            settings.setRefreshIntervalMs(0);
            QNetworkAccessManager network;
            MainWindow window(&settings, &network);
            QString error;
            QVERIFY2(
                window.openDashboard(test::testDataPath(QStringLiteral("fixture-dashboard.json")), &error),
                qPrintable(error));
            QTRY_VERIFY_WITH_TIMEOUT(sawToken(server), 15'000);
            for (const test::ReceivedRequest &r : server.requests())
                QCOMPARE(r.header("x-scope-orgid"), QByteArray("tenant-1"));
        } // the window quits: the flight recorder writes its file

        // The headless command with --profile reads the same keychain entry.
        const int before = static_cast<int>(server.requests().size());
        QProcess data;
        data.setProcessChannelMode(QProcess::ForwardedChannels);
        const QString out = qEnvironmentVariable("PROMDECK_TEST_HOME") + QStringLiteral("/data.json");
        data.start(test::promdeckBinary(),
                   {QStringLiteral("data"), QStringLiteral("--profile"), QStringLiteral("secure"),
                    QStringLiteral("--dashboard"),
                    test::testDataPath(QStringLiteral("fixture-dashboard.json")), QStringLiteral("-o"), out});
        QSignalSpy finished(&data, &QProcess::finished); // the server answers from this event loop
        QVERIFY(finished.wait(60'000));
        QCOMPARE(data.exitCode(), 0);
        QVERIFY(server.requests().size() > before);
        QVERIFY(server.requests().last().header("authorization") == "Bearer " + Token.toUtf8());

        // Settings, flight recorder, the data file: the token is in none of them.
        const QStringList leaks = filesContainingToken();
        QVERIFY2(leaks.isEmpty(), qPrintable(leaks.join(QLatin1Char('\n'))));
    }

    void plainTextOnlyWhenTheUserOptsIn()
    {
        const QString file = qEnvironmentVariable("PROMDECK_TEST_HOME") + QStringLiteral("/optin.ini");
        Settings settings(std::make_unique<QSettings>(file, QSettings::IniFormat));
        ServerProfile p = secureProfile(QStringLiteral("http://127.0.0.1:9"));
        settings.setProfiles({p});
        QVERIFY(!settings.setPlaintextSecret(p.name, Token)); // not opted in: refused, nothing written
        QVERIFY(filesContainingToken().isEmpty());
        p.plaintextSecret = true;
        settings.setProfiles({p});
        QVERIFY(settings.setPlaintextSecret(p.name, Token));
        QCOMPARE(settings.plaintextSecret(p.name), Token);
        QFile::remove(file);
    }

    void noKeychainAnswersInTime()
    {
        // Run with DBUS_SESSION_BUS_ADDRESS pointing nowhere: no Secret Service at all.
        KeychainSecretStore keychain(3000);
        QElapsedTimer took;
        took.start();
        SecretReply *read = waitFor(keychain.read(QStringLiteral("profile/secure")));
        QVERIFY(took.elapsed() < 4500);
        QVERIFY(!read->ok());
        QVERIFY2(read->error().contains(QStringLiteral("keychain")), qPrintable(read->error()));
    }

    void noKeychainWindowSaysSoAndStaysResponsive()
    {
        LoopbackHttpServer server(prometheusLike);
        Settings settings(std::make_unique<QSettings>(qEnvironmentVariable("PROMDECK_TEST_HOME") +
                                                          QStringLiteral("/nokeychain.ini"),
                                                      QSettings::IniFormat));
        settings.setProfiles({secureProfile(server.url())});
        settings.setRefreshIntervalMs(0);
        QNetworkAccessManager network;
        KeychainSecretStore keychain(2000);
        MainWindow window(&settings, &network, &keychain);
        QString error;
        QVERIFY(window.openDashboard(test::testDataPath(QStringLiteral("fixture-dashboard.json")), &error));
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().contains(QStringLiteral("could not be read")), 8000);
        QVERIFY(window.connectionText().contains(QStringLiteral("keychain")));
        QVERIFY(!sawToken(server));
        // The user keeps the secret for this session: it is used, and written nowhere.
        window.useSessionSecret(Token);
        QTRY_VERIFY_WITH_TIMEOUT(sawToken(server), 10'000);
        QVERIFY(filesContainingToken().isEmpty());
    }
};

QTEST_MAIN(TestKeychain)
#include "tst_keychain.moc"
