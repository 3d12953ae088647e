// PromQL conformance with the real thing: every expression of the corpus (tests/testdata/promql), of
// the built-in dashboards and rule files and of the real published dashboards (after variable
// substitution) goes to Debian's `promtool check rules` (Prometheus 2.42) in one rule file, and
// Promdeck's parser must accept exactly what promtool accepts. How often the error sits at the same
// place, and reads the same, is measured and printed.
#include "alerting/AlertRule.h"
#include "dashboard/DashboardLoader.h"
#include "promql/Parser.h"
#include "promql/Templating.h"
#include "query/QueryCheck.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <yaml-cpp/yaml.h>

using namespace promdeck;

namespace {

struct Sample
{
    QByteArray expr;
    QString from; // where it was taken from, for messages
};

// A YAML double-quoted scalar holding exactly `text`.
QByteArray yamlQuoted(const QByteArray &text)
{
    QByteArray out = "\"";
    const QString unicode = QString::fromUtf8(text);
    for (const char32_t c : unicode.toUcs4()) {
        if (c == U'"' || c == U'\\') {
            out += '\\';
            out += char(c);
        } else if (c == U'\n') {
            out += "\\n";
        } else if (c == U'\t') {
            out += "\\t";
        } else if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0xFEFF || (c >= 0xD800 && c < 0xE000)) {
            out += "\\u" + QByteArray::number(uint(c), 16).rightJustified(4, '0');
        } else {
            out += QString::fromUcs4(&c, 1).toUtf8();
        }
    }
    return out + '"';
}

QList<Sample> corpus()
{
    QList<Sample> out;
    QFile file(test::testDataPath(QStringLiteral("promql/corpus.txt")));
    if (!file.open(QIODevice::ReadOnly))
        return out;
    int line = 0;
    for (const QByteArray &text : file.readAll().split('\n')) {
        ++line;
        if (text.isEmpty() || text.startsWith('#'))
            continue;
        const QString expr = QJsonDocument::fromJson('[' + text + ']').array().at(0).toString();
        out.push_back({expr.toUtf8(), QStringLiteral("corpus.txt:%1").arg(line)});
    }
    return out;
}

// Every panel query, its variables filled as `promdeck validate` fills them.
QList<Sample> dashboardQueries(const QString &dir)
{
    QList<Sample> out;
    for (const QString &name : QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        const DashboardLoadResult loaded = loadDashboardFile(dir + QLatin1Char('/') + name);
        if (!loaded.ok())
            continue;
        const VariableValues values = offlineVariableValues(*loaded.dashboard);
        const promql::VariableLookup lookup = [&values](const QString &variable,
                                                        const QString &format) -> std::optional<QString> {
            if (const VariableValue *v = values.find(variable))
                return formatVariable(*v, format);
            return std::nullopt;
        };
        for (const Panel &p : loaded.dashboard->panels)
            for (const Target &t : p.targets)
                if (!t.expr.trimmed().isEmpty() &&
                    (t.datasourceType.isEmpty() || isPrometheusDatasourceType(t.datasourceType)))
                    out.push_back({promql::substituteVariables(t.expr.toUtf8(), lookup).text,
                                   QStringLiteral("%1 panel \"%2\" %3").arg(name, p.title, t.refId)});
    }
    return out;
}

// Every `expr` of a rule file, recording rules included.
QList<Sample> ruleExpressions(const QString &path)
{
    QList<Sample> out;
    const YAML::Node root = YAML::LoadFile(path.toStdString());
    for (const YAML::Node &group : root["groups"])
        for (const YAML::Node &rule : group["rules"])
            out.push_back({QByteArray::fromStdString(rule["expr"].as<std::string>()),
                           QStringLiteral("%1 rule %2")
                               .arg(QFileInfo(path).fileName(),
                                    QString::fromStdString(
                                        (rule["alert"] ? rule["alert"] : rule["record"]).Scalar()))});
    return out;
}

} // namespace

