// Grafana's field configuration: what a panel says about how each of its fields (a series, a table
// column) is shown, as `fieldConfig.defaults` plus `overrides` whose matchers pick fields by name,
// regex, query, type or value. resolveFieldConfig() gives one field its resolved configuration;
// every panel kind (time series, stat, table, gauge) resolves through it.
#pragma once

#include "series/LabelSet.h"
#include "series/Reducers.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QRegularExpression>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace promdeck {

struct Threshold
{
    std::optional<double> value; // nullopt: the base step (Grafana writes null or -Infinity)
    QString color;               // Grafana's colour name or CSS colour (resolved by colorToRgb)
    friend bool operator==(const Threshold &, const Threshold &) = default;
};

// A value mapping (`mappings[]`): a value, a range, a regex or a special value shown as text and/or
// colour (1 as "UP" in green). Applied in order; the first that matches wins.
struct ValueMapping
{
    enum class Kind
    {
        Value,   // the value written as `key` (as JavaScript writes the number: 1, 0.5, "up")
        Range,   // within [from, to]; a missing end is open
        Regex,   // a text value matching `pattern`; the text may use its groups ($1)
        Special, // null, NaN, null+NaN, true, false, empty
    };
    enum class Special
    {
        Null,
        NaN,
        NullAndNaN,
        True,
        False,
        Empty,
    };
    Kind kind = Kind::Value;
    QString key;
    std::optional<double> from;
    std::optional<double> to;
    QRegularExpression pattern;
    Special special = Special::Null;
    QString text;  // empty: keep the formatted value
    QString color; // empty: keep the colour from the colour mode
    friend bool operator==(const ValueMapping &a, const ValueMapping &b)
    {
        return a.kind == b.kind && a.key == b.key && a.from == b.from && a.to == b.to &&
               a.pattern.pattern() == b.pattern.pattern() && a.special == b.special && a.text == b.text &&
               a.color == b.color;
    }
};

// The colour scheme (`color`): fixed, shades of one colour, the classic palette by series index or by
// name, by thresholds, or a continuous scheme (continuous-GrYlRd, ...) by the value's place in min..max.
struct FieldColor
{
    QString mode = QStringLiteral("thresholds"); // Grafana's id: fixed, shades, palette-classic, ...
    QString fixedColor;
    Reducer seriesBy = Reducer::Last; // which value colours a whole series in by-value modes
    friend bool operator==(const FieldColor &, const FieldColor &) = default;
};

// A data link (`links[]` of a field, or of a panel): a title and a URL template.
struct DataLink
{
    QString title;
    QString url;
    bool targetBlank = false;
    friend bool operator==(const DataLink &, const DataLink &) = default;
};

// The time-series panel's own properties (`custom.*`), with Grafana's defaults.
struct GraphFieldConfig
{
    enum class DrawStyle
    {
        Line,
        Bars,
        Points
    };
    enum class Interpolation
    {
        Linear,
        Smooth,
        StepBefore,
        StepAfter
    };
    enum class LineFill
    {
        Solid,
        Dash,
        Dots
    };
    enum class Gradient
    {
        None,
        Opacity,
        Hue,
        Scheme
    };
    enum class Points
    {
        Auto,
        Always,
        Never
    };
    enum class Axis
    {
        Auto,
        Left,
        Right,
        Hidden
    };
    enum class Stacking
    {
        None,
        Normal,
        Percent
    };
    enum class Transform
    {
        None,
        NegativeY,
        Constant
    };
    enum class ThresholdsStyle
    {
        Off,
        Line,
        Area,
        LineAndArea,
        Dashed,
        DashedAndArea,
        Series
    };
    DrawStyle drawStyle = DrawStyle::Line;
    Interpolation lineInterpolation = Interpolation::Linear;
    double lineWidth = 1;
    LineFill lineStyle = LineFill::Solid;
    std::vector<double> dash; // dash and gap lengths in pixels (empty: the style's default)
    double fillOpacity = 0;   // 0..100
    Gradient gradientMode = Gradient::None;
    Points showPoints = Points::Auto;
    double pointSize = 5;
    bool spanNulls = false;            // connect across every gap
    std::optional<double> spanNullsMs; // connect across gaps up to this long
    bool nullAsZero = false;           // legacy graph `nullPointMode: "null as zero"`
    Stacking stacking = Stacking::None;
    QString stackGroup = QStringLiteral("A");
    Axis axisPlacement = Axis::Auto;
    QString axisLabel;
    std::optional<double> axisSoftMin;
    std::optional<double> axisSoftMax;
    bool axisCenteredZero = false;
    int logBase = 0; // 0: linear; 2 or 10: logarithmic
    Transform transform = Transform::None;
    ThresholdsStyle thresholdsStyle = ThresholdsStyle::Off;
    bool hideFromLegend = false;
    bool hideFromTooltip = false;
    bool hideFromViz = false;
    QString fillBelowTo; // legacy graph: fill between this series and the one named
    int zIndex = 0;      // legacy graph: drawing order (higher on top)
    friend bool operator==(const GraphFieldConfig &, const GraphFieldConfig &) = default;
};

