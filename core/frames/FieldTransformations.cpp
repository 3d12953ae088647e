// Transformations that choose, order and name fields: organize, filterFieldsByName, renameByRegex,
// labelsToFields.
#include "frames/TransformationSteps.h"

#include <QJsonArray>
#include <QSet>
#include <algorithm>
#include <cmath>
#include <limits>

namespace promdeck::transform {

namespace {

QSet<QString> namesSetTo(const QJsonObject &flags)
{
    QSet<QString> out;
    for (auto it = flags.begin(); it != flags.end(); ++it)
        if (it.value().toBool())
            out.insert(it.key());
    return out;
}

// A field keeps the name it had when a step chose it: numbering ("Time 3") must not shift when
// the fields beside it go.
void keepNumberedName(Field &f, const QString &shownName)
{
    if (f.displayName.isEmpty() && f.displayNameFromDS.isEmpty() && f.labels.isEmpty() && shownName != f.name)
        f.displayName = shownName;
}

struct NameFilter
{
    QStringList names;
    QRegularExpression pattern;
    bool hasPattern = false;
    bool isEmpty() const { return names.isEmpty() && !hasPattern; }
    bool matches(const QString &name) const
    {
        return names.contains(name) || (hasPattern && pattern.match(name).hasMatch());
    }
    static NameFilter from(const QJsonValue &v)
    {
        NameFilter f;
        const QJsonObject o = v.toObject();
        for (const QJsonValue &n : o.value(QStringLiteral("names")).toArray())
            f.names << n.toString();
        const QString pattern = o.value(QStringLiteral("pattern")).toString();
        if (!pattern.isEmpty()) {
            f.pattern = grafanaRegex(pattern);
            f.hasPattern = f.pattern.isValid();
        }
        return f;
    }
};

} // namespace

Frames filterFieldsByName(const Frames &in, const QJsonObject &options)
{
    const NameFilter include = NameFilter::from(options.value(QStringLiteral("include")));
    const NameFilter exclude = NameFilter::from(options.value(QStringLiteral("exclude")));
    if (include.isEmpty() && exclude.isEmpty())
        return in;
    Frames out;
    for (const DataFrame &frame : in) {
        const QStringList names = displayNames(frame, in);
        DataFrame kept = frame;
        kept.fields.clear();
        for (size_t i = 0; i < frame.fields.size(); ++i) {
            const QString &name = names[static_cast<qsizetype>(i)];
            if (!include.isEmpty() && !include.matches(name))
                continue;
            if (!exclude.isEmpty() && exclude.matches(name))
                continue;
            kept.fields.push_back(frame.fields[i]);
            keepNumberedName(kept.fields.back(), name);
        }
        if (!kept.fields.empty())
            out.push_back(std::move(kept));
    }
    return out;
}

Frames organize(const Frames &in, const QJsonObject &options)
{
    const QSet<QString> excluded = namesSetTo(options.value(QStringLiteral("excludeByName")).toObject());
    const QSet<QString> included = namesSetTo(options.value(QStringLiteral("includeByName")).toObject());
    const QJsonObject indexByName = options.value(QStringLiteral("indexByName")).toObject();
    const QJsonObject renameByName = options.value(QStringLiteral("renameByName")).toObject();
    Frames out;
    for (const DataFrame &frame : in) {
        const QStringList names = displayNames(frame, in);
        struct Kept
        {
            Field field;
            QString name;
            double index;
        };
        std::vector<Kept> kept;
        for (size_t i = 0; i < frame.fields.size(); ++i) {
            const QString &name = names[static_cast<qsizetype>(i)];
            if (excluded.contains(name) || (!included.isEmpty() && !included.contains(name)))
                continue;
            const QJsonValue index = indexByName.value(name);
            // Fields without an index go after the indexed ones, in the order they came.
            kept.push_back({frame.fields[i], name,
                            index.isDouble() ? index.toDouble() : std::numeric_limits<double>::infinity()});
        }
        std::stable_sort(kept.begin(), kept.end(),
                         [](const Kept &a, const Kept &b) { return a.index < b.index; });
        DataFrame result = frame;
        result.fields.clear();
        for (Kept &k : kept) {
            const QString rename = renameByName.value(k.name).toString();
            if (!rename.isEmpty())
                k.field.displayName = rename;
            else
                keepNumberedName(k.field, k.name);
            result.fields.push_back(std::move(k.field));
        }
        out.push_back(std::move(result));
    }
    return out;
}

Frames renameByRegex(const Frames &in, const QJsonObject &options)
{
    const QRegularExpression regex = grafanaRegex(options.value(QStringLiteral("regex")).toString());
    const QString pattern = options.value(QStringLiteral("renamePattern")).toString();
    if (!regex.isValid() || regex.pattern().isEmpty())
        return in;
    Frames out = in;
    for (size_t f = 0; f < out.size(); ++f) {
        const QStringList names = displayNames(in[f], in);
        for (size_t i = 0; i < out[f].fields.size(); ++i) {
            const QString &name = names[static_cast<qsizetype>(i)];
            const QRegularExpressionMatch m = regex.match(name);
            if (!m.hasMatch())
                continue;
            // JavaScript's String.replace without the g flag: the first match, with $1.. $& $$.
            QString replacement;
            for (qsizetype k = 0; k < pattern.size(); ++k) {
                const QChar c = pattern[k];
                if (c != u'$' || k + 1 >= pattern.size()) {
                    replacement += c;
                    continue;
                }
                const QChar next = pattern[k + 1];
                if (next == u'$') {
                    replacement += u'$';
                    ++k;
                } else if (next == u'&') {
                    replacement += m.captured(0);
                    ++k;
                } else if (next.isDigit()) {
                    qsizetype end = k + 1;
                    while (end < pattern.size() && pattern[end].isDigit() && end - k <= 2)
                        ++end;
                    int group = pattern.mid(k + 1, end - k - 1).toInt();
                    if (group > regex.captureCount() && end - k > 2) { // "$12" with one group: $1 then "2"
                        --end;
                        group = pattern.mid(k + 1, end - k - 1).toInt();
                    }
                    replacement += m.captured(group);
                    k = end - 1;
                } else {
                    replacement += c;
                }
            }
            out[f].fields[i].displayName =
                name.left(m.capturedStart(0)) + replacement + name.mid(m.capturedEnd(0));
        }
    }
    return out;
}

Frames labelsToFields(const Frames &in, const QJsonObject &options)
{
    const QString valueLabel = options.value(QStringLiteral("valueLabel")).toString();
    QSet<QString> keep;
    for (const QJsonValue &k : options.value(QStringLiteral("keepLabels")).toArray())
        keep.insert(k.toString());
    const bool rows = options.value(QStringLiteral("mode")).toString() == u"rows";
    Frames out;
    for (const DataFrame &frame : in) {
        if (rows) {
            // One small frame per labelled field: its labels as `label` and `value` rows.
            for (const Field &field : frame.fields) {
                if (field.labels.isEmpty())
                    continue;
                DataFrame labels;
                labels.refId = frame.refId;
                labels.name = fieldDisplayName(field, frame, in);
                Field names{QStringLiteral("label"), FieldType::String, {}, {}, {}, {}};
                Field values{QStringLiteral("value"), FieldType::String, {}, {}, {}, {}};
                for (const Label &l : field.labels.labels()) {
                    if (!keep.isEmpty() && !keep.contains(l.name))
                        continue;
                    names.values.emplace_back(l.name);
                    values.values.emplace_back(l.value);
                }
                labels.fields.push_back(std::move(names));
                labels.fields.push_back(std::move(values));
                out.push_back(std::move(labels));
            }
            continue;
        }
        DataFrame result;
        result.refId = frame.refId;
        // Each label becomes a column after the frame's own fields; a label with several values in
        // one frame gives a column per value, as Grafana does.
        std::vector<std::pair<QString, QStringList>> labelColumns;
        for (const Field &field : frame.fields) {
            if (field.labels.isEmpty()) {
                result.fields.push_back(field);
                continue;
            }
            Field bare = field;
            bare.labels = LabelSet();
            bare.displayName.clear();
            bare.displayNameFromDS.clear();
            for (const Label &l : field.labels.labels()) {
                if (!keep.isEmpty() && !keep.contains(l.name))
                    continue;
                if (l.name == valueLabel) {
                    bare.name = l.value;
                    continue;
                }
                auto column = std::find_if(labelColumns.begin(), labelColumns.end(),
                                           [&](const auto &c) { return c.first == l.name; });
                if (column == labelColumns.end())
                    labelColumns.push_back({l.name, {l.value}});
                else if (!column->second.contains(l.value))
                    column->second << l.value;
            }
            result.fields.push_back(std::move(bare));
        }
        const size_t rowCount = static_cast<size_t>(frame.rowCount());
        for (const auto &[name, values] : labelColumns)
            for (const QString &value : values)
                result.fields.push_back(Field{name,
                                              FieldType::String,
                                              {},
                                              {},
                                              {},
                                              std::vector<FrameValue>(rowCount, FrameValue(value))});
        out.push_back(std::move(result));
    }
    return out;
}

} // namespace promdeck::transform
