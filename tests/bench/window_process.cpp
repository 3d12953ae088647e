#include "window_process.h"

#include "support/TestSupport.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimeZone>
#include <algorithm>
#include <cstdio>
#include <unistd.h>
#include <vector>

namespace promdeck::bench {

namespace {

QString isoTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).toString(Qt::ISODate);
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// A promdeck window in its own home directory, read through its stderr and /proc.
class WindowProcess
{
public:
    WindowProcess(const QUrl &prometheus, const QStringList &options, int refreshOnSettle = 0)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("PROMDECK_REPORT_READY"), QStringLiteral("1"));
        if (refreshOnSettle > 0)
            env.insert(QStringLiteral("PROMDECK_REFRESH_ON_SETTLE"), QString::number(refreshOnSettle));
        // A first start on a clean desktop: no settings, history or recorder of anyone's.
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS")); // no notifications or keychain of the host's
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::MergedChannels); // its report is on stderr
        // The fixture's day: the overview's own "last 6 hours" would have no data.
        const QStringList arguments =
            QStringList{QStringLiteral("--prometheus"), prometheus.toString(),
                        QStringLiteral("--dashboard"),  QStringLiteral("overview"),
                        QStringLiteral("--from"),       isoTime(test::FixtureStartMs + 12 * 3'600'000),
                        QStringLiteral("--to"),         isoTime(test::FixtureStartMs + 18 * 3'600'000)} +
            options;
        m_clock.start();
        m_process.start(QStringLiteral(PROMDECK_BINARY), arguments);
    }
    ~WindowProcess()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }

    // Waits for a stderr line starting with `prefix`; returns it (empty: none in time, or the process ended).
    QString waitForLine(const QString &prefix, int timeoutMs)
    {
        QElapsedTimer waited;
        waited.start();
        while (waited.elapsed() < timeoutMs) {
            while (m_process.canReadLine()) {
                const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
                m_lastLines.append(line);
                if (m_lastLines.size() > 20)
                    m_lastLines.removeFirst();
                if (line.startsWith(prefix))
                    return line;
            }
            if (m_process.state() == QProcess::NotRunning)
                return {};
            m_process.waitForReadyRead(100);
        }
        return {};
    }
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    QString lastLines() const { return m_lastLines.join(QLatin1Char('\n')); }

    // The process' own CPU time (user + system) so far, from /proc/PID/stat.
    double cpuSeconds() const
    {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(m_process.processId()));
        if (!stat.open(QIODevice::ReadOnly))
            return -1;
        const QByteArray text = stat.readAll();
        // Fields after the command name (which may hold spaces, inside parentheses): utime is the 14th
        // field of the line, stime the 15th.
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() < 13)
            return -1;
        return (fields[11].toDouble() + fields[12].toDouble()) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
    // A line of /proc/PID/status in megabytes (VmRSS: now; VmHWM: the peak).
    double statusMb(const char *field) const
    {
        QFile status(QStringLiteral("/proc/%1/status").arg(m_process.processId()));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : status.readAll().split('\n'))
            if (line.startsWith(field))
                return line.mid(static_cast<int>(qstrlen(field))).trimmed().split(' ').first().toDouble() /
                       1024.0;
        return -1;
    }

private:
    QTemporaryDir m_home;
    QProcess m_process;
    QElapsedTimer m_clock;
    QStringList m_lastLines;
};

const QString Ready = QStringLiteral("promdeck: ready: painted with data");
const QString Settled = QStringLiteral("promdeck: ready: refresh");

} // namespace

