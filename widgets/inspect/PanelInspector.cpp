#include "inspect/PanelInspector.h"

#include "export/InspectData.h"
#include "export/InspectQuery.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace promdeck {

namespace {
QPlainTextEdit *readOnlyText(const QString &text, const QString &name, QWidget *parent)
{
    auto *edit = new QPlainTextEdit(text, parent);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setAccessibleName(name);
    return edit;
}
} // namespace

PanelInspector::PanelInspector(const Panel &panel, const PanelData &answers, const QTimeZone &zone,
                               QWidget *parent)
    : QDialog(parent), m_panel(panel), m_data(answers), m_model(new InspectDataModel(this)),
      m_tabs(new QTabWidget(this))
{
    setWindowTitle(tr("Inspect: %1").arg(panel.title.isEmpty() ? tr("panel %1").arg(panel.id) : panel.title));
    resize(900, 600);
    m_model->setTimeZone(zone);
    m_model->setPanel(panel, answers);

    // Data
    auto *dataTab = new QWidget(m_tabs);
    auto *dataLayout = new QVBoxLayout(dataTab);
    auto *options = new QHBoxLayout;
    m_layout = new QComboBox(dataTab);
    m_layout->addItem(tr("Series joined by time"));
    m_layout->addItem(tr("One row per sample"));
    m_layout->setAccessibleName(tr("Table layout"));
    m_formatted = new QCheckBox(tr("Formatted data"), dataTab);
    m_formatted->setAccessibleName(tr("Formatted data"));
    auto *save = new QPushButton(tr("Save CSV…"), dataTab);
    save->setAccessibleName(tr("Save CSV"));
    options->addWidget(new QLabel(tr("Layout:"), dataTab));
    options->addWidget(m_layout);
    options->addWidget(m_formatted);
    options->addStretch(1);
    options->addWidget(save);
    dataLayout->addLayout(options);
    m_table = new QTableView(dataTab);
    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("Panel data"));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    dataLayout->addWidget(m_table, 1);
    m_model->setLayout(InspectDataModel::Layout::JoinedByTime);
    connect(m_layout, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_model->setLayout(index == 0 ? InspectDataModel::Layout::JoinedByTime
                                      : InspectDataModel::Layout::PerSeries);
    });
    connect(m_formatted, &QCheckBox::toggled, m_model, &InspectDataModel::setFormatted);
    connect(save, &QPushButton::clicked, this, &PanelInspector::chooseCsvFile);
    m_tabs->addTab(dataTab, tr("&Data"));

    // Query
    auto *queryTab = new QWidget(m_tabs);
    auto *queryLayout = new QVBoxLayout(queryTab);
    QStringList requests, curls;
    for (const QueryData &q : answers.queries) {
        requests << describeRequest(q);
        if (const QString curl = curlCommand(q.trace); !curl.isEmpty())
            curls << curl;
    }
    if (requests.isEmpty())
        requests << tr("This panel sent no query.");
    m_queries = readOnlyText(requests.join(QStringLiteral("\n\n")), tr("Requests"), queryTab);
    auto *copyCurl = new QPushButton(tr("Copy as curl"), queryTab);
    copyCurl->setAccessibleName(tr("Copy as curl"));
    copyCurl->setEnabled(!curls.isEmpty());
    connect(copyCurl, &QPushButton::clicked, this,
            [curls] { QApplication::clipboard()->setText(curls.join(QLatin1Char('\n'))); });
    queryLayout->addWidget(m_queries, 1);
    queryLayout->addWidget(copyCurl, 0, Qt::AlignRight);
    m_tabs->addTab(queryTab, tr("&Query"));

    // JSON
    m_tabs->addTab(readOnlyText(QString::fromUtf8(QJsonDocument(panel.json).toJson(QJsonDocument::Indented)),
                                tr("Panel JSON"), m_tabs),
                   tr("&JSON"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    auto *close = new QPushButton(tr("Close"), this);
    connect(close, &QPushButton::clicked, this, &QDialog::accept);
    layout->addWidget(close, 0, Qt::AlignRight);
}

bool PanelInspector::saveCsv(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_model->toCsv()) < 0 || !file.commit()) {
        if (error)
            *error = tr("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void PanelInspector::chooseCsvFile()
{
    const QString suggested =
        (m_panel.title.isEmpty() ? QStringLiteral("panel") : m_panel.title) + QStringLiteral(".csv");
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save CSV"), suggested, tr("CSV files (*.csv)"), nullptr, QFileDialog::DontUseNativeDialog);
    if (path.isEmpty())
        return;
    if (QString error; !saveCsv(path, &error))
        QMessageBox::warning(this, tr("Cannot save the CSV"), error);
}

} // namespace promdeck
