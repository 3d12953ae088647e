// Prometheus answers as Grafana's Prometheus data source turns them into frames, by the target's
// `format`: `time_series` (a frame per series), `table` (a frame per query: Time, a column per label,
// `Value` or `Value #A` when several queries are tables) and `heatmap` (histogram buckets sorted by
// `le` and de-accumulated, so each frame holds one bucket's own count).
#pragma once

#include "dashboard/Dashboard.h"
#include "frames/DataFrame.h"
#include "series/Series.h"

namespace promdeck {

struct QueryAnswer
{
    QString refId;
    TargetFormat format = TargetFormat::TimeSeries;
    SharedQueryResult result; // null: the query failed, and gives no frame
    // The legend's name for each series of the result (same order); empty: the labels name it.
    std::vector<QString> seriesNames;
};

Frames framesFromAnswers(const std::vector<QueryAnswer> &answers);

// One histogram bucket over time: the samples of every series with this `le`, summed, minus the
// bucket below at the same timestamp (Prometheus' buckets count everything at or under their bound).
struct HistogramBucket
{
    QString le;            // as the server wrote it ("0.5", "+Inf")
    double upperBound = 0; // le as a number; +Inf for the last
    std::vector<std::int64_t> timestampsMs;
    std::vector<double> counts;
};
// The buckets of a `format: heatmap` answer, lowest bound first. Series without an `le` are skipped.
std::vector<HistogramBucket> deaccumulatedBuckets(const QueryResult &result);

} // namespace promdeck
