// Data frames and Grafana's transformations against Grafana's documented behaviour: the examples
// of Grafana's "Transform data" documentation and the cases of its transformer tests
// (packages/grafana-data/src/transformations/transformers/*.test.ts), re-stated here as frames.
#include "frames/FieldReducers.h"
#include "frames/PrometheusFrames.h"
#include "frames/Transformations.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <cmath>

using namespace promdeck;

namespace {

FrameValue cell(const QVariant &v)
{
    if (!v.isValid())
        return {};
    if (v.typeId() == QMetaType::QString)
        return v.toString();
    return v.toDouble();
}

Field field(const QString &name, FieldType type, const QVariantList &values, LabelSet labels = {})
{
    Field f{name, type, std::move(labels), {}, {}, {}};
    for (const QVariant &v : values)
        f.values.push_back(cell(v));
    return f;
}
Field timeField(const QVariantList &v)
{
    return field(QStringLiteral("Time"), FieldType::Time, v);
}
Field numbers(const QString &name, const QVariantList &v, LabelSet labels = {})
{
    return field(name, FieldType::Number, v, std::move(labels));
}
Field strings(const QString &name, const QVariantList &v)
{
    return field(name, FieldType::String, v);
}
DataFrame frame(std::vector<Field> fields, const QString &refId = {}, const QString &name = {})
{
    DataFrame f;
    f.fields = std::move(fields);
    f.refId = refId;
    f.name = name;
    return f;
}
LabelSet labels(std::vector<Label> l)
{
    return LabelSet::fromLabels(std::move(l));
}

// JSON written with single quotes, so that options read as they do in a dashboard file.
QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text).replace('\'', '"')).object();
}

QStringList columns(const DataFrame &f, const Frames &all)
{
    QStringList out;
    for (const Field &field : f.fields)
        out << fieldDisplayName(field, f, all);
    return out;
}
QStringList columns(const Frames &all, size_t i = 0)
{
    return columns(all.at(i), all);
}
// The rows of a frame as text, "null" for nothing: what a table shows, cell by cell.
QList<QStringList> rows(const DataFrame &f)
{
    QList<QStringList> out;
    for (qsizetype r = 0; r < f.rowCount(); ++r) {
        QStringList row;
        for (const Field &field : f.fields) {
            const FrameValue &v = field.values[static_cast<size_t>(r)];
            row << (isNull(v) ? QStringLiteral("null") : asText(v));
        }
        out << row;
    }
    return out;
}
QStringList row(std::initializer_list<const char *> cells)
{
    QStringList out;
    for (const char *c : cells)
        out << QString::fromUtf8(c);
    return out;
}

std::shared_ptr<QueryResult> vector(std::vector<std::pair<LabelSet, double>> samples, std::int64_t t = 1000)
{
    auto r = std::make_shared<QueryResult>();
    r->type = ResultType::Vector;
    for (auto &[l, v] : samples)
        r->series.push_back(Series{l, {t}, {v}});
    return r;
}

} // namespace

class TestTransformations : public QObject
{
    Q_OBJECT
private slots:
    // Grafana's transformDFToTable: Time, the labels sorted, then Value; "Value #A" only when
    // several queries are tables; a label a series lacks is an empty string.
    void prometheusTableFrames()
    {
        const auto a = vector({{labels({{QStringLiteral("pod"), QStringLiteral("api-1")},
                                        {QStringLiteral("namespace"), QStringLiteral("web")}}),
                                1.5},
                               {labels({{QStringLiteral("pod"), QStringLiteral("db-0")},
                                        {QStringLiteral("__name__"), QStringLiteral("up")}}),
                                2}});
        Frames one = framesFromAnswers({{QStringLiteral("A"), TargetFormat::Table, a, {}}});
        QCOMPARE(one.size(), size_t(1));
        QCOMPARE(columns(one),
                 (QStringList{QStringLiteral("Time"), QStringLiteral("__name__"), QStringLiteral("namespace"),
                              QStringLiteral("pod"), QStringLiteral("Value")}));
        QCOMPARE(rows(one[0]), (QList<QStringList>{row({"1000", "", "web", "api-1", "1.5"}),
                                                   row({"1000", "up", "", "db-0", "2"})}));
        QCOMPARE(one[0].refId, QStringLiteral("A"));

        const auto b = vector({{labels({{QStringLiteral("pod"), QStringLiteral("api-1")}}), 7}});
        Frames two =
            framesFromAnswers({{QStringLiteral("A"), TargetFormat::Table, a, {}},
                               {QStringLiteral("B"), TargetFormat::Table, b, {}},
                               {QStringLiteral("C"), TargetFormat::TimeSeries, b, {QStringLiteral("x")}}});
        QCOMPARE(two.size(), size_t(3));
        QCOMPARE(columns(two, 0).last(), QStringLiteral("Value #A"));
        QCOMPARE(columns(two, 1),
                 (QStringList{QStringLiteral("Time"), QStringLiteral("pod"), QStringLiteral("Value #B")}));
        // A time-series target keeps its frame per series, named by its legend.
        QCOMPARE(columns(two, 2), (QStringList{QStringLiteral("Time"), QStringLiteral("x")}));
    }

