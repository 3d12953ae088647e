#include "cli/CommandLine.h"

#include "series/TimeZones.h"

#include <QCommandLineParser>

namespace promdeck {

namespace {
const char *const Usage =
    R"(Usage: promdeck [--profile NAME | --prometheus URL] [--dashboard FILE|NAME] [--from T] [--to T] [--refresh D]
                [--timezone ZONE] [--kiosk] [--playlist NAME,NAME... [--interval D]]
  or:  promdeck --replay SNAPSHOT
  or:  promdeck --rewind
  or:  promdeck validate FILE...
  or:  promdeck render --dashboard FILE|NAME [--prometheus URL | --replay SNAPSHOT] [--from T --to T] [--size WxH] -o OUT.png
  or:  promdeck data   --dashboard FILE|NAME [--prometheus URL | --replay SNAPSHOT] [--from T --to T] [--size WxH] -o OUT.json
  or:  promdeck record --dashboard FILE|NAME [--prometheus URL] [--from T --to T] [--var NAME=VALUE] -o SNAPSHOT
  or:  promdeck alerts check --rules FILE...
  or:  promdeck import ID[@REVISION] | --url URL | --file FILE|- [--input NAME=PROFILE] [-o FILE] [--replace | --keep-both]
  or:  promdeck import --configmaps [--namespace NS] [--context NAME] [-o DIR] [--replace | --keep-both]
  promdeck promql check [--var NAME=VALUE] EXPR...      (exit 1 with the message at the first invalid one)
  promdeck promql format EXPR                           (prints it laid out as Prometheus does)
  or:  promdeck alerts backtest --rules FILE [--prometheus URL] --from T --to T [--interval D] -o OUT.json
  or:  promdeck --version
Native desktop dashboards for Prometheus: the window, or a headless command for scripts and tests.

Commands:
  (none)            open the window on a dashboard, live
  --replay          replay a snapshot in the window, with no network
  --rewind          replay what the flight recorder kept of the last hours
  --kiosk           full screen, no menus, toolbar or docks (Esc or F11 leaves)
  --playlist        show these dashboards in turn, each for --interval (default 2m), keeping the range;
                    one name of a playlist saved in View > Playlists… starts that playlist
  validate          check dashboard files; FILE:LINE:COL for every problem
  render            draw a dashboard to a PNG, no display needed
  data              write what every panel shows as JSON
  record            write a snapshot of a dashboard's data
  alerts check      check Prometheus rule files
  alerts backtest   evaluate rules over history and write every transition
  import            save a dashboard from grafana.com (by ID), a URL, pasted JSON (--file -) or
                    the cluster's ConfigMaps (--configmaps) into the dashboards folder

Times (T): RFC 3339 (2026-01-01T00:00:00Z), unix seconds, or relative (now, now-6h).
Durations (D): 5s, 1m, 1h30m; 0 or off turns refresh off.
--timezone ZONE (browser, utc or an IANA name such as Europe/Berlin) shows and rounds times (now/d) in
that zone for this run, over the dashboard's own `timezone` and View > Time zone; without it, a
dashboard's own zone wins, then the setting, then local time (as Grafana does). The window, render,
data and record take it.
Built-in dashboards are opened by name (e.g. --dashboard api).
--profile NAME uses a server profile (its URL, headers, TLS, and its secret from the keychain); it
works with every command that reaches a server. --timeout D bounds each request and the whole command
(default 60s, and 2s more to collect what timed out); at the deadline it names the requests still open
and fails.
With --replay, the dashboard and the time range come from the snapshot unless given; nothing is
fetched from any server.
Import: each data source input is mapped to a profile (--input NAME=PROFILE, else the one it was
mapped to last time, else --profile or the current profile); --grafana-com URL names grafana.com's
API (a mirror); a dashboard imported before is kept unless --replace or --keep-both is given.
)";
} // namespace

