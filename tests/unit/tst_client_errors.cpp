// The client's error mapping and request shape, against real sockets on loopback: a proxy's 502 HTML
// page, Prometheus error envelopes, a refused connection, a stall past the timeout, a connection cut
// mid-body; and the path prefix, custom headers, POST for long queries, cancelling.
#include "prometheus/PrometheusClient.h"
#include "support/LoopbackHttpServer.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QUrlQuery>

using namespace promdeck;
using test::LoopbackHttpServer;

namespace {
const QByteArray Matrix =
    R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1,"1"],[2,"2"]]}]}})";

QueryOutcome waitFor(QueryReply *reply, int timeoutMs = 10'000)
{
    QSignalSpy spy(reply, &QueryReply::finished);
    if (!reply->isFinished() || spy.isEmpty())
        spy.wait(timeoutMs);
    QueryOutcome o = reply->outcome();
    reply->deleteLater();
    return o;
}
} // namespace

class TestClientErrors : public QObject
{
    Q_OBJECT
private slots:
    void proxyHtmlPage()
    {
        LoopbackHttpServer server([](const auto &) {
            return LoopbackHttpServer::Response{
                LoopbackHttpServer::Behaviour::Respond, 502, "text/html",
                "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"};
        });
        QNetworkAccessManager nam;
        PrometheusClient client(&nam, {QUrl(server.url()), {}, std::chrono::seconds(5), 2000});
        const QueryOutcome o = waitFor(client.queryRange({QStringLiteral("up"), 0, 60'000, 15'000}));
        QVERIFY(!o.ok());
        QCOMPARE(o.error.kind, Error::Kind::HttpStatus);
        QCOMPARE(o.error.httpStatus, 502);
        QCOMPARE(o.error.message(),
                 QStringLiteral("HTTP 502 from %1 (not a Prometheus API answer; a proxy or port-forward "
                                "in between?): 502 Bad Gateway")
                     .arg(server.url()));
        QVERIFY(o.error.isConnectionProblem());
    }

    void prometheusErrorEnvelope()
    {
        LoopbackHttpServer server([](const auto &) {
            return LoopbackHttpServer::Response{
                LoopbackHttpServer::Behaviour::Respond, 503, "application/json",
                R"({"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"})"};
        });
        QNetworkAccessManager nam;
        PrometheusClient client(&nam, {QUrl(server.url()), {}, std::chrono::seconds(5), 2000});
        const QueryOutcome o = waitFor(client.queryInstant({QStringLiteral("up"), 1000}));
        QCOMPARE(o.error.kind, Error::Kind::Timeout);
        QCOMPARE(o.error.message(), QStringLiteral("query timed out in expression evaluation"));
    }

    void connectionRefused()
    {
        quint16 port = 0;
        {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
            port = probe.serverPort();
        } // closed: nothing listens there now
        QNetworkAccessManager nam;
        const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(port));
        PrometheusClient client(&nam, {url, {}, std::chrono::seconds(5), 2000});
        const QueryOutcome o = waitFor(client.queryRange({QStringLiteral("up"), 0, 60'000, 15'000}));
        QCOMPARE(o.error.kind, Error::Kind::ConnectionRefused);
        QCOMPARE(o.error.message(),
                 QStringLiteral("connection refused by %1: is Prometheus running, or the port-forward up?")
                     .arg(url.toString()));
        MetadataReply *info = client.buildInfo();
        QSignalSpy spy(info, &MetadataReply::finished);
        QVERIFY(spy.wait(10'000));
        QVERIFY(!info->ok());
        QCOMPARE(info->error().kind, Error::Kind::ConnectionRefused);
    }

    void stallTimesOut()
    {
        LoopbackHttpServer server([](const auto &) {
            return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::Stall, 0, {}, {}};
        });
        QNetworkAccessManager nam;
        PrometheusClient client(&nam, {QUrl(server.url()), {}, std::chrono::milliseconds(600), 2000});
        QElapsedTimer timer;
        timer.start();
        const QueryOutcome o = waitFor(client.queryRange({QStringLiteral("up"), 0, 60'000, 15'000}));
        QCOMPARE(o.error.kind, Error::Kind::RequestTimeout);
        QVERIFY(o.error.message().startsWith(QStringLiteral("no answer from")));
        QVERIFY(timer.elapsed() < 5'000);
    }

    void cutMidBody()
    {
        LoopbackHttpServer server([](const auto &) {
            return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::CloseMidBody, 200,
                                                "application/json", Matrix};
        });
        QNetworkAccessManager nam;
        PrometheusClient client(&nam, {QUrl(server.url()), {}, std::chrono::seconds(5), 2000});
        const QueryOutcome o = waitFor(client.queryRange({QStringLiteral("up"), 0, 60'000, 15'000}));
        QVERIFY(!o.ok());
        QVERIFY2(o.error.kind == Error::Kind::ConnectionClosed ||
                     o.error.kind == Error::Kind::MalformedResponse,
                 qPrintable(o.error.message()));
        QVERIFY(o.error.isConnectionProblem());
    }

