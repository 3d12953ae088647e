// M4 decimation (Jugel et al., VLDB 2014): per pixel column keep the first, minimum, maximum and last
// sample. A line drawn through the result covers exactly the pixels the full series covers, with at
// most four vertices per column whatever the number of samples. Every line Promdeck draws goes
// through here.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace promdeck {

struct DecimatedLine
{
    // Parallel arrays in time order. A NaN value marks a break: a gap in the data (longer than the
    // gap threshold) or a NaN sample, where the line must not be joined.
    std::vector<std::int64_t> timestampsMs;
    std::vector<double> values;
    std::size_t size() const { return timestampsMs.size(); }
};

struct M4Options
{
    std::int64_t fromMs = 0;
    std::int64_t toMs = 0;
    int columns = 0;
    // Consecutive samples further apart than this are not joined (0: always join).
    std::int64_t gapMs = 0;
};

// The column a timestamp falls into; the one mapping both decimation and drawing must share.
inline int m4Column(std::int64_t t, const M4Options &o)
{
    const double span = static_cast<double>(o.toMs - o.fromMs);
    const double c = static_cast<double>(t - o.fromMs) * o.columns / span;
    return c < 0 ? -1 : (c >= o.columns ? o.columns : static_cast<int>(c));
}

// Decimates the samples inside [fromMs, toMs] plus the one neighbour on each side (so the line runs
// off the edges instead of stopping short). Timestamps must be sorted ascending.
DecimatedLine decimateM4(std::span<const std::int64_t> timestampsMs, std::span<const double> values,
                         const M4Options &options);

} // namespace promdeck