    void labelColumnsSortLikeLocaleCompare()
    {
        const auto r = vector({{labels({{QStringLiteral("Zone"), QStringLiteral("1")},
                                        {QStringLiteral("alpha"), QStringLiteral("2")},
                                        {QStringLiteral("_hidden"), QStringLiteral("3")},
                                        {QStringLiteral("beta"), QStringLiteral("4")}}),
                                1}});
        const Frames f = framesFromAnswers({{QStringLiteral("A"), TargetFormat::Table, r, {}}});
        QCOMPARE(columns(f),
                 (QStringList{QStringLiteral("Time"), QStringLiteral("_hidden"), QStringLiteral("alpha"),
                              QStringLiteral("beta"), QStringLiteral("Zone"), QStringLiteral("Value")}));
    }

    // Grafana's transformToHistogramOverTime: buckets sorted by le, each minus the one below.
    void heatmapBucketsDeaccumulated()
    {
        auto r = std::make_shared<QueryResult>();
        auto bucket = [](const char *le, std::vector<double> v) {
            return Series{
                labels({{QStringLiteral("le"), QString::fromLatin1(le)}}), {1000, 2000, 3000}, std::move(v)};
        };
        // Written out of order, as a server may answer them.
        r->series = {bucket("+Inf", {30, 10, 40}), bucket("10", {10, 10, 0}), bucket("20", {20, 10, 30})};
        const std::vector<HistogramBucket> b = deaccumulatedBuckets(*r);
        QCOMPARE(b.size(), size_t(3));
        QCOMPARE(b[0].le, QStringLiteral("10"));
        QCOMPARE(b[0].counts, (std::vector<double>{10, 10, 0}));
        QCOMPARE(b[1].counts, (std::vector<double>{10, 0, 30}));
        QCOMPARE(b[2].counts, (std::vector<double>{10, 0, 10}));
        QVERIFY(std::isinf(b[2].upperBound));
        const Frames frames = framesFromAnswers({{QStringLiteral("A"), TargetFormat::Heatmap, r, {}}});
        QCOMPARE(frames.size(), size_t(3));
        QCOMPARE(columns(frames, 1).last(), QStringLiteral("20"));
    }

    // Fields sharing a name are numbered: what kube-prometheus' organize steps refer to ("Time 3").
    void duplicateNamesAreNumbered()
    {
        const DataFrame f = frame({timeField({1}), timeField({1}), numbers(QStringLiteral("Value"), {1})});
        QCOMPARE(columns(f, {f}),
                 (QStringList{QStringLiteral("Time 1"), QStringLiteral("Time 2"), QStringLiteral("Value")}));
    }

    // The single-label rule: every labelled field has the same one label, so its value names it.
    void displayNamesFromLabels()
    {
        const Frames frames{
            frame({timeField({1}), numbers(QStringLiteral("Value"), {1},
                                           labels({{QStringLiteral("job"), QStringLiteral("api")}}))}),
            frame({timeField({1}), numbers(QStringLiteral("Value"), {1},
                                           labels({{QStringLiteral("job"), QStringLiteral("db")}}))})};
        QCOMPARE(columns(frames, 1).last(), QStringLiteral("db"));
        const Frames mixed{frame({numbers(QStringLiteral("cpu"), {1},
                                          labels({{QStringLiteral("a"), QStringLiteral("1")},
                                                  {QStringLiteral("b"), QStringLiteral("2")}}))})};
        QCOMPARE(columns(mixed).first(), QStringLiteral("cpu {a=\"1\", b=\"2\"}"));
    }

