// Damaged state files: the settings and the alert history, each corrupted as a disk, an editor or
// another program leaves them. Each must be set aside (kept, renamed with the time), a fresh one
// used, the damage said once with both paths, and nothing else touched.
#include "alerting/AlertHistory.h"
#include "settings/Settings.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace promdeck;

namespace {

QStringList setAside(const QString &path)
{
    const QFileInfo info(path);
    return QDir(info.absolutePath())
        .entryList({info.fileName() + QStringLiteral(".damaged-*")}, QDir::AllEntries);
}

void write(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

QByteArray randomBytes(int n)
{
    QByteArray out(n, '\0');
    QRandomGenerator generator(20261203);
    for (char &c : out)
        c = static_cast<char>(generator.bounded(256));
    return out;
}

AlertTransition someTransition()
{
    AlertTransition t;
    t.timeMs = 1000;
    t.alertname = QStringLiteral("Down");
    t.from = AlertState::Inactive;
    t.to = AlertState::Pending;
    return t;
}

} // namespace

class TestDamagedState : public QObject
{
    Q_OBJECT
private slots:
    void settingsGarbageIsSetAside()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("promdeck.conf"));
        const QByteArray garbage = randomBytes(4096);
        write(path, garbage);
        write(dir.filePath(QStringLiteral("alerts.sqlite")), "other state"); // not touched
        Settings settings(std::make_unique<QSettings>(path, QSettings::IniFormat));
        QVERIFY2(settings.damageNotice().contains(path), qPrintable(settings.damageNotice()));
        const QStringList aside = setAside(path);
        QCOMPARE(aside.size(), 1);
        QVERIFY(settings.damageNotice().contains(aside.first()));
        QFile kept(dir.filePath(aside.first()));
        QVERIFY(kept.open(QIODevice::ReadOnly));
        QCOMPARE(kept.readAll(), garbage);
        // A fresh store that works: defaults, and what is written stays.
        QCOMPARE(settings.profiles().size(), size_t(1));
        settings.setLastDashboard(QStringLiteral("redis"));
        QSettings reread(path, QSettings::IniFormat);
        QCOMPARE(reread.value(QStringLiteral("view/lastDashboard")).toString(), QStringLiteral("redis"));
        QFile other(dir.filePath(QStringLiteral("alerts.sqlite")));
        QVERIFY(other.open(QIODevice::ReadOnly));
        QCOMPARE(other.readAll(), QByteArray("other state"));
    }

    void settingsDirectoryInItsPlace()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("promdeck.conf"));
        QVERIFY(QDir().mkpath(path));
        Settings settings(std::make_unique<QSettings>(path, QSettings::IniFormat));
        QVERIFY2(settings.damageNotice().contains(QStringLiteral("a directory is in its place")),
                 qPrintable(settings.damageNotice()));
        QCOMPARE(setAside(path).size(), 1);
        QVERIFY(!QFileInfo(path).isDir());
    }

    void aGoodSettingsFileIsLeftAlone()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("promdeck.conf"));
        write(path, "[view]\nlastDashboard=celery\n");
        Settings settings(std::make_unique<QSettings>(path, QSettings::IniFormat));
        QCOMPARE(settings.damageNotice(), QString());
        QCOMPARE(settings.lastDashboard(), QStringLiteral("celery"));
        QVERIFY(setAside(path).isEmpty());
    }

    // `[profiles] size=2000000000` stopped the window from opening, growing 75 MB/s.
    void hugeArraySizeAndOutOfRangeNumbersAreBounded()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("promdeck.conf"));
        write(path, "[profiles]\nsize=2000000000\n1\\name=a\n1\\url=http://a:9090\n1\\timeoutMs=-5\n"
                    "1\\scrapeIntervalMs=99999999999999999999\n[view]\nrefreshIntervalMs=-1\n"
                    "[limits]\nmaxSeriesPerQuery=0\nmaxResponseMegabytes=banana\n");
        Settings settings(std::make_unique<QSettings>(path, QSettings::IniFormat));
        QElapsedTimer timer;
        timer.start();
        const std::vector<ServerProfile> profiles = settings.profiles();
        QVERIFY(timer.elapsed() < 5'000);
        QCOMPARE(profiles.size(), size_t(Settings::MaxProfiles));
        QCOMPARE(profiles.front().name, QStringLiteral("a"));
        QCOMPARE(profiles.front().timeoutMs, ServerProfile().timeoutMs);
        QCOMPARE(profiles.front().scrapeIntervalMs, ServerProfile().scrapeIntervalMs);
        QCOMPARE(settings.refreshIntervalMs(), 30'000);
        QCOMPARE(settings.maxSeriesPerQuery(), 1000);
        QCOMPARE(settings.maxResponseMegabytes(), 256);
    }

    void alertHistoryDamage_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("words");
        QTest::newRow("random bytes") << randomBytes(8192) << QStringLiteral("not a database");
        QTest::newRow("zero-filled") << QByteArray(16384, '\0') << QStringLiteral("not a database");
        QTest::newRow("truncated") << QByteArray("truncate") << QString();
        QTest::newRow("wrong schema")
            << QByteArray("schema") << QStringLiteral("its table transitions has 2 columns, not 7");
        QTest::newRow("directory") << QByteArray("directory")
                                   << QStringLiteral("a directory is in its place");
    }

    void alertHistoryDamage()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, words);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("alerts.sqlite"));
        if (content == "truncate" || content == "schema") {
            {
                AlertHistory good(path);
                QVERIFY(good.isOpen());
                for (int i = 0; i < 2000; ++i)
                    good.recordTransition(someTransition());
            }
            if (content == "truncate") {
                QFile f(path);
                QVERIFY(f.open(QIODevice::ReadWrite));
                QVERIFY(f.size() > 8192);
                QVERIFY(f.resize(f.size() / 3));
            } else {
                QFile::remove(path);
                const QString name = QStringLiteral("schema-maker");
                {
                    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
                    db.setDatabaseName(path);
                    QVERIFY(db.open());
                    QSqlQuery q(db);
                    QVERIFY(q.exec(QStringLiteral("CREATE TABLE transitions (a TEXT, b TEXT)")));
                    db.close();
                }
                QSqlDatabase::removeDatabase(name);
            }
        } else if (content == "directory") {
            QVERIFY(QDir().mkpath(path));
        } else {
            write(path, content);
        }
        AlertHistory history(path);
        QVERIFY2(history.isOpen(), qPrintable(history.error()));
        QVERIFY2(history.damageNotice().contains(path), qPrintable(history.damageNotice()));
        if (!words.isEmpty())
            QVERIFY2(history.damageNotice().contains(words), qPrintable(history.damageNotice()));
        QCOMPARE(
            setAside(path).filter(QRegularExpression(QStringLiteral("\\.damaged-\\d{8}-\\d{6}$"))).size(), 1);
        // The fresh history works.
        history.recordTransition(someTransition());
        QCOMPARE(history.transitionCount(), 1);
    }

    void aGoodAlertHistoryIsKept()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("alerts.sqlite"));
        {
            AlertHistory first(path);
            first.recordTransition(someTransition());
        }
        AlertHistory again(path);
        QCOMPARE(again.damageNotice(), QString());
        QCOMPARE(again.transitionCount(), 1);
        QVERIFY(setAside(path).isEmpty());
    }
    // The history answers "acknowledged?" from memory (the dock asks for every active alert on every
    // evaluation); its verdicts must stay those of the file, across firing anew, a restart and a prune.
    void acknowledgementsAreTheFilesVerdict()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("alerts.sqlite"));
        const auto fromFile = [&](const QString &key) {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("reader"));
            db.setDatabaseName(path);
            bool acknowledged = false;
            if (db.open()) {
                QSqlQuery q(db);
                q.prepare(QStringLiteral(
                    "SELECT count(*) FROM acknowledgements a WHERE a.alert_key = ? AND a.time_ms >= coalesce("
                    "(SELECT max(time_ms) FROM notifications n WHERE n.alert_key = a.alert_key AND n.kind = "
                    "0), 0)"));
                q.addBindValue(key);
                acknowledged = q.exec() && q.next() && q.value(0).toInt() > 0;
            }
            db.close();
            db = {};
            QSqlDatabase::removeDatabase(QStringLiteral("reader"));
            return acknowledged;
        };
        const auto notify = [](AlertHistory &h, std::int64_t timeMs, const QString &key,
                               Notification::Kind kind) {
            Notification n;
            n.kind = kind;
            n.key = key;
            h.recordNotification(timeMs, n, QStringLiteral("test"));
        };
        const QStringList keys = {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                                  QStringLiteral("d")};
        const auto agree = [&](AlertHistory &h, const char *when) {
            for (const QString &key : keys)
                QVERIFY2(h.isAcknowledged(key) == fromFile(key),
                         qPrintable(key + QStringLiteral(" ") + QLatin1String(when)));
        };
        {
            AlertHistory history(path, 10'000'000);
            notify(history, 1000, QStringLiteral("a"), Notification::Kind::Firing);
            history.recordAcknowledgement(2000, QStringLiteral("a"), QStringLiteral("me"));
            notify(history, 5000, QStringLiteral("b"), Notification::Kind::Firing);
            history.recordAcknowledgement(4000, QStringLiteral("b"), QStringLiteral("me")); // before it fired
            history.recordAcknowledgement(3000, QStringLiteral("c"), QStringLiteral("me"));
            notify(history, 6000, QStringLiteral("c"), Notification::Kind::Resolved); // not a firing
            QVERIFY(history.isAcknowledged(QStringLiteral("a")));
            QVERIFY(!history.isAcknowledged(QStringLiteral("b")));
            QVERIFY(history.isAcknowledged(QStringLiteral("c")));
            QVERIFY(!history.isAcknowledged(QStringLiteral("d")));
            agree(history, "as recorded");
            notify(history, 7000, QStringLiteral("a"), Notification::Kind::Firing); // fires anew
            QVERIFY(!history.isAcknowledged(QStringLiteral("a")));
            agree(history, "after a fires anew");
        }
        AlertHistory again(path, 10'000'000);
        agree(again, "after a restart");
        again.prune(10'003'500); // drops what is older than 3.5 s: a's first firing and ack, c's ack
        agree(again, "after a prune");
        QVERIFY(!again.isAcknowledged(QStringLiteral("c")));
    }

    // One evaluation's transitions are written together (a transaction, not a disk sync per row).
    void manyTransitionsAreWrittenTogether()
    {
        QTemporaryDir dir;
        AlertHistory history(dir.filePath(QStringLiteral("alerts.sqlite")));
        std::vector<AlertTransition> all(5000, someTransition());
        for (std::size_t i = 0; i < all.size(); ++i)
            all[i].labels[QStringLiteral("instance")] = QString::number(i);
        history.recordTransitions(all);
        QCOMPARE(history.transitionCount(), 5000);
    }
};

QTEST_GUILESS_MAIN(TestDamagedState)
#include "tst_damaged_state.moc"
