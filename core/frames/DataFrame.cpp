#include "frames/DataFrame.h"

#include <QStringList>
#include <charconv>
#include <cmath>

namespace promdeck {

std::optional<double> asNumber(const FrameValue &v)
{
    if (const double *d = numberIf(v))
        return *d;
    if (const QString *s = textIf(v)) {
        bool ok = false;
        const double d = s->trimmed().toDouble(&ok);
        if (ok)
            return d;
    }
    return std::nullopt;
}

QString asText(const FrameValue &v)
{
    if (const QString *s = textIf(v))
        return *s;
    if (const double *d = numberIf(v)) {
        if (std::isnan(*d))
            return QStringLiteral("NaN");
        if (std::isinf(*d))
            return *d > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
        char buffer[32];
        const auto r = std::to_chars(buffer, buffer + sizeof buffer, *d);
        return QString::fromLatin1(buffer, r.ptr - buffer);
    }
    return {};
}

int compareValues(const FrameValue &a, const FrameValue &b)
{
    const bool aNull = isNull(a), bNull = isNull(b);
    if (aNull || bNull)
        return aNull == bNull ? 0 : (aNull ? 1 : -1);
    const double *an = numberIf(a);
    const double *bn = numberIf(b);
    if (an && bn) {
        // NaN after the numbers, before nulls: it is a value, but not an orderable one.
        if (std::isnan(*an) || std::isnan(*bn))
            return std::isnan(*an) == std::isnan(*bn) ? 0 : (std::isnan(*an) ? 1 : -1);
        return *an < *bn ? -1 : (*an > *bn ? 1 : 0);
    }
    if (an || bn) // numbers before text
        return an ? -1 : 1;
    return QString::compare(*textIf(a), *textIf(b), Qt::CaseSensitive);
}

int DataFrame::firstFieldOf(FieldType type) const
{
    for (size_t i = 0; i < fields.size(); ++i)
        if (fields[i].type == type)
            return static_cast<int>(i);
    return -1;
}

namespace {

const QString ValueFieldName = QStringLiteral("Value");

// Grafana's formatLabels: `{a="x", b="y"}`, keys sorted, the metric name among them.
QString formatLabels(const LabelSet &labels)
{
    QStringList parts;
    for (const Label &l : labels.labels()) // LabelSet keeps labels sorted by name
        parts << QStringLiteral("%1=\"%2\"").arg(l.name, l.value);
    return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
}

// When every labelled field of every frame has exactly one label, and it is the same one, Grafana
// names fields by that label's value alone.
QString singleLabelName(const Frames &frames)
{
    QString single;
    for (const DataFrame &frame : frames) {
        for (const Field &f : frame.fields) {
            if (f.labels.isEmpty())
                continue;
            if (f.labels.size() != 1)
                return {};
            const QString &name = f.labels.labels().front().name;
            if (single.isNull())
                single = name;
            else if (single != name)
                return {};
        }
    }
    return single;
}

// "Time 1", "Time 2": fields sharing a name in one frame are numbered in order.
QString uniqueFieldName(const Field &field, const DataFrame &frame)
{
    int dupes = 0;
    bool foundSelf = false;
    for (const Field &other : frame.fields) {
        if (&other == &field) {
            foundSelf = true;
            if (dupes > 0) {
                ++dupes;
                break;
            }
        } else if (other.name == field.name) {
            ++dupes;
            if (foundSelf)
                break;
        }
    }
    return dupes ? QStringLiteral("%1 %2").arg(field.name).arg(dupes) : field.name;
}

} // namespace

QString fieldDisplayName(const Field &field, const DataFrame &frame, const Frames &all)
{
    if (!field.displayName.isEmpty())
        return field.displayName;
    if (!field.displayNameFromDS.isEmpty())
        return field.displayNameFromDS;
    if (field.type == FieldType::Time && field.labels.isEmpty())
        return field.name.isEmpty() ? QStringLiteral("Time") : uniqueFieldName(field, frame);

    QStringList parts;
    bool frameNamesDiffer = false;
    for (size_t i = 1; i < all.size(); ++i) {
        if (all[i].name != all[i - 1].name) {
            frameNamesDiffer = true;
            break;
        }
    }
    bool frameNameAdded = false;
    bool labelsAdded = false;
    if (frameNamesDiffer && !frame.name.isEmpty()) {
        parts << frame.name;
        frameNameAdded = true;
    }
    if (!field.name.isEmpty() && field.name != ValueFieldName)
        parts << field.name;
    if (!field.labels.isEmpty()) {
        const QString single = singleLabelName(all.empty() ? Frames{frame} : all);
        if (single.isEmpty()) {
            parts << formatLabels(field.labels);
            labelsAdded = true;
        } else if (const QString v = field.labels.value(single); !v.isEmpty()) {
            parts << v;
            labelsAdded = true;
        }
    }
    if (!frameNameAdded && !labelsAdded && field.name == ValueFieldName && !frame.name.isEmpty())
        parts << frame.name;

    QString name;
    if (!parts.isEmpty())
        name = parts.join(QLatin1Char(' '));
    else
        name = field.name.isEmpty() ? ValueFieldName : field.name;
    if (name == field.name)
        name = uniqueFieldName(field, frame);
    return name;
}

QString frameDisplayName(const DataFrame &frame, const Frames &all)
{
    if (!frame.name.isEmpty())
        return frame.name;
    QStringList names;
    for (const Field &f : frame.fields)
        if (f.type != FieldType::Time)
            names << fieldDisplayName(f, frame, all);
    return names.isEmpty() ? QStringLiteral("Series") : names.join(QStringLiteral(", "));
}

bool isTimeSeriesFrame(const DataFrame &frame)
{
    int times = 0, numbers = 0;
    for (const Field &f : frame.fields) {
        if (f.type == FieldType::Time)
            ++times;
        else if (f.type == FieldType::Number)
            ++numbers;
        else
            return false;
    }
    return times == 1 && numbers >= 1;
}

} // namespace promdeck
