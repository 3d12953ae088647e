#include "table/TablePanelView.h"

#include "panels/LinkOpener.h"
#include "panels/Palette.h"
#include "table/TableCellDelegate.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

namespace promdeck {

// The footer row: one text per column, kept under its column as columns move and resize.
class FooterRow : public QWidget
{
public:
    FooterRow(QTableView *view, QWidget *parent) : QWidget(parent), m_view(view)
    {
        setAccessibleName(tr("Table footer"));
        setFixedHeight(fontMetrics().height() + 10);
        connect(view->horizontalHeader(), &QHeaderView::sectionResized, this, [this] { update(); });
        connect(view->horizontalScrollBar(), &QScrollBar::valueChanged, this, [this] { update(); });
    }
    QStringList texts;

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.fillRect(rect(), theme::panelBackground());
        p.setPen(theme::panelBorder());
        p.drawLine(0, 0, width(), 0);
        QFont f = font();
        f.setBold(true);
        p.setFont(f);
        p.setPen(theme::text());
        const QHeaderView *header = m_view->horizontalHeader();
        // The footer is the view's sibling: both measured from their common parent.
        const int offset = m_view->viewport()->mapTo(parentWidget(), QPoint(0, 0)).x() - x();
        for (int c = 0; c < texts.size(); ++c) {
            const int logical = header->logicalIndex(c);
            if (logical < 0 || logical >= texts.size() || texts[logical].isEmpty())
                continue;
            const QRect r(offset + header->sectionViewportPosition(logical) + 6, 0,
                          header->sectionSize(logical) - 12, height());
            p.drawText(r, Qt::AlignRight | Qt::AlignVCenter,
                       fontMetrics().elidedText(texts[logical], Qt::ElideRight, r.width()));
        }
    }

private:
    QTableView *m_view;
};

TablePanelView::TablePanelView(QWidget *parent)
    : QWidget(parent), m_framePicker(new QComboBox(this)), m_view(new QTableView(this)),
      m_footer(new FooterRow(m_view, this)), m_notice(new QLabel(this)), m_links(new LinkOpener(this))
{
    setAccessibleName(tr("Table panel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_framePicker->setAccessibleName(tr("Table frame"));
    m_framePicker->setVisible(false);
    m_notice->setTextFormat(Qt::PlainText);
    m_notice->setWordWrap(true);
    m_notice->setVisible(false);
    QPalette warn = m_notice->palette();
    warn.setColor(QPalette::WindowText, theme::warning());
    m_notice->setPalette(warn);
    layout->addWidget(m_framePicker);
    layout->addWidget(m_notice);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_footer);
    m_footer->setVisible(false);

    m_table.model = std::make_unique<TableModel>();
    m_table.proxy = std::make_unique<TableProxyModel>();
    m_table.proxy->setTableModel(m_table.model.get());
    m_view->setModel(m_table.proxy.get());
    m_view->setAccessibleName(tr("Table"));
    m_view->setItemDelegate(new TableCellDelegate(m_view));
    m_view->setSortingEnabled(true);
    m_view->horizontalHeader()->setSortIndicatorShown(true);
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->horizontalHeader()->setAccessibleName(tr("Table columns: click to sort, right-click to filter"));
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setMouseTracking(true);
    QPalette pal = m_view->palette();
    pal.setColor(QPalette::Base, theme::panelBackground());
    pal.setColor(QPalette::AlternateBase, theme::panelBackground().lighter(112));
    pal.setColor(QPalette::Text, theme::text());
    pal.setColor(QPalette::Button, theme::panelBackground());
    pal.setColor(QPalette::ButtonText, theme::text());
    pal.setColor(QPalette::Window, theme::panelBackground());
    pal.setColor(QPalette::WindowText, theme::text());
    m_view->setPalette(pal);
    m_view->horizontalHeader()->setPalette(pal);
    m_view->setAlternatingRowColors(true);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setStyleSheet(
        QStringLiteral("QHeaderView::section { background: %1; color: %2; border: none; "
                       "border-bottom: 1px solid %3; padding: 4px 6px; font-weight: bold; }")
            .arg(theme::panelBackground().name(), theme::text().name(), theme::panelBorder().name()));

    connect(m_view, &QTableView::clicked, this, &TablePanelView::activateCell);
    connect(m_view->horizontalHeader(), &QHeaderView::customContextMenuRequested, this,
            [this](const QPoint &pos) {
                showFilterMenu(m_view->horizontalHeader()->logicalIndexAt(pos),
                               m_view->horizontalHeader()->mapToGlobal(pos));
            });
    connect(m_framePicker, &QComboBox::activated, this, [this](int index) {
        showTableFrame(m_table, index);
        applyColumnSizes();
        updateFooter();
    });
    connect(m_table.proxy.get(), &QAbstractItemModel::layoutChanged, this, &TablePanelView::updateFooter);
    connect(m_table.proxy.get(), &QAbstractItemModel::rowsRemoved, this, &TablePanelView::updateFooter);
    connect(m_table.proxy.get(), &QAbstractItemModel::rowsInserted, this, &TablePanelView::updateFooter);
    connect(m_links, &LinkOpener::dashboardLinkActivated, this, &TablePanelView::dashboardLinkActivated);
}

TablePanelView::~TablePanelView()
{
    m_view->setModel(nullptr); // the view lets go of the proxy before the proxy goes
}

void TablePanelView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    applyColumnSizes();
}

