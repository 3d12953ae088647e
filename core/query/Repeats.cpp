#include "query/Repeats.h"

#include "query/Variables.h"

#include <QJsonObject>
#include <algorithm>

namespace promdeck {

namespace {
constexpr int GridColumns = 24;

QString repeatVariable(const Panel &p)
{
    return p.json.value(QLatin1String("repeat")).toString().trimmed();
}

// The values a repeat runs over: the selected ones (every option for All).
QStringList repeatValues(const QString &name, const VariableValues &values)
{
    const VariableValue *v = values.find(name);
    if (!v)
        return {};
    // All, also where the variable offers no All option but `--var NAME=$__all` asked for every value.
    const bool all = v->all || v->selected == QStringList{QStringLiteral("$__all")};
    return all ? v->options : v->selected;
}

// A copy with one value of the variable written into its queries and title (the other variables
// stay for the planner).
Panel copyFor(const Panel &p, const QString &variable, const QString &value, bool multiFormat)
{
    // A multi-value variable keeps its regex escaping in the copy (`name=~"orders\\.charge"`), as
    // Grafana writes a repeated panel's scoped value.
    VariableValues single;
    single.set(VariableValue{variable, {value}, {value}, false, multiFormat, {}});
    Panel copy = p;
    copy.title = substituteVariablesForDisplay(copy.title, single);
    for (Target &t : copy.targets) {
        t.expr = substituteVariables(t.expr, single);
        t.legendFormat = substituteVariablesForDisplay(t.legendFormat, single);
        t.exprOffset = -1; // the text is no longer the file's
    }
    // Marked as Grafana marks a repeated copy in its JSON model: the panel it repeats and the value.
    copy.json.insert(QLatin1String("repeatPanelId"), p.id);
    copy.json.insert(QLatin1String("scopedVars"),
                     QJsonObject{{variable, QJsonObject{{QLatin1String("text"), value},
                                                        {QLatin1String("value"), value}}}});
    return copy;
}
} // namespace

int repeatedPanelId(const Panel &panel)
{
    return panel.json.value(QLatin1String("repeatPanelId")).toInt(0);
}

QString repeatedValue(const Panel &panel)
{
    const QJsonObject scoped = panel.json.value(QLatin1String("scopedVars")).toObject();
    return scoped.isEmpty() ? QString() : scoped.begin()->toObject().value(QLatin1String("value")).toString();
}

bool hasRepeats(const Dashboard &dashboard)
{
    return std::any_of(dashboard.panels.begin(), dashboard.panels.end(),
                       [](const Panel &p) { return !repeatVariable(p).isEmpty(); });
}

Dashboard expandRepeats(const Dashboard &dashboard, const VariableValues &values)
{
    Dashboard out = dashboard;
    out.panels.clear();
    int nextId = 0;
    for (const Panel &p : dashboard.panels)
        nextId = std::max(nextId, p.id);
    const auto newId = [&nextId] { return ++nextId; };
    // What a repeat adds pushes down whatever started below it: (original y from which, how far).
    std::vector<std::pair<int, int>> pushes;
    const auto pushFor = [&pushes](int y) {
        int down = 0;
        for (const auto &[from, by] : pushes)
            if (y >= from)
                down += by;
        return down;
    };

    // Panels are in file order; a row's panels follow it and name it as their parent.
    const std::vector<Panel> &in = dashboard.panels;
    for (size_t i = 0; i < in.size(); ++i) {
        const Panel &p = in[i];
        const QString variable = repeatVariable(p);
        const QStringList repeated = variable.isEmpty() ? QStringList() : repeatValues(variable, values);
        const VariableValue *written = variable.isEmpty() ? nullptr : values.find(variable);
        const bool multi = written && written->multiFormat;
        const int down = pushFor(p.gridPos.y);
        if (p.isRow() && !repeated.isEmpty()) {
            size_t end = i + 1;
            while (end < in.size() && !in[end].isRow() && in[end].parentRowId == p.id)
                ++end;
            // Each copy of the row and its panels goes under the one before.
            int blockHeight = 1;
            if (!p.collapsed)
                for (size_t k = i + 1; k < end; ++k)
                    blockHeight = std::max(blockHeight, in[k].gridPos.y + in[k].gridPos.h - p.gridPos.y);
            for (qsizetype v = 0; v < repeated.size(); ++v) {
                Panel row = copyFor(p, variable, repeated[v], multi);
                const int offset = down + static_cast<int>(v) * blockHeight;
                row.gridPos.y += offset;
                if (v > 0)
                    row.id = newId();
                out.panels.push_back(row);
                for (size_t k = i + 1; k < end; ++k) {
                    Panel child = copyFor(in[k], variable, repeated[v], multi);
                    child.gridPos.y += offset;
                    if (v > 0)
                        child.id = newId();
                    child.parentRowId = row.id;
                    out.panels.push_back(child);
                }
            }
            pushes.emplace_back(p.gridPos.y + blockHeight,
                                (static_cast<int>(repeated.size()) - 1) * blockHeight);
            i = end - 1;
            continue;
        }
        if (p.isRow() || repeated.isEmpty()) {
            Panel same = p;
            same.gridPos.y += down;
            out.panels.push_back(same);
            continue;
        }
        // Grafana's layout: side by side, each at least 24 / maxPerRow wide, wrapping; or stacked.
        const bool vertical = p.json.value(QLatin1String("repeatDirection")).toString() == u"v";
        const int maxPerRow = std::max(1, p.json.value(QLatin1String("maxPerRow")).toInt(4));
        const int count = static_cast<int>(repeated.size());
        const int width = vertical ? p.gridPos.w : std::max(GridColumns / count, GridColumns / maxPerRow);
        const int perRow = vertical ? 1 : std::max(1, GridColumns / std::max(1, width));
        for (int v = 0; v < count; ++v) {
            Panel copy = copyFor(p, variable, repeated[v], multi);
            if (v > 0)
                copy.id = newId();
            copy.gridPos.w = width;
            copy.gridPos.x = vertical ? p.gridPos.x : (v % perRow) * width;
            copy.gridPos.y = p.gridPos.y + down + (v / perRow) * p.gridPos.h;
            out.panels.push_back(copy);
        }
        pushes.emplace_back(p.gridPos.y + p.gridPos.h, ((count + perRow - 1) / perRow - 1) * p.gridPos.h);
    }
    return out;
}

} // namespace promdeck
