#include "panels/TimeSeriesPlot.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace promdeck {

QString axisSideName(AxisSide side)
{
    switch (side) {
    case AxisSide::Left:
        return QStringLiteral("left");
    case AxisSide::Right:
        return QStringLiteral("right");
    case AxisSide::Hidden:
        return QStringLiteral("hidden");
    }
    return {};
}

namespace {
using Graph = GraphFieldConfig;

PlotScale scaleOf(const FieldConfig &c)
{
    PlotScale s;
    s.unit = c.unit;
    s.decimals = c.decimals;
    s.min = c.min;
    s.max = c.max;
    s.softMin = c.custom.axisSoftMin;
    s.softMax = c.custom.axisSoftMax;
    s.logBase = c.custom.logBase;
    s.centeredZero = c.custom.axisCenteredZero;
    s.label = c.custom.axisLabel;
    s.side = c.custom.axisPlacement == Graph::Axis::Right    ? AxisSide::Right
             : c.custom.axisPlacement == Graph::Axis::Hidden ? AxisSide::Hidden
                                                             : AxisSide::Left;
    if (c.custom.stacking == Graph::Stacking::Percent) {
        // A percent stack is a share of the total: Grafana scales it 0..1 and shows it as percent.
        s.unit = QStringLiteral("percentunit");
        s.min = 0;
        s.max = 1;
    }
    return s;
}

bool sameScale(const PlotScale &a, const PlotScale &b, Graph::Axis placement)
{
    const bool sideAgrees = placement == Graph::Axis::Auto ? a.side != AxisSide::Hidden : a.side == b.side;
    return sideAgrees && a.unit == b.unit && a.min == b.min && a.max == b.max && a.softMin == b.softMin &&
           a.softMax == b.softMax && a.logBase == b.logBase && a.label == b.label &&
           a.centeredZero == b.centeredZero;
}

// Negative-Y and null-as-zero applied to a copy; the original when neither is set.
std::shared_ptr<const Series> transformed(const std::shared_ptr<const Series> &s, const Graph &g,
                                          std::int64_t stepMs)
{
    const bool negate = g.transform == Graph::Transform::NegativeY;
    if (!negate && !g.nullAsZero)
        return s;
    auto out = std::make_shared<Series>();
    out->labels = s->labels;
    out->timestampsMs.reserve(s->timestampsMs.size());
    out->values.reserve(s->values.size());
    const std::int64_t gap = stepMs > 0 ? 2 * stepMs : 0;
    for (size_t i = 0; i < s->timestampsMs.size(); ++i) {
        const std::int64_t t = s->timestampsMs[i];
        double v = s->values[i];
        if (g.nullAsZero) {
            if (std::isnan(v))
                v = 0;
            // A missing stretch is zero: drop to it after the last sample and rise from it before the next.
            if (i > 0 && gap > 0 && t - s->timestampsMs[i - 1] > gap) {
                out->timestampsMs.push_back(s->timestampsMs[i - 1] + stepMs);
                out->values.push_back(0);
                out->timestampsMs.push_back(t - stepMs);
                out->values.push_back(0);
            }
        }
        out->timestampsMs.push_back(t);
        out->values.push_back(negate ? -v : v);
    }
    return out;
}
} // namespace

TimeSeriesPlot planTimeSeries(const std::vector<PlotField> &fields, std::int64_t stepMs)
{
    TimeSeriesPlot plot;
    bool hasLeft = false;
    for (const PlotField &f : fields) {
        const FieldConfig &c = *f.config;
        PlotSeries p;
        p.style = &c.custom;
        p.hidden = c.custom.hideFromViz;
        p.drawn = transformed(f.series, c.custom, stepMs);
        p.gapMs = c.custom.spanNulls ? 0
                  : c.custom.spanNullsMs
                      ? static_cast<std::int64_t>(std::clamp(*c.custom.spanNullsMs, 0.0, 1e15))
                  : stepMs > 0 ? 2 * stepMs
                               : 0;
        PlotScale scale = scaleOf(c);
        int index = -1;
        for (size_t i = 0; i < plot.scales.size(); ++i)
            if (sameScale(plot.scales[i], scale, c.custom.axisPlacement)) {
                index = static_cast<int>(i);
                break;
            }
        if (index < 0) {
            // Grafana's auto placement: the first scale on the left, every other on the right.
            if (c.custom.axisPlacement == Graph::Axis::Auto)
                scale.side = hasLeft ? AxisSide::Right : AxisSide::Left;
            hasLeft = hasLeft || scale.side == AxisSide::Left;
            plot.scales.push_back(scale);
            index = static_cast<int>(plot.scales.size()) - 1;
        }
        p.scale = index;
        if (c.custom.stacking != Graph::Stacking::None)
            p.stackGroup = c.custom.stackGroup.isEmpty() ? QStringLiteral("A") : c.custom.stackGroup;
        plot.series.push_back(std::move(p));
    }

    // Stacks: per scale and group, positive and negative values each accumulate from zero.
    struct Stack
    {
        std::map<std::int64_t, double> up, down, total;
        bool percent = false;
    };
    std::map<std::pair<int, QString>, Stack> stacks;
    for (size_t i = 0; i < plot.series.size(); ++i) {
        const PlotSeries &p = plot.series[i];
        if (p.stackGroup.isEmpty() || p.hidden)
            continue;
        Stack &stack = stacks[{p.scale, p.stackGroup}];
        stack.percent = stack.percent || fields[i].config->custom.stacking == Graph::Stacking::Percent;
        for (size_t k = 0; k < p.drawn->timestampsMs.size(); ++k)
            if (const double v = p.drawn->values[k]; std::isfinite(v))
                stack.total[p.drawn->timestampsMs[k]] += std::fabs(v);
    }
    for (PlotSeries &p : plot.series) {
        if (p.stackGroup.isEmpty() || p.hidden)
            continue;
        Stack &stack = stacks[{p.scale, p.stackGroup}];
        auto top = std::make_shared<Series>();
        auto under = std::make_shared<Series>();
        top->labels = p.drawn->labels;
        top->timestampsMs = p.drawn->timestampsMs;
        under->timestampsMs = p.drawn->timestampsMs;
        top->values.resize(top->timestampsMs.size());
        under->values.resize(top->timestampsMs.size());
        for (size_t k = 0; k < top->timestampsMs.size(); ++k) {
            const std::int64_t t = top->timestampsMs[k];
            double v = p.drawn->values[k];
            if (stack.percent && std::isfinite(v)) {
                const double total = stack.total[t];
                v = total > 0 ? v / total : 0;
            }
            double &level = v < 0 ? stack.down[t] : stack.up[t];
            under->values[k] = level;
            if (std::isfinite(v))
                level += v;
            top->values[k] = std::isnan(v) ? v : level;
        }
        p.drawn = std::move(top);
        p.below = std::move(under);
    }
    return plot;
}

} // namespace promdeck
