#include "series/M4Decimation.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace promdeck {

namespace {

// Writes the decimated points and the breaks between them.
class LineWriter
{
public:
    LineWriter(std::span<const std::int64_t> t, std::span<const double> v, DecimatedLine &out)
        : m_t(t), m_v(v), m_out(out)
    {
    }

    // One column's first, minimum, maximum and last sample, in time order, each once.
    void emitColumn(std::size_t first, std::size_t min, std::size_t max, std::size_t last)
    {
        const std::size_t picks[4] = {first, std::min(min, max), std::max(min, max), last};
        std::size_t previous = std::numeric_limits<std::size_t>::max();
        for (std::size_t p : picks) {
            if (p == previous)
                continue;
            m_out.timestampsMs.push_back(m_t[p]);
            m_out.values.push_back(m_v[p]);
            previous = p;
        }
    }

    void breakLine()
    {
        if (!m_out.values.empty() && !std::isnan(m_out.values.back())) {
            m_out.timestampsMs.push_back(m_out.timestampsMs.back());
            m_out.values.push_back(std::numeric_limits<double>::quiet_NaN());
        }
    }

private:
    std::span<const std::int64_t> m_t;
    std::span<const double> m_v;
    DecimatedLine &m_out;
};

// The general path for a column holding a NaN or a gap: sample by sample.
void decimateColumnSlowly(std::span<const std::int64_t> t, std::span<const double> v, std::size_t begin,
                          std::size_t end, std::int64_t gapMs, LineWriter &writer)
{
    bool open = false;
    std::size_t first = 0, min = 0, max = 0, last = 0;
    auto flush = [&] {
        if (open)
            writer.emitColumn(first, min, max, last);
        open = false;
    };
    for (std::size_t i = begin; i < end; ++i) {
        if (std::isnan(v[i])) {
            flush();
            writer.breakLine();
            continue;
        }
        if (gapMs > 0 && i > begin && t[i] - t[i - 1] > gapMs) {
            flush();
            writer.breakLine();
        }
        if (!open) {
            open = true;
            first = min = max = last = i;
            continue;
        }
        if (v[i] < v[min])
            min = i;
        if (v[i] > v[max])
            max = i;
        last = i;
    }
    flush();
}

} // namespace

DecimatedLine decimateM4(std::span<const std::int64_t> timestampsMs, std::span<const double> values,
                         const M4Options &options)
{
    DecimatedLine out;
    const std::size_t n = std::min(timestampsMs.size(), values.size());
    if (n == 0 || options.columns <= 0 || options.toMs <= options.fromMs)
        return out;
    const std::int64_t *t = timestampsMs.data();
    const double *v = values.data();
    std::size_t lo = static_cast<std::size_t>(std::lower_bound(t, t + n, options.fromMs) - t);
    std::size_t hi = static_cast<std::size_t>(std::upper_bound(t, t + n, options.toMs) - t);
    if (lo > 0)
        --lo;
    if (hi < n)
        ++hi;
    out.timestampsMs.reserve(
        std::min<std::size_t>(hi - lo, 4 * static_cast<std::size_t>(options.columns) + 8));
    out.values.reserve(out.timestampsMs.capacity());
    LineWriter writer(timestampsMs, values, out);

    // The first timestamp that falls into a column after c, found with the same arithmetic as
    // m4Column so that both always agree.
    const double span = static_cast<double>(options.toMs - options.fromMs);
    auto nextColumnStart = [&](int c) -> std::int64_t {
        if (c >= options.columns)
            return std::numeric_limits<std::int64_t>::max();
        if (c < 0)
            return options.fromMs;
        std::int64_t guess =
            options.fromMs + static_cast<std::int64_t>(std::ceil((c + 1) * span / options.columns));
        while (m4Column(guess - 1, options) > c)
            --guess;
        while (m4Column(guess, options) <= c)
            ++guess;
        return guess;
    };

    // Column by column: the column's end by binary search, then one tight pass for min, max and
    // anything unusual (NaN, gap) that needs the general path.
    std::size_t i = lo;
    while (i < hi) {
        const int column = m4Column(t[i], options);
        const std::int64_t boundary = nextColumnStart(column);
        const std::size_t end = static_cast<std::size_t>(std::lower_bound(t + i, t + hi, boundary) - t);
        if (options.gapMs > 0 && i > lo && t[i] - t[i - 1] > options.gapMs)
            writer.breakLine();
        // Written so the compiler vectorises it: `x - x` is NaN exactly for NaN and infinite samples,
        // which then take the general path.
        double minValue = v[i], maxValue = v[i], poison = 0;
        for (std::size_t k = i; k < end; ++k) {
            const double x = v[k];
            minValue = x < minValue ? x : minValue;
            maxValue = x > maxValue ? x : maxValue;
            poison += x - x;
        }
        bool unusual = poison != 0 || std::isnan(poison);
        if (options.gapMs > 0) {
            std::int64_t widest = 0;
            for (std::size_t k = i + 1; k < end; ++k)
                widest = std::max(widest, t[k] - t[k - 1]);
            unusual |= widest > options.gapMs;
        }
        if (unusual) {
            decimateColumnSlowly(timestampsMs, values, i, end, options.gapMs, writer);
        } else {
            std::size_t minAt = i, maxAt = i;
            while (v[minAt] != minValue)
                ++minAt;
            while (v[maxAt] != maxValue)
                ++maxAt;
            writer.emitColumn(i, minAt, maxAt, end - 1);
        }
        i = end;
    }
    return out;
}

} // namespace promdeck
