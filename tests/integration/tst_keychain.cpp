// Secrets only in the system keychain: a round trip through a real gnome-keyring (run by
// tests/connection/with-keyring.sh), a bearer token that reaches the server from the window and from
// `promdeck data --profile` and is found in no file Promdeck wrote; plain text only on opt-in; the
// profile dialog driven field by field. Run with no Secret Service, or with a locked keyring whose
// unlock prompt nobody answers (their own CTest entries), the app says so within its timeout instead
// of hanging.
#include "connection/ConnectionHealth.h"
#include "connection/KeychainSecretStore.h"
#include "settings/Settings.h"
#include "support/LoopbackHttpServer.h"
#include "support/TestSupport.h"
#include "window/MainWindow.h"
#include "window/ProfileDialog.h"
#include "workspace/Workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
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

// A keychain call timed from before it is made: it must answer within its deadline (3 s in these
// tests), with room for a loaded machine, never hang.
template <typename Call> std::pair<SecretReply *, qint64> timed(Call call)
{
    QElapsedTimer took;
    took.start();
    SecretReply *reply = waitFor(call());
    return {reply, took.elapsed()};
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
        QVERIFY2(read->ok(), qPrintable(read->error().message()));
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
            const Result<> opened = window.workspace()->openDashboard(
                test::testDataPath(QStringLiteral("fixture-dashboard.json")));
            QVERIFY2(opened, qPrintable(opened.error().toString()));
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
        {
            Settings settings(std::make_unique<QSettings>(file, QSettings::IniFormat));
            ServerProfile p = secureProfile(QStringLiteral("http://127.0.0.1:9"));
            settings.setProfiles({p});
            QVERIFY(!settings.setPlaintextSecret(p.name, Token)); // not opted in: refused, nothing written
            QVERIFY(filesContainingToken().isEmpty());
            p.plaintextSecret = true;
            settings.setProfiles({p});
            QVERIFY(settings.setPlaintextSecret(p.name, Token));
            QCOMPARE(settings.plaintextSecret(p.name), Token);
            // Renamed, the plain-text secret stays with the profile; opted out, it leaves the file.
            p = settings.profiles().front();
            p.name = QStringLiteral("renamed");
            settings.setProfiles({p});
            QCOMPARE(settings.plaintextSecret(QStringLiteral("renamed")), Token);
            p.plaintextSecret = false;
            settings.setProfiles({p});
            QVERIFY(settings.plaintextSecret(QStringLiteral("renamed")).isEmpty());
        }
        QVERIFY2(filesContainingToken().isEmpty(), qPrintable(filesContainingToken().join(u' ')));
        QFile::remove(file);
    }

    void profileDialogKeepsSecretsInTheKeychain()
    {
        // The dialog driven as a user would: add a profile with a token, a tenant header and TLS
        // verification off (warned), fix a clash of names it refuses, rename it, remove it. The token
        // is in the keychain under the profile through the rename, gone with the profile, and in no
        // file.
        const QString file =
            QDir(qEnvironmentVariable("PROMDECK_TEST_HOME")).filePath(QStringLiteral("d.ini"));
        Settings settings(std::make_unique<QSettings>(file, QSettings::IniFormat));
        KeychainSecretStore keychain;
        auto ok = [](ProfileDialog &d) {
            d.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        };
        {
            ProfileDialog dialog(&settings, &keychain);
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            auto *list = dialog.findChild<QListWidget *>(QStringLiteral("profiles"));
            QCOMPARE(list->count(), 1);
            QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("add")), Qt::LeftButton);
            QCOMPARE(list->count(), 2);
            QCOMPARE(list->currentRow(), 1);
            auto *name = dialog.findChild<QLineEdit *>(QStringLiteral("name"));
            name->clear();
            QTest::keyClicks(name, QStringLiteral("local")); // taken
            auto *url = dialog.findChild<QLineEdit *>(QStringLiteral("url"));
            url->clear();
            QTest::keyClicks(url, QStringLiteral("https://mimir.example/prometheus"));
            auto *auth = dialog.findChild<QComboBox *>(QStringLiteral("auth"));
            auth->setCurrentIndex(auth->findData(QStringLiteral("bearer")));
            QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("secret")), Token);
            dialog.findChild<QPlainTextEdit *>(QStringLiteral("headers"))
                ->setPlainText(QStringLiteral("X-Scope-OrgID: tenant-1"));
            auto *skipTls = dialog.findChild<QCheckBox *>(QStringLiteral("skipTls"));
            QTest::mouseClick(skipTls, Qt::LeftButton, {}, QPoint(6, skipTls->height() / 2)); // on its box
            QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("warning"))
                        ->text()
                        .contains(QStringLiteral("TLS verification off")));
            ok(dialog);
            QVERIFY(dialog.isVisible()); // refused, with the reason, nothing saved
            QVERIFY2(dialog.findChild<QLabel *>(QStringLiteral("error"))
                         ->text()
                         .contains(QStringLiteral("Two profiles are named \"local\"")),
                     qPrintable(dialog.findChild<QLabel *>(QStringLiteral("error"))->text()));
            QCOMPARE(settings.profiles().size(), size_t(1));
            // To look at it: PROMDECK_SCREENSHOT_DIR=/tmp ctest -R keychain
            if (const QString shots = qEnvironmentVariable("PROMDECK_SCREENSHOT_DIR"); !shots.isEmpty())
                dialog.grab().save(shots + QStringLiteral("/profile-dialog.png"));
            name->clear();
            QTest::keyClicks(name, QStringLiteral("mimir"));
            ok(dialog);
            QVERIFY(!dialog.isVisible());
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        std::vector<ServerProfile> saved = settings.profiles();
        QCOMPARE(saved.size(), size_t(2));
        QCOMPARE(settings.currentProfileName(), QStringLiteral("local"));
        const ServerProfile mimir = saved[1];
        QCOMPARE(mimir.name, QStringLiteral("mimir"));
        QCOMPARE(mimir.url, QUrl(QStringLiteral("https://mimir.example/prometheus")));
        QCOMPARE(mimir.auth, AuthKind::Bearer);
        QCOMPARE(mimir.headers.size(), 1);
        QCOMPARE(mimir.headers[0].second, QStringLiteral("tenant-1"));
        QVERIFY(mimir.skipTlsVerification);
        SecretReply *stored = waitFor(keychain.read(mimir.secretKey()));
        QVERIFY2(stored->ok(), qPrintable(stored->error().message()));
        QCOMPARE(stored->secret(), Token);
        QVERIFY2(filesContainingToken().isEmpty(), qPrintable(filesContainingToken().join(u' ')));

        {
            // Renamed: the secret follows.
            ProfileDialog dialog(&settings, &keychain);
            dialog.findChild<QListWidget *>(QStringLiteral("profiles"))->setCurrentRow(1);
            auto *name = dialog.findChild<QLineEdit *>(QStringLiteral("name"));
            name->clear();
            QTest::keyClicks(name, QStringLiteral("mimir-prod"));
            ok(dialog);
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        const ServerProfile renamed = settings.profiles()[1];
        QCOMPARE(renamed.name, QStringLiteral("mimir-prod"));
        SecretReply *followed = waitFor(keychain.read(renamed.secretKey()));
        QVERIFY2(followed->ok(), qPrintable(followed->error().message()));
        QCOMPARE(followed->secret(), Token);

        {
            // Removed: its secret leaves the keychain too.
            ProfileDialog dialog(&settings, &keychain);
            dialog.findChild<QListWidget *>(QStringLiteral("profiles"))->setCurrentRow(1);
            QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("remove")), Qt::LeftButton);
            ok(dialog);
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        QCOMPARE(settings.profiles().size(), size_t(1));
        QTRY_VERIFY_WITH_TIMEOUT(waitFor(keychain.read(renamed.secretKey()))->notFound(), 10'000);
        QVERIFY(filesContainingToken().isEmpty());
    }

    void noKeychainAnswersInTime()
    {
        // Run with DBUS_SESSION_BUS_ADDRESS pointing nowhere: no Secret Service at all.
        KeychainSecretStore keychain(3000);
        const auto [read, ms] = timed([&] { return keychain.read(QStringLiteral("profile/secure")); });
        QVERIFY(ms < 4500);
        QVERIFY(!read->ok());
        QVERIFY2(read->error().message().contains(QStringLiteral("keychain")),
                 qPrintable(read->error().message()));
    }

    void lockedKeychainSaysLocked()
    {
        // Run by `with-keyring.sh --locked`. A locked Secret Service answers a lookup as if nothing
        // were stored; Promdeck asks the collection and says "locked", not "no secret".
        KeychainSecretStore keychain(3000);
        const auto [read, ms] = timed([&] { return keychain.read(QStringLiteral("profile/secure")); });
        QVERIFY(ms < 4500);
        QVERIFY(!read->ok());
        QVERIFY(!read->notFound());
        QVERIFY2(read->error().message().contains(QStringLiteral("keychain is locked")),
                 qPrintable(read->error().message()));
    }

    void lockedKeychainWriteTimesOut()
    {
        // Run by `with-keyring.sh --locked`: gnome-keyring shows its unlock prompt on the virtual
        // display and nobody answers it. The write gives up at its deadline, says why, writes nothing.
        KeychainSecretStore keychain(3000);
        const auto [write, ms] =
            timed([&] { return keychain.write(QStringLiteral("profile/locked"), Token); });
        QVERIFY(ms < 4500);
        QVERIFY(!write->ok());
        QVERIFY(write->timedOut());
        QVERIFY2(write->error().message().contains(QStringLiteral("unlocked")),
                 qPrintable(write->error().message()));
        QVERIFY(filesContainingToken().isEmpty());
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
        QVERIFY(
            window.workspace()->openDashboard(test::testDataPath(QStringLiteral("fixture-dashboard.json"))));
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionText().contains(QStringLiteral("could not be read")), 8000);
        QVERIFY(window.connectionText().contains(QStringLiteral("keychain")));
        QVERIFY(!sawToken(server));
        // The user keeps the secret for this session: it is used, and written nowhere.
        window.workspace()->live()->useSessionSecret(Token);
        QTRY_VERIFY_WITH_TIMEOUT(sawToken(server), 10'000);
        QVERIFY(filesContainingToken().isEmpty());
    }
};

QTEST_MAIN(TestKeychain)
#include "tst_keychain.moc"
