// The flight recorder: each sample kept once however often it was fetched, the newest answer wins,
// the file stays within its byte and age limits over hours of refreshes, and a restart finds what
// was recorded.
#include "snapshot/FlightRecorder.h"
#include "snapshot/SnapshotFile.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

using namespace promdeck;

namespace {
constexpr std::int64_t Step = 15'000;

// What a refresh of `window` ending at `endMs` would get back for `seriesCount` series.
QueryResult answer(std::int64_t endMs, std::int64_t windowMs, int seriesCount, double offset = 0)
{
    QueryResult r;
    for (int s = 0; s < seriesCount; ++s) {
        Series series;
        series.labels = LabelSet::fromLabels({{QStringLiteral("instance"), QStringLiteral("api-%1").arg(s)}});
        for (std::int64_t t = endMs - windowMs; t <= endMs; t += Step) {
            series.timestampsMs.push_back(t);
            // Noisy, repeatable values (a hash of time and series), cheap enough for hours of refreshes.
            const auto h =
                static_cast<std::uint64_t>(t / Step) * 2654435761u + static_cast<std::uint64_t>(s) * 40503u;
            series.values.push_back(double(h % 100'003) / 7.0 + offset);
        }
        r.series.push_back(std::move(series));
    }
    return r;
}
} // namespace

class TestFlightRecorder : public QObject
{
    Q_OBJECT
private slots:
    void samplesAreKeptOnce()
    {
        QTemporaryDir dir;
        FlightRecorder recorder(dir.filePath(QStringLiteral("flight.pdsnap")));
        const RangeQuery q{QStringLiteral("up"), 0, 0, Step};
        recorder.record(q, answer(3'600'000, 3'600'000, 2));
        recorder.record(q, answer(3'900'000, 3'600'000, 2, 1000)); // overlapping, newer values
        QCOMPARE(recorder.sampleCount(), qint64(2 * (3'900'000 / Step + 1)));
        const Snapshot s = recorder.snapshot();
        QCOMPARE(s.queries.size(), size_t(1));
        const Series &series = s.queries.front().outcome.result->series.front();
        QVERIFY(std::is_sorted(series.timestampsMs.begin(), series.timestampsMs.end()));
        QVERIFY(std::adjacent_find(series.timestampsMs.begin(), series.timestampsMs.end()) ==
                series.timestampsMs.end());
        // Where both answers had a sample, the newer one is kept.
        const QueryResult newer = answer(3'900'000, 3'600'000, 2, 1000);
        const auto at = std::find(series.timestampsMs.begin(), series.timestampsMs.end(), 1'800'000) -
                        series.timestampsMs.begin();
        const auto atNewer =
            std::find(newer.series[0].timestampsMs.begin(), newer.series[0].timestampsMs.end(), 1'800'000) -
            newer.series[0].timestampsMs.begin();
        QCOMPARE(series.values[size_t(at)], newer.series[0].values[size_t(atNewer)]);
        // A part of it, as a snapshot to export.
        const Snapshot part = recorder.snapshot({600'000, 900'000});
        QCOMPARE(part.queries.front().outcome.result->series.front().size(), 21);
    }

    void emptyAnswersAndVariablesSurviveARestart()
    {
        // "Asked, nothing there" is a fact to replay ("no data"), not a gap ("not recorded"); and the
        // variables the queries were written with come back with them.
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("flight.pdsnap"));
        {
            FlightRecorder recorder(file);
            recorder.record(RangeQuery{QStringLiteral("up"), 0, 3'600'000, Step},
                            answer(3'600'000, 3'600'000, 1));
            recorder.record(RangeQuery{QStringLiteral("no_such_metric"), 0, 3'600'000, Step}, QueryResult{});
            recorder.setVariables({{QStringLiteral("job"), QStringLiteral("fastapi")}});
            QVERIFY(recorder.flush());
        }
        FlightRecorder restarted(file);
        const Snapshot s = restarted.snapshot();
        QCOMPARE(s.variables.value(QStringLiteral("job")), QStringLiteral("fastapi"));
        QCOMPARE(s.queries.size(), size_t(2));
        const auto empty = std::find_if(s.queries.begin(), s.queries.end(), [](const RecordedQuery &q) {
            return q.range.expr == u"no_such_metric";
        });
        QVERIFY(empty != s.queries.end());
        QVERIFY(empty->outcome.ok());
        QVERIFY(empty->outcome.result->series.empty());
        // Outside the time it was asked for, it is not claimed.
        QCOMPARE(restarted.snapshot({7'200'000, 7'500'000}).queries.size(), size_t(0));
    }

    void boundedOverHoursOfRefreshes()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("flight.pdsnap"));
        FlightRecorderLimits limits;
        limits.maxAgeMs = 6 * 3'600'000;
        limits.maxBytes = 400'000;
        FlightRecorder recorder(file, limits);
        recorder.setDashboard(R"({"title":"t","panels":[]})", QStringLiteral("t"));
        const RangeQuery rate{QStringLiteral("sum by (instance) (rate(x[1m]))"), 0, 0, Step};
        const RangeQuery gauge{QStringLiteral("sum by (instance) (y)"), 0, 0, Step};
        qint64 largest = 0;
        // Ten hours of a 6 h window refreshed every 30 s, flushed every ten simulated minutes.
        const std::int64_t start = 1'767'571'200'000;
        for (std::int64_t now = start; now <= start + 10 * 3'600'000; now += 30'000) {
            recorder.record(rate, answer(now, 6 * 3'600'000, 12));
            recorder.record(gauge, answer(now, 6 * 3'600'000, 12, 50));
            if ((now - start) % 600'000 == 0) {
                QVERIFY(recorder.flush());
                largest = std::max(largest, QFileInfo(file).size());
                QVERIFY(recorder.coveredRange().durationMs() <= limits.maxAgeMs + Step);
            }
        }
        QVERIFY2(largest <= limits.maxBytes, qPrintable(QString::number(largest)));
        QVERIFY(recorder.coveredRange().toMs == start + 10 * 3'600'000);
        // After a restart, what was written is there.
        FlightRecorder restarted(file, limits);
        QCOMPARE(restarted.sampleCount(), recorder.sampleCount());
        QCOMPARE(restarted.coveredRange(), recorder.coveredRange());
    }

    void tightByteLimitGivesUpOldestHistory()
    {
        QTemporaryDir dir;
        FlightRecorderLimits limits;
        limits.maxBytes = 20'000;
        FlightRecorder recorder(dir.filePath(QStringLiteral("flight.pdsnap")), limits);
        recorder.record({QStringLiteral("x"), 0, 0, Step}, answer(6 * 3'600'000, 6 * 3'600'000, 20));
        QVERIFY(recorder.flush());
        QVERIFY(QFileInfo(recorder.file()).size() <= limits.maxBytes);
        QCOMPARE(recorder.coveredRange().toMs, 6 * 3'600'000); // the newest data is what stays
        QVERIFY(recorder.coveredRange().durationMs() < 6 * 3'600'000);
    }

    void unreadableRecordingIsNotTrusted()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("flight.pdsnap"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("PDSNAP\r\n garbage");
        f.close();
        FlightRecorder recorder(file);
        QCOMPARE(recorder.sampleCount(), 0);
        recorder.record({QStringLiteral("x"), 0, 0, Step}, answer(600'000, 600'000, 1));
        QVERIFY(recorder.flush());
        QVERIFY(readSnapshotFile(file));
    }
    // The window writes in two halves (take() on the GUI thread, write() on another): the same file
    // and the same recorder afterwards as a flush, byte limit included.
    void aWriteOnAnotherThreadIsAFlush()
    {
        QTemporaryDir dir;
        FlightRecorderLimits limits;
        limits.maxBytes = 20'000;
        FlightRecorder flushed(dir.filePath(QStringLiteral("flushed.pdsnap")), limits);
        FlightRecorder written(dir.filePath(QStringLiteral("written.pdsnap")), limits);
        for (FlightRecorder *r : {&flushed, &written})
            r->record({QStringLiteral("x"), 0, 0, Step}, answer(6 * 3'600'000, 6 * 3'600'000, 20));
        QVERIFY(flushed.flush());
        Result<std::int64_t> kept = Error::plain(Error::Kind::Invalid, QStringLiteral("not run"));
        QThreadPool pool;
        pool.start([&kept, pending = written.take()]() mutable {
            kept = FlightRecorder::write(std::move(pending));
        });
        pool.waitForDone();
        QVERIFY(kept);
        written.dropBefore(*kept);
        QVERIFY(QFileInfo(written.file()).size() <= limits.maxBytes);
        QCOMPARE(written.sampleCount(), flushed.sampleCount());
        QCOMPARE(written.coveredRange(), flushed.coveredRange());
        QVERIFY(written.coveredRange().durationMs() < 6 * 3'600'000); // the limit did cut
        const auto a = readSnapshotFile(flushed.file());
        const auto b = readSnapshotFile(written.file());
        QVERIFY(a && b);
        QCOMPARE(b->sampleCount(), a->sampleCount());
        QCOMPARE(b->range, a->range);
    }

    // A limit smaller than even the newest step: the write ends, keeping nothing, instead of looping.
    void aLimitBelowOneStepKeepsNothing()
    {
        QTemporaryDir dir;
        FlightRecorderLimits limits;
        limits.maxBytes = 10;
        FlightRecorder recorder(dir.filePath(QStringLiteral("flight.pdsnap")), limits);
        recorder.record({QStringLiteral("x"), 0, 0, Step}, answer(600'000, 600'000, 3));
        QVERIFY(recorder.flush());
        QCOMPARE(recorder.sampleCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestFlightRecorder)
#include "tst_flight_recorder.moc"
