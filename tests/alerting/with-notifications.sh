#!/bin/sh
# Runs a test on a virtual display with a private session bus, a real notification server (dunst), so
# notifications are really sent, shown and listed by `dunstctl history`, and a real system tray
# (trayer, an XEmbed tray), for the fallback when no notification server is left. Qt draws on the
# virtual display (xcb), so the tray icon and its message balloon are real windows.
# The test checks that the notification server it talks to is the dunst started here
# (PROMDECK_NOTIFICATION_SERVER_PID): see tests/support/session.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/../support/session.sh" --display 1280x800 --dunst "$here/dunstrc" --tray -- \
    env QT_QPA_PLATFORM=xcb "$@"
