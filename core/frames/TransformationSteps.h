// The transformations one by one, and what they share: finding fields by their display name and
// reading Grafana's `/regex/flags` strings. Internal to core/frames.
#pragma once

#include "frames/DataFrame.h"

#include <QJsonObject>
#include <QRegularExpression>

namespace promdeck::transform {

Frames organize(const Frames &in, const QJsonObject &options);
Frames filterFieldsByName(const Frames &in, const QJsonObject &options);
Frames renameByRegex(const Frames &in, const QJsonObject &options);
Frames labelsToFields(const Frames &in, const QJsonObject &options);
Frames merge(const Frames &in);
Frames joinByField(const Frames &in, const QJsonObject &options);
Frames seriesToRows(const Frames &in);
Frames sortBy(const Frames &in, const QJsonObject &options);
Frames filterByValue(const Frames &in, const QJsonObject &options);
Frames partitionByValues(const Frames &in, const QJsonObject &options);
Frames calculateField(const Frames &in, const QJsonObject &options);
Frames groupBy(const Frames &in, const QJsonObject &options);
Frames reduce(const Frames &in, const QJsonObject &options);

// Display names of a frame's fields, computed once (renaming one must not renumber the others).
QStringList displayNames(const DataFrame &frame, const Frames &all);
int fieldIndexByName(const DataFrame &frame, const Frames &all, const QString &displayName);
// Grafana's stringToJsRegex: `/pattern/flags`, or the whole string as a pattern.
QRegularExpression grafanaRegex(const QString &text);
// A key that tells cells apart by type and value (1 and "1" differ, as in JavaScript's Set).
QString valueKey(const FrameValue &v);
// A frame's rows ordered by one field, stable, nulls last in both directions.
DataFrame sortFrameByField(const DataFrame &frame, size_t field, bool descending);
// A new field shaped like `like` with no values.
Field emptyLike(const Field &like);

} // namespace promdeck::transform
