#include "series/Reducers.h"

#include <cmath>

namespace promdeck {

namespace {
struct ReducerName
{
    Reducer reducer;
    const char16_t *name;
};
constexpr ReducerName Names[] = {
    {Reducer::LastNotNull, u"lastNotNull"},
    {Reducer::Last, u"last"},
    {Reducer::FirstNotNull, u"firstNotNull"},
    {Reducer::First, u"first"},
    {Reducer::Mean, u"mean"},
    {Reducer::Min, u"min"},
    {Reducer::Max, u"max"},
    {Reducer::Sum, u"sum"},
    {Reducer::Count, u"count"},
    {Reducer::Range, u"range"},
    {Reducer::Delta, u"delta"},
};
} // namespace

Reducer reducerFromName(QStringView name)
{
    if (name == u"current") // Grafana's legacy singlestat name
        return Reducer::LastNotNull;
    if (name == u"avg")
        return Reducer::Mean;
    if (name == u"total")
        return Reducer::Sum;
    for (const ReducerName &n : Names) {
        if (name == QStringView(n.name))
            return n.reducer;
    }
    return Reducer::LastNotNull;
}

QString reducerName(Reducer reducer)
{
    for (const ReducerName &n : Names) {
        if (n.reducer == reducer)
            return QString::fromUtf16(n.name);
    }
    return {};
}

std::optional<double> reduce(const Series &series, Reducer reducer)
{
    const std::vector<double> &v = series.values;
    if (v.empty())
        return std::nullopt;
    switch (reducer) {
    case Reducer::Last:
        return v.back();
    case Reducer::First:
        return v.front();
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
    default:
        break;
    }
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    std::size_t n = 0;
    for (double x : v) {
        if (std::isnan(x))
            continue;
        sum += x;
        lo = std::min(lo, x);
        hi = std::max(hi, x);
        ++n;
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
    case Reducer::Sum:
        return sum;
    case Reducer::Range:
        return hi - lo;
    case Reducer::Delta: {
        // Grafana's delta sums the increases and treats a drop as a counter reset.
        double delta = 0, previous = NAN;
        for (double x : v) {
            if (std::isnan(x))
                continue;
            if (!std::isnan(previous))
                delta += x >= previous ? x - previous : x;
            previous = x;
        }
        return delta;
    }
    default:
        return std::nullopt;
    }
}

} // namespace promdeck
