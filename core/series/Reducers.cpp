#include "series/Reducers.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

namespace promdeck {

namespace {
struct ReducerName
{
    Reducer reducer;
    const char16_t *id;
    const char16_t *display;
};
constexpr ReducerName Names[] = {
    {Reducer::LastNotNull, u"lastNotNull", u"Last *"},
    {Reducer::Last, u"last", u"Last"},
    {Reducer::FirstNotNull, u"firstNotNull", u"First *"},
    {Reducer::First, u"first", u"First"},
    {Reducer::Mean, u"mean", u"Mean"},
    {Reducer::Min, u"min", u"Min"},
    {Reducer::Max, u"max", u"Max"},
    {Reducer::Sum, u"sum", u"Total"},
    {Reducer::Count, u"count", u"Count"},
    {Reducer::Range, u"range", u"Range"},
    {Reducer::Delta, u"delta", u"Delta"},
    {Reducer::Step, u"step", u"Step"},
    {Reducer::Diff, u"diff", u"Difference"},
    {Reducer::DiffPercent, u"diffperc", u"Difference percent"},
    {Reducer::LogMin, u"logmin", u"Min (above zero)"},
    {Reducer::AllIsZero, u"allIsZero", u"All Zeros"},
    {Reducer::AllIsNull, u"allIsNull", u"All Nulls"},
    {Reducer::ChangeCount, u"changeCount", u"Change Count"},
    {Reducer::DistinctCount, u"distinctCount", u"Distinct Count"},
    {Reducer::Variance, u"variance", u"Variance"},
    {Reducer::StdDev, u"stdDev", u"StdDev"},
    {Reducer::Median, u"median", u"Median"},
};
} // namespace

std::optional<Reducer> reducerById(QStringView id)
{
    if (id == u"current") // the legacy singlestat and graph legend name
        return Reducer::LastNotNull;
    if (id == u"avg")
        return Reducer::Mean;
    if (id == u"total")
        return Reducer::Sum;
    for (const ReducerName &n : Names) {
        if (id == QStringView(n.id))
            return n.reducer;
    }
    return std::nullopt;
}

Reducer reducerFromName(QStringView name)
{
    return reducerById(name).value_or(Reducer::LastNotNull);
}

QString reducerName(Reducer reducer)
{
    for (const ReducerName &n : Names) {
        if (n.reducer == reducer)
            return QString::fromUtf16(n.id);
    }
    return {};
}

QString reducerDisplayName(Reducer reducer)
{
    for (const ReducerName &n : Names) {
        if (n.reducer == reducer)
            return QString::fromUtf16(n.display);
    }
    return {};
}

std::optional<double> reduce(std::span<const double> v, Reducer reducer,
                             std::span<const std::int64_t> timestampsMs)
{
    switch (reducer) {
    case Reducer::Last:
        if (v.empty())
            return std::nullopt;
        return std::isnan(v.back()) ? std::nullopt : std::optional<double>(v.back());
    case Reducer::First:
        if (v.empty())
            return std::nullopt;
        return std::isnan(v.front()) ? std::nullopt : std::optional<double>(v.front());
    case Reducer::LastNotNull:
        for (auto it = v.rbegin(); it != v.rend(); ++it) {
            if (!std::isnan(*it))
                return *it;
        }
        return std::nullopt;
    case Reducer::FirstNotNull:
        for (double x : v) {
            if (!std::isnan(x))
                return x;
        }
        return std::nullopt;
    case Reducer::Count:
        return static_cast<double>(v.size());
    case Reducer::ChangeCount: {
        double changes = 0;
        for (size_t i = 1; i < v.size(); ++i) {
            const bool bothNan = std::isnan(v[i]) && std::isnan(v[i - 1]);
            if (!bothNan && v[i] != v[i - 1])
                ++changes;
        }
        return changes;
    }
    case Reducer::DistinctCount: {
        std::set<double> distinct;
        bool sawNull = false;
        for (double x : v) {
            if (std::isnan(x))
                sawNull = true;
            else
                distinct.insert(x);
        }
        return static_cast<double>(distinct.size() + (sawNull ? 1 : 0));
    }
    case Reducer::Step: {
        // The smallest interval between samples (Grafana reduces the time field for this).
        std::optional<double> step;
        for (size_t i = 1; i < timestampsMs.size(); ++i) {
            const double d = static_cast<double>(timestampsMs[i] - timestampsMs[i - 1]);
            if (!step || d < *step)
                step = d;
        }
        return step;
    }
    default:
        break;
    }
    double sum = 0, lo = INFINITY, hi = -INFINITY, logMin = INFINITY;
    std::size_t n = 0;
    bool allZero = true;
    double first = NAN, last = NAN;
    for (double x : v) {
        if (std::isnan(x))
            continue;
        if (n == 0)
            first = x;
        last = x;
        sum += x;
        lo = std::min(lo, x);
        hi = std::max(hi, x);
        if (x > 0)
            logMin = std::min(logMin, x);
        allZero = allZero && x == 0;
        ++n;
    }
    switch (reducer) {
    case Reducer::Sum:
        return sum;
    case Reducer::AllIsNull:
        return n == 0 ? 1.0 : 0.0;
    case Reducer::AllIsZero:
        return n > 0 && allZero ? 1.0 : 0.0;
    default:
        break;
    }
    if (n == 0)
        return std::nullopt;
    switch (reducer) {
    case Reducer::Mean:
        return sum / static_cast<double>(n);
    case Reducer::Min:
        return lo;
    case Reducer::Max:
        return hi;
    case Reducer::Range:
        return hi - lo;
    case Reducer::Diff:
        return last - first;
    case Reducer::DiffPercent:
        return (last - first) / first;
    case Reducer::LogMin:
        return std::isfinite(logMin) ? std::optional<double>(logMin) : std::nullopt;
    case Reducer::Delta: {
        // Grafana's delta: increases add up; after a drop (a counter reset) the next value counts
        // whole, and a drop on the last sample counts whole too.
        double delta = 0, previous = NAN;
        bool previousUp = true;
        size_t lastIndex = v.size();
        while (lastIndex > 0 && std::isnan(v[lastIndex - 1]))
            --lastIndex;
        for (size_t i = 0; i < v.size(); ++i) {
            const double x = v[i];
            if (std::isnan(x))
                continue;
            if (!std::isnan(previous)) {
                if (previous > x) {
                    previousUp = false;
                    if (i + 1 == lastIndex)
                        delta += x;
                } else {
                    delta += previousUp ? x - previous : x;
                    previousUp = true;
                }
            }
            previous = x;
        }
        return delta;
    }
    case Reducer::Variance:
    case Reducer::StdDev: {
        const double mean = sum / static_cast<double>(n);
        double squares = 0;
        for (double x : v) {
            if (!std::isnan(x))
                squares += (x - mean) * (x - mean);
        }
        const double variance = squares / static_cast<double>(n);
        return reducer == Reducer::Variance ? variance : std::sqrt(variance);
    }
    case Reducer::Median: {
        std::vector<double> sorted;
        sorted.reserve(n);
        for (double x : v) {
            if (!std::isnan(x))
                sorted.push_back(x);
        }
        std::sort(sorted.begin(), sorted.end());
        const size_t mid = sorted.size() / 2;
        return sorted.size() % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
    default:
        return std::nullopt;
    }
}

std::optional<double> reduce(const Series &series, Reducer reducer)
{
    return reduce(series.values, reducer, series.timestampsMs);
}

} // namespace promdeck
