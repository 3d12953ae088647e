#include "window/ExploreWindow.h"

#include "explore/PanelQueries.h"
#include "explore/PromqlEditor.h"
#include "explore/QueryHistory.h"
#include "panels/Palette.h"
#include "panels/TimeSeriesChart.h"
#include "source/SourceMetadata.h"
#include "window/ExplorePane.h"
#include "workspace/Workspace.h"

#include <QCheckBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QVBoxLayout>

namespace promdeck {

namespace {
QString utcText(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}
} // namespace

ExploreWindow::ExploreWindow(Workspace *workspace, const QString &historyPath, QWidget *parent)
    : QWidget(parent, Qt::Window), m_workspace(workspace),
      m_history(std::make_unique<QueryHistory>(historyPath))
{
    setWindowTitle(tr("Explore · Promdeck"));
    resize(1400, 900);

    m_splitButton = new QPushButton(this);
    auto *zoomOutButton = new QPushButton(tr("Zoom &out"), this);
    zoomOutButton->setAccessibleName(tr("Zoom out"));
    zoomOutButton->setToolTip(tr("Twice the time range around its centre, for every pane (Ctrl+Z)"));
    m_rangeLabel = new QLabel(this);
    m_rangeLabel->setAccessibleName(tr("Time range"));
    auto *top = new QHBoxLayout;
    top->addWidget(m_splitButton);
    top->addWidget(zoomOutButton);
    top->addStretch();
    top->addWidget(m_rangeLabel);

    m_paneSplitter = new QSplitter(Qt::Horizontal, this);
    m_paneSplitter->setChildrenCollapsible(false);

    m_historySearch = new QLineEdit(this);
    m_historySearch->setAccessibleName(tr("Search history"));
    m_historySearch->setPlaceholderText(tr("Search the query history"));
    m_historySearch->setClearButtonEnabled(true);
    m_historyList = new QListWidget(this);
    m_historyList->setAccessibleName(tr("Query history"));
    m_historyList->setTextElideMode(Qt::ElideMiddle);
    m_historyList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *historyBox = new QWidget(this);
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    auto *historyTitle =
        new QLabel(tr("History (starred, then newest; Enter puts a query in the first pane's row A)"), this);
    historyTitle->setWordWrap(true);
    m_starButton = new QPushButton(this);
    m_starButton->setToolTip(tr("Star the selected query: starred ones come first and are always kept"));
    m_starredOnly = new QCheckBox(tr("Starred only"), this);
    m_starredOnly->setAccessibleName(tr("Starred only"));
    auto *historyTools = new QHBoxLayout;
    historyTools->addWidget(m_starButton);
    historyTools->addWidget(m_starredOnly);
    historyTools->addStretch();
    historyLayout->addWidget(historyTitle);
    historyLayout->addWidget(m_historySearch);
    historyLayout->addLayout(historyTools);
    historyLayout->addWidget(m_historyList);
    if (!m_history->isOpen()) { // runs still work; they are just not kept
        auto *problem = new QLabel(tr("The query history cannot be kept: %1").arg(m_history->error()), this);
        problem->setAccessibleName(tr("History problem"));
        problem->setAccessibleDescription(problem->text());
        problem->setTextFormat(Qt::PlainText);
        problem->setWordWrap(true);
        QPalette pal = problem->palette();
        pal.setColor(QPalette::WindowText, theme::Warning);
        problem->setPalette(pal);
        historyLayout->addWidget(problem);
    }
    connect(m_historySearch, &QLineEdit::textChanged, this, &ExploreWindow::fillHistory);
    connect(m_starredOnly, &QCheckBox::toggled, this, &ExploreWindow::fillHistory);
    connect(m_historyList, &QListWidget::currentItemChanged, this, &ExploreWindow::updateStarButton);
    connect(m_starButton, &QPushButton::clicked, this, &ExploreWindow::toggleStar);
    connect(m_historyList, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        ExplorePane *first = m_panes.front();
        QStringList exprs = first->expressions();
        exprs[0] = item->data(Qt::UserRole).toString();
        first->setExpressions(exprs);
        first->focusFirstQuery();
        first->run();
    });

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(top);
    leftLayout->addWidget(m_paneSplitter, 1);
    auto *withHistory = new QSplitter(Qt::Horizontal, this);
    withHistory->addWidget(left);
    withHistory->addWidget(historyBox);
    withHistory->setStretchFactor(0, 5);
    withHistory->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(withHistory);

