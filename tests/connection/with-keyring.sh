#!/bin/sh
# Runs a test in a private D-Bus session with a real gnome-keyring (the Secret Service that
# QtKeychain's libsecret backend talks to), in a throw-away HOME so every file the test makes can be
# searched for secrets afterwards (PROMDECK_TEST_HOME).
#   with-keyring.sh TEST...           the keyring unlocked, as after a desktop login
#   with-keyring.sh --locked TEST...  the keyring exists but is locked, on a virtual display, so a write
#                                     makes gnome-keyring show its real unlock prompt, which nobody answers
set -eu
mode=unlocked
if [ "${1:-}" = "--locked" ]; then
    mode=locked
    shift
fi
run='
    HOME=$(mktemp -d)
    export HOME XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"
    export XDG_RUNTIME_DIR="$HOME/run"
    mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
    eval "$(printf "promdeck-test" | gnome-keyring-daemon --unlock --daemonize --components=secrets)"
    if [ "$PROMDECK_KEYRING_MODE" = locked ]; then
        # The login keyring now exists on disk; a daemon started without its password holds it locked.
        # (--replace takes over the daemon of this session only.)
        printf x | secret-tool store --label=setup promdeck setup
        eval "$(gnome-keyring-daemon --replace --daemonize --components=secrets)"
    fi
    export PROMDECK_TEST_HOME="$HOME"
    status=0
    "$@" || status=$?
    rm -rf "$HOME"
    exit $status
'
export PROMDECK_KEYRING_MODE="$mode"
if [ "$mode" = locked ]; then
    exec xvfb-run -a -s '-screen 0 1024x768x24' dbus-run-session -- sh -c "$run" sh "$@"
fi
exec dbus-run-session -- sh -c "$run" sh "$@"
