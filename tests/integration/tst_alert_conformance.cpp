// Promdeck's rule engine against Prometheus' own semantics. Every promtool rule unit-test file in
// tests/alerting/conformance is run twice: by `promtool test rules` (a separate CTest entry) and here,
// where its input series are backfilled into a real Prometheus and Promdeck's engine evaluates the
// rule files at every evaluation interval from time 0, as promtool does, then must show exactly the
// expected firing alerts (labels and annotations) at each eval_time.
#include "alerting/AlertEngine.h"
#include "prometheus/PrometheusClient.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <yaml-cpp/yaml.h>

using namespace promdeck;

namespace {

// Where time 0 of a test is: any minute-aligned instant works; recent enough to stay in retention.
constexpr std::int64_t OriginSeconds = 1767571200;

QString dir()
{
    return test::sourcePath(QStringLiteral("tests/alerting/conformance"));
}

std::int64_t durationMs(const YAML::Node &n, std::int64_t fallback)
{
    if (!n)
        return fallback;
    return parseDurationMs(QString::fromStdString(n.as<std::string>())).value_or(fallback);
}

// promtool's series notation: "a+bxn" (n+1 values), "a-bxn", "_" (missing), "_xn" (n missing), numbers.
std::vector<std::optional<double>> expandValues(const QString &text)
{
    std::vector<std::optional<double>> out;
    static const QRegularExpression step(QStringLiteral("^([-+]?[0-9.eE+]+)([-+])([0-9.eE]+)x(\\d+)$"));
    static const QRegularExpression missing(QStringLiteral("^_x(\\d+)$"));
    for (const QString &token : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (token == u"_") {
            out.emplace_back();
        } else if (const auto m = missing.match(token); m.hasMatch()) {
            for (int i = 0; i < m.captured(1).toInt(); ++i)
                out.emplace_back();
        } else if (const auto s = step.match(token); s.hasMatch()) {
            const double a = s.captured(1).toDouble();
            const double b = s.captured(3).toDouble() * (s.captured(2) == u"-" ? -1 : 1);
            for (int i = 0; i <= s.captured(4).toInt(); ++i)
                out.emplace_back(a + b * i);
        } else {
            out.emplace_back(token.toDouble());
        }
    }
    return out;
}

// `up{job="api", instance="a"}` -> `up{instance="a",job="api"}` is not needed: OpenMetrics takes it
// as written once the spaces after commas are gone.
QString openMetricsSeries(const QString &series)
{
    QString s = series.trimmed();
    s.replace(QRegularExpression(QStringLiteral(",\\s+")), QStringLiteral(","));
    s.replace(QRegularExpression(QStringLiteral("\\{\\s+")), QStringLiteral("{"));
    s.replace(QRegularExpression(QStringLiteral("\\s+\\}")), QStringLiteral("}"));
    return s;
}

QString describe(const std::map<QString, QString> &labels, const QMap<QString, QString> &annotations)
{
    QStringList l, a;
    for (const auto &[k, v] : labels)
        l << k + QStringLiteral("=") + v;
    for (auto it = annotations.begin(); it != annotations.end(); ++it)
        a << it.key() + QStringLiteral("=") + it.value();
    return QStringLiteral("{%1} {%2}").arg(l.join(QLatin1Char(',')), a.join(QLatin1Char(',')));
}

} // namespace

class TestAlertConformance : public QObject
{
    Q_OBJECT
    QNetworkAccessManager m_nam;
    QTemporaryDir m_tmp;

    bool script(const QStringList &args)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedChannels);
        p.start(qEnvironmentVariable("PROMDECK_FIXTURE_SCRIPT"), args);
        return p.waitForFinished(300'000) && p.exitCode() == 0;
    }

