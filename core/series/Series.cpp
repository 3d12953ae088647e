#include "series/Series.h"

namespace promdeck {

QString resultTypeName(ResultType type)
{
    switch (type) {
    case ResultType::Matrix:
        return QStringLiteral("matrix");
    case ResultType::Vector:
        return QStringLiteral("vector");
    case ResultType::Scalar:
        return QStringLiteral("scalar");
    case ResultType::String:
        return QStringLiteral("string");
    }
    return {};
}

qsizetype QueryResult::sampleCount() const
{
    qsizetype n = 0;
    for (const Series &s : series)
        n += s.size();
    return n;
}

} // namespace promdeck
