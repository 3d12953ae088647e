// When a rule group is evaluated: at the instants Prometheus (rules/group.go) would evaluate it, every
// `interval` shifted by a fixed offset inside the interval taken from a hash of the group's name and
// file, so groups do not all query at once and a restart keeps each group's phase. The live engine
// and the backtest both take their instants from here, so a backtest of a period asks what the
// window asked during it. Pure arithmetic, testable without a clock.
#pragma once

#include <QString>
#include <cstdint>
#include <vector>

namespace promdeck {

class GroupClock
{
public:
    // Prometheus' global evaluation_interval default, for groups without an `interval`.
    static constexpr std::int64_t DefaultIntervalMs = 60'000;

    // `intervalMs` 0 (or less): DefaultIntervalMs. `file` as the group's server would name it (the
    // path Prometheus was given), since it is part of the hash.
    GroupClock(const QString &name, const QString &file, std::int64_t intervalMs);

    std::int64_t intervalMs() const { return m_intervalMs; }
    // Where in the interval the group's instants fall, in nanoseconds as Prometheus computes it.
    std::int64_t offsetNs() const { return m_offsetNs; }

    // The last instant at or before `tNs` (Prometheus' EvalTimestamp), in nanoseconds.
    std::int64_t instantAtOrBeforeNs(std::int64_t tNs) const;
    // The same in milliseconds: the millisecond Prometheus queries at (it truncates).
    std::int64_t instantAtOrBeforeMs(std::int64_t tMs) const;
    // Every instant within [fromMs, toMs], in order.
    std::vector<std::int64_t> instantsMs(std::int64_t fromMs, std::int64_t toMs) const;
    std::int64_t firstInstantAtOrAfterMs(std::int64_t tMs) const;

    // What to evaluate once the evaluation of `lastMs` is done and the clock reads `nowMs`: the next
    // instant when it has not passed yet, else the latest instant that has, the ones in between
    // skipped (missed) as Prometheus skips them when a group is slower than its interval.
    struct Next
    {
        std::int64_t instantMs = 0;
        std::int64_t missed = 0;
    };
    Next after(std::int64_t lastMs, std::int64_t nowMs) const;

private:
    std::int64_t m_intervalMs;
    std::int64_t m_offsetNs;
};

// The hash Prometheus 2.x gives a group: its labels {file, name} hashed as labels.Hash() does (xxHash64
// of name, 0xff, value, 0xff for each label in name order). Prometheus 3 builds with another label
// layout (stringlabels) and so hashes other bytes: its groups keep a phase, but another one.
std::uint64_t prometheusGroupHash(const QString &name, const QString &file);

} // namespace promdeck