class TestPromqlConformance : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        m_samples += corpus();
        QVERIFY2(m_samples.size() >= 500, "the corpus is missing or small");
        m_corpusSize = int(m_samples.size());
        m_samples += dashboardQueries(test::sourcePath(QStringLiteral("dashboards")));
        m_samples += dashboardQueries(test::testDataPath(QStringLiteral("grafana-dashboards")));
        QStringList ruleFiles{test::sourcePath(QStringLiteral("dashboards/event-system.rules.yml")),
                              test::sourcePath(QStringLiteral("tests/alerting/server-side.rules.yml"))};
        const QDir conformance(test::sourcePath(QStringLiteral("tests/alerting/conformance")));
        for (const QString &f : conformance.entryList({QStringLiteral("*.yml")}, QDir::Files))
            if (!f.endsWith(QLatin1String(".test.yml")))
                ruleFiles << conformance.filePath(f);
        for (const QString &f : ruleFiles)
            m_samples += ruleExpressions(f);
        QVERIFY(m_samples.size() > m_corpusSize + 300);
    }

    void agreesWithPromtool()
    {
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        QVERIFY2(!promtool.isEmpty(), "promtool is not installed (installer/install-deps.sh installs it)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString rules = dir.filePath(QStringLiteral("all.rules.yml"));
        QFile file(rules);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("groups:\n- name: conformance\n  rules:\n");
        for (qsizetype i = 0; i < m_samples.size(); ++i)
            file.write("  - record: r" + QByteArray::number(i) +
                       "\n    expr: " + yamlQuoted(m_samples[i].expr) + '\n');
        file.close();

        // One run for all: promtool reports every rule's error, each on a line of its own.
        QProcess process;
        process.start(promtool, {QStringLiteral("check"), QStringLiteral("rules"),
                                 QStringLiteral("--lint=none"), rules});
        QVERIFY(process.waitForFinished(60'000));
        const QString stderrText = QString::fromUtf8(process.readAllStandardError());
        QHash<int, QString> theirs;
        static const QRegularExpression line(
            QStringLiteral("rule (\\d+), \"r\\d+\": could not parse expression: (.*)$"));
        int last = -1;
        for (const QString &l : stderrText.split(QLatin1Char('\n'))) {
            const QRegularExpressionMatch m = line.match(l);
            if (m.hasMatch()) {
                last = m.captured(1).toInt() - 1;
                theirs.insert(last, m.captured(2));
            } else if (last >= 0 && !l.startsWith(rules) && !l.isEmpty() &&
                       !l.startsWith(QLatin1String("  FAILED"))) {
                theirs[last] += QLatin1Char('\n') + l; // a message that spans lines (a regex with a newline)
            }
        }
        QVERIFY2(process.exitCode() == 0 || !theirs.isEmpty(), qPrintable(stderrText.left(2000)));

        QStringList verdictDisagreements;
        int rejected = 0;
        int samePlace = 0;
        int sameWords = 0;
        for (qsizetype i = 0; i < m_samples.size(); ++i) {
            const promql::ParseResult ours = promql::parse(QByteArrayView(m_samples[i].expr));
            const bool theyAccept = !theirs.contains(int(i));
            if (ours.ok() != theyAccept) {
                verdictDisagreements << QStringLiteral("%1: %2\n  promtool: %3\n  promdeck: %4")
                                            .arg(m_samples[i].from, QString::fromUtf8(m_samples[i].expr),
                                                 theyAccept ? QStringLiteral("ok") : theirs.value(int(i)),
                                                 ours.ok() ? QStringLiteral("ok") : ours.error->toString());
                continue;
            }
            if (theyAccept)
                continue;
            ++rejected;
            const QString mine = ours.error->toString();
            const QString theirWords = theirs.value(int(i));
            if (mine.section(QLatin1Char(' '), 0, 0) == theirWords.section(QLatin1Char(' '), 0, 0))
                ++samePlace;
            else
                qInfo("position differs: %s\n  promtool: %s\n  promdeck: %s", qPrintable(m_samples[i].from),
                      qPrintable(theirWords), qPrintable(mine));
            if (mine == theirWords)
                ++sameWords;
        }
        const qsizetype total = m_samples.size();
        qInfo("conformance: %lld expressions (%d from the corpus, %lld from dashboards and rule files), "
              "%d refused by promtool",
              static_cast<long long>(total), m_corpusSize, static_cast<long long>(total - m_corpusSize),
              rejected);
        qInfo("conformance: accept/reject agreement %lld/%lld (%.1f%%); same position %d/%d (%.1f%%); same "
              "message %d/%d (%.1f%%)",
              static_cast<long long>(total - verdictDisagreements.size()), static_cast<long long>(total),
              100.0 * double(total - verdictDisagreements.size()) / double(total), samePlace, rejected,
              rejected ? 100.0 * samePlace / rejected : 100.0, sameWords, rejected,
              rejected ? 100.0 * sameWords / rejected : 100.0);
        QVERIFY2(verdictDisagreements.isEmpty(), qPrintable(verdictDisagreements.join(QLatin1Char('\n'))));
        QVERIFY(rejected > 300); // the corpus exercises the errors, not only the happy path
    }

    void builtInDashboardsAndRulesParse()
    {
        const QString dir = test::sourcePath(QStringLiteral("dashboards"));
        const QStringList files = QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files);
        QVERIFY(!files.isEmpty());
        for (const QString &name : files) {
            const DashboardLoadResult loaded = loadDashboardFile(dir + QLatin1Char('/') + name);
            QVERIFY2(loaded.ok(), qPrintable(name));
            const std::vector<Error> errors = checkPanelQueries(*loaded.dashboard);
            QVERIFY2(errors.empty(), qPrintable(toStrings(errors).join(QLatin1Char('\n'))));
        }
        const RuleFileResult rules = loadRuleFile(dir + QStringLiteral("/event-system.rules.yml"));
        QVERIFY2(rules.ok(), qPrintable(toStrings(rules.errors).join(QLatin1Char('\n'))));
        QVERIFY(rules.duplicates.isEmpty());
        QCOMPARE(rules.rulesFound, rules.ruleCount()); // all alerting, all evaluated
    }

private:
    QList<Sample> m_samples;
    int m_corpusSize = 0;
};

QTEST_GUILESS_MAIN(TestPromqlConformance)
#include "tst_promql_conformance.moc"
