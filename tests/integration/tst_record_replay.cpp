// Record every built-in dashboard from a Prometheus over the fixture, stop that Prometheus, replay:
// `promdeck data --replay` must equal the live `promdeck data` exactly. And a damaged snapshot is
// refused with its reason and exit code 1.
#include "dashboard/DashboardLoader.h"
#include "dashboard/GridGeometry.h"
#include "export/DataExport.h"
#include "prometheus/PrometheusClient.h"
#include "query/DashboardRefresher.h"
#include "query/Variables.h"
#include "snapshot/FlightRecorder.h"
#include "snapshot/RecordingSource.h"
#include "snapshot/SnapshotSource.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

namespace {

struct Run
{
    int exitCode = -1;
    QString stdErr;
    QString stdOut;
};

Run runPromdeck(const QStringList &args)
{
    QProcess p;
    p.start(promdeck::test::promdeckBinary(), args);
    if (!p.waitForFinished(120'000))
        qFatal("promdeck %s did not finish", qPrintable(args.join(QLatin1Char(' '))));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardError()),
            QString::fromUtf8(p.readAllStandardOutput())};
}

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

bool runScript(const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.start(qEnvironmentVariable("PROMDECK_FIXTURE_SCRIPT"), args);
    return p.waitForFinished(300'000) && p.exitCode() == 0;
}

// `promdeck data` with each query's series in label order: Prometheus promises no order within an
// answer, and recordings keep series sorted; what a panel shows (a table sorted by a column, a chart)
// does not depend on it.
QJsonObject seriesInLabelOrder(QJsonObject shown)
{
    QJsonArray panels = shown.value(QStringLiteral("panels")).toArray();
    for (QJsonValueRef panel : panels) {
        QJsonObject p = panel.toObject();
        QJsonArray queries = p.value(QStringLiteral("queries")).toArray();
        for (QJsonValueRef query : queries) {
            QJsonObject q = query.toObject();
            QJsonArray series = q.value(QStringLiteral("series")).toArray();
            QList<QJsonValue> sorted(series.begin(), series.end());
            std::sort(sorted.begin(), sorted.end(), [](const QJsonValue &a, const QJsonValue &b) {
                return QJsonDocument(a.toObject().value(QStringLiteral("labels")).toObject()).toJson() <
                       QJsonDocument(b.toObject().value(QStringLiteral("labels")).toObject()).toJson();
            });
            QJsonArray ordered;
            for (const QJsonValue &v : sorted)
                ordered.append(v);
            q.insert(QStringLiteral("series"), ordered);
            query = q;
        }
        p.insert(QStringLiteral("queries"), queries);
        panel = p;
    }
    shown.insert(QStringLiteral("panels"), panels);
    return shown;
}

// The api dashboard at 1600 px, refreshed over `range` from `source`; what its panels show.
QJsonObject showApi(promdeck::DataSource *source, const promdeck::TimeRange &range,
                    const QMap<QString, QString> &overrides = {},
                    promdeck::FlightRecorder *recorder = nullptr)
{
    using namespace promdeck;
    auto loaded = loadDashboardFile(promdeck::test::sourcePath(QStringLiteral("dashboards/api.json")));
    DashboardRefresher refresher(source, *loaded.dashboard, PlannerSettings{});
    // Its variables first, as the window resolves them (from the recording too, when rewinding).
    VariableResolver resolver(source);
    QSignalSpy resolved(&resolver, &VariableResolver::finished);
    resolver.resolve(refresher.dashboard(), range, overrides);
    if (!resolver.isFinished() && !resolved.wait(60'000))
        qFatal("the api dashboard's variables were not resolved");
    if (!resolver.errors().isEmpty())
        qFatal("variables: %s", qPrintable(resolver.errors().join(QStringLiteral("; "))));
    refresher.setVariables(resolver.values());
    if (recorder)
        recorder->setVariables(resolver.values().selections());
    for (const PlacedPanel &p : GridGeometry::place(refresher.dashboard(), 1600))
        refresher.setPanelWidth(p.panel->id, p.rect.width());
    QSignalSpy settled(&refresher, &DashboardRefresher::settled);
    refresher.refresh(range);
    if (!settled.wait(60'000))
        qFatal("the api dashboard did not settle");
    QJsonObject shown = QJsonDocument::fromJson(exportPanelData(refresher, range)).object();
    shown.remove(QStringLiteral("source"));
    return seriesInLabelOrder(shown);
}

} // namespace

class TestRecordReplay : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_prometheusDir;

private slots:
    void recordStopReplay()
    {
        // A Prometheus of this test's own, over a copy of the fixture's blocks, so that stopping it
        // leaves the other tests theirs.
        m_prometheusDir = m_dir.filePath(QStringLiteral("prometheus"));
        const QString fixture = qEnvironmentVariable("PROMDECK_FIXTURE_DIR");
        QVERIFY(QDir().mkpath(m_prometheusDir));
        QProcess copy;
        copy.start(QStringLiteral("cp"), {QStringLiteral("-r"), fixture + QStringLiteral("/tsdb"),
                                          fixture + QStringLiteral("/tsdb.key"), m_prometheusDir});
        QVERIFY(copy.waitForFinished(120'000) && copy.exitCode() == 0);
        QFile::remove(m_prometheusDir + QStringLiteral("/tsdb/lock"));
        QVERIFY(runScript(
            {QStringLiteral("start"), m_prometheusDir, qEnvironmentVariable("PROMDECK_FIXTURE_GENERATOR")}));
        QFile urlFile(m_prometheusDir + QStringLiteral("/url"));
        QVERIFY(urlFile.open(QIODevice::ReadOnly));
        const QString url = QString::fromUtf8(urlFile.readAll().trimmed());

        const QStringList range{QStringLiteral("--from"), QStringLiteral("2026-01-05T00:00:00Z"),
                                QStringLiteral("--to"), QStringLiteral("2026-01-06T00:00:00Z")};
        const QStringList dashboards = QDir(promdeck::test::sourcePath(QStringLiteral("dashboards")))
                                           .entryList({QStringLiteral("*.json")});
        QVERIFY(!dashboards.isEmpty());
        QStringList names;
        for (const QString &file : dashboards) {
            const QString name = QFileInfo(file).completeBaseName();
            names << name;
            const Run live =
                runPromdeck(QStringList{QStringLiteral("data"), QStringLiteral("--dashboard"), name,
                                        QStringLiteral("--prometheus"), url, QStringLiteral("-o"),
                                        m_dir.filePath(name + QStringLiteral(".live.json"))} +
                            range);
            QCOMPARE(live.exitCode, 0);
            const Run record =
                runPromdeck(QStringList{QStringLiteral("record"), QStringLiteral("--dashboard"), name,
                                        QStringLiteral("--prometheus"), url, QStringLiteral("-o"),
                                        m_dir.filePath(name + QStringLiteral(".pdsnap"))} +
                            range);
            QVERIFY2(record.exitCode == 0, qPrintable(record.stdErr));
        }

        // The flight recorder watches two refreshes, ten minutes apart, as the window would do them.
        const QString flightFile = m_dir.filePath(QStringLiteral("flight.pdsnap"));
        const promdeck::TimeRange first{1'767'614'400'000, 1'767'636'000'000}; // 12:00 to 18:00
        const promdeck::TimeRange last{first.fromMs + 600'000, first.toMs + 600'000};
        QJsonObject lastLive;
        {
            QNetworkAccessManager network;
            promdeck::PrometheusClient client(&network, {QUrl(url), {}, std::chrono::seconds(30), 2000});
            promdeck::FlightRecorder recorder(flightFile);
            promdeck::RecordingSource recording(&client, &recorder);
            showApi(&recording, first, {}, &recorder);
            lastLive = showApi(&recording, last, {}, &recorder);
            QVERIFY(recorder.flush());
        }

        QVERIFY(runScript({QStringLiteral("stop"), m_prometheusDir}));

        // Rewind after the server is gone (and after a restart: a new recorder reads the file).
        {
            promdeck::FlightRecorder restarted(flightFile);
            const promdeck::Snapshot kept = restarted.snapshot();
            QCOMPARE(kept.variables.value(QStringLiteral("job")), QStringLiteral("fastapi"));
            promdeck::SnapshotSource rewound(kept);
            const QJsonObject rewoundShown = showApi(&rewound, last, kept.variables);
            QCOMPARE(rewoundShown, lastLive);
        }

        const Run gone = runPromdeck({QStringLiteral("data"), QStringLiteral("--dashboard"), names.front(),
                                      QStringLiteral("--prometheus"), url, QStringLiteral("-o"),
                                      m_dir.filePath(QStringLiteral("gone.json"))});
        QCOMPARE(gone.exitCode, 1); // nothing could be answered: said per panel, and the command fails
        QVERIFY(QJsonDocument(readJson(m_dir.filePath(QStringLiteral("gone.json"))))
                    .toJson()
                    .contains("connection refused"));

        for (const QString &name : names) {
            const Run replay =
                runPromdeck({QStringLiteral("data"), QStringLiteral("--replay"),
                             m_dir.filePath(name + QStringLiteral(".pdsnap")), QStringLiteral("-o"),
                             m_dir.filePath(name + QStringLiteral(".replay.json"))});
            QVERIFY2(replay.exitCode == 0, qPrintable(replay.stdErr));
            QJsonObject live = readJson(m_dir.filePath(name + QStringLiteral(".live.json")));
            QJsonObject replayed = readJson(m_dir.filePath(name + QStringLiteral(".replay.json")));
            QVERIFY(!live.value(QLatin1String("panels")).toArray().isEmpty());
            QCOMPARE(replayed.value(QLatin1String("source")).toString(),
                     QStringLiteral("snapshot of ") + url);
            live.remove(QStringLiteral("source"));
            replayed.remove(QStringLiteral("source"));
            QCOMPARE(seriesInLabelOrder(replayed), seriesInLabelOrder(live));

            // The picture too, with nothing to fetch.
            const Run render =
                runPromdeck({QStringLiteral("render"), QStringLiteral("--replay"),
                             m_dir.filePath(name + QStringLiteral(".pdsnap")), QStringLiteral("-o"),
                             m_dir.filePath(name + QStringLiteral(".png"))});
            QVERIFY2(render.exitCode == 0, qPrintable(render.stdErr));
            QVERIFY(QFileInfo(m_dir.filePath(name + QStringLiteral(".png"))).size() > 10'000);
        }
    }

    void noCredentialsInSnapshots()
    {
        // The URL's user-info never reaches the file.
        const QString url = promdeck::test::fixturePrometheusUrl().toString().replace(
            QStringLiteral("http://"), QStringLiteral("http://operator:s3cr3t-pw@"));
        const QString path = m_dir.filePath(QStringLiteral("creds.pdsnap"));
        const Run record = runPromdeck(
            {QStringLiteral("record"), QStringLiteral("--dashboard"), QStringLiteral("api"),
             QStringLiteral("--prometheus"), url, QStringLiteral("--from"), QStringLiteral("1767571200"),
             QStringLiteral("--to"), QStringLiteral("1767578400"), QStringLiteral("-o"), path});
        QVERIFY2(record.exitCode == 0, qPrintable(record.stdErr));
        const Run replay = runPromdeck({QStringLiteral("data"), QStringLiteral("--replay"), path,
                                        QStringLiteral("-o"), m_dir.filePath(QStringLiteral("creds.json"))});
        QCOMPARE(replay.exitCode, 0);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray compressedFile = f.readAll();
        QVERIFY(!compressedFile.contains("s3cr3t"));
        // Its decoded contents neither: the replayed source names the server without user-info.
        const QJsonObject replayed = readJson(m_dir.filePath(QStringLiteral("creds.json")));
        QVERIFY(!QJsonDocument(replayed).toJson().contains("s3cr3t"));
        QVERIFY(!replayed.value(QLatin1String("source")).toString().contains(QLatin1String("operator")));
    }

    void damagedSnapshotsAreRefused()
    {
        const QString good = m_dir.filePath(QStringLiteral("creds.pdsnap"));
        QFile f(good);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(!bytes.isEmpty());
        struct Case
        {
            QString name;
            QByteArray bytes;
            QString reason;
        };
        QByteArray flipped = bytes;
        flipped[bytes.size() / 2] = static_cast<char>(flipped[bytes.size() / 2] ^ 1);
        QByteArray newer = bytes;
        newer[8] = 9;
        const QList<Case> cases{
            {QStringLiteral("half"), bytes.left(bytes.size() / 2), QStringLiteral("truncated")},
            {QStringLiteral("flipped"), flipped, QStringLiteral("checksum does not match")},
            {QStringLiteral("newer"), newer, QStringLiteral("newer than this Promdeck reads")},
            {QStringLiteral("empty"), QByteArray(), QStringLiteral("the file is empty")}};
        for (const Case &c : cases) {
            const QString path = m_dir.filePath(c.name + QStringLiteral(".pdsnap"));
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(c.bytes);
            out.close();
            const Run run = runPromdeck({QStringLiteral("data"), QStringLiteral("--replay"), path,
                                         QStringLiteral("-o"), m_dir.filePath(QStringLiteral("x.json"))});
            QCOMPARE(run.exitCode, 1);
            QVERIFY2(run.stdErr.contains(path + QStringLiteral(": ")) && run.stdErr.contains(c.reason),
                     qPrintable(run.stdErr));
        }
        const Run dir = runPromdeck({QStringLiteral("data"), QStringLiteral("--replay"), m_dir.path(),
                                     QStringLiteral("-o"), m_dir.filePath(QStringLiteral("x.json"))});
        QCOMPARE(dir.exitCode, 1);
        QVERIFY2(dir.stdErr.contains(QStringLiteral("is a directory, not a snapshot")),
                 qPrintable(dir.stdErr));
    }

    void cleanupTestCase()
    {
        if (!m_prometheusDir.isEmpty())
            runScript({QStringLiteral("stop"), m_prometheusDir});
    }
};

QTEST_GUILESS_MAIN(TestRecordReplay)
#include "tst_record_replay.moc"
