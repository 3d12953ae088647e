#include "window/ProfileDialog.h"

#include "controls/PlainMessage.h"
#include "panels/Palette.h"
#include "settings/Settings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QUuid>

namespace promdeck {

ProfileDialog::ProfileDialog(Settings *settings, SecretStore *keychain, QWidget *parent)
    : QDialog(parent), m_settings(settings), m_keychain(keychain), m_profiles(settings->profiles())
{
    m_currentIdentity = settings->currentProfile().secretIdentity();
    setWindowTitle(tr("Server profiles"));
    resize(880, 680);
    auto *layout = new QHBoxLayout(this);
    auto *left = new QVBoxLayout;
    m_list = new QListWidget(this);
    auto *add = new QPushButton(tr("Add"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    left->addWidget(m_list, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    left->addLayout(buttons);
    layout->addLayout(left, 1);

    auto *form = new QFormLayout;
    m_name = new QLineEdit(this);
    m_url = new QLineEdit(this);
    m_url->setPlaceholderText(QStringLiteral("http://localhost:9090 or https://host/prometheus"));
    m_auth = new QComboBox(this);
    m_auth->addItem(tr("None"), QStringLiteral("none"));
    m_auth->addItem(tr("Basic (user and password)"), QStringLiteral("basic"));
    m_auth->addItem(tr("Bearer token"), QStringLiteral("bearer"));
    m_username = new QLineEdit(this);
    m_secret = new QLineEdit(this);
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setPlaceholderText(tr("unchanged (kept in the system keychain)"));
    m_plaintext =
        new QCheckBox(tr("Store the secret in the settings file in plain text (not recommended)"), this);
    m_headers = new QPlainTextEdit(this);
    m_headers->setPlaceholderText(QStringLiteral("X-Scope-OrgID: tenant-1"));
    m_headers->setMaximumHeight(56);
    m_caFile = new QLineEdit(this);
    m_caFile->setPlaceholderText(tr("system CAs"));
    m_clientCert = new QLineEdit(this);
    m_clientKey = new QLineEdit(this);
    m_skipTls = new QCheckBox(tr("Skip TLS certificate verification"), this);
    m_timeout = new QSpinBox(this);
    m_timeout->setRange(1, 600);
    m_timeout->setSuffix(tr(" s"));
    m_scrape = new QSpinBox(this);
    m_scrape->setRange(1, 3600);
    m_scrape->setSuffix(tr(" s"));
    m_alertmanager = new QLineEdit(this);
    m_alertmanager->setPlaceholderText(tr("optional: http://localhost:9093"));
    m_portForward = new QLineEdit(this);
    m_portForward->setPlaceholderText(
        QStringLiteral("kubectl port-forward -n monitoring svc/kube-prometheus-stack-prometheus 9090:9090"));
    m_autoPort = new QCheckBox(tr("Choose a free local port"), this);
    m_warning = new QLabel(this);
    m_warning->setTextFormat(Qt::PlainText);
    m_warning->setWordWrap(true);
    QPalette warn = m_warning->palette();
    warn.setColor(QPalette::WindowText, theme::Warning);
    m_warning->setPalette(warn);
    m_error = new QLabel(this);
    m_error->setTextFormat(Qt::PlainText); // the server's and the keychain's words
    m_error->setWordWrap(true);
    QPalette bad = m_error->palette();
    bad.setColor(QPalette::WindowText, theme::Error);
    m_error->setPalette(bad);
    // Named, so tests (and accessibility tools) find each field.
    for (auto [widget, objectName] :
         std::initializer_list<std::pair<QWidget *, const char *>>{{m_list, "profiles"},
                                                                   {add, "add"},
                                                                   {remove, "remove"},
                                                                   {m_name, "name"},
                                                                   {m_url, "url"},
                                                                   {m_auth, "auth"},
                                                                   {m_username, "username"},
                                                                   {m_secret, "secret"},
                                                                   {m_plaintext, "plaintext"},
                                                                   {m_headers, "headers"},
                                                                   {m_caFile, "caFile"},
                                                                   {m_clientCert, "clientCertificate"},
                                                                   {m_clientKey, "clientKey"},
                                                                   {m_skipTls, "skipTls"},
                                                                   {m_timeout, "timeout"},
                                                                   {m_scrape, "scrapeInterval"},
                                                                   {m_alertmanager, "alertmanager"},
                                                                   {m_portForward, "portForward"},
                                                                   {m_autoPort, "autoLocalPort"},
                                                                   {m_warning, "warning"},
                                                                   {m_error, "error"}})
        widget->setObjectName(QLatin1String(objectName));
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("URL"), m_url);
    form->addRow(tr("Authentication"), m_auth);
    form->addRow(tr("User"), m_username);
    form->addRow(tr("Password or token"), m_secret);
    form->addRow(QString(), m_plaintext);
    form->addRow(tr("Headers"), m_headers);
    form->addRow(tr("CA file"), m_caFile);
    form->addRow(tr("Client certificate"), m_clientCert);
    form->addRow(tr("Client key"), m_clientKey);
    form->addRow(QString(), m_skipTls);
    form->addRow(tr("Request timeout"), m_timeout);
    form->addRow(tr("Scrape interval"), m_scrape);
    form->addRow(tr("Alertmanager"), m_alertmanager);
    form->addRow(tr("Port-forward"), m_portForward);
    form->addRow(QString(), m_autoPort);
    form->addRow(m_warning);
    form->addRow(m_error);
    auto *right = new QVBoxLayout;
    right->addLayout(form, 1);
    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    right->addWidget(box);
    layout->addLayout(right, 2);

    for (const ServerProfile &p : m_profiles)
        m_list->addItem(p.name);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        storeShown();
        showProfile(row);
    });
    connect(add, &QPushButton::clicked, this, [this] {
        storeShown();
        ServerProfile p;
        p.name = tr("profile %1").arg(m_profiles.size() + 1);
        p.secretId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_profiles.push_back(p);
        m_list->addItem(p.name);
        m_list->setCurrentRow(static_cast<int>(m_profiles.size()) - 1);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_profiles.size() <= 1 || m_shown < 0)
            return;
        // Its secret goes with it, when the dialog is accepted.
        m_removedSecretKeys << m_profiles[static_cast<size_t>(m_shown)].secretKey();
        m_newSecrets.remove(m_profiles[static_cast<size_t>(m_shown)].secretIdentity());
        m_profiles.erase(m_profiles.begin() + m_shown);
        m_shown = -1;
        delete m_list->takeItem(m_list->currentRow());
    });
    connect(m_skipTls, &QCheckBox::toggled, this, &ProfileDialog::updateWarnings);
    connect(m_plaintext, &QCheckBox::toggled, this, &ProfileDialog::updateWarnings);
    connect(m_url, &QLineEdit::textChanged, this, &ProfileDialog::updateWarnings);
    connect(box, &QDialogButtonBox::accepted, this, &ProfileDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &ProfileDialog::reject);
    const QString current = settings->currentProfileName();
    for (int i = 0; i < static_cast<int>(m_profiles.size()); ++i)
        if (m_profiles[static_cast<size_t>(i)].name == current)
            m_list->setCurrentRow(i);
}

