#include "promql/Functions.h"

#include <algorithm>
#include <array>

namespace promdeck::promql {

namespace {
using VT = ValueType;
constexpr std::array<ValueType, 1> VectorArgs{VT::Vector};
constexpr std::array<ValueType, 1> MatrixArgs{VT::Matrix};
constexpr std::array<ValueType, 3> VectorScalarScalarArgs{VT::Vector, VT::Scalar, VT::Scalar};
constexpr std::array<ValueType, 2> VectorScalarArgs{VT::Vector, VT::Scalar};
constexpr std::array<ValueType, 3> ScalarScalarVectorArgs{VT::Scalar, VT::Scalar, VT::Vector};
constexpr std::array<ValueType, 2> ScalarVectorArgs{VT::Scalar, VT::Vector};
constexpr std::array<ValueType, 3> MatrixScalarScalarArgs{VT::Matrix, VT::Scalar, VT::Scalar};
constexpr std::array<ValueType, 5> VectorStringStringStringStringArgs{VT::Vector, VT::String, VT::String,
                                                                      VT::String, VT::String};
constexpr std::array<ValueType, 4> VectorStringStringStringArgs{VT::Vector, VT::String, VT::String,
                                                                VT::String};
constexpr std::array<ValueType, 2> MatrixScalarArgs{VT::Matrix, VT::Scalar};
constexpr std::array<ValueType, 2> ScalarMatrixArgs{VT::Scalar, VT::Matrix};
constexpr std::array<ValueType, 1> ScalarArgs{VT::Scalar};

// Sorted by name, for lookup by binary search.
constexpr std::array<Function, 70> Functions{{
    {"abs", VectorArgs, 0, VT::Vector, "abs(v instant-vector) -> instant-vector",
     "Absolute value of every sample."},
    {"absent", VectorArgs, 0, VT::Vector, "absent(v instant-vector) -> instant-vector",
     "1-element vector with value 1 when v has no elements, else nothing: alert on missing series."},
    {"absent_over_time", MatrixArgs, 0, VT::Vector, "absent_over_time(v range-vector) -> instant-vector",
     "1 when the range vector has no samples at all, else nothing."},
    {"acos", VectorArgs, 0, VT::Vector, "acos(v instant-vector) -> instant-vector",
     "Arccosine of every sample, in radians."},
    {"acosh", VectorArgs, 0, VT::Vector, "acosh(v instant-vector) -> instant-vector",
     "Inverse hyperbolic cosine of every sample."},
    {"asin", VectorArgs, 0, VT::Vector, "asin(v instant-vector) -> instant-vector",
     "Arcsine of every sample, in radians."},
    {"asinh", VectorArgs, 0, VT::Vector, "asinh(v instant-vector) -> instant-vector",
     "Inverse hyperbolic sine of every sample."},
    {"atan", VectorArgs, 0, VT::Vector, "atan(v instant-vector) -> instant-vector",
     "Arctangent of every sample, in radians."},
    {"atanh", VectorArgs, 0, VT::Vector, "atanh(v instant-vector) -> instant-vector",
     "Inverse hyperbolic tangent of every sample."},
    {"avg_over_time", MatrixArgs, 0, VT::Vector, "avg_over_time(v range-vector) -> instant-vector",
     "Average of all samples in the range, per series."},
    {"ceil", VectorArgs, 0, VT::Vector, "ceil(v instant-vector) -> instant-vector",
     "Rounds every sample up to the nearest integer."},
    {"changes", MatrixArgs, 0, VT::Vector, "changes(v range-vector) -> instant-vector",
     "How many times the value changed within the range, per series."},
    {"clamp", VectorScalarScalarArgs, 0, VT::Vector,
     "clamp(v instant-vector, min scalar, max scalar) -> instant-vector",
     "Limits every sample to the interval [min, max]."},
    {"clamp_max", VectorScalarArgs, 0, VT::Vector,
     "clamp_max(v instant-vector, max scalar) -> instant-vector", "Limits every sample to at most max."},
    {"clamp_min", VectorScalarArgs, 0, VT::Vector,
     "clamp_min(v instant-vector, min scalar) -> instant-vector", "Limits every sample to at least min."},
    {"cos", VectorArgs, 0, VT::Vector, "cos(v instant-vector) -> instant-vector",
     "Cosine of every sample (radians)."},
    {"cosh", VectorArgs, 0, VT::Vector, "cosh(v instant-vector) -> instant-vector",
     "Hyperbolic cosine of every sample."},
    {"count_over_time", MatrixArgs, 0, VT::Vector, "count_over_time(v range-vector) -> instant-vector",
     "Number of samples in the range, per series."},
    {"day_of_month", VectorArgs, 1, VT::Vector, "day_of_month([v instant-vector]) -> instant-vector",
     "Day of the month (1-31) of each timestamp, UTC (default: evaluation time)."},
    {"day_of_week", VectorArgs, 1, VT::Vector, "day_of_week([v instant-vector]) -> instant-vector",
     "Day of the week (0 = Sunday) of each timestamp, UTC (default: evaluation time)."},
    {"day_of_year", VectorArgs, 1, VT::Vector, "day_of_year([v instant-vector]) -> instant-vector",
     "Day of the year (1-366) of each timestamp, UTC (default: evaluation time)."},
    {"days_in_month", VectorArgs, 1, VT::Vector, "days_in_month([v instant-vector]) -> instant-vector",
     "Number of days in the month of each timestamp (UTC; default: evaluation time)."},
    {"deg", VectorArgs, 0, VT::Vector, "deg(v instant-vector) -> instant-vector",
     "Converts every sample from radians to degrees."},
    {"delta", MatrixArgs, 0, VT::Vector, "delta(v range-vector) -> instant-vector",
     "Difference between the first and last value in the range, extrapolated (gauges)."},
    {"deriv", MatrixArgs, 0, VT::Vector, "deriv(v range-vector) -> instant-vector",
     "Per-second derivative by simple linear regression (gauges)."},
    {"exp", VectorArgs, 0, VT::Vector, "exp(v instant-vector) -> instant-vector",
     "e raised to the power of every sample."},
    {"floor", VectorArgs, 0, VT::Vector, "floor(v instant-vector) -> instant-vector",
     "Rounds every sample down to the nearest integer."},
    {"histogram_count", VectorArgs, 0, VT::Vector, "histogram_count(v instant-vector) -> instant-vector",
     "Observation count of each native histogram sample."},
    {"histogram_fraction", ScalarScalarVectorArgs, 0, VT::Vector,
     "histogram_fraction(lower scalar, upper scalar, v instant-vector) -> instant-vector",
     "Estimated fraction of observations between lower and upper (native histograms)."},
    {"histogram_quantile", ScalarVectorArgs, 0, VT::Vector,
     "histogram_quantile(phi scalar, v instant-vector) -> instant-vector",
     "The phi-quantile (0 <= phi <= 1) estimated from histogram buckets (le label) or native histograms."},
    {"histogram_sum", VectorArgs, 0, VT::Vector, "histogram_sum(v instant-vector) -> instant-vector",
     "Sum of observations of each native histogram sample."},
    {"holt_winters", MatrixScalarScalarArgs, 0, VT::Vector,
     "holt_winters(v range-vector, sf scalar, tf scalar) -> instant-vector",
     "Smoothed value by double exponential smoothing with smoothing factor sf and trend factor tf."},
    {"hour", VectorArgs, 1, VT::Vector, "hour([v instant-vector]) -> instant-vector",
     "Hour of the day (0-23) of each timestamp, UTC (default: evaluation time)."},
    {"idelta", MatrixArgs, 0, VT::Vector, "idelta(v range-vector) -> instant-vector",
     "Difference between the last two samples in the range (gauges)."},
    {"increase", MatrixArgs, 0, VT::Vector, "increase(v range-vector) -> instant-vector",
     "Increase of a counter over the range, corrected for resets and extrapolated."},
    {"irate", MatrixArgs, 0, VT::Vector, "irate(v range-vector) -> instant-vector",
     "Per-second rate from the last two samples in the range (counters); for fast-moving graphs."},
    {"label_join", VectorStringStringStringArgs, -1, VT::Vector,
     "label_join(v instant-vector, dst_label string, separator string, src_label string, ...) -> "
     "instant-vector",
     "Sets dst_label to the values of the src_labels joined with separator."},
    {"label_replace", VectorStringStringStringStringArgs, 0, VT::Vector,
     "label_replace(v instant-vector, dst_label string, replacement string, src_label string, regex string) "
     "-> instant-vector",
     "Sets dst_label to replacement when regex matches src_label (with $1, $2 from its groups)."},
    {"last_over_time", MatrixArgs, 0, VT::Vector, "last_over_time(v range-vector) -> instant-vector",
     "The most recent sample in the range, per series."},
    {"ln", VectorArgs, 0, VT::Vector, "ln(v instant-vector) -> instant-vector",
     "Natural logarithm of every sample."},
    {"log10", VectorArgs, 0, VT::Vector, "log10(v instant-vector) -> instant-vector",
     "Decimal logarithm of every sample."},
    {"log2", VectorArgs, 0, VT::Vector, "log2(v instant-vector) -> instant-vector",
     "Binary logarithm of every sample."},
    {"max_over_time", MatrixArgs, 0, VT::Vector, "max_over_time(v range-vector) -> instant-vector",
     "Largest sample in the range, per series."},
    {"min_over_time", MatrixArgs, 0, VT::Vector, "min_over_time(v range-vector) -> instant-vector",
     "Smallest sample in the range, per series."},
    {"minute", VectorArgs, 1, VT::Vector, "minute([v instant-vector]) -> instant-vector",
     "Minute of the hour (0-59) of each timestamp, UTC (default: evaluation time)."},
    {"month", VectorArgs, 1, VT::Vector, "month([v instant-vector]) -> instant-vector",
     "Month of the year (1-12) of each timestamp, UTC (default: evaluation time)."},
    {"pi", std::span<const ValueType>(), 0, VT::Scalar, "pi() -> scalar", "The number pi."},
    {"predict_linear", MatrixScalarArgs, 0, VT::Vector,
     "predict_linear(v range-vector, t scalar) -> instant-vector",
     "Value t seconds from now predicted by linear regression over the range (gauges)."},
    {"present_over_time", MatrixArgs, 0, VT::Vector, "present_over_time(v range-vector) -> instant-vector",
     "1 for every series with any sample in the range."},
    {"quantile_over_time", ScalarMatrixArgs, 0, VT::Vector,
     "quantile_over_time(phi scalar, v range-vector) -> instant-vector",
     "The phi-quantile (0 <= phi <= 1) of the samples in the range, per series."},
    {"rad", VectorArgs, 0, VT::Vector, "rad(v instant-vector) -> instant-vector",
     "Converts every sample from degrees to radians."},
    {"rate", MatrixArgs, 0, VT::Vector, "rate(v range-vector) -> instant-vector",
     "Per-second average rate of increase of a counter over the range, corrected for resets."},
    {"resets", MatrixArgs, 0, VT::Vector, "resets(v range-vector) -> instant-vector",
     "Number of counter resets within the range, per series."},
    {"round", VectorScalarArgs, 1, VT::Vector,
     "round(v instant-vector, [to_nearest scalar]) -> instant-vector",
     "Rounds every sample to the nearest integer, or to the nearest multiple of to_nearest."},
    {"scalar", VectorArgs, 0, VT::Scalar, "scalar(v instant-vector) -> scalar",
     "The value of a single-element vector as a scalar; NaN for any other size."},
    {"sgn", VectorArgs, 0, VT::Vector, "sgn(v instant-vector) -> instant-vector",
     "Sign of every sample: 1, -1 or 0."},
    {"sin", VectorArgs, 0, VT::Vector, "sin(v instant-vector) -> instant-vector",
     "Sine of every sample (radians)."},
    {"sinh", VectorArgs, 0, VT::Vector, "sinh(v instant-vector) -> instant-vector",
     "Hyperbolic sine of every sample."},
    {"sort", VectorArgs, 0, VT::Vector, "sort(v instant-vector) -> instant-vector",
     "Sorts the series by value, ascending (instant queries)."},
    {"sort_desc", VectorArgs, 0, VT::Vector, "sort_desc(v instant-vector) -> instant-vector",
     "Sorts the series by value, descending (instant queries)."},
    {"sqrt", VectorArgs, 0, VT::Vector, "sqrt(v instant-vector) -> instant-vector",
     "Square root of every sample."},
    {"stddev_over_time", MatrixArgs, 0, VT::Vector, "stddev_over_time(v range-vector) -> instant-vector",
     "Population standard deviation of the samples in the range, per series."},
    {"stdvar_over_time", MatrixArgs, 0, VT::Vector, "stdvar_over_time(v range-vector) -> instant-vector",
     "Population variance of the samples in the range, per series."},
    {"sum_over_time", MatrixArgs, 0, VT::Vector, "sum_over_time(v range-vector) -> instant-vector",
     "Sum of all samples in the range, per series."},
    {"tan", VectorArgs, 0, VT::Vector, "tan(v instant-vector) -> instant-vector",
     "Tangent of every sample (radians)."},
    {"tanh", VectorArgs, 0, VT::Vector, "tanh(v instant-vector) -> instant-vector",
     "Hyperbolic tangent of every sample."},
    {"time", std::span<const ValueType>(), 0, VT::Scalar, "time() -> scalar",
     "Seconds since the epoch at the evaluation time."},
    {"timestamp", VectorArgs, 0, VT::Vector, "timestamp(v instant-vector) -> instant-vector",
     "Timestamp of every sample, in seconds since the epoch."},
    {"vector", ScalarArgs, 0, VT::Vector, "vector(s scalar) -> instant-vector",
     "The scalar as a vector with one element and no labels."},
    {"year", VectorArgs, 1, VT::Vector, "year([v instant-vector]) -> instant-vector",
     "Year of each timestamp, UTC (default: evaluation time)."},
}};

} // namespace

QByteArrayView valueTypeName(ValueType type)
{
    switch (type) {
    case ValueType::None:
        return "none";
    case ValueType::Scalar:
        return "scalar";
    case ValueType::Vector:
        return "vector";
    case ValueType::Matrix:
        return "matrix";
    case ValueType::String:
        return "string";
    }
    return "none";
}

QByteArrayView documentedTypeName(ValueType type)
{
    switch (type) {
    case ValueType::Vector:
        return "instant vector";
    case ValueType::Matrix:
        return "range vector";
    default:
        return valueTypeName(type);
    }
}

const Function *findFunction(QByteArrayView name)
{
    const auto it =
        std::lower_bound(Functions.begin(), Functions.end(), name,
                         [](const Function &f, QByteArrayView n) { return QByteArrayView(f.name) < n; });
    return (it != Functions.end() && QByteArrayView(it->name) == name) ? &*it : nullptr;
}

std::span<const Function> functions()
{
    return Functions;
}

namespace {

constexpr std::array<Aggregation, 12> Aggregations{{
    {TokenType::Sum, "sum", "sum [by|without (labels)] (v instant-vector)", "Sum over dimensions."},
    {TokenType::Avg, "avg", "avg [by|without (labels)] (v instant-vector)", "Average over dimensions."},
    {TokenType::Min, "min", "min [by|without (labels)] (v instant-vector)",
     "Smallest value over dimensions."},
    {TokenType::Max, "max", "max [by|without (labels)] (v instant-vector)", "Largest value over dimensions."},
    {TokenType::Count, "count", "count [by|without (labels)] (v instant-vector)",
     "Number of series in each group."},
    {TokenType::Group, "group", "group [by|without (labels)] (v instant-vector)",
     "1 for every group: the label sets present."},
    {TokenType::Stddev, "stddev", "stddev [by|without (labels)] (v instant-vector)",
     "Population standard deviation over dimensions."},
    {TokenType::Stdvar, "stdvar", "stdvar [by|without (labels)] (v instant-vector)",
     "Population variance over dimensions."},
    {TokenType::Topk, "topk", "topk [by|without (labels)] (k scalar, v instant-vector)",
     "The k largest series of each group, by value."},
    {TokenType::Bottomk, "bottomk", "bottomk [by|without (labels)] (k scalar, v instant-vector)",
     "The k smallest series of each group, by value."},
    {TokenType::CountValues, "count_values",
     "count_values [by|without (labels)] (label string, v instant-vector)",
     "Number of series per distinct value, the value written into the given label."},
    {TokenType::Quantile, "quantile", "quantile [by|without (labels)] (phi scalar, v instant-vector)",
     "The phi-quantile (0 <= phi <= 1) over dimensions."},
}};

constexpr std::array<KeywordInfo, 12> Keywords{{
    {"by", "Aggregate keeping only these labels."},
    {"without", "Aggregate dropping these labels, keeping the others."},
    {"on", "Match the two sides of a binary operation on these labels only."},
    {"ignoring", "Match the two sides of a binary operation ignoring these labels."},
    {"group_left", "Many-to-one matching: several series on the left per series on the right."},
    {"group_right", "One-to-many matching: several series on the right per series on the left."},
    {"bool", "Comparison gives 0 or 1 instead of filtering."},
    {"offset", "Shift the selector or subquery back in time by a duration."},
    {"and", "Intersection: left-hand series that have a match on the right."},
    {"or", "Union: all left-hand series and the right-hand ones without a match on the left."},
    {"unless", "Complement: left-hand series that have no match on the right."},
    {"atan2", "Arctangent of left / right, per matched pair (radians)."},
}};

} // namespace

std::span<const Aggregation> aggregations()
{
    return Aggregations;
}

const Aggregation *findAggregation(TokenType type)
{
    for (const Aggregation &a : Aggregations)
        if (a.type == type)
            return &a;
    return nullptr;
}

std::span<const KeywordInfo> keywords()
{
    return Keywords;
}

} // namespace promdeck::promql