    // The kube-prometheus compute-resources table: instant table queries joined on a label, the
    // duplicated Time columns hidden, values renamed and ordered.
    void joinByFieldOuterThenOrganize()
    {
        const auto a = vector({{labels({{QStringLiteral("namespace"), QStringLiteral("web")}}), 3},
                               {labels({{QStringLiteral("namespace"), QStringLiteral("db")}}), 2}});
        const auto b = vector({{labels({{QStringLiteral("namespace"), QStringLiteral("db")}}), 0.5},
                               {labels({{QStringLiteral("namespace"), QStringLiteral("cache")}}), 0.25}});
        Frames frames = framesFromAnswers({{QStringLiteral("A"), TargetFormat::Table, a, {}},
                                           {QStringLiteral("B"), TargetFormat::Table, b, {}}});
        frames = applyTransformation(frames, QStringLiteral("joinByField"),
                                     json("{'byField': 'namespace', 'mode': 'outer'}"));
        QCOMPARE(frames.size(), size_t(1));
        QCOMPARE(columns(frames), (QStringList{QStringLiteral("namespace"), QStringLiteral("Time 1"),
                                               QStringLiteral("Value #A"), QStringLiteral("Time 2"),
                                               QStringLiteral("Value #B")}));
        // Text join values in the order first seen; a missing side is null.
        QCOMPARE(rows(frames[0]), (QList<QStringList>{row({"web", "1000", "3", "null", "null"}),
                                                      row({"db", "1000", "2", "1000", "0.5"}),
                                                      row({"cache", "null", "null", "1000", "0.25"})}));
        frames = applyTransformation(
            frames, QStringLiteral("organize"),
            json("{"
                 "'excludeByName': {'Time': true, 'Time 1': true, 'Time 2': true},"
                 "'indexByName': {'Time 1': 0, 'Time 2': 1, 'namespace': 2, 'Value #B': 3, 'Value #A': 4},"
                 "'renameByName': {'Value #A': 'Pods', 'Value #B': 'CPU', 'namespace': 'Namespace'}}"));
        QCOMPARE(columns(frames),
                 (QStringList{QStringLiteral("Namespace"), QStringLiteral("CPU"), QStringLiteral("Pods")}));
        QCOMPARE(rows(frames[0]).at(2), row({"cache", "0.25", "null"}));
    }

    void joinByFieldNumbersSortAndInner()
    {
        const Frames frames{frame({timeField({3000, 1000}), numbers(QStringLiteral("a"), {3, 1})}),
                            frame({timeField({2000, 1000}), numbers(QStringLiteral("b"), {20, 10})})};
        const Frames outer = applyTransformation(frames, QStringLiteral("joinByField"), {});
        QCOMPARE(rows(outer[0]), (QList<QStringList>{row({"1000", "1", "10"}), row({"2000", "null", "20"}),
                                                     row({"3000", "3", "null"})}));
        const Frames inner = applyTransformation(frames, QStringLiteral("joinByField"),
                                                 json("{'byField': 'Time', 'mode': 'inner'}"));
        QCOMPARE(rows(inner[0]), (QList<QStringList>{row({"1000", "1", "10"})}));
        // A frame without the join field is left out.
        Frames withStray = frames;
        withStray.push_back(frame({strings(QStringLiteral("x"), {QStringLiteral("y")})}));
        QCOMPARE(columns(applyTransformation(withStray, QStringLiteral("joinByField"), {})).size(), 3);
    }

    void organizeKeepsUnindexedInOrder()
    {
        const Frames frames{frame({numbers(QStringLiteral("a"), {1}), numbers(QStringLiteral("b"), {2}),
                                   numbers(QStringLiteral("c"), {3}), numbers(QStringLiteral("d"), {4})})};
        const Frames out =
            applyTransformation(frames, QStringLiteral("organize"),
                                json("{'indexByName': {'c': 0, 'a': 1}, 'excludeByName': {'b': true}}"));
        QCOMPARE(columns(out), (QStringList{QStringLiteral("c"), QStringLiteral("a"), QStringLiteral("d")}));
    }