void ProfileDialog::showProfile(int index)
{
    m_shown = index;
    if (index < 0 || index >= static_cast<int>(m_profiles.size()))
        return;
    const ServerProfile &p = m_profiles[static_cast<size_t>(index)];
    m_name->setText(p.name);
    m_url->setText(p.url.toString());
    m_auth->setCurrentIndex(m_auth->findData(authKindName(p.auth)));
    m_username->setText(p.username);
    m_secret->clear();
    m_plaintext->setChecked(p.plaintextSecret);
    QStringList headers;
    for (const auto &[name, value] : p.headers)
        headers << name + QStringLiteral(": ") + value;
    m_headers->setPlainText(headers.join(QLatin1Char('\n')));
    m_caFile->setText(p.caFile);
    m_clientCert->setText(p.clientCertificateFile);
    m_clientKey->setText(p.clientKeyFile);
    m_skipTls->setChecked(p.skipTlsVerification);
    m_timeout->setValue(static_cast<int>(p.timeoutMs / 1000));
    m_scrape->setValue(static_cast<int>(p.scrapeIntervalMs / 1000));
    m_alertmanager->setText(p.alertmanagerUrl.toString());
    m_portForward->setText(p.portForwardCommand);
    m_autoPort->setChecked(p.autoLocalPort);
    updateWarnings();
}

