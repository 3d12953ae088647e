// Text from servers and files shown as written. Qt guesses whether a tooltip is rich text
// (Qt::mightBeRichText), so a label value like `<b>x</b>` or `<img src=...>` would be drawn as
// markup; a tooltip made here is escaped and wrapped so that it never is, and bounded in length.
#pragma once

#include "query/LegendFormat.h"

#include <QString>

namespace promdeck {

inline QString plainToolTip(const QString &text)
{
    if (text.isEmpty())
        return {};
    return QStringLiteral("<p style=\"white-space:pre-wrap\">") +
           elideForDisplay(text, 4000).toHtmlEscaped() + QStringLiteral("</p>");
}

} // namespace promdeck
