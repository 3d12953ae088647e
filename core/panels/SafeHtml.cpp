#include "panels/SafeHtml.h"

#include <QRegularExpression>

namespace promdeck {

QString safeHtml(const QString &html)
{
    using RE = QRegularExpression;
    constexpr auto options = RE::CaseInsensitiveOption | RE::DotMatchesEverythingOption;
    QString out = html;
    // Elements whose content is code or another document: gone with their content.
    static const RE withContent(
        QStringLiteral(
            "<\\s*(script|style|iframe|frame|frameset|object|embed|applet|noscript|template|form|svg|math)"
            "\\b.*?(<\\s*/\\s*\\1\\s*>|$)"),
        options);
    out.replace(withContent, QString());
    // Elements that load or run something even without content.
    static const RE loaders(
        QStringLiteral("<\\s*/?\\s*(script|iframe|frame|object|embed|link|meta|base|input|button|"
                       "textarea|select|audio|video|source|track)\\b[^>]*>"),
        options);
    out.replace(loaders, QString());
    // Images: never fetched; their alt text stands in for them.
    static const RE image(QStringLiteral("<\\s*img\\b[^>]*?(?:alt\\s*=\\s*(\"([^\"]*)\"|'([^']*)'))?[^>]*>"),
                          options);
    QString replaced;
    qsizetype last = 0;
    for (auto it = image.globalMatch(out); it.hasNext();) {
        const auto m = it.next();
        replaced += QStringView(out).mid(last, m.capturedStart() - last);
        const QString alt = m.captured(2).isEmpty() ? m.captured(3) : m.captured(2);
        if (!alt.isEmpty())
            replaced += QStringLiteral("[%1]").arg(alt.toHtmlEscaped());
        last = m.capturedEnd();
    }
    replaced += QStringView(out).mid(last);
    out = replaced;
    // Event handlers and inline styles on what is left.
    static const RE handlers(
        QStringLiteral("\\s(on[a-z]+|style|srcset|formaction)\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+)"),
        options);
    out.replace(handlers, QString());
    // Links only to http(s), mail, relative paths and anchors.
    static const RE badLinks(
        QStringLiteral("(href|src)\\s*=\\s*([\"']?)\\s*(javascript|vbscript|data|file)\\s*:[^\"'\\s>]*\\2"),
        options);
    out.replace(badLinks, QStringLiteral("\\1=\"#\""));
    return out;
}

} // namespace promdeck
