#include "query/IncrementalFetch.h"

#include "promql/Lexer.h"

#include <algorithm>

namespace promdeck {

namespace {
std::int64_t floorToMultiple(std::int64_t v, std::int64_t m)
{
    const std::int64_t q = v / m;
    return (v % m != 0 && v < 0 ? q - 1 : q) * m;
}

bool isCapped(const QueryResult &r)
{
    return r.totalSeries > static_cast<qsizetype>(r.series.size());
}

// `@ start()` and `@ end()` evaluate at the range's own ends: a range asked from another start, or one
// whose end moved, answers every step differently.
bool readsRangeEnds(const QString &expr)
{
    const QByteArray utf8 = expr.toUtf8();
    promql::Lexer lexer(utf8);
    bool afterAt = false;
    for (promql::Token t = lexer.next(); t.type != promql::TokenType::Eof; t = lexer.next()) {
        if (t.type == promql::TokenType::Comment)
            continue;
        if (t.type == promql::TokenType::Error)
            return true; // unknown: ask whole
        if (afterAt && (t.type == promql::TokenType::Start || t.type == promql::TokenType::End))
            return true;
        afterAt = t.type == promql::TokenType::At;
    }
    return false;
}
} // namespace

std::optional<std::int64_t> incrementalStartMs(const HeldRange &held, const PlannedQuery &planned,
                                               std::int64_t lateSamplesMs)
{
    const QueryResult *result = held.result.get();
    if (!result || result->type != ResultType::Matrix || isCapped(*result))
        return std::nullopt;
    if (planned.instant || held.query.instant)
        return std::nullopt; // one instant: nothing to keep
    const RangeQuery &before = held.query.range;
    const RangeQuery &now = planned.range;
    const std::int64_t step = now.stepMs;
    // The same question ($__interval, $__range and every variable are written into the expression).
    if (before.expr != now.expr || before.templateExpr != now.templateExpr || before.stepMs != step ||
        step <= 0 || readsRangeEnds(now.expr))
        return std::nullopt;
    // On the same grid of instants, and only moved forward.
    if ((now.startMs - before.startMs) % step != 0 || now.startMs < before.startMs ||
        now.endMs < before.endMs)
        return std::nullopt;
    // Steps at or after the moment they were asked may have had no samples yet: a range ending in the
    // future ("Today") is asked whole every time.
    if (before.endMs > held.askedAtMs)
        return std::nullopt;
    const std::int64_t lateFrom =
        floorToMultiple(held.askedAtMs - lateSamplesMs - now.startMs, step) + now.startMs;
    const std::int64_t from = std::min(before.endMs, lateFrom);
    // Nothing held is still in the range: the whole range is as cheap.
    if (from <= now.startMs)
        return std::nullopt;
    return from;
}

std::optional<QueryResult> mergeIncrement(const QueryResult &held, const QueryResult &newest,
                                          std::int64_t keepFromMs, std::int64_t newestFromMs,
                                          qsizetype maxSeries)
{
    if (isCapped(held) || isCapped(newest) || held.type != ResultType::Matrix ||
        newest.type != ResultType::Matrix)
        return std::nullopt;
    // Both answers are in Prometheus' order: one merge walk, as in a merge sort.
    QueryResult merged;
    merged.type = ResultType::Matrix;
    merged.warnings = newest.warnings;
    merged.infos = newest.infos;
    merged.series.reserve(std::max(held.series.size(), newest.series.size()));
    auto keptPart = [&](const Series &s) {
        Series out;
        out.labels = s.labels;
        const auto begin = std::lower_bound(s.timestampsMs.begin(), s.timestampsMs.end(), keepFromMs);
        const auto end = std::lower_bound(begin, s.timestampsMs.end(), newestFromMs);
        const auto first = begin - s.timestampsMs.begin();
        const auto last = end - s.timestampsMs.begin();
        out.timestampsMs.assign(begin, end);
        out.values.assign(s.values.begin() + first, s.values.begin() + last);
        return out;
    };
    auto h = held.series.begin();
    auto n = newest.series.begin();
    while (h != held.series.end() || n != newest.series.end()) {
        const int order = h == held.series.end()     ? 1
                          : n == newest.series.end() ? -1
                                                     : compareLabelSets(h->labels, n->labels);
        if (order < 0) {
            Series kept = keptPart(*h++);
            if (!kept.isEmpty())
                merged.series.push_back(std::move(kept));
        } else if (order > 0) {
            merged.series.push_back(*n++);
        } else {
            Series kept = keptPart(*h++);
            kept.timestampsMs.insert(kept.timestampsMs.end(), n->timestampsMs.begin(), n->timestampsMs.end());
            kept.values.insert(kept.values.end(), n->values.begin(), n->values.end());
            merged.series.push_back(std::move(kept));
            ++n;
        }
    }
    merged.totalSeries = static_cast<qsizetype>(merged.series.size());
    if (maxSeries > 0 && merged.totalSeries > maxSeries)
        return std::nullopt;
    return merged;
}

} // namespace promdeck
