// Opens links found in dashboards (table cells, text panels) safely: a `/d/<uid>` link opens that
// dashboard in Promdeck; an http or https link opens in the browser only after a confirmation that
// names the URL; anything else (file:, javascript:, custom schemes) is refused and said so.
#pragma once

#include <QObject>
#include <QUrl>

class QWidget;

namespace promdeck {

class LinkOpener : public QObject
{
    Q_OBJECT
public:
    explicit LinkOpener(QWidget *dialogParent);

    enum class Verdict
    {
        Dashboard, // a Promdeck dashboard by uid
        Browser,   // http/https: asks first
        Refused,   // any other scheme
    };
    static Verdict judge(const QUrl &url, QString *dashboardUid = nullptr);

    // Acts on a link as its verdict says; returns true when something was opened.
    bool open(const QString &link);

signals:
    void dashboardLinkActivated(const QString &uid);

private:
    QWidget *m_parent;
};

} // namespace promdeck
