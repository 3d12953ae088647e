// The importing library without a network: what counts as a dashboard (and how the rest is said),
// the saved file (the download byte for byte plus its record), the folder's refusal to write over an
// earlier import, nothing half-written, and kube-prometheus' ConfigMap list read key by key.
#include "importing/ClusterDashboards.h"
#include "importing/DashboardFolder.h"
#include "importing/ImportedDashboard.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace promdeck;

namespace {
QByteArray realDashboard(const QString &name)
{
    QFile f(test::sourcePath(QStringLiteral("tests/testdata/grafana-dashboards/") + name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    return f.readAll();
}
QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestImporting : public QObject
{
    Q_OBJECT
private slots:
    void readsInputsOfARealDashboard()
    {
        const Result<ImportedDashboard> read = readImportedDashboard(
            realDashboard(QStringLiteral("redis-exporter.json")), QStringLiteral("redis.json"));
        QVERIFY(read);
        QCOMPARE(read->title, QStringLiteral("Redis Dashboard for Prometheus Redis Exporter 1.x"));
        QCOMPARE(read->inputs.size(), size_t(1));
        QCOMPARE(read->inputs[0].name, QStringLiteral("DS_PROM"));
        QCOMPARE(read->inputs[0].label, QStringLiteral("prom"));
        QCOMPARE(read->inputs[0].pluginId, QStringLiteral("prometheus"));
        QVERIFY(read->inputs[0].isDataSource());
    }

    void whatIsNotADashboardIsSaid_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("cut") << QByteArray("{\n  \"title\": \"x\",\n  \"panels\": [{\"id\": 1}")
                             << QStringLiteral("w:3:23: the JSON stops after 40 bytes: it was cut short "
                                               "(unterminated array)");
        QTest::newRow("invalid") << QByteArray("{\"title\": nope}")
                                 << QStringLiteral("w:1:13: not valid JSON: illegal value");
        QTest::newRow("api error") << QByteArray(R"({"code": "NotFound", "message": "Dashboard not found"})")
                                   << QStringLiteral(
                                          "w: this JSON is not a dashboard: it has no \"panels\" nor "
                                          "\"rows\" (its keys: code, message); it says: \"Dashboard "
                                          "not found\"");
        QTest::newRow("list") << QByteArray("[{\"panels\": []}]")
                              << QStringLiteral("w: this JSON is a list, not a dashboard (a dashboard is an "
                                                "object with \"panels\")");
        QTest::newRow("empty") << QByteArray("  \n") << QStringLiteral("w: empty, not a dashboard");
    }
    void whatIsNotADashboardIsSaid()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        const Result<ImportedDashboard> read = readImportedDashboard(json, QStringLiteral("w"));
        QVERIFY(!read);
        QCOMPARE(read.error().toString(), expected);
    }

    void savedFileIsTheDownloadPlusItsRecord()
    {
        const QByteArray original = realDashboard(QStringLiteral("redis-exporter.json"));
        Result<ImportedDashboard> read = readImportedDashboard(original, QStringLiteral("w"));
        QVERIFY(read);
        read->origin.from = QStringLiteral("https://grafana.com/api/dashboards/763/revisions/5/download");
        read->origin.grafanaComId = 763;
        read->origin.revision = 5;
        const QByteArray saved =
            withImportRecord(*read, {{QStringLiteral("DS_PROM"), QStringLiteral("prod")}});
        // Only the record's line was added.
        QList<QByteArray> lines = saved.split('\n');
        QVERIFY(lines[1].startsWith("  \"__promdeck\": {"));
        lines.removeAt(1);
        QCOMPARE(lines.join('\n'), original);
        QJsonObject withoutRecord = QJsonDocument::fromJson(saved).object();
        withoutRecord.remove(QStringLiteral("__promdeck"));
        QCOMPARE(withoutRecord, QJsonDocument::fromJson(original).object());
        const std::optional<ImportRecord> record = readImportRecord(saved);
        QVERIFY(record);
        QCOMPARE(record->origin.grafanaComId, 763);
        QCOMPARE(record->origin.revision, 5);
        QCOMPARE(mappedProfile(*record), QStringLiteral("prod"));
        // Imported again (a saved file pasted): one record, the new one.
        Result<ImportedDashboard> again = readImportedDashboard(saved, QStringLiteral("w"));
        QVERIFY(again);
        QCOMPARE(again->origin.grafanaComId, 763);
        const QByteArray twice =
            withImportRecord(*again, {{QStringLiteral("DS_PROM"), QStringLiteral("dev")}});
        QCOMPARE(twice.count("__promdeck"), 1);
        QCOMPARE(mappedProfile(*readImportRecord(twice)), QStringLiteral("dev"));
    }

    void readableFileNames()
    {
        QCOMPARE(readableFileName(QStringLiteral("Kubernetes / Compute Resources / Pod")),
                 QStringLiteral("kubernetes-compute-resources-pod.json"));
        QCOMPARE(readableFileName(QStringLiteral("Redis Dashboard for Prometheus Redis Exporter 1.x")),
                 QStringLiteral("redis-dashboard-for-prometheus-redis-exporter-1-x.json"));
        QCOMPARE(readableFileName(QStringLiteral("  //  ")), QStringLiteral("dashboard.json"));
        QCOMPARE(readableFileName(QStringLiteral("Übersicht_Knoten")),
                 QStringLiteral("übersicht-knoten.json"));
    }

    void secondImportAsksReplacesOrKeepsBoth()
    {
        QTemporaryDir dir;
        Result<ImportedDashboard> read = readImportedDashboard(
            realDashboard(QStringLiteral("postgres-mixin-overview.json")), QStringLiteral("w"));
        QVERIFY(read);
        read->origin.grafanaComId = 455;
        read->origin.revision = 1;
        const DashboardFolder folder(dir.filePath(QStringLiteral("dashboards")));
        const Result<QString> first = folder.save(*read, {}, DashboardFolder::WhenImportedBefore::Refuse);
        QVERIFY(first);
        QCOMPARE(*first, dir.filePath(QStringLiteral("dashboards/postgres-overview.json")));
        const QByteArray before = readAll(*first);

        read->origin.revision = 2;
        const Result<QString> refused = folder.save(*read, {}, DashboardFolder::WhenImportedBefore::Refuse);
        QVERIFY(!refused);
        QCOMPARE(
            refused.error().message(),
            QStringLiteral("dashboard 455 was imported before (revision 1), as %1: replace it or keep both")
                .arg(*first));
        QCOMPARE(readAll(*first), before);
        QCOMPARE(QDir(folder.path()).entryList(QDir::Files).size(), 1);

        const Result<QString> both = folder.save(*read, {}, DashboardFolder::WhenImportedBefore::KeepBoth);
        QCOMPARE(*both, dir.filePath(QStringLiteral("dashboards/postgres-overview-2.json")));
        QCOMPARE(readAll(*first), before);
        const Result<QString> replaced = folder.save(*read, {}, DashboardFolder::WhenImportedBefore::Replace);
        QCOMPARE(*replaced, *first);
        QCOMPARE(readImportRecord(readAll(*first))->origin.revision, 2);

        // Another dashboard with the same title is not an earlier import: it keeps its file.
        read->origin.grafanaComId = 9999;
        const Result<QString> other = folder.save(*read, {}, DashboardFolder::WhenImportedBefore::Refuse);
        QCOMPARE(*other, dir.filePath(QStringLiteral("dashboards/postgres-overview-3.json")));
    }

    void nothingWrittenWhenTheFileCannotBe()
    {
        QTemporaryDir dir;
        const Result<ImportedDashboard> read =
            readImportedDashboard(realDashboard(QStringLiteral("kp_kubelet.json")), QStringLiteral("w"));
        QVERIFY(read);
        // The folder's place is taken by a file: no folder can be made there.
        const QString blocked = dir.filePath(QStringLiteral("blocked"));
        QVERIFY(QFile(blocked).open(QIODevice::WriteOnly));
        const Result<QString> noFolder = DashboardFolder(blocked + QStringLiteral("/dashboards"))
                                             .save(*read, {}, DashboardFolder::WhenImportedBefore::Refuse);
        QVERIFY(!noFolder);
        QCOMPARE(noFolder.error().message(),
                 QStringLiteral("cannot make the folder %1/dashboards").arg(blocked));
        // -o names a directory: QSaveFile cannot open it, nothing is left beside it.
        const QString taken = dir.filePath(QStringLiteral("taken.json"));
        QVERIFY(QDir().mkpath(taken));
        const Result<QString> noFile =
            DashboardFolder(dir.path()).save(*read, {}, DashboardFolder::WhenImportedBefore::Replace, taken);
        QVERIFY(!noFile);
        QVERIFY(noFile.error().message().startsWith(QStringLiteral("cannot write %1: ").arg(taken)));
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList({QStringLiteral("blocked"), QStringLiteral("taken.json")}));
        QVERIFY(QDir(taken).isEmpty());
    }