void TablePanelView::setTimeZone(const QTimeZone &zone)
{
    m_table.model->setTimeZone(zone);
}

void TablePanelView::setData(const Panel &panel, const PanelData &panelData, const VariableValues &variables)
{
    const int shownFrame = m_table.frameIndex;
    const int sortColumn = m_view->horizontalHeader()->sortIndicatorSection();
    const Qt::SortOrder sortOrder = m_view->horizontalHeader()->sortIndicatorOrder();
    PanelFrames shaped = panelFrames(panel, panelData);
    m_table.frames = std::move(shaped.frames);
    m_table.skipped = std::move(shaped.skipped);
    m_table.spec = tableSpecOf(panel);
    m_table.model->setVariables(variables);
    const bool firstData = m_table.model->columnCount() == 0;
    showTableFrame(m_table, shownFrame);
    // A refresh keeps the operator's own sort.
    if (!firstData && sortColumn >= 0 && sortColumn < m_table.model->columnCount())
        m_view->sortByColumn(sortColumn, sortOrder);
    else if (m_table.proxy->sortColumn() >= 0)
        m_view->horizontalHeader()->setSortIndicator(m_table.proxy->sortColumn(), m_table.proxy->sortOrder());

    m_framePicker->clear();
    for (size_t i = 0; i < m_table.frames.size(); ++i)
        m_framePicker->addItem(frameDisplayName(m_table.frames[i], m_table.frames));
    m_framePicker->setCurrentIndex(m_table.frameIndex);
    m_framePicker->setVisible(m_table.frames.size() > 1);
    m_notice->setText(m_table.skipped.join(QLatin1Char('\n')));
    m_notice->setVisible(!m_table.skipped.isEmpty());
    m_view->horizontalHeader()->setVisible(m_table.spec.showHeader);
    if (m_table.spec.cellHeight > 0)
        m_view->verticalHeader()->setDefaultSectionSize(m_table.spec.cellHeight);
    m_view->setAccessibleName(tr("Table: %1").arg(panel.title));
    setAccessibleName(tr("Table panel: %1").arg(panel.title));
    applyColumnSizes();
    updateFooter();
}

