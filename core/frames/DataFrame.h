// Grafana's data frames: what queries become before a table, a pie or a gauge draws them. A frame is
// a list of equally long fields (columns); a field has a name, a type, labels and its values. The
// transformations (Transformations.h) take frames and give frames, as Grafana's do.
#pragma once

#include "dashboard/FieldConfig.h" // FieldType: what matchers and frames call a field's kind
#include "series/LabelSet.h"

#include <QString>
#include <optional>
#include <variant>
#include <vector>

namespace promdeck {

// A cell: nothing (Grafana's null), a number (times are milliseconds since the epoch) or text.
using FrameValue = std::variant<std::monostate, double, QString>;

inline bool isNull(const FrameValue &v)
{
    return std::holds_alternative<std::monostate>(v);
}
inline const double *numberIf(const FrameValue &v)
{
    return std::get_if<double>(&v);
}
inline const QString *textIf(const FrameValue &v)
{
    return std::get_if<QString>(&v);
}
// A number as a number, or text that reads as one (Grafana compares "10" and 10 as equal in filters).
std::optional<double> asNumber(const FrameValue &v);
// Text as it is, numbers in their shortest exact form, null as empty.
QString asText(const FrameValue &v);
// Orders cells as Grafana's sort does: numbers numerically, text by text, nulls after everything.
int compareValues(const FrameValue &a, const FrameValue &b);

struct Field
{
    QString name;
    FieldType type = FieldType::Number;
    LabelSet labels;
    // The series' name as the query's legend made it (Grafana's `config.displayNameFromDS`).
    QString displayNameFromDS;
    // A name set by a transformation (organize's rename, renameByRegex): Grafana's `config.displayName`.
    QString displayName;
    std::vector<FrameValue> values;

    qsizetype size() const { return static_cast<qsizetype>(values.size()); }
};

struct DataFrame
{
    QString name;
    QString refId;
    std::vector<Field> fields;

    qsizetype rowCount() const { return fields.empty() ? 0 : fields.front().size(); }
    // The index of the first field of this type, or -1.
    int firstFieldOf(FieldType type) const;
};

using Frames = std::vector<DataFrame>;

// The name a table header, a legend or a `byName` matcher sees, computed as Grafana's
// getFieldDisplayName: the transformation's name, then the legend's, then the field name with its
// labels; fields that share a name in one frame are numbered ("Time 1", "Time 2").
QString fieldDisplayName(const Field &field, const DataFrame &frame, const Frames &all);
// A frame's name for a legend or seriesToRows' Metric column.
QString frameDisplayName(const DataFrame &frame, const Frames &all);

// A frame with one Time field and numbers beside it (what seriesToRows accepts).
bool isTimeSeriesFrame(const DataFrame &frame);

} // namespace promdeck
