#include "dashboard/GridGeometry.h"

#include <algorithm>
#include <map>

namespace promdeck {

QRect GridGeometry::rectFor(const GridPos &pos, int yUnits, int widthPx)
{
    const double column = static_cast<double>(widthPx - Margin) / Columns;
    const int left = static_cast<int>(pos.x * column) + Margin;
    const int right = static_cast<int>((pos.x + pos.w) * column);
    const int top = yUnits * (CellHeight + Margin) + Margin;
    const int height = pos.h * CellHeight + (pos.h - 1) * Margin;
    return QRect(left, top, std::max(1, right - left), std::max(1, height));
}

std::vector<PlacedPanel> GridGeometry::place(const Dashboard &dashboard, int widthPx,
                                             const QSet<int> &rowsToggled)
{
    // Sections: the panels before the first row, then each row with its panels.
    struct Section
    {
        const Panel *row = nullptr;
        std::vector<const Panel *> children;
    };
    std::vector<Section> sections(1);
    std::map<int, size_t> sectionOfRow;
    for (const Panel &p : dashboard.panels) {
        if (p.isRow()) {
            sectionOfRow[p.id] = sections.size();
            sections.push_back({&p, {}});
        }
    }
    for (const Panel &p : dashboard.panels) {
        if (p.isRow())
            continue;
        const auto it = sectionOfRow.find(p.parentRowId);
        sections[it == sectionOfRow.end() ? 0 : it->second].children.push_back(&p);
    }
    std::stable_sort(sections.begin() + 1, sections.end(),
                     [](const Section &a, const Section &b) { return a.row->gridPos.y < b.row->gridPos.y; });

    std::vector<PlacedPanel> placed;
    int y = 0;
    for (const Section &s : sections) {
        bool expanded = true;
        if (s.row) {
            placed.push_back({s.row, rectFor({0, 0, Columns, 1}, y, widthPx)});
            ++y;
            expanded = s.row->collapsed == rowsToggled.contains(s.row->id);
        }
        if (!expanded || s.children.empty())
            continue;
        // Grafana compacts the grid upwards: a panel rises until it rests on one above it. Files
        // leave gaps Grafana never shows (Node Exporter Full's rows place their panels hundreds of
        // units apart once expanded).
        std::vector<const Panel *> order = s.children;
        std::stable_sort(order.begin(), order.end(), [](const Panel *a, const Panel *b) {
            return std::pair(a->gridPos.y, a->gridPos.x) < std::pair(b->gridPos.y, b->gridPos.x);
        });
        std::vector<std::pair<const Panel *, int>> rested; // panel, its y in units
        int bottom = y;
        for (const Panel *c : order) {
            int rowY = y;
            for (const auto &[above, aboveY] : rested) {
                const bool sideBySide = c->gridPos.x + c->gridPos.w <= above->gridPos.x ||
                                        above->gridPos.x + above->gridPos.w <= c->gridPos.x;
                if (!sideBySide)
                    rowY = std::max(rowY, aboveY + above->gridPos.h);
            }
            rested.emplace_back(c, rowY);
            bottom = std::max(bottom, rowY + c->gridPos.h);
        }
        // In the file's order, as before: the order of the views and of `data`.
        for (const Panel *c : s.children) {
            const auto it =
                std::find_if(rested.begin(), rested.end(), [c](const auto &r) { return r.first == c; });
            placed.push_back({c, rectFor(c->gridPos, it->second, widthPx)});
        }
        y = bottom;
    }
    return placed;
}

int GridGeometry::contentHeight(const std::vector<PlacedPanel> &placed)
{
    int bottom = 0;
    for (const PlacedPanel &p : placed)
        bottom = std::max(bottom, p.rect.bottom() + 1);
    return bottom + Margin;
}

} // namespace promdeck
