#!/usr/bin/env bash
# Installs everything Promdeck needs to build, test and run its demo on Debian 12 (as root).
# Safe to run again: apt-get skips what is already there.
set -euo pipefail
if [ "$(id -u)" != 0 ]; then
    echo "run as root (apt-get install)" >&2
    exit 1
fi
packages=(
    # build
    g++ cmake ninja-build pkg-config clang-format
    # fuzzing: clang with its libFuzzer runtime
    clang libclang-rt-14-dev
    qt6-base-dev qt6-charts-dev libgl-dev qtkeychain-qt6-dev
    libfast-float-dev libsimdjson-dev libyaml-cpp-dev
    # run, offscreen rendering and the window under a virtual display
    fonts-dejavu-core xvfb xauth
    # tests: a real Prometheus and promtool, an HTTP probe, packaging
    prometheus curl dpkg-dev file
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
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# Debian's prometheus package starts a system service where systemd runs; the tests and the demo start
# their own on free loopback ports and need nothing from it.
