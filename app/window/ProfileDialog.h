// Edits the server profiles: URL, authentication, headers, TLS, timeouts, Alertmanager and the
// port-forward command. A secret typed here goes to the system keychain, or to the settings file only
// when the user ticks the plain-text box for that profile (with its warning).
#pragma once

#include "settings/SecretStore.h"
#include "settings/ServerProfile.h"

#include <QDialog>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QSpinBox;

namespace promdeck {

class Settings;

class ProfileDialog : public QDialog
{
    Q_OBJECT
public:
    ProfileDialog(Settings *settings, SecretStore *keychain, QWidget *parent = nullptr);

    // Refused (the dialog stays open, the reason shown, the profile at fault selected) when a name is
    // empty or used twice, or a URL is not http(s) with a host.
    void accept() override;

private:
    void showProfile(int index);
    void storeShown();
    void updateWarnings();
    // The first problem that keeps the profiles from being saved, and the profile it is in.
    QString problem(int *profileIndex) const;

    Settings *m_settings;
    SecretStore *m_keychain;
    std::vector<ServerProfile> m_profiles;
    QHash<QString, QString> m_newSecrets; // secret identity -> secret typed in this dialog
    QStringList m_removedSecretKeys;      // keychain entries of profiles removed here
    QString m_currentIdentity;            // the profile in use, followed through a rename
    int m_shown = -1;

    QListWidget *m_list;
    QLineEdit *m_name;
    QLineEdit *m_url;
    QComboBox *m_auth;
    QLineEdit *m_username;
    QLineEdit *m_secret;
    QCheckBox *m_plaintext;
    QPlainTextEdit *m_headers;
    QLineEdit *m_caFile;
    QLineEdit *m_clientCert;
    QLineEdit *m_clientKey;
    QCheckBox *m_skipTls;
    QSpinBox *m_timeout;
    QSpinBox *m_scrape;
    QLineEdit *m_alertmanager;
    QLineEdit *m_portForward;
    QCheckBox *m_autoPort;
    QLabel *m_warning;
    QLabel *m_error;
};

} // namespace promdeck