void TablePanelView::applyColumnSizes()
{
    QHeaderView *header = m_view->horizontalHeader();
    const QFontMetrics fm(header->font());
    std::vector<int> widths;
    int total = 0, flexible = 0;
    for (int c = 0; c < m_table.model->columnCount(); ++c) {
        const ColumnStyle &style = m_table.model->columnStyle(c);
        int width = style.width;
        if (width <= 0) {
            // As wide as the header and the first rows ask (never every row: 10,000 rows stay fast).
            width = fm.horizontalAdvance(m_table.model->headerData(c, Qt::Horizontal).toString()) + 28;
            const int sample = std::min(m_table.model->rowCount(), 200);
            for (int r = 0; r < sample; ++r)
                width =
                    std::max(width, m_view->fontMetrics().horizontalAdvance(m_table.model->text(r, c)) + 16);
            width = std::clamp(std::max(width, style.minWidth), 40, 420);
            ++flexible;
        }
        widths.push_back(width);
        total += width;
    }
    // Columns without a set width share what is left, as Grafana's table fills its panel.
    // The view's own viewport is sized lazily; measured from this widget, less a scroll bar if the
    // rows will need one.
    const int rowsHeight = m_table.model->rowCount() * m_view->verticalHeader()->defaultSectionSize();
    const bool scrolls = rowsHeight > m_view->height() - header->height();
    const int available = width() - 2 - (scrolls ? m_view->verticalScrollBar()->sizeHint().width() : 0);
    const int spare = available - total;
    for (int c = 0; c < m_table.model->columnCount(); ++c) {
        int width = widths[static_cast<size_t>(c)];
        if (spare > 0 && flexible > 0 && m_table.model->columnStyle(c).width <= 0)
            width += spare / flexible;
        header->resizeSection(c, width);
    }
}

void TablePanelView::updateFooter()
{
    if (!m_table.spec.footer.show || m_table.spec.footer.reducers.isEmpty()) {
        m_footer->setVisible(false);
        return;
    }
    const std::vector<int> rows = m_table.proxy->shownSourceRows();
    const QString reducer = m_table.spec.footer.reducers.front();
    QStringList texts;
    for (int c = 0; c < m_table.model->columnCount(); ++c) {
        const QString name = m_table.model->headerData(c, Qt::Horizontal).toString();
        const bool wanted =
            m_table.spec.footer.fields.isEmpty()
                ? m_table.model->rowCount() > 0 && numberIf(m_table.model->value(0, c)) != nullptr
                : m_table.spec.footer.fields.contains(name);
        if (m_table.spec.footer.countRows)
            texts << (c == 0 ? tr("Count: %1").arg(rows.size()) : QString());
        else
            texts << (wanted ? m_table.model->footerText(c, reducer, rows) : QString());
    }
    m_footer->texts = texts;
    m_footer->setVisible(true);
    m_footer->update();
}

QStringList TablePanelView::footerTexts() const
{
    return m_footer->isVisibleTo(this) ? m_footer->texts : QStringList();
}

void TablePanelView::activateCell(const QModelIndex &proxyIndex)
{
    const QString link = proxyIndex.data(TableModel::LinkRole).toString();
    if (!link.isEmpty())
        m_links->open(link);
}

void TablePanelView::showFilterMenu(int proxyColumn, const QPoint &globalPos)
{
    if (proxyColumn < 0)
        return;
    const int column = proxyColumn; // the proxy keeps the source's columns
    QMenu menu(this);
    menu.setAccessibleName(tr("Filter %1").arg(m_table.model->headerData(column, Qt::Horizontal).toString()));
    const QSet<QString> current = m_table.proxy->columnFilter(column);
    QAction *clear = menu.addAction(tr("Show all values"));
    clear->setEnabled(!current.isEmpty());
    menu.addSeparator();
    // The first 100 distinct values: a column of 10,000 different ones is not filtered by ticking.
    const QStringList values = m_table.model->distinctTexts(column);
    for (qsizetype i = 0; i < std::min<qsizetype>(values.size(), 100); ++i) {
        QAction *a = menu.addAction(values[i].isEmpty() ? tr("(empty)") : values[i]);
        a->setCheckable(true);
        a->setChecked(current.contains(values[i]));
        a->setData(values[i]);
    }
    const QAction *chosen = menu.exec(globalPos);
    if (!chosen)
        return;
    if (chosen == clear) {
        m_table.proxy->setColumnFilter(column, {});
        return;
    }
    QSet<QString> next = current;
    if (chosen->isChecked())
        next.insert(chosen->data().toString());
    else
        next.remove(chosen->data().toString());
    m_table.proxy->setColumnFilter(column, next);
}

} // namespace promdeck
