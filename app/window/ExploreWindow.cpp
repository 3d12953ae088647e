#include "window/ExploreWindow.h"

#include "explore/AddToDashboard.h"
#include "explore/ExploreRunner.h"
#include "explore/InstantResultModel.h"
#include "explore/PanelQueries.h"
#include "explore/PromqlEditor.h"
#include "explore/QueryHistory.h"
#include "panels/Palette.h"
#include "panels/PanelContent.h"
#include "panels/SeriesLegend.h"
#include "panels/TimeSeriesChart.h"
#include "promql/Parser.h"
#include "promql/Printer.h"
#include "source/SourceMetadata.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace promdeck {

namespace {
QString utcText(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QLabel *messageLabel(const QString &name, const QColor &color, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setAccessibleName(name);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette pal = label->palette();
    pal.setColor(QPalette::WindowText, color);
    label->setPalette(pal);
    label->hide();
    return label;
}

// Shows the words (as the label's text and, for screen readers, its description), or hides it.
void say(QLabel *label, const QString &words)
{
    label->setText(words);
    label->setAccessibleDescription(words);
    label->setVisible(!words.isEmpty());
}
QString syntaxText(const QString &problem)
{
    return problem.isEmpty() ? QString() : ExploreWindow::tr("Syntax: %1").arg(problem);
}
} // namespace

ExploreWindow::ExploreWindow(Workspace *workspace, const QString &historyPath, QWidget *parent)
    : QWidget(parent, Qt::Window), m_workspace(workspace),
      m_history(std::make_unique<QueryHistory>(historyPath)), m_runner(new ExploreRunner(this)),
      m_tableModel(new InstantResultModel(this)), m_tableProxy(new QSortFilterProxyModel(this))
{
    setWindowTitle(tr("Explore · Promdeck"));
    resize(1400, 900);

    auto *runButton = new QPushButton(tr("&Run"), this);
    runButton->setAccessibleName(tr("Run queries"));
    runButton->setToolTip(tr("Run every query (Shift+Enter in a query)"));
    auto *formatButton = new QPushButton(tr("&Format"), this);
    formatButton->setAccessibleName(tr("Format queries"));
    formatButton->setToolTip(tr("Lay the queries out as Prometheus' formatter does"));
    auto *addButton = new QPushButton(tr("&Add query"), this);
    addButton->setAccessibleName(tr("Add query"));
    auto *toDashboard = new QPushButton(tr("Add to &dashboard…"), this);
    toDashboard->setAccessibleName(tr("Add to dashboard"));
    toDashboard->setToolTip(tr("Append a time series panel with these queries to a dashboard file"));
    m_rangeLabel = new QLabel(this);
    m_rangeLabel->setAccessibleName(tr("Time range"));
    auto *top = new QHBoxLayout;
    top->addWidget(runButton);
    top->addWidget(formatButton);
    top->addWidget(addButton);
    top->addWidget(toDashboard);
    top->addStretch();
    top->addWidget(m_rangeLabel);

    auto *rowsBox = new QWidget(this);
    m_rowLayout = new QVBoxLayout(rowsBox);
    m_rowLayout->setContentsMargins(0, 0, 0, 0);

    m_summary = new QLabel(this);
    m_summary->setAccessibleName(tr("Result summary"));
    m_summary->setTextFormat(Qt::PlainText);

    m_chart = new TimeSeriesChart(this);
    m_chart->setAccessibleName(tr("Result graph"));
    m_tableProxy->setSourceModel(m_tableModel);
    m_tableProxy->setSortRole(InstantResultModel::SortRole);
    m_tableProxy->setFilterKeyColumn(-1);
    m_tableProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table = new QTableView(this);
    m_table->setAccessibleName(tr("Result table"));
    m_table->setModel(m_tableProxy);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto *tableFilter = new QLineEdit(this);
    tableFilter->setAccessibleName(tr("Filter table rows"));
    tableFilter->setPlaceholderText(tr("Filter rows (any column)"));
    tableFilter->setClearButtonEnabled(true);
    connect(tableFilter, &QLineEdit::textChanged, m_tableProxy, &QSortFilterProxyModel::setFilterFixedString);
    auto *tablePage = new QWidget(this);
    auto *tableLayout = new QVBoxLayout(tablePage);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(tableFilter);
    tableLayout->addWidget(m_table);
    m_results = new QTabWidget(this);
    m_results->setAccessibleName(tr("Results"));
    // The graph as a time series panel draws it, its legend below (names the series; a click isolates one).
    auto *graphPage = new QWidget(this);
    auto *graphLayout = new QVBoxLayout(graphPage);
    graphLayout->setContentsMargins(0, 0, 0, 0);
    graphLayout->addWidget(m_chart, 1);
    auto *legend = new SeriesLegend(m_chart, LegendOptions{}, graphPage);
    legend->setAccessibleName(tr("Legend of the result graph"));
    graphLayout->addWidget(legend);
    m_results->addTab(tablePage, tr("&Table"));
    m_results->addTab(graphPage, tr("&Graph"));

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
    auto *historyTitle = new QLabel(tr("History (newest first; Enter puts a query in row A)"), this);
    historyLayout->addWidget(historyTitle);
    historyLayout->addWidget(m_historySearch);
    historyLayout->addWidget(m_historyList);
    if (!m_history->isOpen()) { // runs still work; they are just not kept
        QLabel *problem = messageLabel(tr("History problem"), theme::warning(), this);
        say(problem, tr("The query history cannot be kept: %1").arg(m_history->error()));
        historyLayout->addWidget(problem);
    }
    connect(m_historySearch, &QLineEdit::textChanged, this, &ExploreWindow::fillHistory);
    connect(m_historyList, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        if (m_rows.empty())
            addRow();
        m_rows.front().editor->setExpression(item->text());
        m_rows.front().editor->setFocus();
        run();
    });

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(top);
    leftLayout->addWidget(rowsBox);
    leftLayout->addWidget(m_summary);
    leftLayout->addWidget(m_results, 1);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(historyBox);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);

    m_focusBefore = {runButton, formatButton, addButton, toDashboard};
    m_focusAfter = {m_results, tableFilter, m_table, m_historySearch, m_historyList};
    connect(runButton, &QPushButton::clicked, this, &ExploreWindow::run);
    connect(formatButton, &QPushButton::clicked, this, &ExploreWindow::formatQueries);
    connect(addButton, &QPushButton::clicked, this, [this] {
        addRow();
        m_rows.back().editor->setFocus();
    });
    connect(toDashboard, &QPushButton::clicked, this, &ExploreWindow::addToDashboard);
    connect(m_runner, &ExploreRunner::finished, this, &ExploreWindow::showAnswers);
    connect(m_workspace, &Workspace::sourceChanged, this, &ExploreWindow::useSource);
    connect(m_workspace, &Workspace::timeSpecChanged, this, [this] {
        if (m_ownRange)
            return;
        updateRangeLabel();
        if (isVisible() && !m_runner->answers().empty())
            run(); // the dashboard's range is shared: the answers follow it
    });
    auto *runKey = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    connect(runKey, &QShortcut::activated, this, &ExploreWindow::run);
    auto *closeKey = new QShortcut(QKeySequence::Close, this);
    connect(closeKey, &QShortcut::activated, this, &QWidget::close);

    addRow();
    useSource();
    updateRangeLabel();
    fillHistory();
}

