// Template variables written into PromQL the way Grafana's Prometheus data source writes them.
#include "query/Variables.h"

#include <QTest>

using namespace promdeck;

namespace {
VariableValues values()
{
    VariableValues v;
    v.set({QStringLiteral("instance"),
           {QStringLiteral("api-0:8000"), QStringLiteral("api.1:8000")},
           {QStringLiteral("api-0:8000"), QStringLiteral("api.1:8000")},
           true,
           true,
           QString()});
    v.set({QStringLiteral("inst"), {QStringLiteral("x")}, {QStringLiteral("x")}, false, false, QString()});
    v.set({QStringLiteral("job"),
           {QStringLiteral("a"), QStringLiteral("b")},
           {QStringLiteral("a")},
           false,
           true,
           QString()});
    v.set({QStringLiteral("any"),
           {QStringLiteral("a"), QStringLiteral("b")},
           {QStringLiteral("a"), QStringLiteral("b")},
           true,
           true,
           QStringLiteral(".*")});
    v.set(
        {QStringLiteral("window"), {QStringLiteral("5m")}, {QStringLiteral("5m")}, false, false, QString()});
    return v;
}
} // namespace

class TestVariables : public QObject
{
    Q_OBJECT
private slots:
    void substitution_data()
    {
        QTest::addColumn<QString>("expr");
        QTest::addColumn<QString>("expected");
        QTest::newRow("multi, escaped, grouped")
            << QStringLiteral("up{instance=~\"$instance\"}")
            << QStringLiteral("up{instance=~\"(api-0:8000|api\\\\.1:8000)\"}");
        QTest::newRow("single value, raw")
            << QStringLiteral("rate(x[$window])") << QStringLiteral("rate(x[5m])");
        QTest::newRow("name prefix is not a match")
            << QStringLiteral("$inst $instance_x $inst_") << QStringLiteral("x $instance_x $inst_");
        QTest::newRow("one of a multi: no parentheses")
            << QStringLiteral("{job=~\"$job\"}") << QStringLiteral("{job=~\"a\"}");
        QTest::newRow("All with allValue")
            << QStringLiteral("{job=~\"$any\"}") << QStringLiteral("{job=~\".*\"}");
        QTest::newRow("braces") << QStringLiteral("${window}") << QStringLiteral("5m");
        QTest::newRow("regex format")
            << QStringLiteral("${instance:regex}") << QStringLiteral("(api-0:8000|api\\\\.1:8000)");
        QTest::newRow("pipe format") << QStringLiteral("${instance:pipe}")
                                     << QStringLiteral("api-0:8000|api.1:8000");
        QTest::newRow("csv format") << QStringLiteral("${instance:csv}")
                                    << QStringLiteral("api-0:8000,api.1:8000");
        QTest::newRow("old brackets") << QStringLiteral("[[window]]") << QStringLiteral("5m");
        QTest::newRow("unknown stays")
            << QStringLiteral("$nope ${nope} [[nope]]") << QStringLiteral("$nope ${nope} [[nope]]");
        QTest::newRow("built-ins stay for the step rule")
            << QStringLiteral("rate(x[$__rate_interval])") << QStringLiteral("rate(x[$__rate_interval])");
    }
    void substitution()
    {
        QFETCH(QString, expr);
        QFETCH(QString, expected);
        QCOMPARE(substituteVariables(expr, values()), expected);
    }

    void mentions()
    {
        QVERIFY(mentionsVariable(QStringLiteral("up{a=\"$job\"}"), QStringLiteral("job")));
        QVERIFY(mentionsVariable(QStringLiteral("${job:regex}"), QStringLiteral("job")));
        QVERIFY(mentionsVariable(QStringLiteral("[[job]]"), QStringLiteral("job")));
        QVERIFY(!mentionsVariable(QStringLiteral("$jobs"), QStringLiteral("job")));
    }

    void changesAndTheirPanels()
    {
        const VariableValues before = values();
        VariableValues after = before;
        VariableValue instance = *before.find(QStringLiteral("instance"));
        instance.all = false;
        instance.selected = instance.options.mid(0, 1);
        after.set(instance);
        QCOMPARE(changedVariables(before, after), QStringList{QStringLiteral("instance")});
        QCOMPARE(changedVariables(before, before), QStringList());
        // All with an allValue writes differently from the same values picked one by one.
        VariableValues picked = before;
        VariableValue every = *before.find(QStringLiteral("instance"));
        every.all = false;
        picked.set(every);
        QCOMPARE(changedVariables(before, picked), QStringList{QStringLiteral("instance")});

        Panel panel;
        panel.title = QStringLiteral("Requests");
        panel.targets.push_back({QStringLiteral("A"), QStringLiteral("rate(x{instance=~\"$instance\"}[5m])"),
                                 QString(), QString()});
        QVERIFY(panelMentionsAny(panel, {QStringLiteral("instance")}));
        QVERIFY(!panelMentionsAny(panel, {QStringLiteral("job")}));
        panel.title = QStringLiteral("Requests of ${job}");
        QVERIFY(panelMentionsAny(panel, {QStringLiteral("job")}));
        panel.title.clear();
        panel.targets.front().legendFormat = QStringLiteral("[[window]]");
        QVERIFY(panelMentionsAny(panel, {QStringLiteral("job"), QStringLiteral("window")}));
    }

    void display()
    {
        QCOMPARE(
            substituteVariablesForDisplay(QStringLiteral("Rate of $job on $instance, ${window}"), values()),
            QStringLiteral("Rate of a on All, 5m"));
    }

    void sorting_data()
    {
        // Grafana's sort modes over worker names as a Celery exporter lists them. Expected orders are
        // Grafana's rules worked by hand: 1/2 compare code units (upper case first), 3/4 the first
        // number in each (none: -1), 5/6 ignore case, 7/8 natural; even modes are the reverse.
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("as answered") << 0 << "worker-10 Worker-2 worker-1 api";
        QTest::newRow("alphabetical") << 1 << "Worker-2 api worker-1 worker-10";
        QTest::newRow("alphabetical desc") << 2 << "worker-10 worker-1 api Worker-2";
        QTest::newRow("numerical") << 3 << "api worker-1 Worker-2 worker-10";
        QTest::newRow("numerical desc") << 4 << "worker-10 Worker-2 worker-1 api";
        QTest::newRow("ignoring case") << 5 << "api worker-1 worker-10 Worker-2";
        QTest::newRow("ignoring case desc") << 6 << "Worker-2 worker-10 worker-1 api";
        QTest::newRow("natural") << 7 << "api worker-1 Worker-2 worker-10";
        QTest::newRow("natural desc") << 8 << "worker-10 Worker-2 worker-1 api";
    }

    void sorting()
    {
        QFETCH(int, mode);
        QFETCH(QString, expected);
        QStringList options{QStringLiteral("worker-10"), QStringLiteral("Worker-2"),
                            QStringLiteral("worker-1"), QStringLiteral("api")};
        sortOptions(options, mode);
        QCOMPARE(options.join(QLatin1Char(' ')), expected);
    }

    void selections()
    {
        const auto s = values().selections();
        QCOMPARE(s.value(QStringLiteral("instance")), QStringLiteral("$__all"));
        QCOMPARE(s.value(QStringLiteral("job")), QStringLiteral("a"));
    }
};

QTEST_GUILESS_MAIN(TestVariables)
#include "tst_variables.moc"
