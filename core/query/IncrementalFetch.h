// Incremental refresh: a range query asked again over a range that only moved forward is sent for its
// newest steps alone and merged into what is held, the steps that slid out dropped. Both start on a
// multiple of the step, so Prometheus evaluates the same instants as a full query and the merge is
// exact; whatever would make it inexact (another expression or step, a capped answer, the range moved
// back or further than what is held, `@ start()` or `@ end()` in the expression) asks for the whole
// range instead.
#pragma once

#include "query/QueryPlanner.h"

#include <optional>

namespace promdeck {

struct HeldRange
{
    PlannedQuery query;         // what the held data answers, over its whole range
    SharedQueryResult result;   // null: nothing held
    std::int64_t askedAtMs = 0; // the clock when its newest steps were asked
};

// Where to ask `planned` from, when only its newest steps are needed on top of `held`; nullopt: ask
// the whole range. The held steps evaluated less than `lateSamplesMs` before they were asked are asked
// again (samples scraped just before may not have been written yet), and the last held step always.
std::optional<std::int64_t> incrementalStartMs(const HeldRange &held, const PlannedQuery &planned,
                                               std::int64_t lateSamplesMs);

// `held` kept from `keepFromMs` (the new range's start) up to `newestFromMs`, then `newest` (the
// answer from `newestFromMs` on), in Prometheus' series order. Series with no step left in the range
// are gone, new ones come in. nullopt when the merge cannot equal a full query: either answer was
// capped, or the merged series are more than `maxSeries` (> 0), where a full answer would be capped.
std::optional<QueryResult> mergeIncrement(const QueryResult &held, const QueryResult &newest,
                                          std::int64_t keepFromMs, std::int64_t newestFromMs,
                                          qsizetype maxSeries);

} // namespace promdeck
