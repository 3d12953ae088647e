// Transformations that choose, order and split rows: sortBy, filterByValue, partitionByValues.
#include "frames/TransformationSteps.h"

#include <QHash>
#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace promdeck::transform {

namespace {

DataFrame takeRows(const DataFrame &frame, const std::vector<size_t> &rows)
{
    DataFrame out = frame;
    for (Field &f : out.fields) {
        const std::vector<FrameValue> all = std::move(f.values);
        f.values.clear();
        f.values.reserve(rows.size());
        for (size_t r : rows)
            f.values.push_back(all[r]);
    }
    return out;
}

// One condition of filterByValue, Grafana's value matchers.
struct ValueCondition
{
    QString fieldName;
    QString id;
    QJsonValue value;
    double from = 0, to = 0;
    QRegularExpression regex;

    bool matches(const FrameValue &v) const
    {
        if (id == u"isNull")
            return isNull(v);
        if (id == u"isNotNull")
            return !isNull(v);
        if (id == u"equal" || id == u"notEqual") {
            // JavaScript's `==`: "10" equals 10; null equals nothing but null.
            bool equal = false;
            if (isNull(v))
                equal = value.isNull() || value.isUndefined();
            else if (value.isDouble())
                equal = asNumber(v) == value.toDouble();
            else if (numberIf(v) && value.isString())
                equal = asNumber(FrameValue(value.toString())) == *numberIf(v);
            else
                equal = asText(v) == value.toVariant().toString();
            return id == u"equal" ? equal : !equal;
        }
        if (id == u"regex")
            return !isNull(v) && regex.match(asText(v)).hasMatch();
        if (id == u"substring" || id == u"notSubstring") {
            const bool has =
                !isNull(v) && asText(v).contains(value.toVariant().toString(), Qt::CaseInsensitive);
            return id == u"substring" ? has : !has;
        }
        const std::optional<double> x = asNumber(v);
        if (!x || std::isnan(*x))
            return false;
        if (id == u"between")
            return *x > from && *x < to;
        const double limit = value.isString() ? value.toString().toDouble() : value.toDouble();
        if (id == u"greater")
            return *x > limit;
        if (id == u"greaterOrEqual")
            return *x >= limit;
        if (id == u"lower")
            return *x < limit;
        if (id == u"lowerOrEqual")
            return *x <= limit;
        return false;
    }
};

} // namespace

Frames sortBy(const Frames &in, const QJsonObject &options)
{
    const QJsonArray sort = options.value(QStringLiteral("sort")).toArray();
    if (sort.isEmpty())
        return in;
    Frames out;
    for (const DataFrame &frame : in) {
        DataFrame sorted = frame;
        // The first key decides; later keys break its ties (a stable sort applied from the last key).
        for (qsizetype k = sort.size() - 1; k >= 0; --k) {
            const QJsonObject key = sort[k].toObject();
            const int index = fieldIndexByName(frame, in, key.value(QStringLiteral("field")).toString());
            if (index >= 0)
                sorted = sortFrameByField(sorted, static_cast<size_t>(index),
                                          key.value(QStringLiteral("desc")).toBool());
        }
        out.push_back(std::move(sorted));
    }
    return out;
}

