#include "snapshot/FlightRecorder.h"

#include "snapshot/SnapshotFile.h"
#include "snapshot/SnapshotSource.h"

#include <QFileInfo>
#include <QSaveFile>
#include <algorithm>
#include <limits>

namespace promdeck {

namespace {
QString timelineKey(const QString &expr, bool instant, std::int64_t stepMs)
{
    return (instant ? QStringLiteral("i|") : QStringLiteral("r|%1|").arg(stepMs)) + expr;
}

// `incoming` replaces what `kept` had over the time it covers: the newer answer wins there, samples
// it no longer has included (a refresh usually re-fetches the recent past, so this is an append).
void mergeSamples(Series &kept, const Series &incoming)
{
    if (incoming.isEmpty())
        return;
    auto &t = kept.timestampsMs;
    const auto cut = std::lower_bound(t.begin(), t.end(), incoming.timestampsMs.front());
    const auto after = std::upper_bound(cut, t.end(), incoming.timestampsMs.back());
    const auto cutAt = cut - t.begin();
    const auto afterAt = after - t.begin();
    std::vector<std::int64_t> tailTimes(after, t.end());
    std::vector<double> tailValues(kept.values.begin() + afterAt, kept.values.end());
    t.erase(cut, t.end());
    kept.values.erase(kept.values.begin() + cutAt, kept.values.end());
    t.insert(t.end(), incoming.timestampsMs.begin(), incoming.timestampsMs.end());
    kept.values.insert(kept.values.end(), incoming.values.begin(), incoming.values.end());
    t.insert(t.end(), tailTimes.begin(), tailTimes.end());
    kept.values.insert(kept.values.end(), tailValues.begin(), tailValues.end());
}
} // namespace

FlightRecorder::FlightRecorder(QString file, FlightRecorderLimits limits)
    : m_file(std::move(file)), m_limits(limits)
{
    if (!QFileInfo::exists(m_file))
        return;
    const Result<Snapshot> read = readSnapshotFile(m_file);
    if (!read)
        return; // an unreadable recording is replaced by the next flush, never trusted
    m_dashboardJson = read->dashboardJson;
    m_dashboardName = read->dashboardName;
    m_variables = read->variables;
    m_source = read->source;
    m_buildInfo = read->buildInfo;
    for (const RecordedQuery &q : read->queries) {
        if (!q.outcome.ok())
            continue;
        if (q.instant)
            record(q.instantQuery, *q.outcome.result);
        else
            record(q.range, *q.outcome.result);
    }
}

void FlightRecorder::setDashboard(const QByteArray &json, const QString &name)
{
    m_dashboardJson = json;
    m_dashboardName = name;
}

void FlightRecorder::setSource(const QString &description, const QJsonObject &buildInfo)
{
    m_source = description;
    m_buildInfo = buildInfo;
}

void FlightRecorder::merge(Timeline &timeline, const QueryResult &result)
{
    for (const Series &s : result.series) {
        auto it = timeline.series.find(s.labels.identity());
        if (it == timeline.series.end()) {
            Series fresh;
            fresh.labels = s.labels;
            it = timeline.series.insert(s.labels.identity(), fresh);
        }
        mergeSamples(it.value(), s);
    }
}

void FlightRecorder::record(const RangeQuery &query, const QueryResult &result)
{
    Timeline &t = m_timelines[timelineKey(query.expr, false, query.stepMs)];
    t.expr = query.expr;
    t.templateExpr = query.templateExpr;
    t.stepMs = query.stepMs;
    t.askedUntilMs = std::max(t.askedUntilMs, query.endMs);
    merge(t, result);
}

void FlightRecorder::record(const InstantQuery &query, const QueryResult &result)
{
    Timeline &t = m_timelines[timelineKey(query.expr, true, 0)];
    t.expr = query.expr;
    t.templateExpr = query.templateExpr;
    t.instant = true;
    t.askedUntilMs = std::max(t.askedUntilMs, query.timeMs);
    merge(t, result);
}

std::int64_t FlightRecorder::newestSampleMs() const
{
    std::int64_t newest = std::numeric_limits<std::int64_t>::min();
    for (const auto &[key, t] : m_timelines)
        for (const Series &s : t.series)
            if (!s.isEmpty())
                newest = std::max(newest, s.timestampsMs.back());
    return newest;
}

TimeRange FlightRecorder::coveredRange() const
{
    TimeRange r{std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()};
    for (const auto &[key, t] : m_timelines)
        for (const Series &s : t.series)
            if (!s.isEmpty()) {
                r.fromMs = std::min(r.fromMs, s.timestampsMs.front());
                r.toMs = std::max(r.toMs, s.timestampsMs.back());
            }
    return r.isValid() ? r : TimeRange{};
}

qint64 FlightRecorder::sampleCount() const
{
    qint64 n = 0;
    for (const auto &[key, t] : m_timelines)
        for (const Series &s : t.series)
            n += s.size();
    return n;
}

void FlightRecorder::prune(std::int64_t oldestKeptMs)
{
    for (auto it = m_timelines.begin(); it != m_timelines.end();) {
        Timeline &t = it->second;
        // One step more: a window of exactly the kept age starts at a step-aligned sample just before it.
        const std::int64_t keepFrom = oldestKeptMs - t.stepMs;
        for (auto s = t.series.begin(); s != t.series.end();) {
            Series &series = s.value();
            const auto first =
                std::lower_bound(series.timestampsMs.begin(), series.timestampsMs.end(), keepFrom);
            const auto drop = first - series.timestampsMs.begin();
            series.timestampsMs.erase(series.timestampsMs.begin(), first);
            series.values.erase(series.values.begin(), series.values.begin() + drop);
            s = series.isEmpty() ? t.series.erase(s) : std::next(s);
        }
        it = t.series.isEmpty() && t.askedUntilMs < oldestKeptMs ? m_timelines.erase(it) : std::next(it);
    }
}

Snapshot FlightRecorder::snapshot(const TimeRange &range) const
{
    Snapshot s;
    s.dashboardJson = m_dashboardJson;
    s.dashboardName = m_dashboardName;
    s.variables = m_variables;
    s.source = m_source;
    s.buildInfo = m_buildInfo;
    s.createdMs = currentTimeMs();
    s.promdeckVersion = QStringLiteral(PROMDECK_VERSION);
    s.range = range.isValid() ? range : coveredRange();
    for (const auto &[key, t] : m_timelines) {
        QueryResult all;
        all.type = t.instant ? ResultType::Vector : ResultType::Matrix;
        for (const Series &series : t.series)
            all.series.push_back(series);
        // Series in a stable order, so equal recordings write equal files.
        std::sort(all.series.begin(), all.series.end(),
                  [](const Series &a, const Series &b) { return a.labels.toString() < b.labels.toString(); });
        QueryResult cut = sliceResult(all, s.range.fromMs, s.range.toMs);
        const bool answeredEmpty = t.series.isEmpty() && t.askedUntilMs >= s.range.fromMs;
        if (cut.series.empty() && !answeredEmpty)
            continue;
        RecordedQuery q;
        q.instant = t.instant;
        if (t.instant)
            q.instantQuery = {t.expr, s.range.toMs, t.templateExpr};
        else
            q.range = {t.expr, s.range.fromMs, s.range.toMs, t.stepMs, t.templateExpr};
        q.outcome = QueryOutcome::success(std::move(cut));
        s.queries.push_back(std::move(q));
    }
    return s;
}

Result<> FlightRecorder::flush()
{
    Result<std::int64_t> kept = write(take());
    if (!kept)
        return kept.error();
    dropBefore(*kept);
    return {};
}

FlightRecorder::Pending FlightRecorder::take()
{
    const std::int64_t newest = newestSampleMs();
    if (newest != std::numeric_limits<std::int64_t>::min())
        prune(newest - m_limits.maxAgeMs);
    return {snapshot(), m_file, m_limits.maxBytes};
}

Result<std::int64_t> FlightRecorder::write(Pending pending)
{
    Snapshot &s = pending.snapshot;
    std::int64_t keptFrom = std::numeric_limits<std::int64_t>::min();
    QByteArray bytes = encodeSnapshot(s);
    // Over the byte limit: give up the oldest history, a quarter of what is kept at a time.
    while (bytes.size() > pending.maxBytes && s.sampleCount() > 0) {
        const qsizetype before = s.sampleCount();
        keptFrom = s.range.toMs - s.range.durationMs() * 3 / 4;
        if (keptFrom <= s.range.fromMs) // a range too short to cut: nothing older to give up
            keptFrom = s.range.toMs;
        s.range.fromMs = keptFrom;
        for (RecordedQuery &q : s.queries)
            if (q.outcome.ok()) {
                // As prune() keeps it: one step before, so a window of the kept age stays whole.
                const std::int64_t from = q.instant ? keptFrom : keptFrom - q.range.stepMs;
                q.outcome = QueryOutcome::success(sliceResult(*q.outcome.result, from, s.range.toMs));
                if (!q.instant)
                    q.range.startMs = keptFrom;
            }
        if (s.sampleCount() == before) {
            // Even the newest steps pass the limit: keep none rather than a file past it.
            for (RecordedQuery &q : s.queries)
                if (q.outcome.ok())
                    q.outcome = QueryOutcome::success(
                        sliceResult(*q.outcome.result, s.range.toMs + 1, s.range.toMs + 1));
            keptFrom = std::numeric_limits<std::int64_t>::max();
        }
        bytes = encodeSnapshot(s);
    }
    QSaveFile out(pending.file);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
        return Error::at({pending.file},
                         QStringLiteral("cannot write the flight recording: %1").arg(out.errorString()),
                         Error::Kind::Io);
    return keptFrom;
}

void FlightRecorder::dropBefore(std::int64_t oldestKeptMs)
{
    if (oldestKeptMs != std::numeric_limits<std::int64_t>::min())
        prune(oldestKeptMs);
}

} // namespace promdeck
