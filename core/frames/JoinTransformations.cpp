// Transformations that combine frames: joinByField (outer and inner), merge, seriesToRows.
#include "frames/TransformationSteps.h"

#include <QHash>
#include <QSet>
#include <algorithm>
#include <numeric>

namespace promdeck::transform {

namespace {

// A frame's rows ordered by one field (stable), as Grafana's sortDataFrame.
DataFrame sortedByField(const DataFrame &frame, size_t field, bool descending)
{
    std::vector<size_t> order(static_cast<size_t>(frame.rowCount()));
    std::iota(order.begin(), order.end(), 0);
    const std::vector<FrameValue> &key = frame.fields[field].values;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const int c = compareValues(key[a], key[b]);
        // Nulls stay last in both directions: an operator looks for values, not for gaps.
        if (isNull(key[a]) != isNull(key[b]))
            return isNull(key[b]);
        return descending ? c > 0 : c < 0;
    });
    DataFrame out = frame;
    for (size_t f = 0; f < frame.fields.size(); ++f)
        for (size_t r = 0; r < order.size(); ++r)
            out.fields[f].values[r] = frame.fields[f].values[order[r]];
    return out;
}

struct JoinInput
{
    const DataFrame *frame;
    size_t joinField;
};

} // namespace

DataFrame sortFrameByField(const DataFrame &frame, size_t field, bool descending)
{
    return sortedByField(frame, field, descending);
}

Frames joinByField(const Frames &in, const QJsonObject &options)
{
    if (in.size() <= 1) {
        // Grafana's single-frame join only sorts a numeric join field.
        if (in.size() == 1) {
            const QString by = options.value(QStringLiteral("byField")).toString();
            const int index =
                by.isEmpty() ? in[0].firstFieldOf(FieldType::Time) : fieldIndexByName(in[0], in, by);
            if (index >= 0 && in[0].fields[static_cast<size_t>(index)].type != FieldType::String)
                return {sortedByField(in[0], static_cast<size_t>(index), false)};
        }
        return in;
    }
    const QString by = options.value(QStringLiteral("byField")).toString();
    const bool inner = options.value(QStringLiteral("mode")).toString() == u"inner";

    // Frames without the join field are left out, as Grafana leaves them out.
    std::vector<JoinInput> inputs;
    for (const DataFrame &frame : in) {
        const int index =
            by.isEmpty() ? frame.firstFieldOf(FieldType::Time) : fieldIndexByName(frame, in, by);
        if (index >= 0 && !frame.fields.empty())
            inputs.push_back({&frame, static_cast<size_t>(index)});
    }
    if (inputs.empty())
        return in;

    DataFrame out;
    out.fields.push_back(emptyLike(inputs[0].frame->fields[inputs[0].joinField]));
    std::vector<std::pair<size_t, size_t>> sources; // (input, field) for each output field after the first
    for (size_t i = 0; i < inputs.size(); ++i) {
        const DataFrame &frame = *inputs[i].frame;
        for (size_t f = 0; f < frame.fields.size(); ++f) {
            if (f == inputs[i].joinField)
                continue;
            Field copy = emptyLike(frame.fields[f]);
            // A field's cached name does not survive a join: it is named again among its new neighbours.
            if (!frame.name.isEmpty() && copy.name == u"Value")
                copy.name = frame.name;
            out.fields.push_back(std::move(copy));
            sources.push_back({i, f});
        }
    }

    if (inner) {
        // SQL's inner join: every combination of rows whose join values are equal, in the first
        // frame's order.
        std::vector<std::vector<size_t>> rows; // per output row, the row of each input
        for (size_t r = 0; r < static_cast<size_t>(inputs[0].frame->rowCount()); ++r)
            rows.push_back({r});
        for (size_t i = 1; i < inputs.size(); ++i) {
            QHash<QString, std::vector<size_t>> byKey;
            const auto &key = inputs[i].frame->fields[inputs[i].joinField].values;
            for (size_t r = 0; r < key.size(); ++r)
                byKey[valueKey(key[r])].push_back(r);
            std::vector<std::vector<size_t>> next;
            const auto &firstKey = inputs[0].frame->fields[inputs[0].joinField].values;
            for (const auto &row : rows) {
                const auto it = byKey.constFind(valueKey(firstKey[row[0]]));
                if (it == byKey.cend())
                    continue;
                for (size_t match : *it) {
                    next.push_back(row);
                    next.back().push_back(match);
                }
            }
            rows = std::move(next);
        }
        for (const auto &row : rows) {
            out.fields[0].values.push_back(inputs[0].frame->fields[inputs[0].joinField].values[row[0]]);
            for (size_t k = 0; k < sources.size(); ++k) {
                const auto [input, field] = sources[k];
                out.fields[k + 1].values.push_back(inputs[input].frame->fields[field].values[row[input]]);
            }
        }
        return {std::move(out)};
    }

    // Outer: every join value once; numbers ascending, text in the order first seen (JavaScript's
    // numeric sort leaves strings where they are). A value repeated in one frame keeps its last row.
    std::vector<FrameValue> keys;
    QHash<QString, size_t> keyIndex;
    bool allNumbers = true;
    for (const JoinInput &input : inputs)
        for (const FrameValue &v : input.frame->fields[input.joinField].values) {
            const QString k = valueKey(v);
            if (keyIndex.contains(k))
                continue;
            keyIndex.insert(k, keys.size());
            keys.push_back(v);
            allNumbers = allNumbers && numberIf(v);
        }
    if (allNumbers) {
        std::stable_sort(keys.begin(), keys.end(),
                         [](const FrameValue &a, const FrameValue &b) { return compareValues(a, b) < 0; });
        for (size_t i = 0; i < keys.size(); ++i)
            keyIndex[valueKey(keys[i])] = i;
    }
    out.fields[0].values = keys;
    for (size_t k = 0; k < sources.size(); ++k)
        out.fields[k + 1].values.assign(keys.size(), FrameValue());
    for (size_t k = 0; k < sources.size(); ++k) {
        const auto [input, field] = sources[k];
        const auto &joinValues = inputs[input].frame->fields[inputs[input].joinField].values;
        const auto &values = inputs[input].frame->fields[field].values;
        for (size_t r = 0; r < joinValues.size(); ++r)
            out.fields[k + 1].values[keyIndex.value(valueKey(joinValues[r]))] = values[r];
    }
    return {std::move(out)};
}

