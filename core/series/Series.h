// Columnar query results: one Series per label set, timestamps and values in parallel arrays
// (16 bytes a sample), shared read-only between the parser's worker thread, the panels and the CLI.
#pragma once

#include "series/LabelSet.h"

#include <QStringList>
#include <cstdint>
#include <memory>
#include <vector>

namespace promdeck {

struct Series
{
    LabelSet labels;
    std::vector<std::int64_t> timestampsMs;
    std::vector<double> values;

    qsizetype size() const { return static_cast<qsizetype>(timestampsMs.size()); }
    bool isEmpty() const { return timestampsMs.empty(); }
};

enum class ResultType
{
    Matrix,
    Vector,
    Scalar,
    String
};
QString resultTypeName(ResultType type);

struct QueryResult
{
    ResultType type = ResultType::Matrix;
    std::vector<Series> series;
    QString stringValue; // only for ResultType::String
    QStringList warnings;
    QStringList infos;
    // How many series the server answered; more than series.size() when the answer was capped.
    qsizetype totalSeries = 0;

    qsizetype sampleCount() const;
    bool isEmpty() const { return series.empty(); }
};

using SharedQueryResult = std::shared_ptr<const QueryResult>;

} // namespace promdeck