    connect(m_splitButton, &QPushButton::clicked, this, [this] { paneCount() > 1 ? closeSplit() : split(); });
    connect(zoomOutButton, &QPushButton::clicked, this, &ExploreWindow::zoomOut);
    connect(m_workspace, &Workspace::sourceChanged, this, &ExploreWindow::useSource);
    connect(m_workspace, &Workspace::timeSpecChanged, this, [this] {
        if (m_ownRange)
            return;
        updateRangeLabel();
        if (isVisible())
            runAnswered(); // the dashboard's range is shared: the answers follow it
    });
    auto *runKey = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(runKey, &QShortcut::activated, this, [this] {
        for (ExplorePane *pane : m_panes)
            if (pane->isAncestorOf(focusWidget()))
                return pane->run();
        m_panes.front()->run();
    });
    auto *zoomKey = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z), this);
    connect(zoomKey, &QShortcut::activated, this, &ExploreWindow::zoomOut);
    auto *closeKey = new QShortcut(QKeySequence::Close, this);
    connect(closeKey, &QShortcut::activated, this, &QWidget::close);

    useSource();
    addPane();
    updateSplitButton();
    updateRangeLabel();
    fillHistory();
}

ExploreWindow::~ExploreWindow()
{
    for (ExplorePane *pane : m_panes)
        pane->setMetadata(nullptr);
}

ExplorePane *ExploreWindow::addPane()
{
    auto *pane = new ExplorePane(
        m_workspace, [this] { return range(); }, m_paneSplitter);
    pane->setMetadata(m_metadata.get());
    m_paneSplitter->addWidget(pane);
    m_panes.push_back(pane);
    pane->setAccessibleName(tr("Explore pane %1").arg(m_panes.size()));
    connect(pane, &ExplorePane::ran, this, &ExploreWindow::record);
    return pane;
}

ExplorePane *ExploreWindow::pane(int index) const
{
    return index >= 0 && size_t(index) < m_panes.size() ? m_panes[size_t(index)] : nullptr;
}

void ExploreWindow::split()
{
    if (m_panes.size() > 1)
        return;
    ExplorePane *second = addPane();
    m_paneSplitter->setSizes({1, 1});
    updateSplitButton();
    second->focusFirstQuery();
}

void ExploreWindow::closeSplit()
{
    if (m_panes.size() < 2)
        return;
    ExplorePane *second = m_panes.back();
    m_panes.pop_back();
    second->setMetadata(nullptr);
    second->hide();
    second->deleteLater();
    updateSplitButton();
    m_panes.front()->focusFirstQuery();
}

void ExploreWindow::updateSplitButton()
{
    const bool split = m_panes.size() > 1;
    m_splitButton->setText(split ? tr("Close &split") : tr("&Split"));
    m_splitButton->setAccessibleName(split ? tr("Close split") : tr("Split"));
    m_splitButton->setToolTip(split ? tr("Back to one pane (the second one's queries are dropped)")
                                    : tr("A second pane beside this one, on the same time range"));
}

TimeRange ExploreWindow::range() const
{
    return m_ownRange ? *m_ownRange : m_workspace->range();
}

void ExploreWindow::zoomOut()
{
    if (!m_ownRange) {
        m_workspace->zoomOut(); // timeSpecChanged runs the panes again
        return;
    }
    const std::int64_t span = m_ownRange->toMs - m_ownRange->fromMs;
    m_ownRange = TimeRange{m_ownRange->fromMs - span / 2, m_ownRange->toMs + span / 2};
    updateRangeLabel();
    runAnswered();
}

void ExploreWindow::runAnswered()
{
    for (ExplorePane *pane : m_panes)
        if (pane->hasRun())
            pane->run();
}