Frames merge(const Frames &in)
{
    if (in.size() <= 1)
        return in;
    std::vector<const DataFrame *> frames;
    for (const DataFrame &f : in)
        if (!f.fields.empty())
            frames.push_back(&f);
    if (frames.empty())
        return {in.front()};

    // Every field name once, in the order first seen; the ones every frame has are the row key.
    DataFrame out;
    QHash<QString, size_t> column;
    std::vector<QHash<QString, size_t>> fieldOf(frames.size());
    for (size_t i = 0; i < frames.size(); ++i)
        for (size_t f = 0; f < frames[i]->fields.size(); ++f) {
            const Field &field = frames[i]->fields[f];
            if (!column.contains(field.name)) {
                column.insert(field.name, out.fields.size());
                Field copy = emptyLike(field);
                copy.labels = LabelSet();
                copy.displayName.clear();
                copy.displayNameFromDS.clear();
                out.fields.push_back(std::move(copy));
            }
            fieldOf[i].insert(field.name, f);
        }
    QStringList keyNames;
    for (const Field &f : out.fields) {
        const bool everywhere = std::all_of(fieldOf.begin(), fieldOf.end(),
                                            [&](const auto &names) { return names.contains(f.name); });
        if (everywhere)
            keyNames << f.name;
    }
    if (keyNames.isEmpty())
        return in;

    // A row: the value of each output column, or nothing where its frame has no such field.
    using Row = std::vector<std::optional<FrameValue>>;
    std::vector<Row> rows;
    QHash<QString, std::vector<size_t>> rowsByKey;
    for (size_t i = 0; i < frames.size(); ++i) {
        const DataFrame &frame = *frames[i];
        for (size_t r = 0; r < static_cast<size_t>(frame.rowCount()); ++r) {
            QString key;
            for (const QString &name : keyNames)
                key += valueKey(frame.fields[fieldOf[i].value(name)].values[r]) + QChar(0x1f);
            Row row(out.fields.size());
            for (auto it = fieldOf[i].cbegin(); it != fieldOf[i].cend(); ++it)
                row[column.value(it.key())] = frame.fields[it.value()].values[r];
            // Joins an earlier row with the same key when no column disagrees (nulls never disagree).
            bool merged = false;
            for (size_t existing : rowsByKey.value(key)) {
                Row &target = rows[existing];
                bool mergeable = true;
                for (size_t c = 0; c < row.size() && mergeable; ++c)
                    if (row[c] && target[c] && !isNull(*target[c]) && compareValues(*target[c], *row[c]) != 0)
                        mergeable = false;
                if (!mergeable)
                    continue;
                for (size_t c = 0; c < row.size(); ++c)
                    if (row[c])
                        target[c] = row[c];
                merged = true;
            }
            if (!merged) {
                rowsByKey[key].push_back(rows.size());
                rows.push_back(std::move(row));
            }
        }
    }
    for (const Row &row : rows)
        for (size_t c = 0; c < row.size(); ++c)
            out.fields[c].values.push_back(row[c] ? *row[c] : FrameValue());
    return {std::move(out)};
}

Frames seriesToRows(const Frames &in)
{
    if (in.size() <= 1)
        return in;
    Frames data;
    for (const DataFrame &f : in)
        if (f.rowCount() > 0)
            data.push_back(f);
    if (data.empty() || !std::all_of(data.begin(), data.end(), isTimeSeriesFrame))
        return data;
    DataFrame out;
    Field time{QStringLiteral("Time"), FieldType::Time, {}, {}, {}, {}};
    Field metric{QStringLiteral("Metric"), FieldType::String, {}, {}, {}, {}};
    Field value{QStringLiteral("Value"), FieldType::Number, {}, {}, {}, {}};
    for (const DataFrame &frame : data) {
        const size_t t = static_cast<size_t>(frame.firstFieldOf(FieldType::Time));
        const size_t v = t == 0 ? 1 : 0;
        const QString name = frameDisplayName(frame, data);
        for (size_t r = 0; r < static_cast<size_t>(frame.rowCount()); ++r) {
            time.values.push_back(frame.fields[t].values[r]);
            metric.values.emplace_back(name);
            value.values.push_back(frame.fields[v].values[r]);
        }
    }
    out.fields = {std::move(time), std::move(metric), std::move(value)};
    return {sortedByField(out, 0, true)}; // newest first
}

} // namespace promdeck::transform
