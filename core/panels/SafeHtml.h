// A text panel's HTML (or HTML inside its markdown) reduced to what is safe to show: no scripts,
// styles, frames, objects, forms or event handlers, no javascript: or data: links; images stay
// only as their alt text (nothing is fetched). Text is kept.
#pragma once

#include <QString>

namespace promdeck {

QString safeHtml(const QString &html);

} // namespace promdeck
