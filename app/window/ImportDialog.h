// File > Import dashboard: a grafana.com ID (ID@REVISION), a dashboard URL, or JSON pasted in, as
// Grafana's import page takes them. Shows the dashboard's name, revision and data source inputs, with a
// profile chooser for each (the profile it had last time first), saves it into the dashboards folder,
// and asks before replacing an earlier import of the same dashboard.
#pragma once

#include "importing/DashboardDownload.h"

#include <QDialog>
#include <QPointer>
#include <optional>
#include <vector>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace promdeck {

class Settings;

class ImportDialog : public QDialog
{
    Q_OBJECT
public:
    ImportDialog(Settings *settings, QNetworkAccessManager *network, QWidget *parent = nullptr);

    // Once accepted: the file written, and the profile its inputs were mapped to (empty: none).
    QString savedFile() const { return m_savedFile; }
    QString mappedProfile() const { return m_mappedProfile; }

    // Saves the dashboard shown; refused (said in the dialog) while none is loaded.
    void accept() override;

private:
    void load();
    void showDashboard(const ImportedDashboard &dashboard, const QString &name);
    void showProblem(const QString &text);
    QMap<QString, QString> chosenProfiles() const;

    Settings *m_settings;
    GrafanaComClient m_client;
    QPointer<DashboardDownload> m_download;
    std::optional<ImportedDashboard> m_dashboard;
    QString m_savedFile;
    QString m_mappedProfile;

    QLineEdit *m_source;
    QPlainTextEdit *m_pasted;
    QPushButton *m_load;
    QLabel *m_name;
    QLabel *m_revision;
    QLabel *m_status;
    QFormLayout *m_inputForm;
    std::vector<std::pair<QString, QComboBox *>> m_profileChoosers; // input name, its chooser
    QPushButton *m_import;
};

} // namespace promdeck
