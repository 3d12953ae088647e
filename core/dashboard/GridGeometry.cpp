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
        int top = s.children.front()->gridPos.y;
        for (const Panel *c : s.children)
            top = std::min(top, c->gridPos.y);
        int bottom = y;
        for (const Panel *c : s.children) {
            const int rowY = y + c->gridPos.y - top;
            placed.push_back({c, rectFor(c->gridPos, rowY, widthPx)});
            bottom = std::max(bottom, rowY + c->gridPos.h);
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
