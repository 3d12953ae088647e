#include "panels/LinkOpener.h"

#include "dashboard/Dashboard.h"

#include <QDesktopServices>
#include <QMessageBox>
#include <QWidget>

namespace promdeck {

LinkOpener::LinkOpener(QWidget *dialogParent) : QObject(dialogParent), m_parent(dialogParent) {}

LinkOpener::Verdict LinkOpener::judge(const QUrl &url, QString *dashboardUid)
{
    if (url.scheme().isEmpty() || url.scheme() == u"http" || url.scheme() == u"https") {
        const QString uid = PanelLink{{}, url.toString()}.dashboardUid();
        if (!uid.isEmpty() && url.host().isEmpty()) {
            if (dashboardUid)
                *dashboardUid = uid;
            return Verdict::Dashboard;
        }
    }
    if ((url.scheme() == u"http" || url.scheme() == u"https") && !url.host().isEmpty())
        return Verdict::Browser;
    return Verdict::Refused;
}

bool LinkOpener::open(const QString &link)
{
    const QUrl url(link.trimmed());
    QString uid;
    switch (judge(url, &uid)) {
    case Verdict::Dashboard:
        emit dashboardLinkActivated(uid);
        return true;
    case Verdict::Browser: {
        QMessageBox ask(QMessageBox::Question, tr("Open link"),
                        tr("Open this address in the web browser?\n\n%1").arg(url.toDisplayString()),
                        QMessageBox::Open | QMessageBox::Cancel, m_parent);
        ask.setObjectName(QStringLiteral("linkConfirmation"));
        ask.setAccessibleName(tr("Confirm opening a link"));
        ask.setTextFormat(Qt::PlainText); // the address is the dashboard's, not ours to render
        ask.setDefaultButton(QMessageBox::Cancel);
        if (ask.exec() != QMessageBox::Open)
            return false;
        return QDesktopServices::openUrl(url);
    }
    case Verdict::Refused: {
        QMessageBox refuse(
            QMessageBox::Warning, tr("Link not opened"),
            tr("Promdeck opens only http and https links and its own dashboards:\n\n%1").arg(link),
            QMessageBox::Ok, m_parent);
        refuse.setObjectName(QStringLiteral("linkRefused"));
        refuse.setAccessibleName(tr("Link not opened"));
        refuse.setTextFormat(Qt::PlainText);
        refuse.exec();
        return false;
    }
    }
    return false;
}

} // namespace promdeck
