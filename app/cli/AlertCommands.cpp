#include "cli/AlertCommands.h"

#include "alerting/AlertEngine.h"
#include "alerting/GroupClock.h"
#include "cli/CommandSession.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <cmath>
#include <cstdio>

namespace promdeck {

namespace {

std::optional<std::vector<RuleGroup>> loadAll(const QStringList &files)
{
    std::vector<RuleGroup> groups;
    bool ok = true;
    for (const QString &file : files) {
        RuleFileResult r = loadRuleFile(file);
        for (const Error &e : r.errors)
            std::printf("%s\n", qPrintable(e.toString()));
        for (const Error &w : r.warnings)
            std::printf("%s\n", qPrintable(w.toString()));
        if (!r.ok()) {
            ok = false;
            continue;
        }
        for (RuleGroup &g : r.groups)
            groups.push_back(std::move(g));
    }
    if (!ok)
        return std::nullopt;
    return groups;
}

} // namespace

// As `promtool check rules` writes it: "Checking FILE", then SUCCESS with the count on stdout, or
// FAILED and the errors on stderr; duplicates are a lint error that does not fail the check.
int runAlertsCheck(const CommandLine &cl)
{
    bool failed = false;
    for (const QString &file : cl.ruleFiles) {
        std::printf("Checking %s\n", qPrintable(file));
        std::fflush(stdout);
        const RuleFileResult r = loadRuleFile(file);
        if (!r.ok()) {
            std::fprintf(stderr, "  FAILED:\n");
            for (const Error &e : r.errors)
                std::fprintf(stderr, "%s\n", qPrintable(e.toString()));
            failed = true;
        } else if (!r.duplicates.isEmpty()) {
            std::fprintf(
                stderr,
                "  FAILED:\nlint error %lld duplicate rule(s) found.\n%sMight cause inconsistency while "
                "recording expressions\n",
                static_cast<long long>(r.duplicates.size()), qPrintable(r.duplicates.join(QString())));
        } else {
            std::printf("  SUCCESS: %d rules found\n", r.rulesFound);
        }
        std::fflush(stderr);
        std::printf("\n");
    }
    return failed ? 1 : 0;
}

int runAlertsBacktest(const CommandLine &cl)
{
    auto groups = loadAll(cl.ruleFiles);
    if (!groups)
        return 1;
    // The server as every command reaches it (--profile, --prometheus, --timeout).
    CommandSession session(cl);
    if (!session.connect())
        return 1;
    DataSource &source = *session.source();

    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    const std::int64_t from = cl.from->resolve(now, RangeEnd::From, QTimeZone::systemTimeZone());
    const std::int64_t to = cl.to->resolve(now, RangeEnd::To, QTimeZone::systemTimeZone());
    if (to < from) {
        printError(QStringLiteral("--to is before --from"));
        return 1;
    }
    // Each group at its own interval and instants, as the window and Prometheus run it; --interval
    // stands for Prometheus' evaluation_interval, for the groups that have none (default 1m).
    std::int64_t evaluations = 0;
    for (RuleGroup &g : *groups) {
        if (g.intervalMs <= 0)
            g.intervalMs = cl.intervalMs.value_or(GroupClock::DefaultIntervalMs);
        evaluations +=
            static_cast<std::int64_t>(GroupClock(g.name, g.file, g.intervalMs).instantsMs(from, to).size());
    }

    AlertEngine engine(&source, *groups);
    QJsonArray transitions;
    QJsonArray errors;
    QObject::connect(
        &engine, &AlertEngine::evaluated, &engine, [&](qint64, const std::vector<AlertTransition> &changes) {
            for (const AlertTransition &t : changes) {
                if (t.alertname == u"PromdeckServerUnreachable")
                    continue; // a backtest reports its failures as errors
                QJsonObject labels;
                for (const auto &[name, value] : t.labels)
                    labels.insert(name, value);
                transitions.append(QJsonObject{
                    {QStringLiteral("time_ms"), static_cast<qint64>(t.timeMs)},
                    {QStringLiteral("alertname"), t.alertname},
                    {QStringLiteral("labels"), labels},
                    {QStringLiteral("from"), alertStateName(t.from)},
                    {QStringLiteral("to"), alertStateName(t.to)},
                    {QStringLiteral("value"), std::isfinite(t.value) ? QJsonValue(t.value) : QJsonValue()},
                });
            }
        });
    QEventLoop loop;
    QObject::connect(&engine, &AlertEngine::finished, &loop, &QEventLoop::quit);
    engine.backtest(from, to);
    loop.exec();
    for (const auto &rule : engine.rules())
        if (!rule->lastError().isEmpty())
            errors.append(QStringLiteral("%1: %2").arg(rule->rule().name, rule->lastError()));

    QJsonObject out{{QStringLiteral("transitions"), transitions}};
    if (!errors.isEmpty())
        out.insert(QStringLiteral("errors"), errors);
    QSaveFile file(cl.output);
    if (!file.open(QIODevice::WriteOnly)) {
        printError(QStringLiteral("%1: %2").arg(cl.output, file.errorString()));
        return 1;
    }
    file.write(QJsonDocument(out).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        printError(QStringLiteral("%1: %2").arg(cl.output, file.errorString()));
        return 1;
    }
    std::printf("%s: %lld transitions over %lld group evaluations\n", qPrintable(cl.output),
                static_cast<long long>(transitions.size()), static_cast<long long>(evaluations));
    for (const QJsonValue &e : errors)
        printError(e.toString());
    return errors.isEmpty() ? 0 : 1;
}

} // namespace promdeck
