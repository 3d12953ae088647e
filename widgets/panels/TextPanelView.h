// The text panel body: markdown (rendered by QTextDocument), HTML reduced to a safe subset, or
// code as plain text. Nothing remote is fetched; a clicked link goes through LinkOpener, which asks
// before opening the browser.
#pragma once

#include "dashboard/Dashboard.h"

#include <QTextBrowser>

namespace promdeck {

class LinkOpener;

class TextPanelView : public QTextBrowser
{
    Q_OBJECT
public:
    explicit TextPanelView(QWidget *parent = nullptr);

    void setPanel(const promdeck::Panel &panel, const QString &text); // QFrame has a Panel of its own
    LinkOpener *links() const { return m_links; }
    // Resources a document asks for (images, style sheets): none are loaded, local or remote.
    QVariant loadResource(int type, const QUrl &name) override;
    int resourcesRefused() const { return m_refused; }

signals:
    void dashboardLinkActivated(const QString &uid);

private:
    LinkOpener *m_links;
    int m_refused = 0;
};

} // namespace promdeck
