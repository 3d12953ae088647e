#include "series/LabelSet.h"

#include <QHash>
#include <QMutex>
#include <algorithm>

namespace promdeck {

namespace {

// Both pools are bounded by what is held now, not by everything ever queried: swept when they have
// doubled since the last sweep. Label sets are held weakly; a string is dropped when the pool's copy is
// the only one left (labels that churn, such as pod names over weeks, or a fuzzer's every input, would
// otherwise grow the pool without end: the snapshot reader's fuzzer ran out of 2 GB that way).
struct InternPools
{
    QMutex mutex;
    QHash<QByteArray, QString> strings;
    QHash<QByteArray, std::weak_ptr<const std::vector<Label>>> sets;
    qsizetype stringsAtLastSweep = 4096;
    qsizetype setsAtLastSweep = 1024;
};

InternPools &pools()
{
    static InternPools instance;
    return instance;
}

const std::shared_ptr<const std::vector<Label>> &emptyLabels()
{
    static const auto empty = std::make_shared<const std::vector<Label>>();
    return empty;
}

} // namespace

LabelSet::LabelSet() : m_labels(emptyLabels()) {}

namespace {
// UTF-16 compared in code point order, which is UTF-8's byte order: surrogates (U+D800..U+DFFF, the
// halves of code points past U+FFFF) must sort after U+E000..U+FFFF, not before.
int compareCodePoints(const QString &a, const QString &b)
{
    const qsizetype n = std::min(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        char16_t x = a[i].unicode();
        char16_t y = b[i].unicode();
        if (x == y)
            continue;
        auto rank = [](char16_t u) -> int {
            if (u >= 0xD800 && u <= 0xDFFF)
                return u + 0x2000;
            return u >= 0xE000 ? u - 0x800 : u;
        };
        return rank(x) < rank(y) ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}
} // namespace

int compareLabelSets(const LabelSet &a, const LabelSet &b)
{
    if (a.identity() == b.identity())
        return 0;
    const std::vector<Label> &x = a.labels();
    const std::vector<Label> &y = b.labels();
    const size_t n = std::min(x.size(), y.size());
    for (size_t i = 0; i < n; ++i) {
        if (const int byName = compareCodePoints(x[i].name, y[i].name); byName != 0)
            return byName;
        if (const int byValue = compareCodePoints(x[i].value, y[i].value); byValue != 0)
            return byValue;
    }
    return x.size() == y.size() ? 0 : (x.size() < y.size() ? -1 : 1);
}

QString internLabelString(std::string_view utf8)
{
    const QByteArray key = QByteArray::fromRawData(utf8.data(), static_cast<qsizetype>(utf8.size()));
    InternPools &p = pools();
    QMutexLocker lock(&p.mutex);
    const auto it = p.strings.constFind(key);
    if (it != p.strings.cend())
        return it.value();
    QString value = QString::fromUtf8(key);
    p.strings.insert(QByteArray(utf8.data(), static_cast<qsizetype>(utf8.size())), value);
    if (p.strings.size() > 2 * p.stringsAtLastSweep) {
        p.strings.removeIf([](const auto &entry) { return entry.value().isDetached(); });
        p.stringsAtLastSweep = std::max<qsizetype>(4096, p.strings.size());
    }
    return value;
}

qsizetype internedLabelStringCount()
{
    InternPools &p = pools();
    QMutexLocker lock(&p.mutex);
    return p.strings.size();
}

LabelSet LabelSet::fromLabels(std::vector<Label> labels)
{
    if (labels.empty())
        return LabelSet();
    std::sort(labels.begin(), labels.end(), [](const Label &a, const Label &b) { return a.name < b.name; });
    QByteArray key;
    for (const Label &l : labels) {
        key += l.name.toUtf8();
        key += '\0';
        key += l.value.toUtf8();
        key += '\0';
    }
    InternPools &p = pools();
    QMutexLocker lock(&p.mutex);
    auto &slot = p.sets[key];
    if (auto existing = slot.lock())
        return LabelSet(std::move(existing));
    auto created = std::make_shared<const std::vector<Label>>(std::move(labels));
    slot = created;
    if (p.sets.size() > 2 * p.setsAtLastSweep) {
        p.sets.removeIf([](const auto &entry) { return entry.value().expired(); });
        p.setsAtLastSweep = std::max<qsizetype>(1024, p.sets.size());
    }
    return LabelSet(std::move(created));
}

QString LabelSet::value(QStringView name) const
{
    for (const Label &l : *m_labels) {
        if (l.name == name)
            return l.value;
    }
    return {};
}

bool LabelSet::contains(QStringView name) const
{
    return std::any_of(m_labels->begin(), m_labels->end(), [&](const Label &l) { return l.name == name; });
}

QString LabelSet::toString() const
{
    QString out = metricName();
    QStringList parts;
    for (const Label &l : *m_labels) {
        if (l.name == u"__name__")
            continue;
        QString escaped = l.value;
        escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
            .replace(QLatin1Char('"'), QStringLiteral("\\\""));
        parts << l.name + QStringLiteral("=\"") + escaped + QLatin1Char('"');
    }
    if (!parts.isEmpty() || out.isEmpty())
        out += QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
    return out;
}

} // namespace promdeck
