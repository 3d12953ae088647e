#include "panels/SeriesLegend.h"

#include "panels/LegendRows.h"
#include "panels/Palette.h"
#include "panels/TimeSeriesChart.h"

#include <QApplication>
#include <QHeaderView>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QTableWidget>
#include <QVBoxLayout>

namespace promdeck {

namespace {
QIcon swatch(const QColor &color, bool dimmed, qreal pixelRatio)
{
    // At the screen's pixel ratio: an icon made at 1 is scaled up, its edges soft.
    QPixmap pixmap(QSize(12, 4) * pixelRatio);
    pixmap.setDevicePixelRatio(pixelRatio);
    QColor c = color;
    if (dimmed)
        c.setAlphaF(0.3);
    pixmap.fill(c);
    return QIcon(pixmap);
}
} // namespace

SeriesLegend::SeriesLegend(TimeSeriesChart *chart, const LegendOptions &options, QWidget *parent)
    : QWidget(parent), m_chart(chart), m_options(options)
{
    // The list or table is made with the first rows: a dashboard opens with every panel's frame, most
    // of them not yet asked (out of view, lazy), and 141 empty legend views took 140 ms of the open.
    setVisible(false);
    connect(m_chart, &TimeSeriesChart::seriesChanged, this, &SeriesLegend::refill);
    refill();
}

void SeriesLegend::createView()
{
    const LegendOptions &options = m_options;
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    QPalette p = palette();
    p.setColor(QPalette::Base, theme::panelBackground());
    p.setColor(QPalette::Text, theme::text());
    const auto modifiersToggle = [] {
        return bool(QApplication::keyboardModifiers() & (Qt::ControlModifier | Qt::MetaModifier));
    };
    if (options.mode == LegendOptions::Mode::List && options.placement == LegendOptions::Placement::Bottom) {
        m_flow = new QListWidget(this);
        m_flow->setFlow(QListView::LeftToRight);
        m_flow->setWrapping(true);
        m_flow->setResizeMode(QListView::Adjust);
        m_flow->setSpacing(2);
        m_flow->setSelectionMode(QAbstractItemView::NoSelection);
        m_flow->setFocusPolicy(Qt::NoFocus);
        m_flow->setFrameShape(QFrame::NoFrame);
        m_flow->setPalette(p);
        m_flow->setAccessibleName(tr("Legend"));
        layout->addWidget(m_flow);
        connect(m_flow, &QListWidget::itemClicked, this, [this, modifiersToggle](QListWidgetItem *item) {
            clickRow(m_flow->row(item), modifiersToggle());
        });
    } else {
        m_table = new QTableWidget(this);
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
        m_table->setPalette(p);
        // The header in the panel's colours: the style's light header is unreadable on a dark panel.
        m_table->horizontalHeader()->setStyleSheet(
            QStringLiteral(
                "QHeaderView::section { background: %1; color: %2; border: none; padding: 0 4px; }")
                .arg(theme::panelBackground().name(), theme::mutedText().name()));
        connect(m_table, &QTableWidget::cellClicked, this,
                [this, modifiersToggle](int row, int) { clickRow(row, modifiersToggle()); });
    }
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
    if (!m_flow && !m_table) {
        if (rows.empty())
            return; // hidden, as made
        createView();
    }
    const bool table = m_options.mode == LegendOptions::Mode::Table;
    QStringList headers{QString()};
    for (const Reducer r : m_options.calcs)
        headers << reducerDisplayName(r);
    m_names.clear();
    if (m_flow)
        m_flow->clear();
    if (m_table) {
        m_table->clear();
        m_table->setRowCount(static_cast<int>(rows.size()));
        m_table->setColumnCount(table ? 1 + static_cast<int>(m_options.calcs.size()) : 1);
        if (table)
            m_table->setHorizontalHeaderLabels(headers);
    }
    for (size_t r = 0; r < rows.size(); ++r) {
        const DisplaySeries &d = shown[static_cast<size_t>(rows[r].series)];
        const bool off = m_chart->isUserHidden(d.name);
        const QColor text = off ? theme::mutedText() : theme::text();
        QString label = d.name;
        if (!table)
            for (size_t c = 0; c < rows[r].texts.size(); ++c)
                label +=
                    QStringLiteral("  %1: %2").arg(headers[static_cast<qsizetype>(c) + 1], rows[r].texts[c]);
        m_names << d.name;
        if (m_flow) {
            auto *item = new QListWidgetItem(swatch(d.color, off, devicePixelRatioF()), label, m_flow);
            item->setForeground(text);
            continue;
        }
        auto *name = new QTableWidgetItem(swatch(d.color, off, devicePixelRatioF()), label);
        name->setForeground(text);
        m_table->setItem(static_cast<int>(r), 0, name);
        if (table)
            for (size_t c = 0; c < rows[r].texts.size(); ++c) {
                auto *value = new QTableWidgetItem(rows[r].texts[c]);
                value->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                value->setForeground(text);
                m_table->setItem(static_cast<int>(r), static_cast<int>(c) + 1, value);
            }
    }
    if (m_table) {
        m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
        for (int c = 1; c < m_table->columnCount(); ++c)
            m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
        // Below the chart a table takes what its rows need; to the right, the written width.
        if (m_options.placement == LegendOptions::Placement::Bottom) {
            const int rowHeight = m_table->verticalHeader()->defaultSectionSize();
            const int header = m_table->horizontalHeader()->isVisible()
                                   ? m_table->horizontalHeader()->sizeHint().height()
                                   : 0;
            setMaximumHeight(header + rowHeight * std::max<int>(1, static_cast<int>(rows.size())) + 4);
        } else if (m_options.width) {
            setFixedWidth(*m_options.width);
        }
    }
    fitFlow();
    setVisible(!rows.empty());
}

int SeriesLegend::flowHeight(int width) const
{
    if (!m_flow || m_flow->count() == 0)
        return 0;
    // From the font, not the view: a view not yet shown has no item sizes to give.
    const QFontMetrics metrics(m_flow->font());
    const int gap = 2 * m_flow->spacing();
    int lines = 1, x = 0;
    for (int i = 0; i < m_flow->count(); ++i) {
        const int w =
            m_flow->iconSize().width() + metrics.horizontalAdvance(m_flow->item(i)->text()) + 12 + gap;
        if (x > 0 && x + w > width - 4) {
            ++lines;
            x = 0;
        }
        x += w;
    }
    return lines * (std::max(metrics.height(), m_flow->iconSize().height()) + 4 + gap) + 4;
}

void SeriesLegend::fitFlow()
{
    if (!m_flow)
        return;
    // The width the panel's body gives (known before this widget's own pending resize arrives).
    const int width = parentWidget() ? parentWidget()->width() : this->width();
    if (const int height = flowHeight(width); height != maximumHeight())
        setFixedHeight(height);
}

void SeriesLegend::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitFlow();
}

QStringList SeriesLegend::rowTexts() const
{
    QStringList out;
    if (m_flow) {
        for (int r = 0; r < m_flow->count(); ++r)
            out << m_flow->item(r)->text();
        return out;
    }
    if (!m_table)
        return out;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < m_table->columnCount(); ++c)
            cells << (m_table->item(r, c) ? m_table->item(r, c)->text() : QString());
        out << cells.join(QLatin1Char('\t'));
    }
    return out;
}

} // namespace promdeck
