// Grafana's transformations, the ones real Prometheus dashboards use: pure functions from frames to
// frames, applied in the panel's order. Each follows Grafana's own (packages/grafana-data
// transformers/*) as its documentation and tests describe it; where Promdeck differs, the function's
// comment says how and why.
#pragma once

#include "dashboard/Dashboard.h"
#include "frames/DataFrame.h"

namespace promdeck {

// True for the transformation ids applyTransformations carries out.
bool isSupportedTransformation(QStringView id);
QStringList supportedTransformations();

struct TransformResult
{
    Frames frames;
    // Transformations left out because Promdeck cannot apply them, one sentence each, for the panel.
    QStringList skipped;
};
TransformResult applyTransformations(Frames frames, const std::vector<Transformation> &steps);

// One step, by id; unknown ids give the frames back unchanged. For tests and the bench.
Frames applyTransformation(const Frames &frames, const QString &id, const QJsonObject &options);

} // namespace promdeck