    // Grafana's merge documentation: two tables with Time and Job in common become one, rows with
    // the same key joined when no value disagrees.
    void mergeTables()
    {
        const Frames frames{
            frame({timeField({1000, 1000}),
                   strings(QStringLiteral("Job"), {QStringLiteral("node"), QStringLiteral("postgre")}),
                   numbers(QStringLiteral("Uptime"), {25260122, 123001233})}),
            frame({timeField({1000, 1000}),
                   strings(QStringLiteral("Job"), {QStringLiteral("node"), QStringLiteral("postgre")}),
                   numbers(QStringLiteral("Errors"), {15, 5})}),
            frame({timeField({2000}), strings(QStringLiteral("Job"), {QStringLiteral("node")}),
                   numbers(QStringLiteral("Errors"), {4})})};
        const Frames out = applyTransformation(frames, QStringLiteral("merge"), {});
        QCOMPARE(out.size(), size_t(1));
        QCOMPARE(columns(out), (QStringList{QStringLiteral("Time"), QStringLiteral("Job"),
                                            QStringLiteral("Uptime"), QStringLiteral("Errors")}));
        QCOMPARE(rows(out[0]), (QList<QStringList>{row({"1000", "node", "25260122", "15"}),
                                                   row({"1000", "postgre", "123001233", "5"}),
                                                   row({"2000", "node", "null", "4"})}));
    }

    // Grafana's documentation: series become Time, Metric, Value, newest first.
    void seriesToRows()
    {
        const Frames frames{
            frame({timeField({1000, 3000}), numbers(QStringLiteral("Temperature"), {10, 12})}),
            frame({timeField({2000}), numbers(QStringLiteral("Humidity"), {50})})};
        const Frames out = applyTransformation(frames, QStringLiteral("seriesToRows"), {});
        QCOMPARE(columns(out),
                 (QStringList{QStringLiteral("Time"), QStringLiteral("Metric"), QStringLiteral("Value")}));
        QCOMPARE(rows(out[0]),
                 (QList<QStringList>{row({"3000", "Temperature", "12"}), row({"2000", "Humidity", "50"}),
                                     row({"1000", "Temperature", "10"})}));
    }

