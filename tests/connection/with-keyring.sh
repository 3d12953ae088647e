#!/bin/sh
# Runs a test in a private D-Bus session with a real, unlocked gnome-keyring (the Secret Service that
# QtKeychain's libsecret backend talks to), in a throw-away HOME so every file the test makes can be
# searched for secrets afterwards (PROMDECK_TEST_HOME).
set -eu
exec dbus-run-session -- sh -c '
    HOME=$(mktemp -d)
    export HOME XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"
    export XDG_RUNTIME_DIR="$HOME/run"
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    eval "$(printf "promdeck-test" | gnome-keyring-daemon --unlock --daemonize --components=secrets)"
    export PROMDECK_TEST_HOME="$HOME"
    status=0
    "$@" || status=$?
    rm -rf "$HOME"
    exit $status
' sh "$@"
