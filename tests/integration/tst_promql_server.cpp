// PromQL against the fixture Prometheus (2.42): the formatter lays out every valid expression exactly
// as the server's own /api/v1/format_query does, the formatted query gets the same answer as the
// original, and completion offers what the server knows: its metric names, the label names and the
// label values of the right metric, asked through the DataSource interface.
#include "dashboard/DashboardLoader.h"
#include "prometheus/PrometheusClient.h"
#include "promql/Completion.h"
#include "promql/Parser.h"
#include "promql/Printer.h"
#include "promql/Templating.h"
#include "query/QueryCheck.h"
#include "source/SourceMetadata.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace promdeck;

namespace {

QByteArrayList corpusExpressions()
{
    QFile file(test::testDataPath(QStringLiteral("promql/corpus.txt")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QByteArrayList out;
    for (const QByteArray &line : file.readAll().split('\n'))
        if (!line.isEmpty() && !line.startsWith('#'))
            out << QJsonDocument::fromJson('[' + line + ']').array().at(0).toString().toUtf8();
    return out;
}

// The panel queries of the built-in and the real dashboards, variables filled as validate fills them.
QByteArrayList dashboardExpressions()
{
    QByteArrayList out;
    for (const QString &dir : {test::sourcePath(QStringLiteral("dashboards")),
                               test::testDataPath(QStringLiteral("grafana-dashboards"))}) {
        for (const QString &name : QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files)) {
            const DashboardLoadResult loaded = loadDashboardFile(dir + QLatin1Char('/') + name);
            if (!loaded.ok())
                continue;
            const VariableValues values = offlineVariableValues(*loaded.dashboard);
            const promql::VariableLookup lookup = [&values](const QString &v,
                                                            const QString &f) -> std::optional<QString> {
                if (const VariableValue *value = values.find(v))
                    return formatVariable(*value, f);
                return std::nullopt;
            };
            for (const Panel &p : loaded.dashboard->panels)
                for (const Target &t : p.targets)
                    if (!t.expr.trimmed().isEmpty() &&
                        (t.datasourceType.isEmpty() || isPrometheusDatasourceType(t.datasourceType)))
                        out << promql::substituteVariables(t.expr.toUtf8(), lookup).text;
        }
    }
    return out;
}

// An answer with its series in label order: Prometheus groups aggregations in Go maps, so two
// evaluations of one query may list the same series in different orders.
QJsonObject inLabelOrder(QJsonObject answer)
{
    QJsonObject data = answer.value(QLatin1String("data")).toObject();
    const QJsonValue result = data.value(QLatin1String("result"));
    if (!result.isArray())
        return answer;
    QJsonArray series = result.toArray();
    std::vector<QJsonValue> sorted(series.begin(), series.end());
    auto key = [](const QJsonValue &v) {
        return QJsonDocument(v.toObject().value(QLatin1String("metric")).toObject())
            .toJson(QJsonDocument::Compact);
    };
    std::sort(sorted.begin(), sorted.end(),
              [&](const QJsonValue &a, const QJsonValue &b) { return key(a) < key(b); });
    series = QJsonArray();
    for (const QJsonValue &v : sorted)
        series.append(v);
    data.insert(QStringLiteral("result"), series);
    answer.insert(QStringLiteral("data"), data);
    return answer;
}

QStringList strings(const QJsonObject &answer)
{
    QStringList out;
    for (const QJsonValue &v : answer.value(QLatin1String("data")).toArray())
        out << v.toString();
    out.sort();
    return out;
}

} // namespace

class TestPromqlServer : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_server = test::fixturePrometheusUrl();
        QVERIFY(m_server.isValid());
    }

    void formatterLaysOutAsPrometheus()
    {
        int compared = 0;
        int split = 0;
        for (const QByteArray &text : corpusExpressions() + dashboardExpressions()) {
            const promql::ParseResult ours = promql::parse(QByteArrayView(text));
            QUrlQuery q;
            q.addQueryItem(QStringLiteral("query"), QString::fromUtf8(text));
            const QJsonObject theirs =
                test::askPrometheus(m_network, m_server, QStringLiteral("/api/v1/format_query"), q);
            const bool theyAccept = theirs.value(QLatin1String("status")).toString() == u"success";
            QVERIFY2(theyAccept == ours.ok(), text.constData());
            if (!theyAccept)
                continue;
            const QByteArray formatted = promql::formatExpression(*ours.expression);
            // Prometheus 2.42 prints `ignoring () group_left` as nothing, changing the query; we keep it.
            if (formatted.contains("ignoring () group_"))
                continue;
            QCOMPARE(formatted, theirs.value(QLatin1String("data")).toString().toUtf8());
            ++compared;
            split += formatted.contains('\n');
        }
        qInfo("format_query: %d layouts identical, %d of them over several lines", compared, split);
        QVERIFY(compared > 900);
        QVERIFY(split > 50);
    }

    void formattedQueriesGetTheSameAnswers()
    {
        // The dashboards' queries read the fixture's data: each, original and formatted, at one time.
        int differentText = 0;
        const QString time = test::secondsText(test::FixtureEndMs - 3'600'000);
        for (const QByteArray &text : dashboardExpressions()) {
            const promql::ParseResult parsed = promql::parse(QByteArrayView(text));
            QVERIFY2(parsed.ok(), text.constData());
            const QByteArray formatted = promql::formatExpression(*parsed.expression);
            if (formatted == text)
                continue;
            ++differentText;
            QJsonObject answers[2];
            for (int i = 0; i < 2; ++i) {
                QUrlQuery q;
                q.addQueryItem(QStringLiteral("query"), QString::fromUtf8(i ? formatted : text));
                q.addQueryItem(QStringLiteral("time"), time);
                answers[i] = inLabelOrder(
                    test::askPrometheus(m_network, m_server, QStringLiteral("/api/v1/query"), q));
                answers[i].remove(QStringLiteral("warnings"));
            }
            QVERIFY2(answers[0] == answers[1],
                     QByteArray(text + "\n--- formatted:\n" + formatted).constData());
        }
        QVERIFY(differentText > 100);
    }

    void completionOffersWhatTheServerKnows()
    {
        PrometheusEndpoint endpoint;
        endpoint.baseUrl = m_server;
        PrometheusClient client(&m_network, endpoint);
        SourceMetadataProvider provider(&client);
        promql::MetadataCache cache(&provider);
        QSignalSpy updated(&cache, &promql::MetadataCache::updated);
        auto complete = [&](const QByteArray &withCursor, promql::CompletionKind kind) {
            QByteArray text = withCursor;
            const int cursor = int(text.lastIndexOf('|'));
            text.remove(cursor, 1);
            promql::Completion c = promql::complete(text, cursor, &cache);
            for (int round = 0; c.pending && round < 10; ++round) {
                if (!updated.wait(10'000))
                    break;
                c = promql::complete(text, cursor, &cache);
            }
            QStringList out;
            for (const promql::CompletionCandidate &candidate : c.candidates)
                if (candidate.kind == kind)
                    out << candidate.text;
            out.sort();
            return out;
        };
        auto ask = [&](const QString &path, const QString &match = {}) {
            QUrlQuery q;
            if (!match.isEmpty())
                q.addQueryItem(QStringLiteral("match[]"), match);
            return strings(test::askPrometheus(m_network, m_server, path, q));
        };

        // Metric names that exist, for what is typed.
        const QStringList metrics = ask(QStringLiteral("/api/v1/label/__name__/values"));
        const QStringList http = metrics.filter(QRegularExpression(QStringLiteral("^http_")));
        QVERIFY(http.size() >= 3);
        QCOMPARE(complete("sum(rate(http_|", promql::CompletionKind::MetricName), http);

        // The labels of the selector's metric, in braces and in a by () list.
        const QStringList labels =
            ask(QStringLiteral("/api/v1/labels"), QStringLiteral("http_requests_total"));
        QVERIFY(labels.contains(QStringLiteral("handler")));
        QCOMPARE(complete("http_requests_total{|", promql::CompletionKind::LabelName), labels);
        QCOMPARE(complete("sum by (|) (rate(http_requests_total[5m]))", promql::CompletionKind::LabelName),
                 labels);

        // The values of that label for that metric, and narrowed by the other matchers.
        const QStringList handlers =
            ask(QStringLiteral("/api/v1/label/handler/values"), QStringLiteral("http_requests_total"));
        QVERIFY(!handlers.isEmpty());
        QCOMPARE(complete("http_requests_total{handler=\"|", promql::CompletionKind::LabelValue), handlers);
        bool narrowed = false;
        for (const QString &status :
             ask(QStringLiteral("/api/v1/label/status/values"), QStringLiteral("http_requests_total"))) {
            const QString selector = QStringLiteral("http_requests_total{status=\"%1\"}").arg(status);
            const QStringList some = ask(QStringLiteral("/api/v1/label/handler/values"), selector);
            QCOMPARE(complete("http_requests_total{status=\"" + status.toUtf8() + "\", handler=~\"|",
                              promql::CompletionKind::LabelValue),
                     some);
            narrowed = narrowed || (some.size() < handlers.size() && !some.isEmpty());
        }
        QVERIFY2(narrowed, "no status narrows the handlers: the check above proved nothing");

        // TYPE and HELP come from /api/v1/metadata (the fixture Prometheus scrapes itself for them).
        MetadataReply *metadata = client.metricMetadata();
        QSignalSpy done(metadata, &MetadataReply::finished);
        QVERIFY(done.wait(10'000));
        QVERIFY(metadata->ok());
        QCOMPARE(metadata->data().toObject(),
                 test::askPrometheus(m_network, m_server, QStringLiteral("/api/v1/metadata"), {})
                     .value(QLatin1String("data"))
                     .toObject());
        metadata->deleteLater();
    }

private:
    QNetworkAccessManager m_network;
    QUrl m_server;
};

QTEST_GUILESS_MAIN(TestPromqlServer)
#include "tst_promql_server.moc"
