#include "panels/SeriesLegend.h"

#include "panels/LegendRows.h"
#include "panels/Palette.h"
#include "panels/TimeSeriesChart.h"

#include <QApplication>
#include <QHeaderView>
#include <QPainter>
#include <QPixmap>
#include <QTableWidget>
#include <QVBoxLayout>

namespace promdeck {

namespace {
QIcon swatch(const QColor &color, bool dimmed)
{
    QPixmap pixmap(12, 4);
    QColor c = color;
    if (dimmed)
        c.setAlphaF(0.3);
    pixmap.fill(c);
    return QIcon(pixmap);
}
} // namespace

SeriesLegend::SeriesLegend(TimeSeriesChart *chart, const LegendOptions &options, QWidget *parent)
    : QWidget(parent), m_chart(chart), m_options(options), m_table(new QTableWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    m_table->setAccessibleName(tr("Legend"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setShowGrid(false);
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(QFontMetrics(font()).height() + 2);
    m_table->horizontalHeader()->setVisible(options.mode == LegendOptions::Mode::Table &&
                                            !options.calcs.empty());
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setFrameShape(QFrame::NoFrame);
    QPalette p = m_table->palette();
    p.setColor(QPalette::Base, theme::PanelBackground);
    p.setColor(QPalette::Text, theme::Text);
    m_table->setPalette(p);
    // The header in the panel's colours: the style's light header is unreadable on a dark panel.
    m_table->horizontalHeader()->setStyleSheet(
        QStringLiteral("QHeaderView::section { background: %1; color: %2; border: none; padding: 0 4px; }")
            .arg(theme::PanelBackground.name(), theme::MutedText.name()));
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int) {
        clickRow(row, QApplication::keyboardModifiers() & (Qt::ControlModifier | Qt::MetaModifier));
    });
    connect(m_chart, &TimeSeriesChart::seriesChanged, this, &SeriesLegend::refill);
    refill();
}

void SeriesLegend::clickRow(int row, bool toggle)
{
    if (row < 0 || row >= m_names.size())
        return;
    if (toggle)
        m_chart->toggleSeries(m_names[row]);
    else
        m_chart->isolateSeries(m_names[row]);
}

void SeriesLegend::refill()
{
    const std::vector<DisplaySeries> &shown = m_chart->allSeries();
    std::vector<LegendSeries> input;
    input.reserve(shown.size());
    for (const DisplaySeries &d : shown)
        input.push_back({d.name, &d.config, d.series});
    const std::vector<LegendRow> rows = legendRows(m_options, input);
    const bool table = m_options.mode == LegendOptions::Mode::Table;
    m_table->clear();
    m_names.clear();
    m_table->setRowCount(static_cast<int>(rows.size()));
    m_table->setColumnCount(table ? 1 + static_cast<int>(m_options.calcs.size()) : 1);
    QStringList headers{QString()};
    for (const Reducer r : m_options.calcs)
        headers << reducerDisplayName(r);
    if (table)
        m_table->setHorizontalHeaderLabels(headers);
    for (size_t r = 0; r < rows.size(); ++r) {
        const DisplaySeries &d = shown[static_cast<size_t>(rows[r].series)];
        const bool off = m_chart->isUserHidden(d.name);
        QString text = d.name;
        if (!table)
            for (size_t c = 0; c < rows[r].texts.size(); ++c)
                text +=
                    QStringLiteral("  %1: %2").arg(headers[static_cast<qsizetype>(c) + 1], rows[r].texts[c]);
        auto *name = new QTableWidgetItem(swatch(d.color, off), text);
        name->setForeground(off ? theme::MutedText : theme::Text);
        m_table->setItem(static_cast<int>(r), 0, name);
        if (table)
            for (size_t c = 0; c < rows[r].texts.size(); ++c) {
                auto *value = new QTableWidgetItem(rows[r].texts[c]);
                value->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                value->setForeground(off ? theme::MutedText : theme::Text);
                m_table->setItem(static_cast<int>(r), static_cast<int>(c) + 1, value);
            }
        m_names << d.name;
    }
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    for (int c = 1; c < m_table->columnCount(); ++c)
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    // Below the chart the legend takes what its rows need, at most a third of the panel; to the
    // right it takes the written width or a third.
    if (m_options.placement == LegendOptions::Placement::Bottom) {
        const int rowHeight = m_table->verticalHeader()->defaultSectionSize();
        const int header =
            m_table->horizontalHeader()->isVisible() ? m_table->horizontalHeader()->sizeHint().height() : 0;
        setMaximumHeight(header + rowHeight * std::max<int>(1, static_cast<int>(rows.size())) + 4);
    } else if (m_options.width) {
        setFixedWidth(*m_options.width);
    }
    setVisible(!rows.empty());
}

QStringList SeriesLegend::rowTexts() const
{
    QStringList out;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < m_table->columnCount(); ++c)
            cells << (m_table->item(r, c) ? m_table->item(r, c)->text() : QString());
        out << cells.join(QLatin1Char('\t'));
    }
    return out;
}

} // namespace promdeck
