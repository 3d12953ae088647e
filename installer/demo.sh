#!/usr/bin/env bash
# Installs what is missing, builds Promdeck, starts a local demo Prometheus on 127.0.0.1 with the
# project's realistic data for the whole event system (the last 24 hours up to now, with the incidents
# of tests/fixtures/INCIDENTS.md), and opens Promdeck on the overview dashboard. Without a display it says how to run the window under Xvfb and renders
# the dashboard to a PNG instead.
set -euo pipefail
cd "$(dirname "$0")/.."
installer/install-deps.sh
cmake --preset release -DPROMDECK_BUILD_TESTS=ON >/dev/null
cmake --build --preset release -j "$(nproc)" --target promdeck promdeck-fixture
build=build/release
work=$build/demo-prometheus
tests/fixtures/prometheus-fixture.sh start "$work" "$build/tests/promdeck-fixture" --end "$(date +%s)"
url=$(cat "$work/url")
trap 'tests/fixtures/prometheus-fixture.sh stop "$work"' EXIT
echo "demo Prometheus: $url"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    "$build/app/promdeck" --prometheus "$url" --dashboard overview --from now-24h --to now
else
    "$build/app/promdeck" render --dashboard overview --prometheus "$url" --from now-24h --to now -o "$build/demo-overview.png"
    cat <<TEXT

No display here. The overview was rendered to $build/demo-overview.png.
To open the window under a virtual display, keep a demo Prometheus running and use xvfb-run:
  tests/fixtures/prometheus-fixture.sh start $work $build/tests/promdeck-fixture --end \$(date +%s)
  xvfb-run -a -s '-screen 0 1600x1000x24' $build/app/promdeck --prometheus \$(cat $work/url) --dashboard overview
Headless commands: $build/app/promdeck --help (validate, render, data).
TEXT
fi