    void configMapListOfKubePrometheusShape()
    {
        // kube-prometheus' manifest: a List of ConfigMaps; here one holds two dashboards and a key that
        // is not one.
        QJsonObject twoKeys{{QStringLiteral("kubelet.json"),
                             QString::fromUtf8(realDashboard(QStringLiteral("kp_kubelet.json")))},
                            {QStringLiteral("prometheus.json"),
                             QString::fromUtf8(realDashboard(QStringLiteral("kp_prometheus.json")))},
                            {QStringLiteral("broken.json"), QStringLiteral("{\"title\": \"b\"")},
                            {QStringLiteral("README.md"), QStringLiteral("not read")}};
        const auto configMap = [](const QString &name, const QJsonObject &data) {
            return QJsonObject{
                {QStringLiteral("apiVersion"), QStringLiteral("v1")},
                {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                {QStringLiteral("data"), data},
                {QStringLiteral("metadata"),
                 QJsonObject{{QStringLiteral("name"), name},
                             {QStringLiteral("namespace"), QStringLiteral("monitoring")},
                             {QStringLiteral("labels"),
                              QJsonObject{{QStringLiteral("grafana_dashboard"), QStringLiteral("1")}}}}}};
        };
        const QJsonObject list{
            {QStringLiteral("apiVersion"), QStringLiteral("v1")},
            {QStringLiteral("kind"), QStringLiteral("List")},
            {QStringLiteral("items"),
             QJsonArray{configMap(QStringLiteral("grafana-dashboard-apiserver"),
                                  {{QStringLiteral("apiserver.json"),
                                    QString::fromUtf8(realDashboard(QStringLiteral("kp_apiserver.json")))}}),
                        configMap(QStringLiteral("grafana-dashboards-mixin"), twoKeys)}}};
        ClusterQuery query;
        query.context = QStringLiteral("kind-demo");
        const Result<ClusterDashboardList> read = readConfigMapList(QJsonDocument(list).toJson(), query);
        QVERIFY(read);
        QCOMPARE(read->dashboards.size(), size_t(3));
        QCOMPARE(read->dashboards[0].title, QStringLiteral("Kubernetes / API server"));
        QCOMPARE(read->dashboards[1].origin.key, QStringLiteral("kubelet.json"));
        QCOMPARE(read->dashboards[2].origin.configMap, QStringLiteral("grafana-dashboards-mixin"));
        QCOMPARE(read->dashboards[2].origin.context, QStringLiteral("kind-demo"));
        QCOMPARE(read->dashboards[2].json, realDashboard(QStringLiteral("kp_prometheus.json")));
        QCOMPARE(read->problems.size(), size_t(1));
        QVERIFY(read->problems[0].toString().startsWith(
            QStringLiteral("ConfigMap monitoring/grafana-dashboards-mixin, key broken.json:1:")));
        QCOMPARE(query.commandLine(),
                 QStringLiteral("kubectl --context kind-demo get configmaps -n monitoring -l "
                                "grafana_dashboard=1 -o json"));
    }

    void clusterIsTheOneThePortForwardReaches()
    {
        const ClusterQuery q = ClusterQuery::fromPortForward(
            QStringLiteral("/opt/bin/kubectl --context prod port-forward -n monitoring svc/prometheus 9090"));
        QCOMPARE(q.kubectl, QStringLiteral("/opt/bin/kubectl"));
        QCOMPARE(q.context, QStringLiteral("prod"));
        QCOMPARE(ClusterQuery::fromPortForward(QStringLiteral("ssh -L 9090:localhost:9090 host")).kubectl,
                 QStringLiteral("kubectl"));
    }
};

QTEST_GUILESS_MAIN(TestImporting)
#include "tst_importing.moc"
