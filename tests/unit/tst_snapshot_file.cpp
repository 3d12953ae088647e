// The snapshot file: everything survives a round trip bit for bit, and every damaged file is refused
// with its reason (cut at every sixteenth of its length, flipped bytes, a newer version, empty, a
// directory), never a crash.
#include "series/LabelSet.h"
#include "snapshot/SnapshotFile.h"
#include "snapshot/SnapshotSource.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <cstring>

using namespace promdeck;

namespace {

Snapshot makeSnapshot()
{
    Snapshot s;
    s.dashboardJson = R"({"title":"T","panels":[]})";
    s.dashboardName = QStringLiteral("api");
    s.variables.insert(QStringLiteral("instance"), QStringLiteral("api-0:8000"));
    s.range = {1'767'571'200'000, 1'767'657'600'000};
    s.createdMs = 1'767'700'000'123;
    s.promdeckVersion = QStringLiteral("0.1.0");
    s.source = QStringLiteral("http://127.0.0.1:9090");
    s.buildInfo.insert(QStringLiteral("version"), QStringLiteral("2.42.0"));

    QueryResult matrix;
    matrix.type = ResultType::Matrix;
    matrix.warnings << QStringLiteral("partial data");
    for (int k = 0; k < 3; ++k) {
        Series series;
        series.labels = LabelSet::fromLabels({{QStringLiteral("handler"), QStringLiteral("/api/é/%1").arg(k)},
                                              {QStringLiteral("job"), QStringLiteral("fastapi")}});
        for (int i = 0; i < 500; ++i) {
            series.timestampsMs.push_back(s.range.fromMs + i * 15'000 + (i == 77 ? 3 : 0));
            // Repeating values (the dictionary encoding) for one series, noisy ones for another.
            series.values.push_back(k == 0 ? (i % 7) / 60.0 : std::sin(i * 0.37 + k) * 1e3);
        }
        series.values[10] = NAN;
        series.values[11] = INFINITY;
        series.values[12] = -INFINITY;
        series.values[13] = -0.0;
        matrix.series.push_back(std::move(series));
    }
    RecordedQuery range;
    range.range = {QStringLiteral("sum by (handler) (rate(x[1m]))"), s.range.fromMs, s.range.toMs, 15'000};
    range.outcome = QueryOutcome::success(std::move(matrix));
    s.queries.push_back(range);

    QueryResult vector;
    vector.type = ResultType::Vector;
    Series one;
    one.timestampsMs = {s.range.toMs};
    one.values = {42};
    vector.series.push_back(one);
    RecordedQuery instant;
    instant.instant = true;
    instant.instantQuery = {QStringLiteral("count(up)"), s.range.toMs};
    instant.outcome = QueryOutcome::success(std::move(vector));
    s.queries.push_back(instant);

    RecordedQuery failed;
    failed.range = {QStringLiteral("sum(rate(x[5m]"), s.range.fromMs, s.range.toMs, 60'000};
    Error e;
    e.kind = Error::Kind::BadData;
    e.httpStatus = 400;
    e.errorType = QStringLiteral("bad_data");
    e.detail = QStringLiteral("1:15: parse error: unclosed left parenthesis");
    failed.outcome = QueryOutcome::failure(e);
    s.queries.push_back(failed);
    return s;
}

bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

} // namespace

class TestSnapshotFile : public QObject
{
    Q_OBJECT
private slots:
    // Found by the snapshot reader's fuzzer (2 GB after 470,000 inputs): every label string ever read
    // stayed in the intern pool. Strings nobody holds any more are dropped; held ones stay shared.
    void labelPoolIsBoundedByWhatIsHeld()
    {
        const QString held = internLabelString("pod-held-across-the-churn");
        for (int i = 0; i < 50'000; ++i)
            internLabelString(QStringLiteral("pod-%1").arg(i).toStdString());
        QVERIFY2(internedLabelStringCount() < 20'000,
                 qPrintable(QStringLiteral("%1 strings interned after 50,000 were dropped")
                                .arg(internedLabelStringCount())));
        const QString again = internLabelString("pod-held-across-the-churn");
        QCOMPARE(again.constData(), held.constData()); // still the one shared copy
    }

    void roundTrip()
    {
        const Snapshot original = makeSnapshot();
        const QByteArray bytes = encodeSnapshot(original);
        const Result<Snapshot> read = decodeSnapshot(bytes);
        QVERIFY2(read, qPrintable(read.error().toString()));
        const Snapshot &s = *read;
        QCOMPARE(s.dashboardJson, original.dashboardJson);
        QCOMPARE(s.dashboardName, original.dashboardName);
        QCOMPARE(s.variables, original.variables);
        QCOMPARE(s.range, original.range);
        QCOMPARE(s.createdMs, original.createdMs);
        QCOMPARE(s.source, original.source);
        QCOMPARE(s.buildInfo, original.buildInfo);
        QCOMPARE(s.queries.size(), original.queries.size());
        for (size_t q = 0; q < s.queries.size(); ++q) {
            const RecordedQuery &a = s.queries[q];
            const RecordedQuery &b = original.queries[q];
            QCOMPARE(a.instant, b.instant);
            QCOMPARE(a.range, b.range);
            QCOMPARE(a.instantQuery, b.instantQuery);
            QCOMPARE(a.outcome.ok(), b.outcome.ok());
            if (!a.outcome.ok()) {
                QCOMPARE(a.outcome.error.message(), b.outcome.error.message());
                QCOMPARE(a.outcome.error.kind, b.outcome.error.kind);
                continue;
            }
            QCOMPARE(a.outcome.result->type, b.outcome.result->type);
            QCOMPARE(a.outcome.result->warnings, b.outcome.result->warnings);
            QCOMPARE(a.outcome.result->series.size(), b.outcome.result->series.size());
            for (size_t i = 0; i < a.outcome.result->series.size(); ++i) {
                const Series &x = a.outcome.result->series[i];
                const Series &y = b.outcome.result->series[i];
                QVERIFY(x.labels == y.labels);
                QCOMPARE(x.timestampsMs, y.timestampsMs);
                QCOMPARE(x.values.size(), y.values.size());
                for (size_t k = 0; k < x.values.size(); ++k)
                    QVERIFY2(sameBits(x.values[k], y.values[k]), qPrintable(QString::number(k)));
            }
        }
        // Compact: well under Prometheus' ~23 bytes of JSON per sample.
        QVERIFY(double(bytes.size()) / double(original.sampleCount()) < 8);
    }

    void refusesDamage_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("reason");
        const QByteArray good = encodeSnapshot(makeSnapshot());
        QTest::newRow("empty") << QByteArray() << QStringLiteral("the file is empty");
        QTest::newRow("not a snapshot")
            << QByteArray("{\"title\": \"a dashboard\"}") << QStringLiteral("not a Promdeck snapshot");
        for (int sixteenth = 1; sixteenth < 16; ++sixteenth) {
            const qsizetype cut = good.size() * sixteenth / 16;
            QTest::newRow(qPrintable(QStringLiteral("cut at %1/16").arg(sixteenth)))
                << good.left(cut)
                << (cut < 28 ? QStringLiteral("shorter than the") : QStringLiteral("truncated"));
        }
        for (qsizetype at : {qsizetype(30), good.size() / 3, good.size() / 2, good.size() - 1}) {
            QByteArray flipped = good;
            flipped[at] = static_cast<char>(flipped[at] ^ 0x20);
            QTest::newRow(qPrintable(QStringLiteral("flipped byte %1").arg(at)))
                << flipped << QStringLiteral("checksum does not match");
        }
        QByteArray newer = good;
        newer[8] = 2; // major version 2
        QTest::newRow("newer major version") << newer << QStringLiteral("is newer than this Promdeck reads");
        QTest::newRow("trailing bytes") << good + "xyz" << QStringLiteral("unexpected bytes after its end");
        QByteArray magicDamaged = good;
        magicDamaged[1] = 'X';
        QTest::newRow("damaged signature") << magicDamaged << QStringLiteral("not a Promdeck snapshot");
    }
    void refusesDamage()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, reason);
        const Result<Snapshot> read = decodeSnapshot(bytes);
        QVERIFY(!read);
        QVERIFY2(read.error().toString().contains(reason), qPrintable(read.error().toString()));
    }

    void filesAndDirectories()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("a.pdsnap"));
        QVERIFY(writeSnapshotFile(path, makeSnapshot()));
        QVERIFY(readSnapshotFile(path));
        const Result<Snapshot> asDir = readSnapshotFile(dir.path());
        QVERIFY(!asDir);
        QCOMPARE(asDir.error().toString(), dir.path() + QStringLiteral(": is a directory, not a snapshot"));
        QCOMPARE(asDir.error().location.file, dir.path());
        const Result<Snapshot> missing = readSnapshotFile(dir.filePath(QStringLiteral("none.pdsnap")));
        QVERIFY(missing.error().toString().contains(QStringLiteral("cannot open")));
        // Writing is atomic: a failed write leaves nothing half-written behind.
        const Result<> written =
            writeSnapshotFile(dir.filePath(QStringLiteral("no/such/dir/a.pdsnap")), makeSnapshot());
        QVERIFY(!written);
        QVERIFY(written.error().toString().contains(QStringLiteral("cannot write")));
    }

    void sourceAnswersFromTheRecording()
    {
        SnapshotSource source(makeSnapshot());
        const Snapshot &s = source.snapshot();
        // The exact query recorded.
        QueryReply *exact = source.queryRange(s.queries[0].range);
        QSignalSpy exactSpy(exact, &QueryReply::finished);
        QVERIFY(exactSpy.isEmpty()); // from the event loop, never from inside the call
        QVERIFY(exactSpy.wait(5000));
        QCOMPARE(exact->outcome().result.get(), s.queries[0].outcome.result.get());
        // A zoom: the same expression, a narrower range, another step: the samples inside it.
        RangeQuery zoom = s.queries[0].range;
        zoom.startMs += 3'600'000;
        zoom.endMs = zoom.startMs + 600'000;
        zoom.stepMs = 5'000;
        QueryReply *zoomed = source.queryRange(zoom);
        QSignalSpy zoomSpy(zoomed, &QueryReply::finished);
        QVERIFY(zoomSpy.wait(5000));
        QVERIFY(zoomed->outcome().ok());
        for (const Series &series : zoomed->outcome().result->series) {
            QCOMPARE(series.size(), 41);
            QVERIFY(series.timestampsMs.front() >= zoom.startMs && series.timestampsMs.back() <= zoom.endMs);
        }
        // Never recorded: says so.
        QueryReply *unknown = source.queryRange({QStringLiteral("up"), zoom.startMs, zoom.endMs, 15'000});
        QSignalSpy unknownSpy(unknown, &QueryReply::finished);
        QVERIFY(unknownSpy.wait(5000));
        QCOMPARE(unknown->outcome().error.message(),
                 QStringLiteral("not in this snapshot: the recording never ran up"));
        // A recorded error replays as it was.
        QueryReply *failed = source.queryRange(s.queries[2].range);
        QSignalSpy failedSpy(failed, &QueryReply::finished);
        QVERIFY(failedSpy.wait(5000));
        QCOMPARE(failed->outcome().error.message(),
                 QStringLiteral("1:15: parse error: unclosed left parenthesis"));
    }
};

QTEST_GUILESS_MAIN(TestSnapshotFile)
#include "tst_snapshot_file.moc"
