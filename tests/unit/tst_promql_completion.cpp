// Completion: what is wanted at the cursor in expressions as people type them, the candidates, and
// the metadata cache's time limit per server. The candidates from a real server are checked in
// tst_promql_server against the fixture Prometheus; here a provider answering from memory stands in
// for a server, so that the cache's clock and answers can be stepped exactly.
#include "promql/Completion.h"

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace promdeck::promql;

namespace {

// Stands in for a server (named as such: nothing here runs a real one). Answers from the event
// loop, as a server's provider does, and counts what it was asked.
class MemoryMetadataProvider : public MetadataProvider
{
public:
    QString key = QStringLiteral("memory://one");
    QHash<QString, QStringList> answers; // request key -> values
    QHash<QString, MetricMetadata> metadata;
    QStringList asked;

    QString serverKey() const override { return key; }
    void fetch(const MetadataRequest &request, QObject *context,
               std::function<void(MetadataAnswer)> done) override
    {
        asked << request.key();
        MetadataAnswer answer;
        answer.values = answers.value(request.key());
        if (request.kind == MetadataRequest::Kind::MetricMetadata)
            answer.metrics = metadata;
        QTimer::singleShot(0, context, [done, answer] { done(answer); });
    }
};

// "text with | as the cursor" -> text and cursor; the last '|' is the cursor, so that a regex
// alternation may come before it.
std::pair<QByteArray, int> split(const char *withCursor)
{
    QByteArray text(withCursor);
    const int cursor = int(text.lastIndexOf('|'));
    text.remove(cursor, 1);
    return {text, cursor};
}

QString kindsText(CompletionKinds k)
{
    QStringList out;
    const std::pair<CompletionKind, const char *> names[] = {
        {CompletionKind::MetricName, "metric"},       {CompletionKind::Function, "function"},
        {CompletionKind::Aggregation, "aggregation"}, {CompletionKind::LabelName, "label"},
        {CompletionKind::LabelValue, "value"},        {CompletionKind::AggregationModifier, "modifier"},
        {CompletionKind::Duration, "duration"},       {CompletionKind::BinaryOperator, "operator"},
        {CompletionKind::Keyword, "keyword"},         {CompletionKind::MatchOperator, "match"},
    };
    for (const auto &[kind, name] : names)
        if (k & kind)
            out << QString::fromLatin1(name);
    return out.join(QLatin1Char('|'));
}

} // namespace