ExploreWindow::~ExploreWindow()
{
    m_runner->cancel();
    for (const Row &row : m_rows)
        row.editor->setMetadata(nullptr);
}

TimeRange ExploreWindow::range() const
{
    return m_ownRange ? *m_ownRange : m_workspace->range();
}

void ExploreWindow::useSource()
{
    for (const Row &row : m_rows)
        row.editor->setMetadata(nullptr);
    m_metadata.reset();
    m_provider = std::make_unique<SourceMetadataProvider>(m_workspace->source());
    m_metadata = std::make_unique<promql::MetadataCache>(m_provider.get());
    for (const Row &row : m_rows)
        row.editor->setMetadata(m_metadata.get());
}

void ExploreWindow::updateRangeLabel()
{
    const TimeRange r = range();
    m_rangeLabel->setText(tr("%1 to %2%3")
                              .arg(utcText(r.fromMs), utcText(r.toMs),
                                   m_ownRange ? tr(" (the panel's range)") : tr(" (the dashboard's range)")));
    m_rangeLabel->setAccessibleDescription(m_rangeLabel->text());
}

void ExploreWindow::addRow(const QString &expr)
{
    Row row;
    row.box = new QWidget(this);
    row.name = new QLabel(row.box);
    row.editor = new PromqlEditor(row.box);
    row.editor->setMetadata(m_metadata.get());
    row.editor->setExpression(expr);
    row.remove = new QPushButton(QStringLiteral("✕"), row.box);
    row.remove->setFixedWidth(row.remove->sizeHint().height() + 8);
    row.problem = messageLabel({}, theme::warning(), row.box);
    row.error = messageLabel({}, theme::error(), row.box);
    auto *line = new QHBoxLayout;
    line->addWidget(row.name, 0, Qt::AlignTop);
    line->addWidget(row.editor, 1);
    line->addWidget(row.remove, 0, Qt::AlignTop);
    auto *box = new QVBoxLayout(row.box);
    box->setContentsMargins(0, 0, 0, 0);
    box->setSpacing(2);
    box->addLayout(line);
    box->addWidget(row.problem);
    box->addWidget(row.error);
    m_rowLayout->addWidget(row.box);
    connect(row.editor, &PromqlEditor::runRequested, this, &ExploreWindow::run);
    connect(row.editor, &PromqlEditor::problemChanged, row.problem,
            [label = row.problem](const QString &problem) { say(label, syntaxText(problem)); });
    connect(row.remove, &QPushButton::clicked, this, [this, box = row.box] { removeRow(box); });
    say(row.problem, syntaxText(row.editor->problem()));
    m_rows.push_back(row);
    renameRows();
}

