#include "window/ImportDialog.h"

#include "importing/DashboardFolder.h"
#include "settings/Settings.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace promdeck {

ImportDialog::ImportDialog(Settings *settings, QNetworkAccessManager *network, QWidget *parent)
    : QDialog(parent), m_settings(settings), m_client(network, settings->grafanaComUrl())
{
    setWindowTitle(tr("Import dashboard"));
    setAccessibleName(tr("Import dashboard"));
    auto *layout = new QVBoxLayout(this);

    auto *from = new QFormLayout;
    m_source = new QLineEdit(this);
    m_source->setPlaceholderText(tr("9628, 9628@7 or https://…/dashboard.json"));
    m_source->setAccessibleName(tr("grafana.com ID or dashboard URL"));
    from->addRow(tr("grafana.com &ID or URL:"), m_source);
    m_pasted = new QPlainTextEdit(this);
    m_pasted->setPlaceholderText(tr("…or paste the dashboard JSON here"));
    m_pasted->setAccessibleName(tr("Dashboard JSON"));
    m_pasted->setTabChangesFocus(true);
    m_pasted->setMaximumHeight(120);
    from->addRow(tr("Dashboard &JSON:"), m_pasted);
    layout->addLayout(from);
    m_load = new QPushButton(tr("&Load"), this);
    m_load->setAccessibleName(tr("Load dashboard"));
    layout->addWidget(m_load, 0, Qt::AlignRight);

    auto *found = new QGroupBox(tr("Dashboard"), this);
    auto *foundForm = new QFormLayout(found);
    m_name = new QLabel(tr("(none loaded)"), found);
    m_name->setAccessibleDescription(tr("Dashboard name")); // its name is the text shown
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_name->setTextFormat(Qt::PlainText); // the downloaded dashboard's title, as written
    foundForm->addRow(tr("Name:"), m_name);
    m_revision = new QLabel(QStringLiteral("–"), found);
    m_revision->setAccessibleDescription(tr("Revision"));
    m_revision->setTextFormat(Qt::PlainText);
    foundForm->addRow(tr("Revision:"), m_revision);
    layout->addWidget(found);

    auto *inputs = new QGroupBox(tr("Data source inputs"), this);
    inputs->setAccessibleName(tr("Data source inputs"));
    m_inputForm = new QFormLayout(inputs);
    layout->addWidget(inputs);

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setAccessibleDescription(tr("Import status"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setTextFormat(Qt::PlainText); // error words from grafana.com and the file, as written
    layout->addWidget(m_status);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_import = buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_import->setAccessibleName(tr("Import"));
    m_import->setEnabled(false);
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ImportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ImportDialog::reject);
    connect(m_load, &QPushButton::clicked, this, &ImportDialog::load);
    connect(m_source, &QLineEdit::returnPressed, this, &ImportDialog::load);
    resize(560, 520);
}

void ImportDialog::showProblem(const QString &text)
{
    m_status->setText(text);
}

void ImportDialog::load()
{
    m_dashboard.reset();
    m_import->setEnabled(false);
    const QString source = m_source->text().trimmed();
    const QString pasted = m_pasted->toPlainText();
    if (source.isEmpty() && pasted.trimmed().isEmpty()) {
        showProblem(tr("Type a grafana.com ID or a URL, or paste the dashboard JSON."));
        return;
    }
    if (source.isEmpty()) {
        Result<ImportedDashboard> read = readImportedDashboard(pasted.toUtf8(), tr("pasted JSON"));
        if (!read) {
            showProblem(read.error().toString());
            return;
        }
        if (read->origin.from.isEmpty())
            read->origin.from = QStringLiteral("pasted JSON");
        showDashboard(*read, read->title);
        return;
    }
    if (m_download)
        m_download->deleteLater();
    if (const std::optional<GrafanaComClient::Reference> reference = GrafanaComClient::parseReference(source))
        m_download = m_client.fetch(reference->id, reference->revision);
    else
        m_download = m_client.fetchUrl(QUrl(source, QUrl::StrictMode));
    showProblem(tr("Downloading…"));
    m_load->setEnabled(false);
    DashboardDownload *download = m_download;
    connect(download, &DashboardDownload::finished, this, [this, download] {
        m_load->setEnabled(true);
        if (download != m_download)
            return;
        if (!download->result()) {
            showProblem(download->result().error().toString());
            return;
        }
        showDashboard(*download->result(), download->name());
    });
}

void ImportDialog::showDashboard(const ImportedDashboard &dashboard, const QString &name)
{
    m_dashboard = dashboard;
    m_name->setText(name.isEmpty() ? dashboard.title : name);
    m_revision->setText(dashboard.origin.revision > 0 ? QString::number(dashboard.origin.revision)
                                                      : tr("(not from grafana.com)"));
    while (m_inputForm->rowCount() > 0)
        m_inputForm->removeRow(0);
    m_profileChoosers.clear();
    QStringList profiles;
    for (const ServerProfile &p : m_settings->profiles())
        profiles << p.name;
    const QMap<QString, QString> proposed = proposeInputProfiles(
        dashboard.inputs, m_settings->importInputProfiles(), m_settings->currentProfileName());
    for (const DashboardInput &input : dashboard.inputs) {
        if (!input.isDataSource())
            continue;
        auto *chooser = new QComboBox(this);
        chooser->addItems(profiles);
        chooser->setCurrentText(proposed.value(input.name));
        chooser->setAccessibleName(tr("Profile for input %1").arg(input.name));
        const QString plugin = input.pluginName.isEmpty() ? input.pluginId : input.pluginName;
        // The input's name and label are the dashboard's words: a label made plain, not addRow's
        // rich-text-guessing one.
        auto *label = new QLabel(tr("%1 (%2 \"%3\"):").arg(input.name, plugin, input.label), this);
        label->setTextFormat(Qt::PlainText);
        label->setBuddy(chooser);
        m_inputForm->addRow(label, chooser);
        m_profileChoosers.emplace_back(input.name, chooser);
    }
    if (m_profileChoosers.empty()) {
        auto *none = new QLabel(tr("None: the dashboard reads the server it is opened on."), this);
        none->setAccessibleDescription(tr("No data source inputs"));
        m_inputForm->addRow(none);
    }
    m_status->setText(tr("Ready to import into %1").arg(m_settings->dashboardsFolder()));
    m_import->setEnabled(true);
}

QMap<QString, QString> ImportDialog::chosenProfiles() const
{
    QMap<QString, QString> out;
    for (const auto &[input, chooser] : m_profileChoosers)
        out.insert(input, chooser->currentText());
    return out;
}

void ImportDialog::accept()
{
    if (!m_dashboard) {
        showProblem(tr("Load a dashboard first."));
        return;
    }
    const DashboardFolder folder(m_settings->dashboardsFolder());
    const QMap<QString, QString> mapping = chosenProfiles();
    Result<QString> saved = folder.save(*m_dashboard, mapping, DashboardFolder::WhenImportedBefore::Refuse);
    if (!saved && saved.error().kind == Error::Kind::Invalid) {
        // Imported before: the user says whether it is replaced or both are kept.
        QMessageBox ask(QMessageBox::Question, tr("Imported before"), saved.error().message(),
                        QMessageBox::NoButton, this);
        ask.setTextFormat(Qt::PlainText); // names the file and the dashboard's title
        QPushButton *replace = ask.addButton(tr("&Replace"), QMessageBox::DestructiveRole);
        replace->setAccessibleName(tr("Replace"));
        QPushButton *keepBoth = ask.addButton(tr("&Keep both"), QMessageBox::AcceptRole);
        keepBoth->setAccessibleName(tr("Keep both"));
        ask.addButton(QMessageBox::Cancel)->setAccessibleName(tr("Cancel"));
        ask.exec();
        if (ask.clickedButton() != replace && ask.clickedButton() != keepBoth)
            return;
        saved = folder.save(*m_dashboard, mapping,
                            ask.clickedButton() == replace ? DashboardFolder::WhenImportedBefore::Replace
                                                           : DashboardFolder::WhenImportedBefore::KeepBoth);
    }
    if (!saved) {
        showProblem(saved.error().message());
        return;
    }
    m_settings->rememberInputProfiles(mapping);
    m_savedFile = *saved;
    m_mappedProfile = mapping.isEmpty() ? QString() : mapping.first();
    QDialog::accept();
}

} // namespace promdeck