CommandLine parseCommandLine(const QStringList &arguments)
{
    CommandLine cl;
    cl.helpText = QString::fromUtf8(Usage);
    QStringList args = arguments;
    if (!args.isEmpty())
        args.removeFirst();
    if (!args.isEmpty() && !args.front().startsWith(QLatin1Char('-'))) {
        const QString verb = args.takeFirst();
        if (verb == u"validate")
            cl.command = CommandLine::Command::Validate;
        else if (verb == u"render")
            cl.command = CommandLine::Command::Render;
        else if (verb == u"data")
            cl.command = CommandLine::Command::Data;
        else if (verb == u"record")
            cl.command = CommandLine::Command::Record;
        else if (verb == u"import")
            cl.command = CommandLine::Command::Import;
        else if (verb == u"help")
            cl.command = CommandLine::Command::Help;
        else if (verb == u"promql") {
            cl.command = CommandLine::Command::Promql;
            cl.files = args;
            return cl;
        } else if (verb == u"alerts") {
            const QString sub = args.isEmpty() ? QString() : args.takeFirst();
            if (sub == u"check")
                cl.command = CommandLine::Command::AlertsCheck;
            else if (sub == u"backtest")
                cl.command = CommandLine::Command::AlertsBacktest;
            else {
                cl.error = QStringLiteral("alerts: expected \"check\" or \"backtest\", got \"%1\"").arg(sub);
                return cl;
            }
        } else {
            cl.error = QStringLiteral(
                           "unknown command \"%1\" (validate, render, data, record, alerts, promql, import)")
                           .arg(verb);
            return cl;
        }
    }

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption prometheus(QStringLiteral("prometheus"), QString(), QStringLiteral("URL"));
    const QCommandLineOption dashboard(QStringLiteral("dashboard"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption from(QStringLiteral("from"), QString(), QStringLiteral("T"));
    const QCommandLineOption to(QStringLiteral("to"), QString(), QStringLiteral("T"));
    const QCommandLineOption refresh(QStringLiteral("refresh"), QString(), QStringLiteral("D"));
    const QCommandLineOption timeZone(QStringLiteral("timezone"), QString(), QStringLiteral("ZONE"));
    const QCommandLineOption size(QStringLiteral("size"), QString(), QStringLiteral("WxH"));
    const QCommandLineOption output(QStringList{QStringLiteral("o"), QStringLiteral("output")}, QString(),
                                    QStringLiteral("FILE"));
    const QCommandLineOption timeout(QStringLiteral("timeout"), QString(), QStringLiteral("D"));
    const QCommandLineOption replay(QStringLiteral("replay"), QString(), QStringLiteral("SNAPSHOT"));
    const QCommandLineOption variable(QStringLiteral("var"), QString(), QStringLiteral("NAME=VALUE"));
    const QCommandLineOption rewind(QStringLiteral("rewind"));
    const QCommandLineOption profile(QStringLiteral("profile"), QString(), QStringLiteral("NAME"));
    const QCommandLineOption rules(QStringLiteral("rules"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption interval(QStringLiteral("interval"), QString(), QStringLiteral("D"));
    const QCommandLineOption url(QStringLiteral("url"), QString(), QStringLiteral("URL"));
    const QCommandLineOption file(QStringLiteral("file"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption configMaps(QStringLiteral("configmaps"));
    const QCommandLineOption nameSpace(QStringList{QStringLiteral("namespace"), QStringLiteral("n")},
                                       QString(), QStringLiteral("NS"));
    const QCommandLineOption context(QStringLiteral("context"), QString(), QStringLiteral("NAME"));
    const QCommandLineOption grafanaCom(QStringLiteral("grafana-com"), QString(), QStringLiteral("URL"));
    const QCommandLineOption input(QStringLiteral("input"), QString(), QStringLiteral("NAME=PROFILE"));
    const QCommandLineOption replace(QStringLiteral("replace"));
    const QCommandLineOption keepBoth(QStringLiteral("keep-both"));
    const QCommandLineOption kiosk(QStringLiteral("kiosk"));
    const QCommandLineOption playlist(QStringLiteral("playlist"), QString(), QStringLiteral("NAMES"));
    const QCommandLineOption version(QStringList{QStringLiteral("version"), QStringLiteral("v")});
    const QCommandLineOption help(QStringList{QStringLiteral("help"), QStringLiteral("h")});
    parser.addOptions({prometheus, dashboard, from,     to,       refresh,    size,      output,
                       timeout,    replay,    variable, rewind,   version,    help,      profile,
                       rules,      interval,  url,      file,     configMaps, nameSpace, context,
                       grafanaCom, input,     replace,  keepBoth, kiosk,      playlist,  timeZone});
    parser.addPositionalArgument(QStringLiteral("files"), QString());

    if (!parser.parse(QStringList{QStringLiteral("promdeck")} + args)) {
        cl.error = parser.errorText();
        return cl;
    }
    if (parser.isSet(help)) {
        cl.command = CommandLine::Command::Help;
        return cl;
    }
    if (parser.isSet(version)) {
        cl.command = CommandLine::Command::Version;
        return cl;
    }
    if (parser.isSet(prometheus)) {
        cl.prometheusUrl = QUrl::fromUserInput(parser.value(prometheus));
        if (!cl.prometheusUrl.isValid() || cl.prometheusUrl.host().isEmpty()) {
            cl.error = QStringLiteral("--prometheus: \"%1\" is not a URL").arg(parser.value(prometheus));
            return cl;
        }
    }
    cl.dashboard = parser.value(dashboard);
    cl.replay = parser.value(replay);
    cl.rewind = parser.isSet(rewind);
    if (!cl.replay.isEmpty() && parser.isSet(prometheus)) {
        cl.error = QStringLiteral("--replay and --prometheus exclude each other: a replay fetches nothing");
        return cl;
    }
    for (const QString &assignment : parser.values(variable)) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            cl.error = QStringLiteral("--var: expected NAME=VALUE, got \"%1\"").arg(assignment);
            return cl;
        }
        cl.variables.insert(assignment.left(eq), assignment.mid(eq + 1));
    }
    for (const auto &[option, target] : {std::pair{&from, &cl.from}, std::pair{&to, &cl.to}}) {
        if (!parser.isSet(*option))
            continue;
        const Result<TimeExpression> time = TimeExpression::parse(parser.value(*option));
        if (!time) {
            cl.error = QStringLiteral("--%1: %2").arg(option->names().front(), time.error().message());
            return cl;
        }
        *target = *time;
    }
    if (parser.isSet(timeZone)) {
        const Result<QTimeZone> zone = timeZoneNamed(parser.value(timeZone));
        if (!zone) {
            cl.error = QStringLiteral("--timezone: %1").arg(zone.error().message());
            return cl;
        }
        cl.timeZone = *zone;
    }
    if (parser.isSet(refresh)) {
        const QString text = parser.value(refresh);
        const auto ms = (text == u"off") ? std::optional<std::int64_t>(0) : parseDurationMs(text);
        if (!ms) {
            cl.error = QStringLiteral("--refresh: cannot read \"%1\" (examples: 5s, 1m, off)").arg(text);
            return cl;
        }
        cl.refreshMs = *ms;
    }
    cl.profile = parser.value(profile);
    cl.ruleFiles = parser.values(rules);
    if (parser.isSet(interval)) {
        const auto ms = parseDurationMs(parser.value(interval));
        if (!ms || *ms <= 0) {
            cl.error =
                QStringLiteral("--interval: cannot read \"%1\" (example: 1m)").arg(parser.value(interval));
            return cl;
        }
        cl.intervalMs = *ms;
    }
    // `--rules a.yml b.yml`, as promtool takes them: the files after --rules are rule files too.
    const bool readsRules =
        cl.command == CommandLine::Command::AlertsCheck || cl.command == CommandLine::Command::AlertsBacktest;
    if (readsRules)
        cl.ruleFiles += parser.positionalArguments();
    if (cl.command == CommandLine::Command::AlertsBacktest &&
        (cl.ruleFiles.isEmpty() || !parser.isSet(from) || !parser.isSet(to) || !parser.isSet(output))) {
        cl.error = QStringLiteral("alerts backtest needs --rules FILE, --from T, --to T and -o OUT.json");
        return cl;
    }
    if (cl.command == CommandLine::Command::AlertsCheck && cl.ruleFiles.isEmpty()) {
        cl.error = QStringLiteral("alerts check needs --rules FILE");
        return cl;
    }
    if (parser.isSet(timeout)) {
        const auto ms = parseDurationMs(parser.value(timeout));
        if (!ms || *ms <= 0) {
            cl.error =
                QStringLiteral("--timeout: cannot read \"%1\" (example: 30s)").arg(parser.value(timeout));
            return cl;
        }
        cl.timeoutMs = *ms;
    }
    if (parser.isSet(size)) {
        const QStringList parts = parser.value(size).split(QLatin1Char('x'));
        const int w = parts.value(0).toInt();
        const int h = parts.value(1).toInt();
        if (parts.size() != 2 || w < 200 || h < 100 || w > 16384 || h > 16384) {
            cl.error = QStringLiteral("--size: expected WIDTHxHEIGHT such as 1600x900, got \"%1\"")
                           .arg(parser.value(size));
            return cl;
        }
        cl.size = QSize(w, h);
    }
    cl.output = parser.value(output);
    if (!readsRules)
        cl.files = parser.positionalArguments();
    cl.kiosk = parser.isSet(kiosk);
    if (parser.isSet(playlist)) {
        for (const QString &name : parser.value(playlist).split(QLatin1Char(','), Qt::SkipEmptyParts))
            cl.playlist << name.trimmed();
        if (cl.playlist.isEmpty())
            cl.error = QStringLiteral("--playlist: name at least one dashboard (--playlist api,redis)");
    }
    if ((cl.kiosk || !cl.playlist.isEmpty()) && cl.command != CommandLine::Command::Window)
        cl.error = QStringLiteral("--kiosk and --playlist are for the window");

    const bool importOptions = parser.isSet(url) || parser.isSet(file) || parser.isSet(configMaps) ||
                               parser.isSet(nameSpace) || parser.isSet(context) || parser.isSet(grafanaCom) ||
                               parser.isSet(input) || parser.isSet(replace) || parser.isSet(keepBoth);
    if (importOptions && cl.command != CommandLine::Command::Import) {
        cl.error =
            QStringLiteral("--url, --file, --configmaps, --namespace, --context, --grafana-com, --input, "
                           "--replace and --keep-both belong to import");
        return cl;
    }
    if (cl.command == CommandLine::Command::Import) {
        cl.importConfigMaps = parser.isSet(configMaps);
        cl.importFile = parser.value(file);
        cl.nameSpace = parser.value(nameSpace);
        cl.context = parser.value(context);
        cl.replace = parser.isSet(replace);
        cl.keepBoth = parser.isSet(keepBoth);
        if (parser.isSet(url)) {
            cl.importUrl = QUrl(parser.value(url), QUrl::StrictMode);
            if (!cl.importUrl.isValid() || cl.importUrl.host().isEmpty()) {
                cl.error = QStringLiteral("--url: \"%1\" is not a URL").arg(parser.value(url));
                return cl;
            }
        }
        if (parser.isSet(grafanaCom)) {
            cl.grafanaComUrl = QUrl(parser.value(grafanaCom), QUrl::StrictMode);
            if (!cl.grafanaComUrl.isValid() || cl.grafanaComUrl.host().isEmpty()) {
                cl.error = QStringLiteral("--grafana-com: \"%1\" is not a URL").arg(parser.value(grafanaCom));
                return cl;
            }
        }
        for (const QString &assignment : parser.values(input)) {
            const qsizetype eq = assignment.indexOf(QLatin1Char('='));
            if (eq <= 0 || eq == assignment.size() - 1) {
                cl.error = QStringLiteral("--input: expected NAME=PROFILE, got \"%1\"").arg(assignment);
                return cl;
            }
            cl.inputProfiles.insert(assignment.left(eq), assignment.mid(eq + 1));
        }
        const QStringList references = parser.positionalArguments();
        const int sources = (references.isEmpty() ? 0 : 1) + (parser.isSet(url) ? 1 : 0) +
                            (parser.isSet(file) ? 1 : 0) + (cl.importConfigMaps ? 1 : 0);
        if (sources != 1 || references.size() > 1)
            cl.error =
                QStringLiteral("import takes one of: a grafana.com ID[@REVISION], --url URL, --file FILE|-, "
                               "--configmaps");
        else if (cl.replace && cl.keepBoth)
            cl.error = QStringLiteral("--replace and --keep-both exclude each other");
        else if (!references.isEmpty())
            cl.importReference = references.front();
        cl.output = parser.value(output);
        return cl;
    }

    switch (cl.command) {
    case CommandLine::Command::Validate:
        if (cl.files.isEmpty())
            cl.error = QStringLiteral("validate: name at least one dashboard file");
        break;
    case CommandLine::Command::Render:
    case CommandLine::Command::Data:
    case CommandLine::Command::Record:
        if (cl.dashboard.isEmpty() && cl.replay.isEmpty())
            cl.error = QStringLiteral("--dashboard is required");
        else if (cl.command == CommandLine::Command::Record && !cl.replay.isEmpty())
            cl.error = QStringLiteral("record reads a server, not a snapshot: use --prometheus");
        else if (cl.output.isEmpty())
            cl.error = QStringLiteral("-o OUT is required");
        break;
    default:
        if (!cl.files.isEmpty())
            cl.error = QStringLiteral("unexpected argument \"%1\"").arg(cl.files.front());
        break;
    }
    return cl;
}

} // namespace promdeck