void ExploreWindow::removeRow(QWidget *box)
{
    if (m_rows.size() <= 1) { // one row always stays: emptied instead
        m_rows.front().editor->setExpression({});
        return;
    }
    const auto it = std::find_if(m_rows.begin(), m_rows.end(), [box](const Row &r) { return r.box == box; });
    if (it == m_rows.end())
        return;
    it->editor->setMetadata(nullptr);
    box->deleteLater();
    m_rows.erase(it);
    renameRows();
    m_rows.front().editor->setFocus();
}

void ExploreWindow::renameRows()
{
    for (size_t i = 0; i < m_rows.size(); ++i) {
        const QString id = exploreRefId(static_cast<int>(i));
        const Row &row = m_rows[i];
        row.name->setText(id);
        row.editor->setAccessibleName(tr("Query %1").arg(id));
        row.remove->setAccessibleName(tr("Remove query %1").arg(id));
        row.remove->setToolTip(tr("Remove query %1").arg(id));
        row.problem->setAccessibleName(tr("Query %1 syntax").arg(id));
        row.error->setAccessibleName(tr("Query %1 error").arg(id));
        row.remove->setEnabled(m_rows.size() > 1);
    }
    // Tab goes as the eye reads: the buttons, each row, the results, the history.
    QList<QWidget *> chain = m_focusBefore;
    for (const Row &row : m_rows)
        chain << row.editor << row.remove;
    chain << m_focusAfter;
    for (qsizetype i = 1; i < chain.size(); ++i)
        if (chain[i - 1] && chain[i])
            setTabOrder(chain[i - 1], chain[i]);
}

QStringList ExploreWindow::expressions() const
{
    QStringList out;
    for (const Row &row : m_rows)
        out << row.editor->expression();
    return out;
}

void ExploreWindow::setExpressions(const QStringList &exprs)
{
    while (m_rows.size() > std::max<size_t>(1, size_t(exprs.size())))
        removeRow(m_rows.back().box);
    while (m_rows.size() < size_t(exprs.size()))
        addRow();
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_rows[i].editor->setExpression(i < size_t(exprs.size()) ? exprs[qsizetype(i)] : QString());
}

PromqlEditor *ExploreWindow::editor(int row) const
{
    return row >= 0 && size_t(row) < m_rows.size() ? m_rows[size_t(row)].editor : nullptr;
}

void ExploreWindow::explorePanel(int panelId)
{
    const DashboardRefresher *refresher = m_workspace->refresher();
    const Panel *panel = refresher ? refresher->dashboard().panel(panelId) : nullptr;
    if (!panel || !panel->hasQueries())
        return;
    const PanelQueries queries =
        panelQueriesForExplore(*panel, refresher->panelData(panelId), refresher->variables(),
                               m_workspace->range(), std::max(m_chart->width(), 600));
    m_ownRange = queries.range;
    setExpressions(queries.exprs);
    updateRangeLabel();
    run();
}

void ExploreWindow::followWorkspaceTime()
{
    m_ownRange.reset();
    updateRangeLabel();
}

void ExploreWindow::formatQueries()
{
    for (const Row &row : m_rows) {
        const QByteArray utf8 = row.editor->expression().toUtf8();
        if (utf8.trimmed().isEmpty())
            continue;
        const promql::ParseResult parsed = promql::parse(QByteArrayView(utf8));
        if (parsed.ok() && parsed.expression)
            row.editor->setExpression(QString::fromUtf8(promql::formatExpression(*parsed.expression)));
    }
}