Frames filterByValue(const Frames &in, const QJsonObject &options)
{
    std::vector<ValueCondition> conditions;
    for (const QJsonValue &f : options.value(QStringLiteral("filters")).toArray()) {
        const QJsonObject filter = f.toObject();
        const QJsonObject config = filter.value(QStringLiteral("config")).toObject();
        const QJsonObject o = config.value(QStringLiteral("options")).toObject();
        ValueCondition c;
        c.fieldName = filter.value(QStringLiteral("fieldName")).toString();
        c.id = config.value(QStringLiteral("id")).toString();
        c.value = o.value(QStringLiteral("value"));
        c.from = o.value(QStringLiteral("from")).toDouble();
        c.to = o.value(QStringLiteral("to")).toDouble();
        if (c.id == u"regex")
            c.regex = grafanaRegex(c.value.toString());
        conditions.push_back(std::move(c));
    }
    if (conditions.empty())
        return in;
    const bool exclude = options.value(QStringLiteral("type")).toString() == u"exclude";
    const bool all = options.value(QStringLiteral("match")).toString() == u"all";
    Frames out;
    for (const DataFrame &frame : in) {
        std::vector<std::pair<const ValueCondition *, size_t>> present;
        for (const ValueCondition &c : conditions) {
            const int index = fieldIndexByName(frame, in, c.fieldName);
            if (index >= 0)
                present.push_back({&c, static_cast<size_t>(index)});
        }
        if (present.empty()) { // nothing to test: the frame stays whole
            out.push_back(frame);
            continue;
        }
        std::vector<size_t> rows;
        for (size_t r = 0; r < static_cast<size_t>(frame.rowCount()); ++r) {
            bool matched = all;
            for (const auto &[condition, field] : present) {
                const bool m = condition->matches(frame.fields[field].values[r]);
                if (all && !m) {
                    matched = false;
                    break;
                }
                if (!all && m) {
                    matched = true;
                    break;
                }
            }
            if (matched != exclude)
                rows.push_back(r);
        }
        out.push_back(takeRows(frame, rows));
    }
    return out;
}

Frames partitionByValues(const Frames &in, const QJsonObject &options)
{
    QStringList names;
    for (const QJsonValue &n : options.value(QStringLiteral("fields")).toArray())
        names << n.toString();
    if (names.isEmpty())
        return in;
    const bool keepFields = options.value(QStringLiteral("keepFields")).toBool();
    const QJsonObject naming = options.value(QStringLiteral("naming")).toObject();
    const bool asLabels = naming.value(QStringLiteral("asLabels")).toBool(true);
    Frames out;
    for (const DataFrame &frame : in) {
        std::vector<size_t> keyFields;
        for (const QString &name : names)
            if (const int index = fieldIndexByName(frame, in, name); index >= 0)
                keyFields.push_back(static_cast<size_t>(index));
        if (keyFields.empty()) {
            out.push_back(frame);
            continue;
        }
        const QStringList shownNames = displayNames(frame, in);
        // Partitions in the order their first row comes.
        std::vector<QString> order;
        QHash<QString, std::vector<size_t>> rowsByKey;
        for (size_t r = 0; r < static_cast<size_t>(frame.rowCount()); ++r) {
            QString key;
            for (size_t f : keyFields)
                key += valueKey(frame.fields[f].values[r]) + QChar(0x1f);
            if (!rowsByKey.contains(key))
                order.push_back(key);
            rowsByKey[key].push_back(r);
        }
        for (const QString &key : order) {
            const std::vector<size_t> &rows = rowsByKey.value(key);
            DataFrame part = takeRows(frame, rows);
            std::vector<Label> labels;
            QStringList values, pairs;
            for (size_t f : keyFields) {
                const QString name = shownNames[static_cast<qsizetype>(f)];
                const QString value = asText(frame.fields[f].values[rows.front()]);
                labels.push_back({name, value});
                values << value;
                pairs << name + QLatin1Char('=') + value;
            }
            if (!keepFields) {
                std::vector<Field> kept;
                for (size_t f = 0; f < part.fields.size(); ++f)
                    if (std::find(keyFields.begin(), keyFields.end(), f) == keyFields.end())
                        kept.push_back(std::move(part.fields[f]));
                part.fields = std::move(kept);
            }
            if (asLabels) {
                for (Field &f : part.fields) {
                    if (f.type == FieldType::Time)
                        continue;
                    std::vector<Label> merged = f.labels.labels();
                    for (const Label &l : labels) {
                        auto it = std::find_if(merged.begin(), merged.end(),
                                               [&](const Label &m) { return m.name == l.name; });
                        if (it == merged.end())
                            merged.push_back(l);
                        else
                            it->value = l.value;
                    }
                    f.labels = LabelSet::fromLabels(std::move(merged));
                }
            } else {
                const QString name = naming.value(QStringLiteral("withNames")).toBool()
                                         ? pairs.join(QStringLiteral(", "))
                                         : values.join(QLatin1Char(' '));
                part.name = naming.value(QStringLiteral("append")).toBool() && !frame.name.isEmpty()
                                ? frame.name + QLatin1Char(' ') + name
                                : name;
            }
            out.push_back(std::move(part));
        }
    }
    return out;
}

} // namespace promdeck::transform