bool benchStartupOverview(const QUrl &prometheus, bool quick)
{
    const int runs = quick ? 1 : 5;
    std::vector<double> firstPaint, ownClock, processStart;
    for (int r = 0; r < runs; ++r) {
        {
            QElapsedTimer started;
            started.start();
            QProcess version;
            version.start(QStringLiteral(PROMDECK_BINARY), {QStringLiteral("--version")});
            if (!version.waitForFinished(30'000) || version.exitCode() != 0) {
                std::fprintf(stderr, "startup_overview: promdeck --version did not run\n");
                return false;
            }
            processStart.push_back(static_cast<double>(started.nsecsElapsed()) / 1e6);
        }
        WindowProcess window(prometheus, {QStringLiteral("--refresh"), QStringLiteral("off")});
        const QString line = window.waitForLine(Ready, 60'000);
        if (line.isEmpty()) {
            std::fprintf(stderr, "startup_overview: the overview was never painted with data:\n%s\n",
                         qPrintable(window.lastLines()));
            return false;
        }
        firstPaint.push_back(static_cast<double>(window.elapsedMs()));
        // "... painted with data N ms after start": the process' own clock, from the top of main().
        ownClock.push_back(line.section(QLatin1Char(' '), 5, 5).toDouble());
    }
    std::printf("bench startup_overview first_paint_ms=%.0f baseline_process_start_ms=%.0f "
                "own_clock_first_paint_ms=%.0f worst_first_paint_ms=%.0f runs=%d\n",
                median(firstPaint), median(processStart), median(ownClock),
                *std::max_element(firstPaint.begin(), firstPaint.end()), runs);
    std::fflush(stdout);
    return true;
}

bool benchCpuIdle(const QUrl &prometheus, bool quick)
{
    // A window of wall time long enough to hold several 10 s refreshes (the quick run, a smoke test of the
    // suite, refreshes every 2 s instead).
    const int offSeconds = quick ? 3 : 30, onSeconds = quick ? 5 : 60;
    const QString interval = quick ? QStringLiteral("2s") : QStringLiteral("10s");
    double offPct = -1, onPct = -1;
    long long refreshes = 0;
    for (const bool refreshing : {false, true}) {
        WindowProcess window(prometheus,
                             {QStringLiteral("--refresh"), refreshing ? interval : QStringLiteral("off")});
        if (window.waitForLine(Ready, 60'000).isEmpty()) {
            std::fprintf(stderr, "cpu_idle_pct: the overview was never painted with data:\n%s\n",
                         qPrintable(window.lastLines()));
            return false;
        }
        // What follows the first paint (late layouts, the dock) settles. Refresh off, the full run waits past
        // the first minute: until then the data's age reads in seconds, and the status line is redrawn once
        // a second on purpose.
        QThread::msleep(quick ? 500 : refreshing ? 2000 : 62'000);
        const double before = window.cpuSeconds();
        QElapsedTimer wall;
        wall.start();
        const int seconds = refreshing ? onSeconds : offSeconds;
        long long settled = 0;
        while (wall.elapsed() < seconds * 1000)
            if (!window.waitForLine(Settled, static_cast<int>(seconds * 1000 - wall.elapsed())).isEmpty())
                ++settled;
        const double used = window.cpuSeconds() - before;
        if (before < 0 || used < 0) {
            std::fprintf(stderr, "cpu_idle_pct: cannot read the process' CPU time\n");
            return false;
        }
        const double pct = used / (static_cast<double>(wall.elapsed()) / 1000.0) * 100.0;
        if (refreshing) {
            onPct = pct;
            refreshes = settled;
            if (settled == 0) {
                std::fprintf(stderr, "cpu_idle_pct: no refresh happened in %d s at a 10 s interval\n",
                             seconds);
                return false;
            }
        } else {
            offPct = pct;
            if (settled > 0) { // the overview's own "30s" must not win over --refresh off
                std::fprintf(stderr, "cpu_idle_pct: %lld refreshes with --refresh off\n", settled);
                return false;
            }
        }
    }
    std::printf("bench cpu_idle_pct refresh_off_pct=%.2f refresh_%s_pct=%.2f refresh_off_window_s=%d "
                "refresh_on_window_s=%d refreshes_seen=%lld\n",
                offPct, qPrintable(interval), onPct, offSeconds, onSeconds, refreshes);
    std::fflush(stdout);
    return true;
}

bool benchSoakRefresh(const QUrl &prometheus, bool quick, int cycles)
{
    if (cycles <= 0)
        cycles = quick ? 15 : 10'000;
    const int warmUp = std::min(quick ? 5 : 500, cycles / 2);
    WindowProcess window(prometheus, {QStringLiteral("--refresh"), QStringLiteral("off")}, cycles);
    if (window.waitForLine(Ready, 60'000).isEmpty()) {
        std::fprintf(stderr, "soak_refresh: the overview was never painted with data:\n%s\n",
                     qPrintable(window.lastLines()));
        return false;
    }
    QElapsedTimer soaking;
    soaking.start();
    double rssStart = -1;
    int seen = 0;
    // Generous: a cycle of the overview takes tens of milliseconds; a stuck refresh must end the case.
    while (seen < cycles) {
        const QString line = window.waitForLine(Settled, 60'000);
        if (line.isEmpty()) {
            std::fprintf(stderr, "soak_refresh: refresh %d never settled:\n%s\n", seen + 1,
                         qPrintable(window.lastLines()));
            return false;
        }
        ++seen;
        if (seen == warmUp)
            rssStart = window.statusMb("VmRSS:");
    }
    const double rssEnd = window.statusMb("VmRSS:"), peak = window.statusMb("VmHWM:");
    std::printf("bench soak_refresh rss_start_mb=%.1f rss_end_mb=%.1f growth_mb=%.1f peak_rss_mb=%.1f "
                "refreshes=%d warm_up_refreshes=%d seconds=%.0f\n",
                rssStart, rssEnd, rssEnd - rssStart, peak, seen, warmUp,
                static_cast<double>(soaking.elapsed()) / 1000.0);
    std::fflush(stdout);
    return true;
}

} // namespace promdeck::bench
