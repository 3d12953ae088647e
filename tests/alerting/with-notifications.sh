#!/bin/sh
# Runs a test on a virtual display with a private session bus, a real notification server (dunst), so
# notifications are really sent, shown and listed by `dunstctl history`, and a real system tray
# (trayer, an XEmbed tray), for the fallback when no notification server is left. Qt draws on the
# virtual display (xcb), so the tray icon and its message balloon are real windows.
set -eu
DUNSTRC="$(cd "$(dirname "$0")" && pwd)/dunstrc"
export DUNSTRC
exec xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- sh -c '
    dunst -conf "$DUNSTRC" >/dev/null 2>&1 &
    dunst_pid=$!
    trayer --edge top --align right --widthtype request --height 24 >/dev/null 2>&1 &
    tray_pid=$!
    for _ in $(seq 1 50); do
        dunstctl count displayed >/dev/null 2>&1 && break
        sleep 0.1
    done
    status=0
    QT_QPA_PLATFORM=xcb "$@" || status=$?
    kill $dunst_pid $tray_pid 2>/dev/null || true
    exit $status
' sh "$@"