private slots:
    void sameVerdictAsPromtool_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &f : QDir(dir()).entryList({QStringLiteral("*.test.yml")}))
            QTest::newRow(qPrintable(f)) << dir() + QLatin1Char('/') + f;
        QVERIFY(QDir(dir()).entryList({QStringLiteral("*.test.yml")}).size() >= 3);
    }
    void sameVerdictAsPromtool()
    {
        QFETCH(QString, file);
        const YAML::Node doc = YAML::LoadFile(file.toStdString());
        const std::int64_t evaluationInterval = durationMs(doc["evaluation_interval"], 60'000);
        std::vector<RuleGroup> groups;
        for (const YAML::Node &r : doc["rule_files"]) {
            const RuleFileResult loaded =
                loadRuleFile(dir() + QLatin1Char('/') + QString::fromStdString(r.as<std::string>()));
            QVERIFY2(loaded.ok(), qPrintable(toStrings(loaded.errors).join(QLatin1Char('\n'))));
            groups.insert(groups.end(), loaded.groups.begin(), loaded.groups.end());
        }
        int testIndex = 0;
        for (const YAML::Node &t : doc["tests"]) {
            // The input series as OpenMetrics, backfilled into a Prometheus of this test's own.
            const std::int64_t interval = durationMs(t["interval"], evaluationInterval);
            const QString work =
                m_tmp.filePath(QStringLiteral("%1-%2").arg(QFileInfo(file).baseName()).arg(testIndex++));
            QVERIFY(QDir().mkpath(work));
            const QString series = work + QStringLiteral("/series.om");
            {
                QFile om(series);
                QVERIFY(om.open(QIODevice::WriteOnly));
                for (const YAML::Node &s : t["input_series"]) {
                    const QString name =
                        openMetricsSeries(QString::fromStdString(s["series"].as<std::string>()));
                    const auto values = expandValues(QString::fromStdString(s["values"].as<std::string>()));
                    for (size_t i = 0; i < values.size(); ++i) {
                        if (!values[i])
                            continue;
                        om.write(QStringLiteral("%1 %2 %3\n")
                                     .arg(name)
                                     .arg(*values[i], 0, 'g', 17)
                                     .arg(OriginSeconds + static_cast<std::int64_t>(i) * interval / 1000)
                                     .toUtf8());
                    }
                }
                om.write("# EOF\n");
            }
            const QString promDir = work + QStringLiteral("/prometheus");
            // Stopped however this test case ends, a failed check included.
            struct Stop
            {
                TestAlertConformance *self;
                QString dir;
                ~Stop() { self->script({QStringLiteral("stop"), dir}); }
            } stop{this, promDir};
            QVERIFY(script({QStringLiteral("start"), promDir,
                            test::sourcePath(QStringLiteral("tests/alerting/copy-series.sh")), series}));
            QFile urlFile(promDir + QStringLiteral("/url"));
            QVERIFY(urlFile.open(QIODevice::ReadOnly));
            PrometheusClient client(
                &m_nam,
                {QUrl(QString::fromUtf8(urlFile.readAll().trimmed())), {}, std::chrono::seconds(20), 2000});

            // Expectations by time; then evaluate from 0 to the last one at the evaluation interval.
            std::multimap<std::int64_t, YAML::Node> checks;
            std::int64_t last = 0;
            for (const YAML::Node &c : t["alert_rule_test"]) {
                const std::int64_t at = durationMs(c["eval_time"], 0);
                checks.emplace(at, c);
                last = std::max(last, at);
            }
            AlertEngine engine(&client, groups);
            QSignalSpy evaluated(&engine, &AlertEngine::evaluated);
            for (std::int64_t at = 0; at <= last; at += evaluationInterval) {
                engine.evaluateAt(OriginSeconds * 1000 + at);
                QVERIFY(evaluated.wait(20'000));
                for (const auto &rule : engine.rules())
                    QVERIFY2(rule->lastError().isEmpty(),
                             qPrintable(rule->rule().name + QStringLiteral(": ") + rule->lastError()));
                const auto [begin, end] = checks.equal_range(at);
                for (auto it = begin; it != end; ++it) {
                    const QString alertname =
                        QString::fromStdString(it->second["alertname"].as<std::string>());
                    QStringList expected, got;
                    for (const YAML::Node &e : it->second["exp_alerts"]) {
                        std::map<QString, QString> labels{{QStringLiteral("alertname"), alertname}};
                        QMap<QString, QString> annotations;
                        for (const auto &kv : e["exp_labels"])
                            labels[QString::fromStdString(kv.first.as<std::string>())] =
                                QString::fromStdString(kv.second.as<std::string>());
                        for (const auto &kv : e["exp_annotations"])
                            annotations.insert(QString::fromStdString(kv.first.as<std::string>()),
                                               QString::fromStdString(kv.second.as<std::string>()));
                        expected << describe(labels, annotations);
                    }
                    for (const auto &rule : engine.rules()) {
                        if (rule->rule().name != alertname)
                            continue;
                        for (const auto &[labels, instance] : rule->instances())
                            if (instance.state == AlertState::Firing)
                                got << describe(labels, instance.annotations);
                    }
                    expected.sort();
                    got.sort();
                    QVERIFY2(got == expected,
                             qPrintable(QStringLiteral("%1 at %2 s:\n  expected %3\n  got      %4")
                                            .arg(alertname)
                                            .arg(at / 1000)
                                            .arg(expected.join(QStringLiteral("; ")),
                                                 got.join(QStringLiteral("; ")))));
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestAlertConformance)
#include "tst_alert_conformance.moc"
