#!/bin/sh
# Runs a test on a virtual display with a private session bus and a real notification server (dunst),
# so notifications are really sent, shown and listed by `dunstctl history`.
set -eu
DUNSTRC="$(cd "$(dirname "$0")" && pwd)/dunstrc"
export DUNSTRC
exec xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- sh -c '
    dunst -conf "$DUNSTRC" >/dev/null 2>&1 &
    dunst_pid=$!
    for _ in $(seq 1 50); do
        dunstctl count displayed >/dev/null 2>&1 && break
        sleep 0.1
    done
    status=0
    "$@" || status=$?
    kill $dunst_pid 2>/dev/null || true
    exit $status
' sh "$@"
