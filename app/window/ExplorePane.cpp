#include "window/ExplorePane.h"

#include "explore/AddToDashboard.h"
#include "explore/ExploreRunner.h"
#include "explore/InstantResultModel.h"
#include "explore/PanelQueries.h"
#include "explore/PromqlEditor.h"
#include "panels/Palette.h"
#include "panels/PanelContent.h"
#include "panels/SeriesLegend.h"
#include "panels/TimeSeriesChart.h"
#include "promql/Parser.h"
#include "promql/Printer.h"
#include "workspace/Workspace.h"

#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace promdeck {

namespace {
QString utcText(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QLabel *messageLabel(const QColor &color, QWidget *parent)
{
    auto *label = new QLabel(parent);
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
void showWords(QLabel *label, const QString &words)
{
    label->setText(words);
    label->setAccessibleDescription(words);
    label->setVisible(!words.isEmpty());
}

QString syntaxText(const QString &problem)
{
    return problem.isEmpty() ? QString() : ExplorePane::tr("Syntax: %1").arg(problem);
}
} // namespace

ExplorePane::ExplorePane(Workspace *workspace, std::function<TimeRange()> range, QWidget *parent)
    : QWidget(parent), m_workspace(workspace), m_range(std::move(range)), m_runner(new ExploreRunner(this)),
      m_tableModel(new InstantResultModel(this)), m_tableProxy(new QSortFilterProxyModel(this))
{
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
    auto *top = new QHBoxLayout;
    top->addWidget(runButton);
    top->addWidget(formatButton);
    top->addWidget(addButton);
    top->addWidget(toDashboard);
    top->addStretch();

    auto *rowsBox = new QWidget(this);
    m_rowLayout = new QVBoxLayout(rowsBox);
    m_rowLayout->setContentsMargins(0, 0, 0, 0);

    m_summary = new QLabel(this);
    m_summary->setAccessibleName(tr("Result summary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);

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

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(rowsBox);
    layout->addWidget(m_summary);
    layout->addWidget(m_results, 1);

    m_focusBefore = {runButton, formatButton, addButton, toDashboard};
    m_focusAfter = {m_results, tableFilter, m_table};
    connect(runButton, &QPushButton::clicked, this, &ExplorePane::run);
    connect(formatButton, &QPushButton::clicked, this, &ExplorePane::formatQueries);
    connect(addButton, &QPushButton::clicked, this, [this] {
        addRow();
        m_rows.back().editor->setFocus();
    });
    connect(toDashboard, &QPushButton::clicked, this, &ExplorePane::addToDashboard);
    connect(m_runner, &ExploreRunner::finished, this, &ExplorePane::showAnswers);
    addRow();
}

ExplorePane::~ExplorePane()
{
    m_runner->cancel();
    setMetadata(nullptr);
}

void ExplorePane::setMetadata(promql::MetadataCache *metadata)
{
    m_metadata = metadata;
    for (const Row &row : m_rows)
        row.editor->setMetadata(metadata);
}

void ExplorePane::addRow(const QString &expr)
{
    Row row;
    row.box = new QWidget(this);
    row.name = new QLabel(row.box);
    row.editor = new PromqlEditor(row.box);
    row.editor->setMetadata(m_metadata);
    row.editor->setExpression(expr);
    row.remove = new QPushButton(QStringLiteral("✕"), row.box);
    row.remove->setFixedWidth(row.remove->sizeHint().height() + 8);
    row.problem = messageLabel(theme::Warning, row.box);
    row.error = messageLabel(theme::Error, row.box);
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
    connect(row.editor, &PromqlEditor::runRequested, this, &ExplorePane::run);
    connect(row.editor, &PromqlEditor::problemChanged, row.problem,
            [label = row.problem](const QString &problem) { showWords(label, syntaxText(problem)); });
    connect(row.remove, &QPushButton::clicked, this, [this, box = row.box] { removeRow(box); });
    showWords(row.problem, syntaxText(row.editor->problem()));
    m_rows.push_back(row);
    renameRows();
}

void ExplorePane::removeRow(QWidget *box)
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

void ExplorePane::renameRows()
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
    // Tab goes as the eye reads: the buttons, each row, the results.
    QList<QWidget *> chain = m_focusBefore;
    for (const Row &row : m_rows)
        chain << row.editor << row.remove;
    chain << m_focusAfter;
    for (qsizetype i = 1; i < chain.size(); ++i)
        if (chain[i - 1] && chain[i])
            setTabOrder(chain[i - 1], chain[i]);
}

QStringList ExplorePane::expressions() const
{
    QStringList out;
    for (const Row &row : m_rows)
        out << row.editor->expression();
    return out;
}

void ExplorePane::setExpressions(const QStringList &exprs)
{
    while (m_rows.size() > std::max<size_t>(1, size_t(exprs.size())))
        removeRow(m_rows.back().box);
    while (m_rows.size() < size_t(exprs.size()))
        addRow();
    for (size_t i = 0; i < m_rows.size(); ++i)
        m_rows[i].editor->setExpression(i < size_t(exprs.size()) ? exprs[qsizetype(i)] : QString());
}

PromqlEditor *ExplorePane::editor(int row) const
{
    return row >= 0 && size_t(row) < m_rows.size() ? m_rows[size_t(row)].editor : nullptr;
}

void ExplorePane::focusFirstQuery()
{
    m_rows.front().editor->setFocus();
}

bool ExplorePane::hasRun() const
{
    return !m_runner->answers().empty() || m_runner->isRunning();
}

void ExplorePane::formatQueries()
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

void ExplorePane::say(const QString &summary)
{
    m_summary->setText(summary);
    m_summary->setAccessibleDescription(summary);
}

void ExplorePane::run()
{
    DataSource *source = m_workspace->source();
    const QStringList exprs = expressions();
    for (const Row &row : m_rows)
        showWords(row.error, {});
    if (!source) {
        say(tr("No server to ask: connect to one first (Connection menu)."));
        return;
    }
    QStringList asked;
    for (const QString &expr : exprs)
        if (!expr.trimmed().isEmpty())
            asked << expr;
    if (asked.isEmpty()) {
        say(tr("Nothing to run: write a query in row A."));
        return;
    }
    emit ran(asked, source->description());
    say(tr("Running…"));
    m_runner->run(source, exprs, m_range(), std::max(m_chart->width() - 80, 300));
}

void ExplorePane::showAnswers()
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
            showWords(m_rows[i].error, a.error.isEmpty() ? QString() : tr("Server: %1").arg(a.error));
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
    say(tr("%1 · table at %2, graph every %3")
            .arg(summary.join(QStringLiteral(" · ")), utcText(m_runner->range().toMs),
                 formatPromDuration(m_runner->stepMs())));
}

void ExplorePane::addToDashboard()
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
    say(added ? tr("Added panel %1 \"%2\" to %3").arg(added.value()).arg(title, path)
              : tr("Not added: %1").arg(added.error().toString()));
}

} // namespace promdeck
