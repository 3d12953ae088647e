// Transformations that compute: calculateField (reduce row, binary operation, row index), groupBy
// and reduce, with Grafana's reducers (FieldReducers.h).
#include "frames/FieldReducers.h"
#include "frames/TransformationSteps.h"

#include <QHash>
#include <QJsonArray>
#include <cmath>

namespace promdeck::transform {

namespace {

FieldType typeOf(const std::vector<FrameValue> &values, FieldType fallback)
{
    for (const FrameValue &v : values) {
        if (numberIf(v))
            return FieldType::Number;
        if (textIf(v))
            return FieldType::String;
    }
    return fallback;
}

// A binary operand: a field by name or a fixed number, written as a string (Grafana 7 to 10) or as
// `{"matcher": {"id": "byName", "options": "x"}}` / `{"fixed": "2"}` (Grafana 11).
struct Operand
{
    QString fieldName;
    std::optional<double> fixed;
    QString text; // for the default alias

    static Operand from(const QJsonValue &v)
    {
        Operand o;
        if (v.isObject()) {
            const QJsonObject obj = v.toObject();
            if (obj.contains(QStringLiteral("fixed"))) {
                o.text = obj.value(QStringLiteral("fixed")).toVariant().toString();
                bool ok = false;
                const double d = o.text.toDouble(&ok);
                if (ok)
                    o.fixed = d;
            } else {
                o.fieldName = obj.value(QStringLiteral("matcher"))
                                  .toObject()
                                  .value(QStringLiteral("options"))
                                  .toString();
                o.text = o.fieldName;
            }
            return o;
        }
        o.text = v.isDouble() ? QString::number(v.toDouble()) : v.toString();
        bool ok = false;
        const double d = o.text.toDouble(&ok);
        if (ok)
            o.fixed = d;
        else
            o.fieldName = o.text;
        return o;
    }
};

std::optional<double> binary(double a, QStringView op, double b)
{
    if (op == u"+")
        return a + b;
    if (op == u"-")
        return a - b;
    if (op == u"*")
        return a * b;
    if (op == u"/")
        return a / b;
    if (op == u"%")
        return std::fmod(a, b);
    if (op == u"^")
        return std::pow(a, b);
    return std::nullopt;
}

} // namespace

Frames calculateField(const Frames &in, const QJsonObject &options)
{
    const QString mode = options.value(QStringLiteral("mode")).toString(QStringLiteral("reduceRow"));
    const bool replace = options.value(QStringLiteral("replaceFields")).toBool();
    QString alias = options.value(QStringLiteral("alias")).toString();
    Frames out;
    for (const DataFrame &frame : in) {
        const size_t rows = static_cast<size_t>(frame.rowCount());
        const QStringList names = displayNames(frame, in);
        Field result{QString(), FieldType::Number, {}, {}, {}, {}};
        result.values.reserve(rows);
        if (mode == u"reduceRow") {
            const QJsonObject reduce = options.value(QStringLiteral("reduce")).toObject();
            const QString reducer = reduce.value(QStringLiteral("reducer")).toString(QStringLiteral("sum"));
            QStringList include;
            for (const QJsonValue &n : reduce.value(QStringLiteral("include")).toArray())
                include << n.toString();
            std::vector<size_t> sources;
            for (size_t f = 0; f < frame.fields.size(); ++f)
                if (frame.fields[f].type == FieldType::Number &&
                    (include.isEmpty() || include.contains(names[static_cast<qsizetype>(f)])))
                    sources.push_back(f);
            std::vector<FrameValue> row(sources.size());
            for (size_t r = 0; r < rows; ++r) {
                for (size_t k = 0; k < sources.size(); ++k)
                    row[k] = frame.fields[sources[k]].values[r];
                result.values.push_back(reduceValues(row, reducer));
            }
            result.name = alias.isEmpty() ? fieldReducerName(reducer) : alias;
        } else if (mode == u"binary") {
            const QJsonObject b = options.value(QStringLiteral("binary")).toObject();
            const Operand left = Operand::from(b.value(QStringLiteral("left")));
            const Operand right = Operand::from(b.value(QStringLiteral("right")));
            const QString op = b.value(QStringLiteral("operator")).toString(QStringLiteral("*"));
            auto column = [&](const Operand &o) -> const Field * {
                if (o.fixed)
                    return nullptr;
                const int i = static_cast<int>(names.indexOf(o.fieldName));
                return i >= 0 ? &frame.fields[static_cast<size_t>(i)] : nullptr;
            };
            const Field *l = column(left), *r = column(right);
            if ((!l && !left.fixed) || (!r && !right.fixed)) { // an operand this frame does not have
                out.push_back(frame);
                continue;
            }
            for (size_t i = 0; i < rows; ++i) {
                const std::optional<double> a = l ? asNumber(l->values[i]) : left.fixed;
                const std::optional<double> c = r ? asNumber(r->values[i]) : right.fixed;
                // A missing operand gives no value rather than JavaScript's null-as-zero.
                const std::optional<double> v = a && c ? binary(*a, op, *c) : std::nullopt;
                result.values.push_back(v ? FrameValue(*v) : FrameValue());
            }
            result.name = alias.isEmpty() ? QStringLiteral("%1 %2 %3").arg(left.text, op, right.text) : alias;
        } else if (mode == u"index") {
            const bool percentile = options.value(QStringLiteral("index"))
                                        .toObject()
                                        .value(QStringLiteral("asPercentile"))
                                        .toBool();
            for (size_t i = 0; i < rows; ++i)
                result.values.emplace_back(percentile ? static_cast<double>(i) / static_cast<double>(rows)
                                                      : static_cast<double>(i));
            result.name = alias.isEmpty() ? QStringLiteral("Row") : alias;
        } else {
            out.push_back(frame);
            continue;
        }
        DataFrame calculated = frame;
        if (replace) {
            calculated.fields.clear();
            if (const int t = frame.firstFieldOf(FieldType::Time); t >= 0)
                calculated.fields.push_back(frame.fields[static_cast<size_t>(t)]);
        }
        calculated.fields.push_back(std::move(result));
        out.push_back(std::move(calculated));
    }
    return out;
}

Frames groupBy(const Frames &in, const QJsonObject &options)
{
    const QJsonObject fields = options.value(QStringLiteral("fields")).toObject();
    QStringList groupNames;
    for (auto it = fields.begin(); it != fields.end(); ++it)
        if (it.value().toObject().value(QStringLiteral("operation")).toString() == u"groupby")
            groupNames << it.key();
    if (groupNames.isEmpty())
        return in;
    Frames out;
    for (const DataFrame &frame : in) {
        const QStringList names = displayNames(frame, in);
        std::vector<size_t> groupFields;
        for (size_t f = 0; f < frame.fields.size(); ++f)
            if (groupNames.contains(names[static_cast<qsizetype>(f)]))
                groupFields.push_back(f);
        if (groupFields.empty())
            continue; // Grafana drops frames with nothing to group on
        // Groups in the order their first row comes.
        std::vector<std::vector<size_t>> groups;
        QHash<QString, size_t> groupOfKey;
        for (size_t r = 0; r < static_cast<size_t>(frame.rowCount()); ++r) {
            QString key;
            for (size_t f : groupFields)
                key += asText(frame.fields[f].values[r]) + QChar(0x1f);
            const auto it = groupOfKey.constFind(key);
            if (it == groupOfKey.cend()) {
                groupOfKey.insert(key, groups.size());
                groups.push_back({r});
            } else {
                groups[*it].push_back(r);
            }
        }
        DataFrame grouped;
        grouped.refId = frame.refId;
        for (size_t f : groupFields) {
            Field g = emptyLike(frame.fields[f]);
            for (const std::vector<size_t> &rows : groups)
                g.values.push_back(frame.fields[f].values[rows.front()]);
            grouped.fields.push_back(std::move(g));
        }
        for (size_t f = 0; f < frame.fields.size(); ++f) {
            const QString &name = names[static_cast<qsizetype>(f)];
            const QJsonObject o = fields.value(name).toObject();
            const QString operation = o.value(QStringLiteral("operation")).toString();
            QStringList calcs;
            if (operation == u"count")
                calcs << QStringLiteral("count");
            else if (operation == u"aggregate")
                for (const QJsonValue &c : o.value(QStringLiteral("aggregations")).toArray())
                    calcs << c.toString();
            for (const QString &calc : calcs) {
                Field aggregate{QStringLiteral("%1 (%2)").arg(name, calc), FieldType::Number, {}, {}, {}, {}};
                for (const std::vector<size_t> &rows : groups) {
                    std::vector<FrameValue> values;
                    for (size_t r : rows)
                        values.push_back(frame.fields[f].values[r]);
                    aggregate.values.push_back(reduceValues(values, calc));
                }
                aggregate.type = typeOf(aggregate.values, FieldType::Number);
                grouped.fields.push_back(std::move(aggregate));
            }
        }
        out.push_back(std::move(grouped));
    }
    return out;
}

Frames reduce(const Frames &in, const QJsonObject &options)
{
    QStringList reducers;
    for (const QJsonValue &r : options.value(QStringLiteral("reducers")).toArray())
        reducers << r.toString();
    if (reducers.isEmpty())
        return in;
    const bool reduceFields = options.value(QStringLiteral("mode")).toString() == u"reduceFields";
    const bool includeTime = options.value(QStringLiteral("includeTimeField")).toBool();
    const bool labelsToFields = options.value(QStringLiteral("labelsToFields")).toBool();
    auto reduced = [&](const Field &f) { return f.type != FieldType::Time || (reduceFields && includeTime); };

    if (reduceFields) {
        // The same fields, one row each.
        Frames out;
        for (const DataFrame &frame : in) {
            DataFrame one = frame;
            one.fields.clear();
            for (const Field &f : frame.fields) {
                if (!reduced(f))
                    continue;
                for (const QString &r : reducers) {
                    Field copy = emptyLike(f);
                    copy.values = {reduceValues(f.values, r)};
                    copy.type = typeOf(copy.values, f.type);
                    if (reducers.size() > 1) {
                        std::vector<Label> labels = f.labels.labels();
                        labels.push_back({QStringLiteral("reducer"), fieldReducerName(r)});
                        copy.labels = LabelSet::fromLabels(std::move(labels));
                    }
                    one.fields.push_back(std::move(copy));
                }
            }
            if (!one.fields.empty())
                out.push_back(std::move(one));
        }
        return out;
    }

    // Series to rows: a row per field of every frame; "Field", its labels (when asked), then a
    // column per reducer named as Grafana names it ("Last *", "Max").
    QStringList labelNames;
    if (labelsToFields)
        for (const DataFrame &frame : in)
            for (const Field &f : frame.fields)
                for (const Label &l : f.labels.labels())
                    if (!labelNames.contains(l.name))
                        labelNames << l.name;
    DataFrame out;
    out.fields.push_back(Field{QStringLiteral("Field"), FieldType::String, {}, {}, {}, {}});
    for (const QString &l : labelNames)
        out.fields.push_back(Field{l, FieldType::String, {}, {}, {}, {}});
    for (const QString &r : reducers)
        out.fields.push_back(Field{fieldReducerName(r), FieldType::Number, {}, {}, {}, {}});
    for (const DataFrame &frame : in) {
        for (const Field &f : frame.fields) {
            if (!reduced(f))
                continue;
            out.fields[0].values.emplace_back(labelsToFields ? f.name : fieldDisplayName(f, frame, in));
            for (qsizetype l = 0; l < labelNames.size(); ++l) {
                const QString v = f.labels.value(labelNames[l]);
                out.fields[static_cast<size_t>(1 + l)].values.push_back(v.isNull() ? FrameValue()
                                                                                   : FrameValue(v));
            }
            for (qsizetype r = 0; r < reducers.size(); ++r)
                out.fields[static_cast<size_t>(1 + labelNames.size() + r)].values.push_back(
                    reduceValues(f.values, reducers[r]));
        }
    }
    for (size_t i = 1 + static_cast<size_t>(labelNames.size()); i < out.fields.size(); ++i)
        out.fields[i].type = typeOf(out.fields[i].values, FieldType::Number);
    return {std::move(out)};
}

} // namespace promdeck::transform
