#include "series/M4Decimation.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace promdeck {

namespace {

class ColumnAccumulator
{
public:
    ColumnAccumulator(std::span<const std::int64_t> t, std::span<const double> v, DecimatedLine &out)
        : m_t(t), m_v(v), m_out(out)
    {
    }

    void add(std::size_t i, int column)
    {
        if (m_open && column != m_column)
            flush();
        if (!m_open) {
            m_open = true;
            m_column = column;
            m_first = m_min = m_max = m_last = i;
            return;
        }
        if (m_v[i] < m_v[m_min])
            m_min = i;
        if (m_v[i] > m_v[m_max])
            m_max = i;
        m_last = i;
    }

    void breakLine()
    {
        flush();
        if (!m_out.values.empty() && !std::isnan(m_out.values.back())) {
            m_out.timestampsMs.push_back(m_out.timestampsMs.back());
            m_out.values.push_back(std::numeric_limits<double>::quiet_NaN());
        }
    }

    void flush()
    {
        if (!m_open)
            return;
        m_open = false;
        // Emit in time order, each index once.
        std::size_t picks[4] = {m_first, std::min(m_min, m_max), std::max(m_min, m_max), m_last};
        std::size_t previous = std::numeric_limits<std::size_t>::max();
        for (std::size_t p : picks) {
            if (p == previous)
                continue;
            m_out.timestampsMs.push_back(m_t[p]);
            m_out.values.push_back(m_v[p]);
            previous = p;
        }
    }

private:
    std::span<const std::int64_t> m_t;
    std::span<const double> m_v;
    DecimatedLine &m_out;
    bool m_open = false;
    int m_column = 0;
    std::size_t m_first = 0, m_min = 0, m_max = 0, m_last = 0;
};

} // namespace

DecimatedLine decimateM4(std::span<const std::int64_t> timestampsMs, std::span<const double> values,
                         const M4Options &options)
{
    DecimatedLine out;
    const std::size_t n = std::min(timestampsMs.size(), values.size());
    if (n == 0 || options.columns <= 0 || options.toMs <= options.fromMs)
        return out;
    const auto begin = timestampsMs.begin();
    std::size_t lo = static_cast<std::size_t>(std::lower_bound(begin, begin + n, options.fromMs) - begin);
    std::size_t hi = static_cast<std::size_t>(std::upper_bound(begin, begin + n, options.toMs) - begin);
    if (lo > 0)
        --lo;
    if (hi < n)
        ++hi;
    out.timestampsMs.reserve(std::min<std::size_t>(hi - lo, 4 * static_cast<std::size_t>(options.columns) + 8));
    out.values.reserve(out.timestampsMs.capacity());

    ColumnAccumulator acc(timestampsMs, values, out);
    for (std::size_t i = lo; i < hi; ++i) {
        if (std::isnan(values[i])) {
            acc.breakLine();
            continue;
        }
        if (options.gapMs > 0 && i > lo && timestampsMs[i] - timestampsMs[i - 1] > options.gapMs)
            acc.breakLine();
        acc.add(i, m4Column(timestampsMs[i], options));
    }
    acc.flush();
    return out;
}

} // namespace promdeck
