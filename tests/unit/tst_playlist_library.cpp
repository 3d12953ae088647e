// Saved playlists without a window: the rules a playlist keeps (each error naming its field, the
// interval's its position), saving, renaming, deleting, and what survives a restart of the settings.
#include "settings/Settings.h"
#include "support/TestSupport.h"
#include "workspace/PlaylistLibrary.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace promdeck;

class TestPlaylistLibrary : public QObject
{
    Q_OBJECT
private slots:
    void intervalsReadAsPrometheusDurations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("error");
        QTest::newRow("seconds") << "5s" << qint64(5000) << "";
        QTest::newRow("minutes and seconds") << " 1m30s " << qint64(90'000) << "";
        QTest::newRow("a day") << "24h" << qint64(86'400'000) << "";
        QTest::newRow("no unit") << "5" << qint64(0)
                                 << "interval \"5\": at character 2, the end where a unit (ms, s, m, h, d, "
                                    "w, y) belongs (e.g. 30s, 2m, 1h30m)";
        QTest::newRow("bad unit") << "2x" << qint64(0)
                                  << "interval \"2x\": at character 2, \"x\" where a unit (ms, s, m, h, d, "
                                     "w, y) belongs (e.g. 30s, 2m, 1h30m)";
        QTest::newRow("bad after a good part")
            << "1m-5s" << qint64(0)
            << "interval \"1m-5s\": at character 3, \"-\" where a number belongs (e.g. 30s, 2m, 1h30m)";
        QTest::newRow("below a second")
            << "500ms" << qint64(0) << "interval \"500ms\": each dashboard stays from 1s to 1d";
        QTest::newRow("above a day") << "2d" << qint64(0)
                                     << "interval \"2d\": each dashboard stays from 1s to 1d";
        QTest::newRow("overflow") << "99999999999999y" << qint64(0)
                                  << "interval \"99999999999999y\": too long (at most 24h)";
        QTest::newRow("empty") << "  " << qint64(0)
                               << "interval: empty; write how long each dashboard stays, e.g. 2m";
    }
    void intervalsReadAsPrometheusDurations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        QFETCH(QString, error);
        const Result<qint64> parsed = PlaylistLibrary::parseInterval(text);
        if (error.isEmpty()) {
            QVERIFY2(parsed.ok(), qPrintable(parsed.error().message()));
            QCOMPARE(parsed.value(), ms);
        } else {
            QVERIFY(!parsed.ok());
            QCOMPARE(parsed.error().message(), error);
        }
    }

    void initTestCase()
    {
        // The built-in dashboards are resources of the program; here they are read as the files they are.
        m_api = QFileInfo(test::sourcePath(QStringLiteral("dashboards/api.json"))).absoluteFilePath();
        m_redis = QFileInfo(test::sourcePath(QStringLiteral("dashboards/redis.json"))).absoluteFilePath();
    }

    void aPlaylistNeedsANameDashboardsThatOpenAndAnInterval()
    {
        const QStringList two{m_api, m_redis};
        QCOMPARE(PlaylistLibrary::validate(QStringLiteral(" "), two, QStringLiteral("5s")).error().message(),
                 QStringLiteral("name: a playlist needs a name"));
        QCOMPARE(
            PlaylistLibrary::validate(QStringLiteral("a,b"), two, QStringLiteral("5s")).error().message(),
            QStringLiteral(
                "name \"a,b\": a comma separates dashboards in --playlist; a name cannot have one"));
        QCOMPARE(
            PlaylistLibrary::validate(QStringLiteral("wall"), {}, QStringLiteral("5s")).error().message(),
            QStringLiteral("dashboards: add at least one"));
        QCOMPARE(PlaylistLibrary::validate(QStringLiteral("wall"), {m_api, QStringLiteral("nope")},
                                           QStringLiteral("5s"))
                     .error()
                     .message(),
                 QStringLiteral("dashboard 2 \"nope\": neither a file nor a built-in dashboard"));
        QCOMPARE(
            PlaylistLibrary::validate(QStringLiteral("wall"), two, QStringLiteral("5q")).error().message(),
            QStringLiteral("interval \"5q\": at character 2, \"q\" where a unit (ms, s, m, h, d, w, y) "
                           "belongs (e.g. 30s, 2m, 1h30m)"));
        const Result<SavedPlaylist> good =
            PlaylistLibrary::validate(QStringLiteral(" wall "), two, QStringLiteral("1m"));
        QVERIFY(good.ok());
        QCOMPARE(good.value(), (SavedPlaylist{QStringLiteral("wall"), two, 60'000}));
    }

    void savedEditedDeletedAndKeptAcrossARestart()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("p.ini"));
        // A file dashboard is kept by its absolute path, whatever the working directory was.
        const QString dashboard = dir.filePath(QStringLiteral("mine.json"));
        {
            QFile f(dashboard);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(R"({"title": "Mine", "panels": []})");
        }
        const QString before = QDir::currentPath();
        QDir::setCurrent(dir.path());
        {
            Settings settings(std::make_unique<QSettings>(file, QSettings::IniFormat));
            PlaylistLibrary library(&settings);
            const Result<SavedPlaylist> wall = PlaylistLibrary::validate(
                QStringLiteral("wall"), {m_api, QStringLiteral("mine.json")}, QStringLiteral("5s"));
            QVERIFY(wall.ok());
            QVERIFY(library.save(wall.value()).ok());
            QVERIFY(library.save({QStringLiteral("night"), {m_redis}, 120'000}).ok());
            // A second playlist of the same name is refused, the first is untouched.
            const Result<> again = library.save({QStringLiteral("wall"), {m_redis}, 120'000});
            QVERIFY(!again.ok());
            QCOMPARE(again.error().message(), QStringLiteral("name: a playlist named \"wall\" exists"));
            // Editing: renamed in place, the order kept.
            QVERIFY(
                library.save({QStringLiteral("nights"), {m_redis, m_api}, 60'000}, QStringLiteral("night"))
                    .ok());
            QVERIFY(!library.save({QStringLiteral("wall"), {m_api}, 60'000}, QStringLiteral("nights")).ok());
            QVERIFY(library.save({QStringLiteral("gone"), {m_api}, 60'000}).ok());
            QVERIFY(library.remove(QStringLiteral("gone")));
            QVERIFY(!library.remove(QStringLiteral("gone")));
        }
        QDir::setCurrent(before);
        Settings settings(std::make_unique<QSettings>(file, QSettings::IniFormat));
        PlaylistLibrary library(&settings);
        const std::vector<SavedPlaylist> expected{
            {QStringLiteral("wall"), {m_api, QDir::cleanPath(dashboard)}, 5000},
            {QStringLiteral("nights"), {m_redis, m_api}, 60'000}};
        QCOMPARE(library.playlists(), expected);
        QCOMPARE(library.find(QStringLiteral("nights"))->intervalMs, 60'000);
        QVERIFY(!library.find(QStringLiteral("gone")));
        QVERIFY(settings.refusedValues().isEmpty());
    }

    void noMoreThanTheBoundAreSaved()
    {
        QTemporaryDir dir;
        Settings settings(
            std::make_unique<QSettings>(dir.filePath(QStringLiteral("q.ini")), QSettings::IniFormat));
        PlaylistLibrary library(&settings);
        for (int i = 0; i < Settings::MaxPlaylists; ++i)
            QVERIFY(library.save({QStringLiteral("p%1").arg(i), {m_api}, 60'000}).ok());
        const Result<> over = library.save({QStringLiteral("one more"), {m_api}, 60'000});
        QVERIFY(!over.ok());
        QCOMPARE(over.error().message(), QStringLiteral("at most 64 playlists are kept; delete one first"));
        QCOMPARE(library.playlists().size(), size_t(Settings::MaxPlaylists));
    }

private:
    QString m_api;
    QString m_redis;
};

QTEST_GUILESS_MAIN(TestPlaylistLibrary)
#include "tst_playlist_library.moc"
