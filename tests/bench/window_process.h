// Cases that watch the real promdeck process from outside, as an operator's desktop runs it (the window on
// Qt's offscreen platform, the fixture Prometheus on loopback, a fresh home directory):
//   bench startup_overview first_paint_ms=X baseline_process_start_ms=Y ... (process start to the overview
//     painted with data; baseline: `promdeck --version`, the cost of starting the program at all)
//   bench cpu_idle_pct refresh_off_pct=X refresh_10s_pct=Y ... (the process' own CPU time over a window of
//     wall time, refresh off and every 10 s)
//   bench soak_refresh rss_start_mb=X rss_end_mb=Y refreshes=N ... (the overview refreshed as fast as the
//     fixture answers; RSS after warm-up and at the end, from /proc)
// Each returns false when it could not measure what it promises (the run then fails).
#pragma once

#include <QUrl>

namespace promdeck::bench {

bool benchStartupOverview(const QUrl &prometheus, bool quick);
bool benchCpuIdle(const QUrl &prometheus, bool quick);
// `cycles`: how many refreshes (0: 10,000, or 15 in a quick run).
bool benchSoakRefresh(const QUrl &prometheus, bool quick, int cycles = 0);

} // namespace promdeck::bench
