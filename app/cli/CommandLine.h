// The command line, parsed once into a typed value: `promdeck [options]` opens the window, the
// subcommands (validate, render, data, record) run headless for scripts and tests.
#pragma once

#include "series/TimeRange.h"

#include <QMap>
#include <QSize>
#include <QStringList>
#include <QUrl>
#include <optional>

namespace promdeck {

struct CommandLine
{
    enum class Command
    {
        Window,
        Validate,
        Render,
        Data,
        Record,
        AlertsCheck,
        AlertsBacktest,
        Import, // import ID[@REV] | --url URL | --file PATH|- | --configmaps
        Promql, // promql check|format: its own arguments, in `files` (an expression may start with '-')
        Version,
        Help
    };
    Command command = Command::Window;
    QUrl prometheusUrl;               // empty: from settings
    QString profile;                  // --profile: a server profile by name
    QString dashboard;                // a file or a built-in name
    QString replay;                   // a snapshot file to read instead of a server
    bool rewind = false;              // open the flight recorder's recording
    QMap<QString, QString> variables; // --var name=value
    std::optional<TimeExpression> from;
    std::optional<TimeExpression> to;
    std::optional<QTimeZone> timeZone; // --timezone: over the dashboard's and the setting's
    std::optional<qint64> refreshMs;
    QSize size{1600, 900};
    QString output;
    QStringList files;                // validate
    QStringList ruleFiles;            // alerts: --rules (repeatable)
    std::optional<qint64> intervalMs; // alerts backtest: --interval; the window: a playlist's
    bool kiosk = false;               // the window: --kiosk
    QStringList playlist;             // the window: --playlist a,b,c
    qint64 timeoutMs = 60'000;        // --timeout: each request, and the whole command (+2 s)
    // import
    QString importReference;              // ID or ID@REVISION (grafana.com)
    QUrl importUrl;                       // --url
    QString importFile;                   // --file (- : standard input)
    bool importConfigMaps = false;        // --configmaps
    QString nameSpace;                    // --namespace (configmaps; empty: the setting)
    QString context;                      // --context (configmaps; empty: the profile's or kubectl's)
    QUrl grafanaComUrl;                   // --grafana-com (empty: the setting)
    QMap<QString, QString> inputProfiles; // --input NAME=PROFILE
    bool replace = false;                 // --replace
    bool keepBoth = false;                // --keep-both
    QString helpText;
    QString error; // set when the arguments are wrong

    // Headless commands never need a display.
    bool isHeadless() const { return command != Command::Window; }
};

CommandLine parseCommandLine(const QStringList &arguments);

} // namespace promdeck