void ProfileDialog::storeShown()
{
    if (m_shown < 0 || m_shown >= static_cast<int>(m_profiles.size()))
        return;
    ServerProfile &p = m_profiles[static_cast<size_t>(m_shown)];
    p.name = m_name->text().trimmed().isEmpty() ? p.name : m_name->text().trimmed();
    p.url = QUrl::fromUserInput(m_url->text().trimmed());
    p.auth = authKindFromName(m_auth->currentData().toString());
    p.username = m_username->text();
    if (!m_secret->text().isEmpty())
        m_newSecrets.insert(p.secretIdentity(), m_secret->text());
    p.plaintextSecret = m_plaintext->isChecked();
    p.headers.clear();
    for (const QString &line : m_headers->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon > 0)
            p.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    p.caFile = m_caFile->text().trimmed();
    p.clientCertificateFile = m_clientCert->text().trimmed();
    p.clientKeyFile = m_clientKey->text().trimmed();
    p.skipTlsVerification = m_skipTls->isChecked();
    p.timeoutMs = m_timeout->value() * 1000LL;
    p.scrapeIntervalMs = m_scrape->value() * 1000LL;
    p.alertmanagerUrl = QUrl(m_alertmanager->text().trimmed());
    p.portForwardCommand = m_portForward->text().trimmed();
    p.autoLocalPort = m_autoPort->isChecked();
    if (QListWidgetItem *item = m_list->item(m_shown))
        item->setText(p.name);
}

void ProfileDialog::updateWarnings()
{
    QStringList warnings;
    if (m_skipTls->isChecked())
        warnings << tr("TLS verification off: anyone between you and the server can read and change what "
                       "you see. The status bar will say so while this profile is in use.");
    if (m_plaintext->isChecked())
        warnings << tr("The secret will be written unencrypted into the settings file.");
    if (m_url->text().startsWith(QLatin1String("http://")) && m_auth->currentIndex() > 0 &&
        !m_url->text().contains(QLatin1String("localhost")) &&
        !m_url->text().contains(QLatin1String("127.0.0.1")))
        warnings << tr("The credentials would cross the network unencrypted (http).");
    m_warning->setText(warnings.join(QLatin1Char('\n')));
}

QString ProfileDialog::problem(int *profileIndex) const
{
    auto validUrl = [](const QUrl &url) {
        return url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https") &&
               !url.host().isEmpty();
    };
    QSet<QString> names;
    for (int i = 0; i < static_cast<int>(m_profiles.size()); ++i) {
        const ServerProfile &p = m_profiles[static_cast<size_t>(i)];
        *profileIndex = i;
        if (p.name.isEmpty())
            return tr("A profile needs a name.");
        if (names.contains(p.name))
            return tr("Two profiles are named \"%1\": names must differ.").arg(p.name);
        names.insert(p.name);
        if (!validUrl(p.url))
            return tr("\"%1\": the URL must start with http:// or https:// and name a host.").arg(p.name);
        if (!p.alertmanagerUrl.isEmpty() && !validUrl(p.alertmanagerUrl))
            return tr("\"%1\": the Alertmanager URL must start with http:// or https:// and name a host.")
                .arg(p.name);
        if (p.auth == AuthKind::Basic && p.username.isEmpty())
            return tr("\"%1\": basic authentication needs a user name.").arg(p.name);
    }
    return {};
}

void ProfileDialog::accept()
{
    storeShown();
    int at = -1;
    if (const QString why = problem(&at); !why.isEmpty()) {
        m_list->setCurrentRow(at);
        m_error->setText(why);
        return;
    }
    m_error->clear();
    m_settings->setProfiles(m_profiles);
    // The profile in use stays in use under a new name; when it was removed, the first one is.
    const auto current = std::find_if(m_profiles.begin(), m_profiles.end(), [this](const ServerProfile &p) {
        return p.secretIdentity() == m_currentIdentity;
    });
    m_settings->setCurrentProfileName(current != m_profiles.end() ? current->name : m_profiles.front().name);
    for (const QString &key : std::as_const(m_removedSecretKeys)) {
        SecretReply *gone = m_keychain->remove(key); // finishes from the event loop, so connecting is in time
        connect(gone, &SecretReply::finished, gone, &QObject::deleteLater);
    }
    for (auto it = m_newSecrets.begin(); it != m_newSecrets.end(); ++it) {
        const auto p = std::find_if(m_profiles.begin(), m_profiles.end(),
                                    [&](const ServerProfile &x) { return x.secretIdentity() == it.key(); });
        if (p == m_profiles.end())
            continue;
        if (p->plaintextSecret) {
            m_settings->setPlaintextSecret(p->name, it.value());
            continue;
        }
        SecretReply *reply = m_keychain->write(p->secretKey(), it.value());
        const QString name = p->name;
        connect(reply, &SecretReply::finished, m_keychain, [reply, name] {
            reply->deleteLater();
            if (!reply->ok())
                showPlainMessage(nullptr, QMessageBox::Warning, tr("Secret not saved"),
                                 tr("The secret of %1 could not be stored in the system keychain: %2\n"
                                    "Nothing was written to disk; enter it again when asked to use it for "
                                    "this session.")
                                     .arg(name, reply->error().message()));
        });
    }
    QDialog::accept();
}

} // namespace promdeck
