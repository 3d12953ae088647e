#include "alerting/GroupClock.h"

#include <xxhash.h>

namespace promdeck {

namespace {
constexpr std::int64_t NsPerMs = 1'000'000;

// The largest multiple of `step` at or below `value` (a floor, also for negative values).
std::int64_t floorTo(std::int64_t value, std::int64_t step)
{
    const std::int64_t r = value % step;
    return r < 0 ? value - r - step : value - r;
}
} // namespace

std::uint64_t prometheusGroupHash(const QString &name, const QString &file)
{
    const char sep = '\xff';
    QByteArray bytes;
    for (const auto &[label, value] : {std::pair{QByteArrayLiteral("file"), file.toUtf8()},
                                       std::pair{QByteArrayLiteral("name"), name.toUtf8()}})
        bytes += label + sep + value + sep;
    return XXH64(bytes.constData(), static_cast<size_t>(bytes.size()), 0);
}

GroupClock::GroupClock(const QString &name, const QString &file, std::int64_t intervalMs)
    : m_intervalMs(intervalMs > 0 ? intervalMs : DefaultIntervalMs),
      m_offsetNs(static_cast<std::int64_t>(prometheusGroupHash(name, file) %
                                           static_cast<std::uint64_t>(m_intervalMs * NsPerMs)))
{
}

std::int64_t GroupClock::instantAtOrBeforeNs(std::int64_t tNs) const
{
    return floorTo(tNs - m_offsetNs, m_intervalMs * NsPerMs) + m_offsetNs;
}

std::int64_t GroupClock::instantAtOrBeforeMs(std::int64_t tMs) const
{
    // In milliseconds every instant falls on the same millisecond of its interval.
    const std::int64_t offsetMs = m_offsetNs / NsPerMs;
    return floorTo(tMs - offsetMs, m_intervalMs) + offsetMs;
}

std::int64_t GroupClock::firstInstantAtOrAfterMs(std::int64_t tMs) const
{
    const std::int64_t before = instantAtOrBeforeMs(tMs);
    return before == tMs ? before : before + m_intervalMs;
}

std::vector<std::int64_t> GroupClock::instantsMs(std::int64_t fromMs, std::int64_t toMs) const
{
    std::vector<std::int64_t> out;
    for (std::int64_t t = firstInstantAtOrAfterMs(fromMs); t <= toMs; t += m_intervalMs)
        out.push_back(t);
    return out;
}

GroupClock::Next GroupClock::after(std::int64_t lastMs, std::int64_t nowMs) const
{
    if (nowMs < lastMs + m_intervalMs)
        return {lastMs + m_intervalMs, 0};
    const std::int64_t passed = (nowMs - lastMs) / m_intervalMs; // whole intervals since `lastMs`
    return {lastMs + passed * m_intervalMs, passed - 1};
}

} // namespace promdeck