void ExploreWindow::useSource()
{
    for (ExplorePane *pane : m_panes)
        pane->setMetadata(nullptr);
    m_metadata.reset();
    m_provider = std::make_unique<SourceMetadataProvider>(m_workspace->source());
    m_metadata = std::make_unique<promql::MetadataCache>(m_provider.get());
    for (ExplorePane *pane : m_panes)
        pane->setMetadata(m_metadata.get());
}

void ExploreWindow::updateRangeLabel()
{
    const TimeRange r = range();
    m_rangeLabel->setText(tr("%1 to %2%3")
                              .arg(utcText(r.fromMs), utcText(r.toMs),
                                   m_ownRange ? tr(" (the panel's range)") : tr(" (the dashboard's range)")));
    m_rangeLabel->setAccessibleDescription(m_rangeLabel->text());
}

QStringList ExploreWindow::expressions() const
{
    return m_panes.front()->expressions();
}

void ExploreWindow::setExpressions(const QStringList &exprs)
{
    m_panes.front()->setExpressions(exprs);
}

void ExploreWindow::run()
{
    m_panes.front()->run();
}

PromqlEditor *ExploreWindow::editor(int row) const
{
    return m_panes.front()->editor(row);
}

void ExploreWindow::explorePanel(int panelId)
{
    const DashboardRefresher *refresher = m_workspace->refresher();
    const Panel *panel = refresher ? refresher->dashboard().panel(panelId) : nullptr;
    if (!panel || !panel->hasQueries())
        return;
    const PanelQueries queries =
        panelQueriesForExplore(*panel, refresher->panelData(panelId), refresher->variables(),
                               m_workspace->range(), std::max(m_panes.front()->chart()->width(), 600));
    m_ownRange = queries.range;
    updateRangeLabel();
    m_panes.front()->setExpressions(queries.exprs);
    m_panes.front()->run();
    for (size_t i = 1; i < m_panes.size(); ++i) // the other pane follows the range it shares
        if (m_panes[i]->hasRun())
            m_panes[i]->run();
}

void ExploreWindow::followWorkspaceTime()
{
    m_ownRange.reset();
    updateRangeLabel();
}

void ExploreWindow::record(const QStringList &exprs, const QString &server)
{
    updateRangeLabel();
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    for (const QString &expr : exprs)
        m_history->record(expr, now, server);
    fillHistory();
}

void ExploreWindow::fillHistory()
{
    const QListWidgetItem *current = m_historyList->currentItem();
    const QString selected = current ? current->data(Qt::UserRole).toString() : QString();
    m_historyList->clear();
    for (const QueryHistory::Entry &entry :
         m_history->search(m_historySearch->text(), 200, m_starredOnly->isChecked())) {
        // The star is drawn before the text; screen readers get the expression as the name and the star
        // in the description.
        auto *item = new QListWidgetItem(entry.starred ? QStringLiteral("★ ") + entry.expr : entry.expr,
                                         m_historyList);
        item->setData(Qt::UserRole, entry.expr);
        item->setData(Qt::AccessibleTextRole, entry.expr);
        item->setData(Qt::AccessibleDescriptionRole, entry.starred ? tr("starred") : QString());
        item->setToolTip(tr("%1\n\nlast run %2 on %3%4")
                             .arg(entry.expr,
                                  QDateTime::fromMSecsSinceEpoch(entry.timeMs).toString(Qt::ISODate),
                                  entry.server, entry.starred ? tr(" (starred: always kept)") : QString()));
        if (entry.expr == selected)
            m_historyList->setCurrentItem(item);
    }
    updateStarButton();
}

void ExploreWindow::updateStarButton()
{
    const QListWidgetItem *item = m_historyList->currentItem();
    const bool starred = item && m_history->isStarred(item->data(Qt::UserRole).toString());
    m_starButton->setEnabled(item != nullptr);
    m_starButton->setText(starred ? tr("★ Unstar") : tr("☆ Star"));
    m_starButton->setAccessibleName(starred ? tr("Unstar query") : tr("Star query"));
}

void ExploreWindow::toggleStar()
{
    const QListWidgetItem *item = m_historyList->currentItem();
    if (!item)
        return;
    const QString expr = item->data(Qt::UserRole).toString();
    m_history->setStarred(expr, !m_history->isStarred(expr));
    fillHistory();
}

} // namespace promdeck
