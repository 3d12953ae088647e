#include "window/ClusterDashboardsDialog.h"

#include "importing/DashboardFolder.h"
#include "panels/PlainText.h"
#include "settings/Settings.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace promdeck {

ClusterDashboardsDialog::ClusterDashboardsDialog(Settings *settings, QWidget *parent)
    : QDialog(parent), m_settings(settings)
{
    setWindowTitle(tr("Cluster dashboards"));
    setAccessibleName(tr("Cluster dashboards"));
    auto *layout = new QVBoxLayout(this);
    m_list = new QListWidget(this);
    m_list->setAccessibleName(tr("Dashboards in the cluster"));
    layout->addWidget(m_list);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setAccessibleDescription(tr("Cluster status"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setTextFormat(Qt::PlainText); // the cluster's and kubectl's words, as written
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_open = buttons->addButton(tr("&Open"), QDialogButtonBox::AcceptRole);
    m_open->setAccessibleName(tr("Open"));
    m_open->setEnabled(false);
    buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ClusterDashboardsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ClusterDashboardsDialog::reject);
    connect(m_list, &QListWidget::itemDoubleClicked, this, &ClusterDashboardsDialog::accept);
    resize(620, 480);

    // The cluster the profile's port-forward reaches, where the settings say the sidecar looks.
    ClusterQuery query = ClusterQuery::fromPortForward(m_settings->currentProfile().portForwardCommand);
    query.nameSpace = m_settings->clusterDashboardNamespace();
    query.labelSelector = m_settings->clusterDashboardLabel();
    m_status->setText(tr("Asking: %1").arg(query.commandLine()));
    m_fetch = std::make_unique<ClusterDashboardFetch>(query);
    connect(m_fetch.get(), &ClusterDashboardFetch::finished, this, &ClusterDashboardsDialog::listed);
    m_fetch->start();
}

void ClusterDashboardsDialog::listed()
{
    const Result<ClusterDashboardList> &result = m_fetch->result();
    if (!result) {
        m_status->setText(result.error().message());
        return;
    }
    m_dashboards = result->dashboards;
    for (const ImportedDashboard &d : m_dashboards) {
        auto *item = new QListWidgetItem(
            tr("%1 (ConfigMap %2, key %3)").arg(d.title, d.origin.configMap, d.origin.key), m_list);
        item->setToolTip(plainToolTip(d.origin.from));
    }
    QStringList said{tr("%n dashboard(s) in namespace %1", nullptr, static_cast<int>(m_dashboards.size()))
                         .arg(m_fetch->query().nameSpace)};
    for (const Error &problem : result->problems)
        said << tr("skipped: %1").arg(problem.toString());
    m_status->setText(said.join(QLatin1Char('\n')));
    if (!m_dashboards.empty()) {
        m_list->setCurrentRow(0);
        m_open->setEnabled(true);
    }
}

void ClusterDashboardsDialog::accept()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= static_cast<int>(m_dashboards.size()))
        return;
    // What the cluster holds now replaces an earlier copy of the same key: opening is refreshing.
    const Result<QString> saved =
        DashboardFolder(m_settings->dashboardsFolder())
            .save(m_dashboards[static_cast<size_t>(row)], {}, DashboardFolder::WhenImportedBefore::Replace);
    if (!saved) {
        m_status->setText(saved.error().message());
        return;
    }
    m_savedFile = *saved;
    QDialog::accept();
}

} // namespace promdeck