class TestPromqlCompletion : public QObject
{
    Q_OBJECT
private slots:
    void context_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("kinds");
        QTest::addColumn<QByteArray>("prefix");
        QTest::addColumn<QString>("details"); // metric / label / selector / keywords, as they apply
        auto row = [](const char *input, const char *kinds, const char *prefix, const char *details = "") {
            QTest::newRow(input) << QByteArray(input) << QString::fromLatin1(kinds) << QByteArray(prefix)
                                 << QString::fromUtf8(details);
        };
        row("|", "metric|function|aggregation", "");
        row("rat|", "metric|function|aggregation", "rat");
        row("ra|te(x[5m])", "metric|function|aggregation", "ra");
        row("rate(|", "metric|function|aggregation", "");
        row("rate(http_requests_total[|", "duration", "");
        row("rate(http_requests_total[5|", "duration", "5");
        row("http_requests_total{|", "label", "", "metric=http_requests_total selector=http_requests_total");
        row("http_requests_total{co|", "label", "co",
            "metric=http_requests_total selector=http_requests_total");
        row("http_requests_total{code |", "match", "",
            "metric=http_requests_total selector=http_requests_total");
        row("http_requests_total{code=|", "value", "",
            "metric=http_requests_total label=code selector=http_requests_total");
        row("http_requests_total{job=\"api\", code=\"|", "value", "",
            "metric=http_requests_total label=code selector=http_requests_total{job=\"api\"} in \"");
        row("http_requests_total{code=\"5|\"}", "value", "5",
            "metric=http_requests_total label=code selector=http_requests_total in \"");
        row("{__name__=\"up\", job='|", "value", "", "label=job selector={__name__=\"up\"} in '");
        row("x{job=\"$job\", instance=~\"|", "value", "", "metric=x label=instance selector=x in \"");
        row("sum |", "modifier", "");
        row("sum b|", "modifier", "b");
        row("sum by (|", "label", "");
        row("sum by (job, |) (rate(x[5m]))", "label", "", "metric=x selector=x");
        row("sum(rate(x[5m])) |", "modifier|operator", "");
        row("x |", "operator|keyword", "", "keywords=offset");
        row("histogram_quantile(0.9, rate(x[5m])) o|", "operator|keyword", "o", "keywords=offset");
        row("x > |", "metric|function|aggregation|keyword", "", "keywords=bool,on,ignoring");
        row("x + |", "metric|function|aggregation|keyword", "", "keywords=on,ignoring");
        row("x + on(job) |", "metric|function|aggregation|keyword", "", "keywords=group_left,group_right");
        row("x / on(job) group_left |", "metric|function|aggregation", "");
        row("x + on(|", "label", "", "metric=x selector=x");
        row("x offset |", "duration", "");
        row("x @ |", "keyword", "", "keywords=start(),end()");
        row("x # a comment |", "", "");
        row("rate(x{job=\"$job\"}[$__rate_interval]) |", "operator|keyword", "", "keywords=offset");
        row("rate(x[${__interval}]) / |", "metric|function|aggregation|keyword", "", "keywords=on,ignoring");
        row("label_replace(x, \"|", "", "");
    }
    void context()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, kinds);
        QFETCH(QByteArray, prefix);
        QFETCH(QString, details);
        const auto [text, cursor] = split(input.constData());
        const CompletionContext c = completionContext(text, cursor);
        QCOMPARE(kindsText(c.kinds), kinds);
        QCOMPARE(c.prefix, prefix);
        QStringList got;
        if (!c.metricName.isEmpty())
            got << QStringLiteral("metric=") + c.metricName;
        if (!c.labelName.isEmpty())
            got << QStringLiteral("label=") + c.labelName;
        if (!c.selector.isEmpty())
            got << QStringLiteral("selector=") + c.selector;
        if (c.inString)
            got << QStringLiteral("in ") + QLatin1Char(c.quote);
        if (!c.keywords.isEmpty())
            got << QStringLiteral("keywords=") + c.keywords.join(QLatin1Char(','));
        QCOMPARE(got.join(QLatin1Char(' ')), details);
        QCOMPARE(text.mid(c.replaceStart, cursor - c.replaceStart), prefix);
    }

    void candidatesFromLanguageAndServer()
    {
        MemoryMetadataProvider provider;
        provider.answers.insert(MetadataRequest{MetadataRequest::Kind::MetricNames, {}, {}}.key(),
                                {QStringLiteral("http_requests_total"), QStringLiteral("rate_limited_total"),
                                 QStringLiteral("up")});
        provider.metadata.insert(QStringLiteral("rate_limited_total"),
                                 {QStringLiteral("counter"), QStringLiteral("Requests refused."), {}});
        MetadataCache cache(&provider);
        QSignalSpy updated(&cache, &MetadataCache::updated);

        const QByteArray text = "ra";
        Completion c = complete(text, 2, &cache);
        QVERIFY(c.pending); // nothing known yet: asked, answers come from the event loop
        for (int round = 0; c.pending && round < 5; ++round) {
            QVERIFY(updated.wait(2000));
            c = complete(text, 2, &cache);
        }
        QVERIFY(!c.pending);
        const Completion &second = c;
        QStringList texts;
        for (const CompletionCandidate &candidate : second.candidates)
            texts << candidate.text;
        QCOMPARE(texts, QStringList({QStringLiteral("rate_limited_total"), QStringLiteral("rad"),
                                     QStringLiteral("rate")}));
        QCOMPARE(second.candidates[0].detail, QStringLiteral("counter"));
        QCOMPARE(second.candidates[0].documentation, QStringLiteral("Requests refused."));
        QCOMPARE(second.candidates[2].detail, QStringLiteral("rate(v range-vector) -> instant-vector"));
        QCOMPARE(provider.asked.size(), 2); // the second completion asked nothing
    }

    void labelValuesAreQuotedForWhereTheyGo()
    {
        MemoryMetadataProvider provider;
        provider.answers.insert(MetadataRequest{MetadataRequest::Kind::LabelValues, QStringLiteral("handler"),
                                                QStringLiteral("http_requests_total")}
                                    .key(),
                                {QStringLiteral("/api/\"v1\""), QStringLiteral("/health")});
        MetadataCache cache(&provider);
        QSignalSpy updated(&cache, &MetadataCache::updated);
        auto inserts = [&](const QByteArray &text) {
            Completion c = complete(text, int(text.size()), &cache);
            if (c.pending) {
                updated.wait(2000);
                c = complete(text, int(text.size()), &cache);
            }
            QStringList out;
            for (const CompletionCandidate &candidate : c.candidates)
                out << candidate.insert;
            return out;
        };
        QCOMPARE(inserts("http_requests_total{handler="),
                 QStringList({QStringLiteral("\"/api/\\\"v1\\\"\""), QStringLiteral("\"/health\"")}));
        QCOMPARE(inserts("http_requests_total{handler=\"/h"), QStringList({QStringLiteral("/health")}));
        // In a regex, what the regex would read as special is escaped too.
        QCOMPARE(inserts("http_requests_total{handler=~'/api"), QStringList({QStringLiteral("/api/\"v1\"")}));
        QCOMPARE(inserts("http_requests_total{handler=~\"/he"), QStringList({QStringLiteral("/health")}));
    }

    void cacheKeepsAnswersPerServerForItsTimeLimit()
    {
        MemoryMetadataProvider provider;
        const MetadataRequest names{MetadataRequest::Kind::MetricNames, {}, {}};
        provider.answers.insert(names.key(), {QStringLiteral("up")});
        MetadataCache cache(&provider, std::chrono::seconds(60));
        qint64 now = 1'000'000;
        cache.setClock([&now] { return now; });
        QSignalSpy updated(&cache, &MetadataCache::updated);

        QVERIFY(!cache.lookup(names));
        QVERIFY(!cache.lookup(names)); // one question in flight, not two
        QCOMPARE(provider.asked.size(), 1);
        QVERIFY(updated.wait(2000));
        QCOMPARE(cache.lookup(names)->values, QStringList({QStringLiteral("up")}));

        now += 59'000; // within the limit: from the cache
        QVERIFY(cache.lookup(names));
        QCOMPARE(provider.asked.size(), 1);

        now += 1'000; // at the limit: the old answer meanwhile, and a new question
        provider.answers.insert(names.key(), {QStringLiteral("up"), QStringLiteral("down")});
        QCOMPARE(cache.lookup(names)->values, QStringList({QStringLiteral("up")}));
        QCOMPARE(provider.asked.size(), 2);
        QVERIFY(updated.wait(2000));
        QCOMPARE(cache.lookup(names)->values.size(), 2);

        provider.key = QStringLiteral("memory://two"); // another server knows nothing yet
        QVERIFY(!cache.lookup(names));
        QCOMPARE(provider.asked.size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestPromqlCompletion)
#include "tst_promql_completion.moc"