void ExploreWindow::run()
{
    DataSource *source = m_workspace->source();
    const QStringList exprs = expressions();
    updateRangeLabel();
    for (const Row &row : m_rows)
        say(row.error, {});
    if (!source) {
        m_summary->setText(tr("No server to ask: connect to one first (Connection menu)."));
        return;
    }
    bool any = false;
    for (const QString &expr : exprs)
        if (!expr.trimmed().isEmpty()) {
            m_history->record(expr, QDateTime::currentMSecsSinceEpoch(), source->description());
            any = true;
        }
    if (!any) {
        m_summary->setText(tr("Nothing to run: write a query in row A."));
        return;
    }
    fillHistory();
    m_summary->setText(tr("Running…"));
    m_summary->setAccessibleDescription(m_summary->text());
    m_runner->run(source, exprs, range(), std::max(m_chart->width() - 80, 300));
}

void ExploreWindow::showAnswers()
{
    Panel panel;
    panel.type = QStringLiteral("timeseries");
    panel.kind = PanelKind::TimeSeries;
    panel.title = tr("Explore");
    panel.fieldConfig.color.mode = QStringLiteral("palette-classic"); // as a new time series panel in Grafana
    PanelData graph;
    graph.state = PanelState::Ok;
    graph.range = m_runner->range();
    std::vector<InstantResultModel::Answer> table;
    QStringList summary;
    const std::vector<ExploreAnswer> &answers = m_runner->answers();
    for (size_t i = 0; i < answers.size(); ++i) {
        const ExploreAnswer &a = answers[i];
        if (i < m_rows.size())
            say(m_rows[i].error, a.error.isEmpty() ? QString() : tr("Server: %1").arg(a.error));
        if (a.expr.isEmpty())
            continue;
        if (!a.error.isEmpty()) {
            summary << tr("%1: error").arg(a.refId);
            continue;
        }
        if (a.range) {
            QueryData q;
            q.query.refId = a.refId;
            q.query.range = a.rangeQuery;
            q.query.stepMs = m_runner->stepMs();
            q.result = a.range;
            graph.queries.push_back(std::move(q));
        }
        table.push_back({a.refId, a.instant});
        const qsizetype series = a.instant ? a.instant->series.size() : 0;
        summary << (series == 0 ? tr("%1: no data").arg(a.refId)
                                : tr("%1: %n series", nullptr, int(series)).arg(a.refId));
    }
    m_tableModel->setAnswers(std::move(table));
    m_table->resizeColumnsToContents();
    m_chart->setData(displaySeriesFor(panel, graph, {}), m_runner->range(), m_runner->stepMs());
    const QString text = tr("%1 · table at %2, graph every %3")
                             .arg(summary.join(QStringLiteral(" · ")), utcText(m_runner->range().toMs),
                                  formatPromDuration(m_runner->stepMs()));
    m_summary->setText(text);
    m_summary->setAccessibleDescription(text);
}

void ExploreWindow::addToDashboard()
{
    // The open dashboard's own file first, when it is one (a built-in is compiled in: no file to write).
    const QString open = m_workspace->dashboardName();
    const QString start = QFileInfo(open).isFile() ? open : QDir::homePath();
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Add to dashboard"), start, tr("Grafana dashboards (*.json)"),
                                     nullptr, QFileDialog::DontUseNativeDialog);
    if (path.isEmpty())
        return;
    QString title;
    for (const QString &expr : expressions())
        if (!expr.trimmed().isEmpty()) {
            title = expr.simplified();
            break;
        }
    if (title.size() > 80)
        title = title.left(79) + QChar(u'…');
    const Result<int> added = addTimeSeriesPanel(path, title, expressions());
    const QString text = added ? tr("Added panel %1 \"%2\" to %3").arg(added.value()).arg(title, path)
                               : tr("Not added: %1").arg(added.error().toString());
    m_summary->setText(text);
    m_summary->setAccessibleDescription(text);
}

void ExploreWindow::fillHistory()
{
    m_historyList->clear();
    for (const QueryHistory::Entry &entry : m_history->search(m_historySearch->text())) {
        auto *item = new QListWidgetItem(entry.expr, m_historyList);
        item->setToolTip(tr("%1\n\nlast run %2 on %3")
                             .arg(entry.expr,
                                  QDateTime::fromMSecsSinceEpoch(entry.timeMs).toString(Qt::ISODate),
                                  entry.server));
    }
}

} // namespace promdeck
