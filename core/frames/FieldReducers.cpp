#include "frames/FieldReducers.h"

#include <QSet>
#include <algorithm>
#include <cfloat>
#include <cmath>

namespace promdeck {

namespace {

struct ReducerInfo
{
    const char16_t *id;
    const char16_t *name;
};
constexpr ReducerInfo Reducers[] = {
    {u"lastNotNull", u"Last *"},
    {u"last", u"Last"},
    {u"firstNotNull", u"First *"},
    {u"first", u"First"},
    {u"min", u"Min"},
    {u"max", u"Max"},
    {u"mean", u"Mean"},
    {u"median", u"Median"},
    {u"sum", u"Total"},
    {u"count", u"Count"},
    {u"range", u"Range"},
    {u"delta", u"Delta"},
    {u"step", u"Step"},
    {u"diff", u"Difference"},
    {u"diffperc", u"Difference percent"},
    {u"logmin", u"Min (above zero)"},
    {u"allIsZero", u"All Zeros"},
    {u"allIsNull", u"All nulls"},
    {u"changeCount", u"Change count"},
    {u"distinctCount", u"Distinct count"},
    {u"variance", u"Variance"},
    {u"stdDev", u"StdDev"},
};

// Grafana's legacy names, still found in old dashboards.
QStringView canonical(QStringView id)
{
    if (id == u"current")
        return u"lastNotNull";
    if (id == u"avg")
        return u"mean";
    if (id == u"total")
        return u"sum";
    return id;
}

std::optional<int> percentile(QStringView id)
{
    if (id.size() < 2 || id.size() > 3 || id[0] != u'p')
        return std::nullopt;
    bool ok = false;
    const int p = id.mid(1).toInt(&ok);
    if (!ok || p < 1 || p > 99)
        return std::nullopt;
    return p;
}

// Grafana's doStandardCalcs, one pass.
struct StandardCalcs
{
    FrameValue first, last, firstNotNull, lastNotNull;
    double sum = 0;
    double max = -DBL_MAX, min = DBL_MAX, logmin = DBL_MAX;
    double delta = 0, step = DBL_MAX;
    int count = 0, nonNullCount = 0;
    bool allIsNull = true, allIsZero = true, previousDeltaUp = true;

    explicit StandardCalcs(const std::vector<FrameValue> &data)
    {
        double lastNumber = 0;
        bool haveNumber = false;
        for (size_t i = 0; i < data.size(); ++i) {
            const FrameValue &v = data[i];
            if (i == 0)
                first = v;
            last = v;
            ++count;
            if (isNull(v))
                continue;
            if (isNull(firstNotNull))
                firstNotNull = v;
            if (const double *d = numberIf(v)) {
                const double x = *d;
                sum += x;
                allIsNull = false;
                ++nonNullCount;
                if (haveNumber) {
                    const double s = x - lastNumber;
                    step = std::min(step, s);
                    if (lastNumber > x) { // a counter reset
                        previousDeltaUp = false;
                        if (i == data.size() - 1)
                            delta += x;
                    } else {
                        delta += previousDeltaUp ? s : x;
                        previousDeltaUp = true;
                    }
                }
                max = std::max(max, x);
                min = std::min(min, x);
                if (x > 0 && x < logmin)
                    logmin = x;
                lastNumber = x;
                haveNumber = true;
                if (x != 0)
                    allIsZero = false;
            } else {
                allIsZero = false;
            }
            lastNotNull = v;
        }
        if (allIsNull)
            allIsZero = false;
    }
};

std::vector<double> numbers(const std::vector<FrameValue> &values)
{
    std::vector<double> out;
    for (const FrameValue &v : values)
        if (const double *d = numberIf(v); d && !std::isnan(*d))
            out.push_back(*d);
    return out;
}

} // namespace

bool isKnownFieldReducer(QStringView id)
{
    id = canonical(id);
    if (percentile(id))
        return true;
    return std::any_of(std::begin(Reducers), std::end(Reducers),
                       [&](const ReducerInfo &r) { return id == QStringView(r.id); });
}

QString fieldReducerName(QStringView id)
{
    id = canonical(id);
    if (const auto p = percentile(id))
        return QStringLiteral("%1th %").arg(*p);
    for (const ReducerInfo &r : Reducers)
        if (id == QStringView(r.id))
            return QString::fromUtf16(r.name);
    return id.toString();
}

FrameValue reduceValues(const std::vector<FrameValue> &values, QStringView id)
{
    id = canonical(id);
    const StandardCalcs c(values);
    auto number = [](double d) { return FrameValue(d); };
    if (id == u"lastNotNull")
        return c.lastNotNull;
    if (id == u"last")
        return c.last;
    if (id == u"firstNotNull")
        return c.firstNotNull;
    if (id == u"first")
        return c.first;
    if (id == u"count")
        return number(c.count);
    if (id == u"sum")
        return number(c.sum);
    if (id == u"allIsNull")
        return number(c.allIsNull ? 1 : 0);
    if (id == u"allIsZero")
        return number(c.allIsZero ? 1 : 0);
    if (c.nonNullCount == 0 && id != u"changeCount" && id != u"distinctCount")
        return {};
    if (id == u"max")
        return number(c.max);
    if (id == u"min")
        return number(c.min);
    if (id == u"logmin")
        return c.logmin == DBL_MAX ? FrameValue() : number(c.logmin);
    if (id == u"mean")
        return number(c.sum / c.nonNullCount);
    if (id == u"range")
        return number(c.max - c.min);
    if (id == u"delta")
        return number(c.delta);
    if (id == u"step")
        return c.step == DBL_MAX ? FrameValue() : number(c.step);
    if (id == u"diff" || id == u"diffperc") {
        const auto a = asNumber(c.firstNotNull), b = asNumber(c.lastNotNull);
        if (!a || !b)
            return {};
        return number(id == u"diff" ? *b - *a : (*b - *a) / *a);
    }
    if (id == u"changeCount") {
        int changes = 0;
        for (size_t i = 1; i < values.size(); ++i)
            if (compareValues(values[i], values[i - 1]) != 0)
                ++changes;
        return number(changes);
    }
    if (id == u"distinctCount") {
        QSet<QString> distinct;
        for (const FrameValue &v : values)
            if (!isNull(v))
                distinct.insert(asText(v));
        return number(static_cast<double>(distinct.size()));
    }
    std::vector<double> sorted = numbers(values);
    if (id == u"variance" || id == u"stdDev") {
        if (sorted.empty())
            return {};
        const double mean = c.sum / c.nonNullCount;
        double squares = 0;
        for (double x : sorted)
            squares += (x - mean) * (x - mean);
        const double variance = squares / static_cast<double>(sorted.size());
        return number(id == u"variance" ? variance : std::sqrt(variance));
    }
    std::sort(sorted.begin(), sorted.end());
    if (sorted.empty())
        return {};
    if (id == u"median")
        return number(sorted[sorted.size() / 2]);
    if (const auto p = percentile(id)) {
        // Grafana picks the value at floor(n * p / 100), clamped to the last.
        const size_t index = std::min(sorted.size() - 1, static_cast<size_t>(sorted.size() * *p / 100));
        return number(sorted[index]);
    }
    return {};
}

} // namespace promdeck