// One field's configuration, resolved: the defaults with every matching override applied.
struct FieldConfig
{
    QString unit;
    std::optional<int> decimals;
    std::optional<double> min;
    std::optional<double> max;
    QString displayName; // may hold ${__field.labels.x}, ${__series.name}, variables
    QString noValue;     // shown when there is no value
    FieldColor color;
    // Thresholds as written: ascending, the first is the base. Empty when the panel writes none;
    // Grafana then uses its default (green, red from 80): see thresholdSteps().
    std::vector<Threshold> thresholds;
    bool percentageThresholds = false;
    std::vector<ValueMapping> mappings;
    std::vector<DataLink> links;
    GraphFieldConfig custom;
    // Every `custom.*` property as written (a table's `custom.width`, `custom.align`, ...), for the
    // panel kinds that read their own.
    QJsonObject customRaw;

    // The threshold steps in effect: the written ones, or Grafana's default.
    std::vector<Threshold> thresholdSteps() const;
    // The step a value falls into (the last whose value is <= v); percentage steps are placed in
    // [rangeMin, rangeMax]. Never null: the base step at least.
    Threshold activeThreshold(double v, double rangeMin = 0, double rangeMax = 100) const;
    // Compatibility with absolute thresholds as written: the step or nullptr when none is written.
    const Threshold *thresholdFor(double v) const;
    // The first mapping that matches a number (nullopt: no value at all) or a text.
    const ValueMapping *mappingFor(std::optional<double> v) const;
    const ValueMapping *mappingFor(QStringView text) const;

    friend bool operator==(const FieldConfig &a, const FieldConfig &b) = default;
};

// What a matcher sees of a field.
enum class FieldType
{
    Number,
    String,
    Time,
    Boolean,
    Other
};
struct FieldInfo
{
    QString name;  // the name from the data: the legend (legendFormat), or a table column's name
    QString refId; // the query it came from
    LabelSet labels;
    FieldType type = FieldType::Number;
    std::span<const double> values; // numeric values (byValue matchers, colour by value)
    int index = 0;                  // among the panel's non-time fields, for the classic palette
};

// An override's matcher (`overrides[].matcher`).
struct FieldMatcher
{
    enum class Kind
    {
        ByName,
        ByRegexp,
        ByFrameRefId,
        ByType,
        ByValue,
        ByNames,
        ByRegexpOrNames,
        Unknown, // matches nothing (validate names it)
    };
    enum class Comparison
    {
        Equal,
        NotEqual,
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual
    };
    Kind kind = Kind::Unknown;
    QString id;     // as written
    QString option; // ByName: the name; ByRegexp: the pattern; ByFrameRefId: the refId; ByType: the type
    QRegularExpression regex;
    QStringList names;               // ByNames, ByRegexpOrNames
    bool excludeNames = false;       // ByNames with mode "exclude"
    Reducer reducer = Reducer::Mean; // ByValue
    Comparison comparison = Comparison::GreaterOrEqual;
    double value = 0;

    bool matches(const FieldInfo &field) const;
};

// One property an override (or a legacy migration) sets: Grafana's id (`unit`, `color`,
// `custom.lineWidth`, ...) and the value as written.
struct FieldProperty
{
    QString id;
    QJsonValue value;
    qsizetype offset = -1; // where it is written in the file, for messages (-1: derived)
};

struct FieldOverride
{
    FieldMatcher matcher;
    std::vector<FieldProperty> properties;
    qsizetype offset = -1;
};

// Sets one property on a configuration. Returns an empty string, or why the value cannot be used
// (the configuration is then unchanged). Unknown ids are kept in nothing and reported as unknown.
QString applyFieldProperty(FieldConfig &config, const FieldProperty &property);
// Whether Grafana defines the property (standard ones, `custom.*` of any kind).
bool isKnownFieldProperty(QStringView id);

// Grafana's stringToJsRegex: `/pattern/flags`, or a bare pattern anchored at both ends.
QRegularExpression grafanaRegex(const QString &text);
// Parses a matcher (`{"id": "byName", "options": ...}`); the error is empty when it is usable.
FieldMatcher parseFieldMatcher(const QJsonObject &matcher, QString *error = nullptr);

// The defaults with every matching override applied, in order (later overrides win).
FieldConfig resolveFieldConfig(const FieldConfig &defaults, const std::vector<FieldOverride> &overrides,
                               const FieldInfo &field);

// The name to show for a field: `displayName` with ${__field.labels.x}, ${__field.labels},
// ${__field.name}, ${__series.name} written in, then the dashboard's variables (`interpolate`);
// without a displayName, the field's own name.
QString fieldDisplayName(const FieldConfig &config, const FieldInfo &field,
                         const std::function<QString(const QString &)> &interpolate = {});

// Grafana's default threshold steps for panels that write none.
const std::vector<Threshold> &defaultThresholdSteps();

} // namespace promdeck
