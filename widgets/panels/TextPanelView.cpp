#include "panels/TextPanelView.h"

#include "panels/LinkOpener.h"
#include "panels/Palette.h"
#include "panels/SafeHtml.h"

#include <QTextDocument>

namespace promdeck {

TextPanelView::TextPanelView(QWidget *parent) : QTextBrowser(parent), m_links(new LinkOpener(this))
{
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setFrameShape(QFrame::NoFrame);
    setAccessibleName(tr("Text"));
    QPalette pal = palette();
    pal.setColor(QPalette::Base, theme::panelBackground());
    pal.setColor(QPalette::Text, theme::text());
    pal.setColor(QPalette::Link, theme::link());
    setPalette(pal);
    connect(this, &QTextBrowser::anchorClicked, this,
            [this](const QUrl &url) { m_links->open(url.toString()); });
    connect(m_links, &LinkOpener::dashboardLinkActivated, this, &TextPanelView::dashboardLinkActivated);
}

QVariant TextPanelView::loadResource(int, const QUrl &)
{
    ++m_refused;
    return {};
}

void TextPanelView::setPanel(const promdeck::Panel &panel, const QString &text)
{
    setAccessibleName(tr("Text: %1").arg(panel.title));
    if (panel.textMode == u"html") {
        setHtml(safeHtml(text));
    } else if (panel.textMode == u"code" || panel.textMode == u"text") {
        QFont mono = font();
        mono.setFamily(QStringLiteral("monospace"));
        document()->setDefaultFont(mono);
        setPlainText(text);
    } else {
        // Markdown may carry HTML; it is reduced first, then Qt's GitHub dialect renders the rest.
        document()->setMarkdown(safeHtml(text), QTextDocument::MarkdownDialectGitHub);
    }
}

} // namespace promdeck
