// The query-answer parser: every result type, special floats, formatting variants, malformed input,
// and an exact cross-check against QJsonDocument on generated answers.
#include "prometheus/ResponseParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>
#include <cmath>

using namespace promdeck;

class TestResponseParser : public QObject
{
    Q_OBJECT
private slots:
    void matrixWithSpecialFloats()
    {
        const QByteArray body = R"({"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"__name__":"up","job":"api","instance":"a:1"},"values":[[1700000000,"1"],[1700000015.5,"NaN"],[1700000030.125,"+Inf"],[1700000045.001,"-Inf"]]},
            {"metric":{"job":"api"},"values":[[1700000000,"0.25"],[1700000015,"-3.5e-7"]]}]}})";
        const QueryOutcome o = parseQueryResponse(body, 200);
        QVERIFY2(o.ok(), qPrintable(o.error.message()));
        QCOMPARE(o.result->type, ResultType::Matrix);
        QCOMPARE(o.result->series.size(), size_t(2));
        const Series &s = o.result->series[0];
        QCOMPARE(s.labels.metricName(), QStringLiteral("up"));
        QCOMPARE(s.labels.value(u"instance"), QStringLiteral("a:1"));
        QCOMPARE(s.timestampsMs,
                 (std::vector<std::int64_t>{1700000000000, 1700000015500, 1700000030125, 1700000045001}));
        QCOMPARE(s.values[0], 1.0);
        QVERIFY(std::isnan(s.values[1]));
        QVERIFY(std::isinf(s.values[2]) && s.values[2] > 0);
        QVERIFY(std::isinf(s.values[3]) && s.values[3] < 0);
        QCOMPARE(o.result->series[1].values[1], -3.5e-7);
        QCOMPARE(o.result->sampleCount(), 6);
    }

    void prettyPrintedAndReordered()
    {
        // Whitespace everywhere and `result` before `resultType`: the slow path must agree.
        const QByteArray body =
            "{\n  \"data\" : {\n    \"result\" : [ {\n      \"values\" : [ [ 1.7e9 , \"2\" ] ,\n"
            "        [ 1700000001.0005, \"3\" ] ],\n      \"metric\" : { \"a\" : \"b\" } } ],\n"
            "    \"resultType\" : \"matrix\" },\n  \"status\" : \"success\"\n}\n";
        const QueryOutcome o = parseQueryResponse(body, 200);
        QVERIFY2(o.ok(), qPrintable(o.error.message()));
        QCOMPARE(o.result->type, ResultType::Matrix);
        QCOMPARE(o.result->series[0].timestampsMs, (std::vector<std::int64_t>{1700000000000, 1700000001001}));
        QCOMPARE(o.result->series[0].values, (std::vector<double>{2, 3}));
        QCOMPARE(o.result->series[0].labels.value(u"a"), QStringLiteral("b"));
    }

    void vectorScalarString()
    {
        auto vec = parseQueryResponse(
            R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"x":"1"},"value":[1700000000.5,"42"]}]}})",
            200);
        QVERIFY(vec.ok());
        QCOMPARE(vec.result->type, ResultType::Vector);
        QCOMPARE(vec.result->series[0].values, std::vector<double>{42});
        QCOMPARE(vec.result->series[0].timestampsMs, std::vector<std::int64_t>{1700000000500});

        auto scalar = parseQueryResponse(
            R"({"status":"success","data":{"resultType":"scalar","result":[1700000000,"+Inf"]}})", 200);
        QVERIFY(scalar.ok());
        QCOMPARE(scalar.result->type, ResultType::Scalar);
        QVERIFY(std::isinf(scalar.result->series.at(0).values.at(0)));
        QVERIFY(scalar.result->series[0].labels.isEmpty());

        auto str = parseQueryResponse(
            R"({"status":"success","data":{"resultType":"string","result":[1700000000,"hello"]}})", 200);
        QVERIFY(str.ok());
        QCOMPARE(str.result->type, ResultType::String);
        QCOMPARE(str.result->stringValue, QStringLiteral("hello"));
    }

    void emptyResultsAndWarnings()
    {
        auto empty = parseQueryResponse(
            R"({"status":"success","data":{"resultType":"matrix","result":[]},"warnings":["partial data: store 3 down"],"infos":["i"]})",
            200);
        QVERIFY(empty.ok());
        QVERIFY(empty.result->isEmpty());
        QCOMPARE(empty.result->warnings, QStringList{QStringLiteral("partial data: store 3 down")});
        QCOMPARE(empty.result->infos, QStringList{QStringLiteral("i")});

        auto emptyValues = parseQueryResponse(
            R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[]}]}})",
            200);
        QVERIFY(emptyValues.ok());
        QCOMPARE(emptyValues.result->series.size(), size_t(1));
        QVERIFY(emptyValues.result->series[0].isEmpty());
    }

    void escapedLabelsAndNativeHistograms()
    {
        const QByteArray body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                                "{\"metric\":{\"path\":\"/"
                                "a\\\"b\\\\c\\u00e9\\ud83d\\ude00\",\"q\":\"x\\ny\"},\"value\":[1,\"1\"]},"
                                "{\"metric\":{\"h\":\"1\"},\"histogram\":[1,{\"count\":\"2\",\"sum\":\"3\","
                                "\"buckets\":[[1,\"0\",\"1\",\"2\"]]}]}]}}";
        auto o = parseQueryResponse(body, 200);
        QVERIFY2(o.ok(), qPrintable(o.error.message()));
        QCOMPARE(o.result->series[0].labels.value(u"path"),
                 QStringLiteral("/a\"b\\cé") + QString::fromUtf8("\xF0\x9F\x98\x80"));
        QCOMPARE(o.result->series[0].labels.value(u"q"), QStringLiteral("x\ny"));
        QVERIFY(o.result->series[1].isEmpty()); // tolerated, not drawn
    }

    void labelSetsAreInterned()
    {
        const QByteArray body =
            R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"b":"2","a":"1"},"value":[1,"1"]}]}})";
        auto a = parseQueryResponse(body, 200);
        auto b = parseQueryResponse(body, 200);
        QCOMPARE(a.result->series[0].labels.identity(), b.result->series[0].labels.identity());
        QCOMPARE(a.result->series[0].labels.labels().front().name, QStringLiteral("a")); // sorted
    }

    void serverErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad_data")
            << QByteArray("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter "
                          "\\\"query\\\": 1:5: parse error: unclosed left parenthesis\"}")
            << 400 << int(Error::Kind::BadData)
            << QStringLiteral("invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis");
        QTest::newRow("execution")
            << QByteArray(
                   R"({"status":"error","errorType":"execution","error":"expanding series: too many"})")
            << 422 << int(Error::Kind::Execution) << QStringLiteral("expanding series: too many");
        QTest::newRow("timeout")
            << QByteArray(
                   R"({"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"})")
            << 503 << int(Error::Kind::Timeout) << QStringLiteral("query timed out in expression evaluation");
        QTest::newRow("canceled")
            << QByteArray(R"({"status":"error","errorType":"canceled","error":"query was canceled"})") << 499
            << int(Error::Kind::Canceled) << QStringLiteral("query was canceled");
        QTest::newRow("internal") << QByteArray(R"({"status":"error","errorType":"internal","error":"boom"})")
                                  << 500 << int(Error::Kind::Internal) << QStringLiteral("boom");
        QTest::newRow("unavailable")
            << QByteArray(R"({"status":"error","errorType":"unavailable","error":"not ready"})") << 503
            << int(Error::Kind::Unavailable) << QStringLiteral("not ready");
        QTest::newRow("not_found")
            << QByteArray(R"({"status":"error","errorType":"not_found","error":"no such thing"})") << 404
            << int(Error::Kind::NotFound) << QStringLiteral("no such thing");
        QTest::newRow("502 html") << QByteArray(
                                         "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad "
                                         "Gateway</h1><hr>nginx</body></html>")
                                  << 502 << int(Error::Kind::HttpStatus)
                                  << QStringLiteral("HTTP 502 from http://x (not a Prometheus API answer; a "
                                                    "proxy or port-forward in between?): 502 Bad Gateway");
        QTest::newRow("504 text") << QByteArray("upstream request timeout\n") << 504
                                  << int(Error::Kind::HttpStatus)
                                  << QStringLiteral(
                                         "HTTP 504 from http://x (not a Prometheus API answer; a proxy or "
                                         "port-forward in between?): upstream request timeout");
        const QByteArray cut(
            R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[2,)");
        QTest::newRow("truncated")
            << cut << 200 << int(Error::Kind::MalformedResponse)
            << QStringLiteral("unreadable answer from http://x: the answer stops after %1 bytes, in the "
                              "middle of the JSON (cut by a proxy or a dropped connection?)")
                   .arg(cut.size());
        QTest::newRow("garbage value")
            << QByteArray(
                   R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"abc"]}]}})")
            << 200 << int(Error::Kind::MalformedResponse) << QString();
        QTest::newRow("empty body")
            << QByteArray() << 200 << int(Error::Kind::MalformedResponse)
            << QStringLiteral("unreadable answer from http://x: expected a JSON answer, got: empty body");
        QTest::newRow("no status")
            << QByteArray(R"({"data":{"result":[]}})") << 200 << int(Error::Kind::MalformedResponse)
            << QStringLiteral("unreadable answer from http://x: the answer has no \"status\": \"success\"");
        QTest::newRow("trailing junk") << QByteArray(R"({"status":"success","data":{"result":[]}} x)") << 200
                                       << int(Error::Kind::MalformedResponse) << QString();
        // A timestamp of 21 digits once overflowed the fast path's arithmetic (found by fuzz.query_answer).
        QTest::newRow("timestamp out of range")
            << QByteArray(R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},)"
                          R"("values":[[1294075544,"1"],[170000000700000015015.5,"0"]]}]}})")
            << 200 << int(Error::Kind::MalformedResponse) << QString();
        QTest::newRow("deep nesting") << QByteArray(R"({"status":"success","x":)") + QByteArray(5000, '[')
                                      << 200 << int(Error::Kind::MalformedResponse) << QString();
    }

    void serverErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(int, kind);
        QFETCH(QString, message);
        const QueryOutcome o = parseQueryResponse(body, status, QStringLiteral("http://x"));
        QVERIFY(!o.ok());
        QCOMPARE(int(o.error.kind), kind);
        if (!message.isEmpty())
            QCOMPARE(o.error.message(), message);
        QVERIFY(!o.error.message().isEmpty());
    }

    // Every prefix of a valid answer is refused cleanly (or, for the full length, accepted).
    void everyPrefixIsHandled()
    {
        const QByteArray body =
            R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1700000000.5,"1.5"],[1700000015,"NaN"]]}]},"warnings":["w"]})";
        for (qsizetype n = 0; n < body.size(); ++n)
            QVERIFY2(!parseQueryResponse(body.left(n), 200).ok(), qPrintable(QString::number(n)));
        QVERIFY(parseQueryResponse(body, 200).ok());
    }

    // Generated answers, parsed by Promdeck and by QJsonDocument: exactly the same numbers.
    void agreesWithQJsonDocument()
    {
        QRandomGenerator rng(1234);
        for (int round = 0; round < 20; ++round) {
            QJsonArray result;
            const int seriesCount = 1 + int(rng.bounded(8));
            for (int s = 0; s < seriesCount; ++s) {
                QJsonObject metric{{QStringLiteral("__name__"), QStringLiteral("m")},
                                   {QStringLiteral("i"), QString::number(s)}};
                QJsonArray values;
                double t = 1700000000 + rng.bounded(1000);
                for (int k = 0; k < 200; ++k) {
                    t += 0.001 * double(1 + rng.bounded(30000));
                    const double v = (rng.generateDouble() - 0.5) * std::pow(10.0, int(rng.bounded(20)) - 10);
                    const QString text = k % 50 == 7 ? QStringLiteral("NaN") : QString::number(v, 'g', 17);
                    values.append(QJsonArray{std::round(t * 1000) / 1000, text});
                }
                result.append(
                    QJsonObject{{QStringLiteral("metric"), metric}, {QStringLiteral("values"), values}});
            }
            const QJsonObject envelope{
                {QStringLiteral("status"), QStringLiteral("success")},
                {QStringLiteral("data"), QJsonObject{{QStringLiteral("resultType"), QStringLiteral("matrix")},
                                                     {QStringLiteral("result"), result}}}};
            const QByteArray body =
                QJsonDocument(envelope).toJson(round % 2 ? QJsonDocument::Compact : QJsonDocument::Indented);
            const QueryOutcome o = parseQueryResponse(body, 200);
            QVERIFY2(o.ok(), qPrintable(o.error.message()));
            QCOMPARE(o.result->series.size(), size_t(seriesCount));
            for (int s = 0; s < seriesCount; ++s) {
                const QJsonArray values = result[s].toObject().value(QStringLiteral("values")).toArray();
                const Series &parsed = o.result->series[size_t(s)];
                QCOMPARE(parsed.size(), values.size());
                for (qsizetype k = 0; k < values.size(); ++k) {
                    const QJsonArray pair = values[k].toArray();
                    QCOMPARE(parsed.timestampsMs[size_t(k)], std::llround(pair[0].toDouble() * 1000));
                    const double expected =
                        pair[1].toString() == u"NaN" ? NAN : pair[1].toString().toDouble();
                    const double got = parsed.values[size_t(k)];
                    QVERIFY((std::isnan(expected) && std::isnan(got)) || expected == got);
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestResponseParser)
#include "tst_response_parser.moc"
