// Table panels show what Prometheus answers: tables modelled on kube-prometheus' compute-resources
// tables (several `format: table` instant queries, joinByField, organize renaming and hiding) read
// through `promdeck data`, compared cell by cell with /api/v1/query asked directly and joined here,
// independently, as Grafana documents joinByField.
#include "support/PromdeckData.h"
#include "support/TestSupport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTest>
#include <QUrlQuery>
#include <algorithm>

using namespace promdeck::test;

namespace {

// One instant query's answer: label value -> sample, in the order the server sent them.
struct Answer
{
    QStringList keys;
    QHash<QString, double> values;
};

} // namespace

class TestTablePanels : public QObject
{
    Q_OBJECT
    QNetworkAccessManager m_nam;
    QUrl m_url;
    QHash<int, QJsonObject> m_panels;

    Answer ask(const QJsonObject &query, const QString &keyLabel)
    {
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("query"), query.value(QLatin1String("expr")).toString());
        q.addQueryItem(QStringLiteral("time"),
                       secondsText(query.value(QLatin1String("start_ms")).toInteger()));
        const QJsonObject answer = askPrometheus(m_nam, m_url, QStringLiteral("/api/v1/query"), q);
        [&] { QCOMPARE(answer.value(QLatin1String("status")).toString(), QStringLiteral("success")); }();
        Answer a;
        for (const QJsonValue &r :
             answer.value(QLatin1String("data")).toObject().value(QLatin1String("result")).toArray()) {
            const QString key =
                r.toObject().value(QLatin1String("metric")).toObject().value(keyLabel).toString();
            a.keys << key;
            a.values.insert(key,
                            r.toObject().value(QLatin1String("value")).toArray().at(1).toString().toDouble());
        }
        return a;
    }

    static QStringList columnNames(const QJsonObject &table)
    {
        QStringList names;
        for (const QJsonValue &c : table.value(QLatin1String("columns")).toArray())
            names << c.toObject().value(QLatin1String("name")).toString();
        return names;
    }

private slots:
    void initTestCase()
    {
        m_url = fixturePrometheusUrl();
        int exitCode = -1;
        const QJsonObject data = runPromdeckData(
            {QStringLiteral("--dashboard"), testDataPath(QStringLiteral("compute-resources-tables.json")),
             QStringLiteral("--prometheus"), m_url.toString(), QStringLiteral("--from"),
             QString::number(FixtureStartMs / 1000), QStringLiteral("--to"),
             QString::number(FixtureEndMs / 1000)},
            &exitCode);
        QCOMPARE(exitCode, 0);
        for (const QJsonValue &p : data.value(QLatin1String("panels")).toArray())
            m_panels.insert(p.toObject().value(QLatin1String("id")).toInt(), p.toObject());
        QCOMPARE(m_panels.size(), 2);
    }

    // Outer join on `pod`: every pod of any query, in the order first answered; a pod missing from a
    // query has an empty cell; the Time columns hidden; the values renamed.
    void outerJoinedAndOrganized()
    {
        const QJsonObject panel = m_panels.value(1);
        QCOMPARE(panel.value(QLatin1String("visual")).toString(), QStringLiteral("table"));
        const QJsonArray queries = panel.value(QLatin1String("queries")).toArray();
        QCOMPARE(queries.size(), 3);
        std::vector<Answer> answers;
        for (const QJsonValue &q : queries) {
            QVERIFY(q.toObject().value(QLatin1String("instant")).toBool());
            answers.push_back(ask(q.toObject(), QStringLiteral("pod")));
        }
        QVERIFY(answers[0].keys.size() >= 5);
        QVERIFY2(answers[2].keys.size() >= 1 && answers[2].keys.size() < answers[0].keys.size(),
                 "the restarts query must leave some pods out, so the outer join has empty cells");
        QStringList pods;
        for (const Answer &a : answers)
            for (const QString &k : a.keys)
                if (!pods.contains(k))
                    pods << k;

        const QJsonObject table = panel.value(QLatin1String("table")).toObject();
        QCOMPARE(columnNames(table),
                 (QStringList{QStringLiteral("Pod"), QStringLiteral("CPU Usage"),
                              QStringLiteral("Memory Usage"), QStringLiteral("Restarts")}));
        const QJsonArray rows = table.value(QLatin1String("rows")).toArray();
        QCOMPARE(rows.size(), pods.size());
        int empty = 0;
        for (qsizetype r = 0; r < pods.size(); ++r) {
            const QJsonArray row = rows.at(r).toArray();
            QCOMPARE(row.at(0).toString(), pods[r]);
            for (int q = 0; q < 3; ++q) {
                const QJsonValue cell = row.at(q + 1);
                if (!answers[static_cast<size_t>(q)].values.contains(pods[r])) {
                    QVERIFY2(cell.isNull(), qPrintable(pods[r]));
                    ++empty;
                } else {
                    QCOMPARE(cell.toDouble(), answers[static_cast<size_t>(q)].values.value(pods[r]));
                }
            }
        }
        QVERIFY(empty > 0);
    }

    // Inner join on `handler` (only handlers every query answered for), sorted by the panel's
    // `sortBy` (p99, highest first), with the footer's reducer listed.
    void innerJoinedAndSorted()
    {
        const QJsonObject panel = m_panels.value(2);
        const QJsonArray queries = panel.value(QLatin1String("queries")).toArray();
        std::vector<Answer> answers;
        for (const QJsonValue &q : queries)
            answers.push_back(ask(q.toObject(), QStringLiteral("handler")));
        QStringList handlers;
        for (const QString &h : answers[0].keys)
            if (answers[1].values.contains(h) && answers[2].values.contains(h))
                handlers << h;
        QVERIFY(handlers.size() >= 3);
        std::stable_sort(handlers.begin(), handlers.end(), [&](const QString &a, const QString &b) {
            return answers[0].values.value(a) > answers[0].values.value(b);
        });
        const QJsonObject table = panel.value(QLatin1String("table")).toObject();
        QCOMPARE(columnNames(table),
                 (QStringList{QStringLiteral("Handler"), QStringLiteral("p99"), QStringLiteral("Requests/s"),
                              QStringLiteral("5xx ratio")}));
        const QJsonArray rows = table.value(QLatin1String("rows")).toArray();
        QCOMPARE(rows.size(), handlers.size());
        for (qsizetype r = 0; r < handlers.size(); ++r) {
            const QJsonArray row = rows.at(r).toArray();
            QCOMPARE(row.at(0).toString(), handlers[r]);
            for (int q = 0; q < 3; ++q)
                QCOMPARE(row.at(q + 1).toDouble(), answers[static_cast<size_t>(q)].values.value(handlers[r]));
        }
        QCOMPARE(table.value(QLatin1String("columns"))
                     .toArray()
                     .at(1)
                     .toObject()
                     .value(QLatin1String("unit"))
                     .toString(),
                 QStringLiteral("s"));
    }
};

QTEST_GUILESS_MAIN(TestTablePanels)
#include "tst_table_panels.moc"
