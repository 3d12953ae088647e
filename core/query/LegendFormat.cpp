#include "query/LegendFormat.h"

namespace promdeck {

namespace {

QString unboundedDisplayName(const QString &legendFormat, const LabelSet &labels, const QString &expr)
{
    const QString format = legendFormat.trimmed();
    if (format.isEmpty() || format == u"__auto") {
        if (labels.isEmpty())
            return expr.isEmpty() ? QStringLiteral("value") : expr;
        return labels.toString();
    }
    QString out;
    out.reserve(format.size());
    qsizetype i = 0;
    while (i < format.size()) {
        const qsizetype open = format.indexOf(QLatin1String("{{"), i);
        if (open < 0) {
            out += QStringView(format).mid(i);
            break;
        }
        const qsizetype close = format.indexOf(QLatin1String("}}"), open + 2);
        if (close < 0) {
            out += QStringView(format).mid(i);
            break;
        }
        out += QStringView(format).mid(i, open - i);
        const QString name = format.mid(open + 2, close - open - 2).trimmed();
        out += labels.value(name); // a missing label renders empty, as in Grafana
        i = close + 2;
    }
    return out;
}

} // namespace

QString elideForDisplay(const QString &text, qsizetype maxChars)
{
    if (text.size() <= maxChars)
        return text;
    qsizetype cut = std::max<qsizetype>(0, maxChars - 1);
    if (cut > 0 && text.at(cut - 1).isHighSurrogate())
        --cut;
    return text.left(cut) + QChar(0x2026);
}

QString seriesDisplayName(const QString &legendFormat, const LabelSet &labels, const QString &expr)
{
    return elideForDisplay(unboundedDisplayName(legendFormat, labels, expr), MaxDisplayNameChars);
}

} // namespace promdeck