    // A body past the size limit is abandoned while it streams in, and the panel says why.
    void answerPastTheSizeLimit()
    {
        QByteArray big =
            "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"a\":\"";
        big += QByteArray(3 << 20, 'x') + "\"},\"values\":[[1,\"1\"]]}]}}";
        LoopbackHttpServer server([&big](const auto &) {
            return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::Respond, 200,
                                                "application/json", big};
        });
        QNetworkAccessManager nam;
        PrometheusEndpoint endpoint{QUrl(server.url()), {}, std::chrono::seconds(10), 2000};
        endpoint.maxResponseBytes = 1 << 20;
        PrometheusClient client(&nam, endpoint);
        const QueryOutcome o = waitFor(client.queryRange({QStringLiteral("up"), 0, 60'000, 15'000}));
        QVERIFY(!o.ok());
        QCOMPARE(o.error.detail, QStringLiteral("the answer is larger than the 1 MB limit"));
        // The same answer under the limit is read.
        endpoint.maxResponseBytes = 8 << 20;
        client.setEndpoint(endpoint);
        QVERIFY(waitFor(client.queryRange({QStringLiteral("up"), 0, 60'000, 15'000})).ok());
    }

    // A compressed answer is counted after inflating: a bomb is named as one, not as garbage.
    void compressedAnswerInflatingPastTheLimit()
    {
        QByteArray inflated = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}";
        inflated += QByteArray(40 << 20, ' ') + '}';
        const QByteArray deflated = qCompress(inflated, 9).mid(4); // zlib stream: Content-Encoding deflate
        QVERIFY(deflated.size() < (1 << 20));
        LoopbackHttpServer server([&deflated](const auto &) {
            return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::Respond, 200,
                                                "application/json", deflated,
                                                "Content-Encoding: deflate\r\n"};
        });
        QNetworkAccessManager nam;
        PrometheusEndpoint endpoint{QUrl(server.url()), {}, std::chrono::seconds(20), 2000};
        endpoint.maxResponseBytes = 16 << 20;
        PrometheusClient client(&nam, endpoint);
        const QueryOutcome o = waitFor(client.queryRange({QStringLiteral("up"), 0, 60'000, 15'000}), 30'000);
        QVERIFY(!o.ok());
        QCOMPARE(o.error.detail, QStringLiteral("the answer inflates past the 16 MB limit"));
        // Under the limit it inflates and reads (Qt's own ratio check would have refused it).
        endpoint.maxResponseBytes = 64 << 20;
        client.setEndpoint(endpoint);
        const QueryOutcome read =
            waitFor(client.queryRange({QStringLiteral("up"), 0, 60'000, 15'000}), 30'000);
        QVERIFY2(read.ok(), qPrintable(read.error.message()));
    }

    // Past the cap, series are counted and not built; the answer says how many there were.
    void seriesPastTheCap()
    {
        QByteArray body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[";
        for (int i = 0; i < 5; ++i)
            body += (i ? "," : "") + QByteArray("{\"metric\":{\"i\":\"") + QByteArray::number(i) +
                    "\"},\"values\":[[1,\"1\"]]}";
        body += "]}}";
        LoopbackHttpServer server([&body](const auto &) {
            return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::Respond, 200,
                                                "application/json", body};
        });
        QNetworkAccessManager nam;
        PrometheusEndpoint endpoint{QUrl(server.url()), {}, std::chrono::seconds(5), 2000};
        endpoint.maxSeries = 2;
        PrometheusClient client(&nam, endpoint);
        const QueryOutcome o = waitFor(client.queryRange({QStringLiteral("up"), 0, 60'000, 15'000}));
        QVERIFY(o.ok());
        QCOMPARE(o.result->series.size(), size_t(2));
        QCOMPARE(o.result->series[1].labels.value(QStringLiteral("i")), QStringLiteral("1"));
        QCOMPARE(o.result->totalSeries, 5);
        QCOMPARE(o.result->warnings, QStringList{QStringLiteral("5 series, showing 2: refine the query")});
    }

    // A 10 MB error is cut once where it enters, for every panel and variable that shows it.
    void hugeErrorTextIsCut()
    {
        const QByteArray body = "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"" +
                                QByteArray(10'000'000, 'E') + "\"}";
        LoopbackHttpServer server([&body](const auto &) {
            return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::Respond, 422,
                                                "application/json", body};
        });
        QNetworkAccessManager nam;
        PrometheusClient client(&nam, {QUrl(server.url()), {}, std::chrono::seconds(10), 2000});
        const QueryOutcome o = waitFor(client.queryInstant({QStringLiteral("up"), 1000}));
        QCOMPARE(o.error.kind, Error::Kind::Execution);
        QVERIFY(o.error.detail.size() < 4100);
        QVERIFY(o.error.detail.endsWith(QStringLiteral("… (9996000 characters more)")));
        MetadataReply *values = client.labelValues(QStringLiteral("job"), {}, {});
        QSignalSpy spy(values, &MetadataReply::finished);
        QVERIFY(spy.wait(10'000));
        QVERIFY(values->error().detail.endsWith(QStringLiteral("… (9996000 characters more)")));
        values->deleteLater();
    }

    // Variables read answers with the words panels use for the same answer.
    void metadataAnswersInThePanelsWords()
    {
        static const QByteArray cut =
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"met";
        LoopbackHttpServer server([](const auto &) {
            return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::Respond, 200,
                                                "application/json", cut};
        });
        QNetworkAccessManager nam;
        PrometheusClient client(&nam, {QUrl(server.url()), {}, std::chrono::seconds(5), 2000});
        MetadataReply *values = client.labelValues(QStringLiteral("job"), {}, {});
        QSignalSpy spy(values, &MetadataReply::finished);
        QVERIFY(spy.wait(10'000));
        const QString variableWords = values->error().detail;
        values->deleteLater();
        QVERIFY2(variableWords.startsWith(QStringLiteral("the answer stops after %1 bytes").arg(cut.size())),
                 qPrintable(variableWords));
        const QueryOutcome o = waitFor(client.queryInstant({QStringLiteral("up"), 1000}));
        QCOMPARE(o.error.detail, variableWords);
    }

    // A command that runs out of time can say what it was waiting for.
    void openRequestsAreNamed()
    {
        LoopbackHttpServer server([](const auto &) {
            return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::Stall, 0, {}, {}};
        });
        QNetworkAccessManager nam;
        PrometheusClient client(&nam, {QUrl(server.url()), {}, std::chrono::seconds(2), 2000});
        QueryReply *reply = client.queryRange({QStringLiteral("rate(x[5m])"), 0, 60'000, 15'000});
        QTRY_COMPARE(server.requests().size(), 1);
        QCOMPARE(client.openRequests(), QStringList{QStringLiteral("/api/v1/query_range rate(x[5m])")});
        waitFor(reply);
        QCOMPARE(client.openRequests(), QStringList());
    }

    void requestShape()
    {
        LoopbackHttpServer server([](const auto &) {
            return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::Respond, 200,
                                                "application/json", Matrix};
        });
        QNetworkAccessManager nam;
        PrometheusEndpoint endpoint{QUrl(server.url() + QStringLiteral("/prometheus/")),
                                    {{"X-Scope-OrgID", "tenant-1"}},
                                    std::chrono::seconds(5),
                                    2000};
        PrometheusClient client(&nam, endpoint);
        QueryOutcome o = waitFor(client.queryRange(
            {QStringLiteral("sum(rate(x[5m]))"), 1'700'000'000'000, 1'700'000'060'500, 15'000}));
        QVERIFY2(o.ok(), qPrintable(o.error.message()));
        QCOMPARE(o.result->series[0].values, (std::vector<double>{1, 2}));
        const test::ReceivedRequest &get = server.requests().back();
        QCOMPARE(get.method, QByteArray("GET"));
        QVERIFY(get.target.startsWith("/prometheus/api/v1/query_range?"));
        const QUrlQuery query(QUrl(QString::fromUtf8(get.target)).query());
        QCOMPARE(query.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded),
                 QStringLiteral("sum(rate(x[5m]))"));
        QCOMPARE(query.queryItemValue(QStringLiteral("start")), QStringLiteral("1700000000"));
        QCOMPARE(query.queryItemValue(QStringLiteral("end")), QStringLiteral("1700000060.500"));
        QCOMPARE(query.queryItemValue(QStringLiteral("step")), QStringLiteral("15"));
        QCOMPARE(get.header("X-Scope-OrgID"), QByteArray("tenant-1"));
        QVERIFY(get.header("Accept-Encoding").contains("gzip"));

        // A long expression goes as a form POST.
        QString longExpr = QStringLiteral("up");
        while (longExpr.size() < 3000)
            longExpr += QStringLiteral(" + on() vector(1)");
        o = waitFor(client.queryInstant({longExpr, 1'700'000'000'000}));
        QVERIFY(o.ok());
        const test::ReceivedRequest &post = server.requests().back();
        QCOMPARE(post.method, QByteArray("POST"));
        QCOMPARE(post.target, QByteArray("/prometheus/api/v1/query"));
        QCOMPARE(post.header("Content-Type"), QByteArray("application/x-www-form-urlencoded"));
        QCOMPARE(QUrlQuery(QString::fromUtf8(post.body))
                     .queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded),
                 longExpr);
    }

    void abortDeliversAbortedOnce()
    {
        LoopbackHttpServer server([](const auto &) {
            return LoopbackHttpServer::Response{LoopbackHttpServer::Behaviour::Stall, 0, {}, {}};
        });
        QNetworkAccessManager nam;
        PrometheusClient client(&nam, {QUrl(server.url()), {}, std::chrono::seconds(5), 2000});
        QueryReply *reply = client.queryRange({QStringLiteral("up"), 0, 60'000, 15'000});
        QSignalSpy spy(reply, &QueryReply::finished);
        reply->abort();
        QVERIFY(spy.isEmpty()); // never synchronously
        QVERIFY(spy.wait(2000));
        QTest::qWait(100);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(reply->outcome().error.kind, Error::Kind::Aborted);
        delete reply;
    }
};

QTEST_GUILESS_MAIN(TestClientErrors)
#include "tst_client_errors.moc"
