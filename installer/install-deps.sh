#!/usr/bin/env bash
# Installs everything Promdeck needs to build, test and run its demo on Debian 12 (as root).
# Safe to run again: what is already installed is not asked of the mirror at all.
#   install-deps.sh          installs what is missing
#   install-deps.sh --list   prints the packages (tests/installer/check_deps.py reads them)
set -euo pipefail
packages=(
    # build (Qt6Charts' CMake config needs Qt6OpenGL's, which qt6-charts-dev does not pull in)
    g++ cmake ninja-build pkg-config clang-format help2man
    # fuzzing: clang with its libFuzzer runtime
    clang libclang-rt-14-dev
    qt6-base-dev qt6-charts-dev libqt6opengl6-dev libgl-dev qtkeychain-qt6-dev zlib1g-dev
    libfast-float-dev libsimdjson-dev libyaml-cpp-dev libxxhash-dev
    # run, offscreen rendering and the window under a virtual display, driven as a person would:
    # real input events (xdotool) and the accessibility tree (AT-SPI)
    fonts-dejavu-core xvfb xauth xdotool at-spi2-core python3-pyatspi imagemagick
    # a stand-in for the desktop's settings portal (light or dark) on the test's session bus
    python3-dbus python3-gi
    # tests: a real Prometheus and promtool, an HTTP probe, packaging and what checks the package
    prometheus curl dpkg-dev file desktop-file-utils appstream man-db
    # the live demo stack (installer/live-stack): real stores and exporters, a FastAPI service and a
    # Celery worker from Debian's Python packages
    redis-server prometheus-redis-exporter postgresql prometheus-postgres-exporter prometheus-node-exporter
    python3 python3-fastapi python3-uvicorn python3-prometheus-client python3-celery python3-redis
    python3-psycopg2
    # connections: a real Secret Service (and its unlock prompter) for the keychain tests, a session bus,
    # VictoriaMetrics
    gnome-keyring gcr libsecret-tools dbus victoria-metrics
    # alerting: the alert history's SQLite driver, a real notification server and system tray, Alertmanager
    libqt6sql6-sqlite dunst trayer prometheus-alertmanager
)
if [ "${1:-}" = "--list" ]; then
    printf '%s\n' "${packages[@]}"
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "install-deps: run as root (it calls apt-get install)" >&2
    exit 1
fi
not_installed() { # the packages of the list that dpkg does not have installed
    local p
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
    done
}
missing=($(not_installed))
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# apt-get update reports an unreachable mirror as a warning and exits 0; say it in one line instead of
# letting the build fail later in CMake.
if ! apt-get update >"$log" 2>&1 || grep -qE '^(W: Failed to fetch|W: Some index files failed|E: )' "$log"; then
    echo "install-deps: the Debian package mirror cannot be reached: $(grep -m1 -E '^(E|W|Err):' "$log" || tail -n 1 "$log")" >&2
    echo "install-deps: check the network and /etc/apt/sources.list, then run this again; nothing was installed" >&2
    exit 1
fi
apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1 || true
still=($(not_installed))
if [ ${#still[@]} -gt 0 ]; then
    echo "install-deps: apt-get could not install ${still[*]}: $(grep -m1 -E '^E: ' "$log" || tail -n 1 "$log")" >&2
    exit 1
fi
echo "install-deps: done"
# Debian's prometheus package starts a system service where systemd runs; the tests and the demo start
# their own on free loopback ports and need nothing from it.
