// Settings that other features read: the dashboards folder (imports save there, the search looks there).
#include "settings/Settings.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace promdeck;

class TestSettings : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // The XDG data directory of a fresh user, so the default is known without reading Qt's rule.
        qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("promdeck"));
        QCoreApplication::setApplicationName(QStringLiteral("promdeck"));
    }

    void dashboardsFolderDefaultsToTheXdgDataDirectory()
    {
        Settings settings(
            std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("a.ini")), QSettings::IniFormat));
        const QString expected = m_dir.filePath(QStringLiteral("data/promdeck/promdeck/dashboards"));
        QCOMPARE(settings.dashboardsFolder(), expected);
        QCOMPARE(Settings::defaultDashboardsFolder(), expected);
    }

    void dashboardsFolderIsRememberedAndSignalled()
    {
        const QString file = m_dir.filePath(QStringLiteral("b.ini"));
        const QString chosen = m_dir.filePath(QStringLiteral("mine"));
        {
            Settings settings(std::make_unique<QSettings>(file, QSettings::IniFormat));
            QSignalSpy changed(&settings, &Settings::dashboardsFolderChanged);
            settings.setDashboardsFolder(chosen + QStringLiteral("/"));
            QCOMPARE(settings.dashboardsFolder(), chosen);
            QCOMPARE(changed.size(), 1);
            settings.setDashboardsFolder(chosen);
            QCOMPARE(changed.size(), 1); // the same folder again is no change
        }
        Settings again(std::make_unique<QSettings>(file, QSettings::IniFormat));
        QCOMPARE(again.dashboardsFolder(), chosen);
        QSignalSpy changed(&again, &Settings::dashboardsFolderChanged);
        again.setDashboardsFolder(QString());
        QCOMPARE(again.dashboardsFolder(), Settings::defaultDashboardsFolder());
        QCOMPARE(changed.size(), 1);
    }

    void importSettingsHaveKubePrometheusStackDefaultsAndRememberInputs()
    {
        const QString file = m_dir.filePath(QStringLiteral("c.ini"));
        {
            Settings settings(std::make_unique<QSettings>(file, QSettings::IniFormat));
            QCOMPARE(settings.grafanaComUrl(), QUrl(QStringLiteral("https://grafana.com/api")));
            QCOMPARE(settings.clusterDashboardLabel(), QStringLiteral("grafana_dashboard=1"));
            QCOMPARE(settings.clusterDashboardNamespace(), QStringLiteral("monitoring"));
            QVERIFY(settings.importInputProfiles().isEmpty());
            settings.rememberInputProfiles({{QStringLiteral("DS_PROM"), QStringLiteral("prod")}});
            settings.rememberInputProfiles({{QStringLiteral("DS_LOKI"), QStringLiteral("logs")}});
            settings.setGrafanaComUrl(QUrl(QStringLiteral("http://mirror.example/api")));
        }
        Settings again(std::make_unique<QSettings>(file, QSettings::IniFormat));
        const QMap<QString, QString> expected{{QStringLiteral("DS_LOKI"), QStringLiteral("logs")},
                                              {QStringLiteral("DS_PROM"), QStringLiteral("prod")}};
        QCOMPARE(again.importInputProfiles(), expected);
        QCOMPARE(again.grafanaComUrl(), QUrl(QStringLiteral("http://mirror.example/api")));
    }

    void starsAndPlaylistsSurviveARestart()
    {
        const QString file = m_dir.filePath(QStringLiteral("d.ini"));
        const QString path = m_dir.filePath(QStringLiteral("mine.json"));
        const std::vector<SavedPlaylist> saved{
            {QStringLiteral("wall"), {QStringLiteral("api"), path}, 5000},
            {QStringLiteral("night, shift"), {QStringLiteral("redis")}, 120'000}};
        {
            Settings settings(std::make_unique<QSettings>(file, QSettings::IniFormat));
            QSignalSpy starred(&settings, &Settings::starredDashboardsChanged);
            settings.setStarred(QStringLiteral("api"), true);
            settings.setStarred(path, true);
            settings.setStarred(QStringLiteral("redis"), true);
            settings.setStarred(QStringLiteral("redis"), false);
            settings.setStarred(QStringLiteral("api"), true); // already starred: no change
            QCOMPARE(starred.size(), 4);
            QSignalSpy playlists(&settings, &Settings::playlistsChanged);
            settings.setPlaylists(saved);
            QCOMPARE(playlists.size(), 1);
        }
        Settings again(std::make_unique<QSettings>(file, QSettings::IniFormat));
        QCOMPARE(again.starredDashboards(), (QStringList{QStringLiteral("api"), path}));
        QCOMPARE(again.playlists(), saved);
        QVERIFY2(again.refusedValues().isEmpty(), qPrintable(again.refusedValues().join(u'\n')));
    }

    // Each damaged or oversized entry is refused with a message naming it; the rest is read.
    void damagedStarsAndPlaylistsAreRefusedAndTheRestKept()
    {
        const QString file = m_dir.filePath(QStringLiteral("e.ini"));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            const QByteArray longName(Settings::MaxNameLength + 1, 'x');
            f.write("[connection]\nprometheusUrl=http://kept:9090\n"
                    "[starred]\nsize=5\n1\\dashboard=api\n2\\dashboard=\n3\\dashboard=" +
                    longName +
                    "\n4\\dashboard=redis\n5\\dashboard=a, list\n"
                    "[playlists]\nsize=6\n"
                    "1\\name=good\n1\\dashboards=api, redis\n1\\intervalMs=5000\n"
                    "2\\name=fast\n2\\dashboards=api\n2\\intervalMs=10\n"
                    "3\\name=words\n3\\dashboards=api\n3\\intervalMs=soon\n"
                    "4\\name=\n4\\dashboards=api\n4\\intervalMs=5000\n"
                    "5\\name=good\n5\\dashboards=redis\n5\\intervalMs=5000\n"
                    "6\\name=empty\n6\\intervalMs=5000\n");
        }
        Settings settings(std::make_unique<QSettings>(file, QSettings::IniFormat));
        QCOMPARE(settings.starredDashboards(), (QStringList{QStringLiteral("api"), QStringLiteral("redis")}));
        const std::vector<SavedPlaylist> expected{
            {QStringLiteral("good"), {QStringLiteral("api"), QStringLiteral("redis")}, 5000}};
        QCOMPARE(settings.playlists(), expected);
        QCOMPARE(settings.prometheusUrl(), QUrl(QStringLiteral("http://kept:9090")));
        const QString said = settings.refusedValues().join(u'\n');
        for (const char *expectedWords :
             {"[starred] 2\\dashboard: not a name or a path", "[starred] 3\\dashboard: 4097 characters",
              "[starred] 5\\dashboard: not a name or a path",
              "[playlists] 2: playlist \"fast\" left out: intervalMs=10 is not a number of milliseconds",
              "[playlists] 3: playlist \"words\" left out: intervalMs=soon",
              "[playlists] 4\\name: not a name or a path",
              "[playlists] 5: playlist \"good\" left out: a second playlist named \"good\"",
              "[playlists] 6: playlist \"empty\" left out: 0 dashboards"})
            QVERIFY2(said.contains(QLatin1String(expectedWords)),
                     qPrintable(QString::fromLatin1(expectedWords) + QStringLiteral(" not in:\n") + said));
        QCOMPARE(settings.refusedValues().size(), 8);
    }

    // A size in the billions (issue 17's `[profiles] size=2000000000`) reads at most the bound, at once.
    void hugeArraySizesAreBounded()
    {
        const QString file = m_dir.filePath(QStringLiteral("f.ini"));
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("[starred]\nsize=2000000000\n1\\dashboard=api\n"
                    "[playlists]\nsize=2000000000\n1\\name=a\n1\\dashboards=api\n1\\intervalMs=60000\n");
        }
        Settings settings(std::make_unique<QSettings>(file, QSettings::IniFormat));
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(settings.starredDashboards(), QStringList{QStringLiteral("api")});
        QCOMPARE(settings.playlists().size(), size_t(1));
        QVERIFY(timer.elapsed() < 5000);
        const QString said = settings.refusedValues().join(u'\n');
        QVERIFY2(said.contains(QLatin1String("[starred]: size=2000000000 is more than the 256 kept")),
                 qPrintable(said));
        QVERIFY2(said.contains(QLatin1String("[playlists]: size=2000000000 is more than the 64 kept")),
                 qPrintable(said));
        QVERIFY2(said.contains(QLatin1String("settings [starred]: entries its size counts are missing")),
                 qPrintable(said));
        QCOMPARE(settings.refusedValues().size(), 4); // once per array, not once per missing entry
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
