// Settings that other features read: the dashboards folder (imports save there, the search looks there).
#include "settings/Settings.h"

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

    // The theme: dark until chosen, remembered, signalled once per change; a value it does not know reads
    // dark (a hand-edited file must not leave the window without colours).
    void themeIsDarkUntilChosenAndRemembered()
    {
        const QString file = m_dir.filePath(QStringLiteral("theme.ini"));
        {
            Settings settings(std::make_unique<QSettings>(file, QSettings::IniFormat));
            QCOMPARE(settings.theme(), ThemeChoice::Dark);
            QSignalSpy changed(&settings, &Settings::themeChanged);
            settings.setTheme(ThemeChoice::FollowSystem);
            QCOMPARE(settings.theme(), ThemeChoice::FollowSystem);
            settings.setTheme(ThemeChoice::FollowSystem);
            QCOMPARE(changed.size(), 1);
            settings.setTheme(ThemeChoice::Light);
            QCOMPARE(changed.size(), 2);
        }
        QCOMPARE(QSettings(file, QSettings::IniFormat).value(QStringLiteral("view/theme")).toString(),
                 QStringLiteral("light"));
        QCOMPARE(Settings(std::make_unique<QSettings>(file, QSettings::IniFormat)).theme(),
                 ThemeChoice::Light);
        QSettings(file, QSettings::IniFormat)
            .setValue(QStringLiteral("view/theme"), QStringLiteral("purple"));
        QCOMPARE(Settings(std::make_unique<QSettings>(file, QSettings::IniFormat)).theme(),
                 ThemeChoice::Dark);
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

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