    void sortBy()
    {
        const Frames frames{frame(
            {strings(QStringLiteral("pod"), {QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c")}),
             numbers(QStringLiteral("cpu"), {2, QVariant(), 5})})};
        const Frames desc = applyTransformation(frames, QStringLiteral("sortBy"),
                                                json("{'sort': [{'field': 'cpu', 'desc': true}]}"));
        QCOMPARE(rows(desc[0]), (QList<QStringList>{row({"c", "5"}), row({"b", "2"}), row({"a", "null"})}));
        const Frames asc =
            applyTransformation(frames, QStringLiteral("sortBy"), json("{'sort': [{'field': 'pod'}]}"));
        QCOMPARE(rows(asc[0]).first(), row({"a", "null"}));
    }

    // Grafana's calculateField documentation: a row's total, a binary operation, an alias, the
    // fields replaced.
    void calculateField()
    {
        const Frames frames{frame({timeField({1000, 2000}), numbers(QStringLiteral("a"), {1, 3}),
                                   numbers(QStringLiteral("b"), {10, QVariant()})})};
        const Frames total = applyTransformation(frames, QStringLiteral("calculateField"),
                                                 json("{'mode': 'reduceRow', 'reduce': {'reducer': 'sum'}}"));
        QCOMPARE(columns(total).last(), QStringLiteral("Total"));
        QCOMPARE(rows(total[0]),
                 (QList<QStringList>{row({"1000", "1", "10", "11"}), row({"2000", "3", "null", "3"})}));
        const Frames mean =
            applyTransformation(frames, QStringLiteral("calculateField"),
                                json("{'mode': 'reduceRow', 'reduce': {'reducer': 'max', 'include': ['a']}, "
                                     "'alias': 'peak', 'replaceFields': true}"));
        QCOMPARE(columns(mean), (QStringList{QStringLiteral("Time"), QStringLiteral("peak")}));
        const Frames ratio = applyTransformation(
            frames, QStringLiteral("calculateField"),
            json("{'mode': 'binary', 'binary': {'left': 'b', 'operator': '/', 'right': 'a'}}"));
        QCOMPARE(columns(ratio).last(), QStringLiteral("b / a"));
        QCOMPARE(rows(ratio[0]).at(0).last(), QStringLiteral("10"));
        QCOMPARE(rows(ratio[0]).at(1).last(), QStringLiteral("null"));
        const Frames scaled =
            applyTransformation(frames, QStringLiteral("calculateField"),
                                json("{'mode': 'binary', 'binary': {'left': {'matcher': {'id': 'byName', "
                                     "'options': 'a'}}, 'operator': '*', 'right': {'fixed': '100'}}}"));
        QCOMPARE(columns(scaled).last(), QStringLiteral("a * 100"));
        QCOMPARE(rows(scaled[0]).at(1).last(), QStringLiteral("300"));
    }

    // Grafana's partitionByValues documentation: one frame per value, the field removed, its value
    // as a label.
    void partitionByValues()
    {
        const Frames frames{
            frame({timeField({1, 2, 3}),
                   strings(QStringLiteral("Region"),
                           {QStringLiteral("US"), QStringLiteral("EU"), QStringLiteral("US")}),
                   numbers(QStringLiteral("Value"), {1, 2, 3})})};
        const Frames out =
            applyTransformation(frames, QStringLiteral("partitionByValues"), json("{'fields': ['Region']}"));
        QCOMPARE(out.size(), size_t(2));
        QCOMPARE(rows(out[0]), (QList<QStringList>{row({"1", "1"}), row({"3", "3"})}));
        QCOMPARE(out[1].fields[1].labels.value(u"Region"), QStringLiteral("EU"));
        QCOMPARE(columns(out, 1).last(), QStringLiteral("EU"));
        const Frames named =
            applyTransformation(frames, QStringLiteral("partitionByValues"),
                                json("{'fields': ['Region'], 'naming': {'asLabels': false}}"));
        QCOMPARE(named[0].name, QStringLiteral("US"));
    }

    // Grafana's groupBy documentation: server states grouped, "Value (mean)" etc.
    void groupBy()
    {
        const Frames frames{frame(
            {strings(QStringLiteral("Server ID"), {QStringLiteral("server 1"), QStringLiteral("server 2"),
                                                   QStringLiteral("server 1"), QStringLiteral("server 3")}),
             numbers(QStringLiteral("CPU"), {80, 88, 90, 55}),
             strings(QStringLiteral("State"), {QStringLiteral("Shutdown"), QStringLiteral("OK"),
                                               QStringLiteral("OK"), QStringLiteral("Overload")})})};
        const Frames out = applyTransformation(
            frames, QStringLiteral("groupBy"),
            json("{'fields': {"
                 "'Server ID': {'operation': 'groupby'},"
                 "'CPU': {'operation': 'aggregate', 'aggregations': ['mean', 'max']},"
                 "'State': {'operation': 'aggregate', 'aggregations': ['lastNotNull']}}}"));
        QCOMPARE(columns(out),
                 (QStringList{QStringLiteral("Server ID"), QStringLiteral("CPU (mean)"),
                              QStringLiteral("CPU (max)"), QStringLiteral("State (lastNotNull)")}));
        QCOMPARE(rows(out[0]),
                 (QList<QStringList>{row({"server 1", "85", "90", "OK"}), row({"server 2", "88", "88", "OK"}),
                                     row({"server 3", "55", "55", "Overload"})}));
    }

    void filterFieldsByName()
    {
        const Frames frames{
            frame({timeField({1}), numbers(QStringLiteral("cpu_user"), {1}),
                   numbers(QStringLiteral("cpu_system"), {2}), numbers(QStringLiteral("mem"), {3})})};
        QCOMPARE(columns(applyTransformation(frames, QStringLiteral("filterFieldsByName"),
                                             json("{'include': {'names': ['Time', 'mem']}}"))),
                 (QStringList{QStringLiteral("Time"), QStringLiteral("mem")}));
        QCOMPARE(columns(applyTransformation(frames, QStringLiteral("filterFieldsByName"),
                                             json("{'include': {'pattern': '/CPU_.*/i'}}"))),
                 (QStringList{QStringLiteral("cpu_user"), QStringLiteral("cpu_system")}));
        QCOMPARE(columns(applyTransformation(frames, QStringLiteral("filterFieldsByName"),
                                             json("{'exclude': {'pattern': 'cpu'}}"))),
                 (QStringList{QStringLiteral("Time"), QStringLiteral("mem")}));
    }

    void filterByValue_data()
    {
        QTest::addColumn<QString>("options");
        QTest::addColumn<QStringList>("kept");
        QTest::newRow("include greater")
            << QStringLiteral("{'type': 'include', 'match': 'any', 'filters': [{'fieldName': 'v', 'config': "
                              "{'id': 'greater', 'options': {'value': 2}}}]}")
            << QStringList{QStringLiteral("c")};
        QTest::newRow("exclude null")
            << QStringLiteral("{'type': 'exclude', 'filters': [{'fieldName': 'v', 'config': {'id': 'isNull', "
                              "'options': {}}}]}")
            << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
        QTest::newRow("between is open")
            << QStringLiteral("{'type': 'include', 'filters': [{'fieldName': 'v', 'config': {'id': "
                              "'between', 'options': {'from': 1, 'to': 3}}}]}")
            << QStringList{QStringLiteral("b")};
        QTest::newRow("regex on text")
            << QStringLiteral("{'type': 'include', 'filters': [{'fieldName': 'k', 'config': {'id': 'regex', "
                              "'options': {'value': '^[ab]$'}}}]}")
            << QStringList{QStringLiteral("a"), QStringLiteral("b")};
        QTest::newRow("all of two")
            << QStringLiteral("{'type': 'include', 'match': 'all', 'filters': [{'fieldName': 'v', 'config': "
                              "{'id': 'greaterOrEqual', 'options': {'value': 2}}}, {'fieldName': 'k', "
                              "'config': {'id': 'notEqual', 'options': {'value': 'c'}}}]}")
            << QStringList{QStringLiteral("b")};
        QTest::newRow("equal as JavaScript ==")
            << QStringLiteral("{'type': 'include', 'filters': [{'fieldName': 'v', 'config': {'id': 'equal', "
                              "'options': {'value': '3'}}}]}")
            << QStringList{QStringLiteral("c")};
    }
    void filterByValue()
    {
        QFETCH(QString, options);
        QFETCH(QStringList, kept);
        const Frames frames{frame({strings(QStringLiteral("k"), {QStringLiteral("a"), QStringLiteral("b"),
                                                                 QStringLiteral("c"), QStringLiteral("d")}),
                                   numbers(QStringLiteral("v"), {1, 2, 3, QVariant()})})};
        const Frames out =
            applyTransformation(frames, QStringLiteral("filterByValue"), json(options.toUtf8().constData()));
        QStringList keys;
        for (const QStringList &r : rows(out[0]))
            keys << r.first();
        QCOMPARE(keys, kept);
    }

    // Grafana's reduce documentation: a row per series, "Field", then the reducers by their names.
    void reduceSeriesToRows()
    {
        const Frames frames{
            frame({timeField({1, 2, 3}), numbers(QStringLiteral("Temp"), {12.3, 15, 11})}),
            frame({timeField({1, 2}), numbers(QStringLiteral("Humidity"), {48, QVariant()})})};
        const Frames out = applyTransformation(frames, QStringLiteral("reduce"),
                                               json("{'reducers': ['max', 'mean', 'lastNotNull', 'last']}"));
        QCOMPARE(columns(out),
                 (QStringList{QStringLiteral("Field"), QStringLiteral("Max"), QStringLiteral("Mean"),
                              QStringLiteral("Last *"), QStringLiteral("Last")}));
        QCOMPARE(rows(out[0]), (QList<QStringList>{row({"Temp", "15", "12.766666666666666", "11", "11"}),
                                                   row({"Humidity", "48", "48", "48", "null"})}));
        const Frames fields = applyTransformation(frames, QStringLiteral("reduce"),
                                                  json("{'reducers': ['sum'], 'mode': 'reduceFields'}"));
        QCOMPARE(fields.size(), size_t(2));
        QCOMPARE(rows(fields[0]), (QList<QStringList>{row({"38.3"})}));
    }

    void reduceWithLabelsToFields()
    {
        const Frames frames{
            frame({timeField({1}), numbers(QStringLiteral("Value"), {5},
                                           labels({{QStringLiteral("job"), QStringLiteral("api")}}))})};
        const Frames out = applyTransformation(frames, QStringLiteral("reduce"),
                                               json("{'reducers': ['lastNotNull'], 'labelsToFields': true}"));
        QCOMPARE(columns(out),
                 (QStringList{QStringLiteral("Field"), QStringLiteral("job"), QStringLiteral("Last *")}));
        QCOMPARE(rows(out[0]), (QList<QStringList>{row({"Value", "api", "5"})}));
    }

    // Grafana's labelsToFields documentation: labels become columns after the frame's own fields;
    // `valueLabel` names the value column instead.
    void labelsToFields()
    {
        const Frames frames{frame(
            {timeField({1, 2}), numbers(QStringLiteral("Value"), {10, 20},
                                        labels({{QStringLiteral("Server"), QStringLiteral("Server A")},
                                                {QStringLiteral("Datacenter"), QStringLiteral("EU")}}))})};
        const Frames out = applyTransformation(frames, QStringLiteral("labelsToFields"), {});
        QCOMPARE(columns(out), (QStringList{QStringLiteral("Time"), QStringLiteral("Value"),
                                            QStringLiteral("Datacenter"), QStringLiteral("Server")}));
        QCOMPARE(rows(out[0]).at(1), row({"2", "20", "EU", "Server A"}));
        const Frames named =
            applyTransformation(frames, QStringLiteral("labelsToFields"), json("{'valueLabel': 'Server'}"));
        QCOMPARE(columns(named), (QStringList{QStringLiteral("Time"), QStringLiteral("Server A"),
                                              QStringLiteral("Datacenter")}));
        const Frames asRows =
            applyTransformation(frames, QStringLiteral("labelsToFields"), json("{'mode': 'rows'}"));
        QCOMPARE(rows(asRows[0]),
                 (QList<QStringList>{row({"Datacenter", "EU"}), row({"Server", "Server A"})}));
    }

    void renameByRegex()
    {
        const Frames frames{frame({timeField({1}), numbers(QStringLiteral("http_requests_total"), {1}),
                                   numbers(QStringLiteral("other"), {2})})};
        const Frames out =
            applyTransformation(frames, QStringLiteral("renameByRegex"),
                                json("{'regex': 'http_(.*)_total', 'renamePattern': '$1 ($&)'}"));
        QCOMPARE(columns(out),
                 (QStringList{QStringLiteral("Time"), QStringLiteral("requests (http_requests_total)"),
                              QStringLiteral("other")}));
    }

    void unknownAndDisabledSteps()
    {
        const Frames frames{frame({numbers(QStringLiteral("a"), {2, 1})})};
        std::vector<Transformation> steps{
            {QStringLiteral("sortBy"), true, json("{'sort': [{'field': 'a'}]}"), 1, 1},
            {QStringLiteral("prepareTimeSeries"), false, {}, 2, 1}};
        const TransformResult r = applyTransformations(frames, steps);
        QCOMPARE(rows(r.frames[0]).first(), row({"2"})); // the disabled sort did nothing
        QCOMPARE(r.skipped, QStringList{QStringLiteral(
                                "transformation \"prepareTimeSeries\" is not supported; skipped")});
        QVERIFY(isSupportedTransformation(u"seriesToColumns"));
    }

    void reducers_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        // Over 3, 1 (a counter reset), 1, 4, null; Grafana's doStandardCalcs and calculateChangeCount.
        const char *const cases[][4] = {
            {"lastNotNull", "lastNotNull", "Last *", "4"},
            {"last is the null", "last", "Last", "null"},
            {"count counts nulls", "count", "Count", "5"},
            {"sum", "sum", "Total", "9"},
            {"mean of the numbers", "mean", "Mean", "2.25"},
            {"delta restarts after a reset", "delta", "Delta", "4"},
            {"range", "range", "Range", "3"},
            {"diff", "diff", "Difference", "1"},
            {"changeCount, the null a change", "changeCount", "Change count", "3"},
            {"distinctCount", "distinctCount", "Distinct count", "3"},
            {"legacy avg", "avg", "Mean", "2.25"},
        };
        for (const auto &c : cases)
            QTest::newRow(c[0]) << QString::fromLatin1(c[1]) << QString::fromLatin1(c[2])
                                << QString::fromLatin1(c[3]);
    }
    void reducers()
    {
        QFETCH(QString, id);
        QFETCH(QString, name);
        QFETCH(QString, value);
        // 3, 1 (a counter reset), 1, 4, null
        const std::vector<FrameValue> values{3.0, 1.0, 1.0, 4.0, FrameValue()};
        QVERIFY(isKnownFieldReducer(id));
        QCOMPARE(fieldReducerName(id), name);
        const FrameValue v = reduceValues(values, id);
        QCOMPARE(isNull(v) ? QStringLiteral("null") : asText(v), value);
    }
};

QTEST_GUILESS_MAIN(TestTransformations)
#include "tst_transformations.moc"
