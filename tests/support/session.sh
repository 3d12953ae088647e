#!/usr/bin/env bash
# Runs a command in a desktop session of its own: a virtual display, a private session bus, and the
# desktop services a test asks for, each waited for until the process started here owns its bus name.
#
#   session.sh [--display WxH] [--dunst DUNSTRC] [--tray] [--keyring unlocked|locked] [--atspi] -- CMD...
#
# The bus has no service directories: a call to a name nobody owns fails instead of activating
# Debian's service file for it (a second dunst with the default configuration won the bus under load
# that way: issue 19). The only activatable services are those listed in `activatable` below, by need.
# The command sees DISPLAY, DBUS_SESSION_BUS_ADDRESS and, per service, the pid that owns its name:
# PROMDECK_NOTIFICATION_SERVER_PID, PROMDECK_TEST_HOME (the keyring's throw-away HOME).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/services.sh"

display= dunstrc= tray=0 keyring= atspi=0
while [ $# -gt 0 ]; do
    case "$1" in
    --display) display=$2; shift 2 ;;
    --dunst) dunstrc=$2; shift 2 ;;
    --tray) tray=1; shift ;;
    --keyring) keyring=$2; shift 2 ;;
    --atspi) atspi=1; shift ;;
    --) shift; break ;;
    *) echo "session.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ $# -gt 0 ] || { echo "session.sh: no command" >&2; exit 2; }

tmp=$(mktemp -d /tmp/promdeck-session.XXXXXX)
pids=()
cleanup() {
    local i
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        kill "${pids[i]}" 2>/dev/null || true
    done
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        for _ in $(seq 1 20); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.05; done
        kill -9 "${pids[i]}" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT

wait_for_file() { # file, what: a daemon writes its address or display number there when it is up
    for _ in $(seq 1 200); do
        [ -s "$1" ] && return 0
        sleep 0.05
    done
    echo "session.sh: $2 did not start" >&2
    exit 1
}

bus_call() { # method, args...: a call to the bus daemon itself, which never activates anything
    dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        "org.freedesktop.DBus.$1" "${@:2}" 2>/dev/null
}

# Waits until NAME is owned on the bus by PID or a process it started; prints the owner's pid.
wait_for_bus_name() { # name, pid, what
    local owner
    for _ in $(seq 1 200); do
        if [ "$(bus_call NameHasOwner "string:$1" | awk '{ print $2 }')" = true ]; then
            owner=$(bus_call GetConnectionUnixProcessID "string:$1" | awk '{ print $2 }')
            if [ -n "$2" ] && ! is_same_or_descendant "$owner" "$2"; then
                echo "session.sh: $1 is owned by pid $owner, not by the $3 started here (pid $2)" >&2
                exit 1
            fi
            echo "$owner"
            return 0
        fi
        if [ -n "$2" ] && ! kill -0 "$2" 2>/dev/null; then
            echo "session.sh: $3 (pid $2) exited before owning $1" >&2
            exit 1
        fi
        sleep 0.05
    done
    echo "session.sh: nobody owns $1 after 10 s ($3)" >&2
    exit 1
}

# The virtual display: Xvfb picks a free display number itself and writes it (no lock-file races).
if [ -n "$display" ]; then
    Xvfb -displayfd 3 -screen 0 "${display}x24" -nolisten tcp 3>"$tmp/display" >"$tmp/xvfb.log" 2>&1 &
    pids+=($!)
    wait_for_file "$tmp/display" "Xvfb"
    export DISPLAY=":$(cat "$tmp/display")"
fi

# The bus: only what is listed here can be activated.
mkdir -p "$tmp/services"
activatable() { # a D-Bus service file of Debian's to allow
    [ -f "/usr/share/dbus-1/services/$1" ] && cp "/usr/share/dbus-1/services/$1" "$tmp/services/"
}
if [ "$keyring" = locked ]; then
    # gnome-keyring asks its unlock prompter (gcr-prompter) by activation.
    activatable org.gnome.keyring.SystemPrompter.service
    activatable org.gnome.keyring.PrivatePrompter.service
fi
cat >"$tmp/bus.conf" <<XML
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$tmp</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$tmp/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
XML
dbus-daemon --config-file="$tmp/bus.conf" --nofork --print-address=3 3>"$tmp/bus" >"$tmp/dbus.log" 2>&1 &
pids+=($!)
wait_for_file "$tmp/bus" "dbus-daemon"
DBUS_SESSION_BUS_ADDRESS=$(head -n 1 "$tmp/bus")
export DBUS_SESSION_BUS_ADDRESS

if [ -n "$dunstrc" ]; then
    dunst -conf "$dunstrc" >"$tmp/dunst.log" 2>&1 &
    pids+=($!)
    PROMDECK_NOTIFICATION_SERVER_PID=$(wait_for_bus_name org.freedesktop.Notifications $! dunst)
    export PROMDECK_NOTIFICATION_SERVER_PID
fi

if [ "$tray" = 1 ]; then
    trayer --edge top --align right --widthtype request --height 24 >"$tmp/trayer.log" 2>&1 &
    pids+=($!)
fi

if [ -n "$keyring" ]; then
    # A throw-away HOME, so every file the test makes can be searched for secrets afterwards.
    HOME="$tmp/home"
    mkdir -p "$HOME/run"
    chmod 700 "$HOME/run"
    export HOME XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"
    export XDG_RUNTIME_DIR="$HOME/run" PROMDECK_TEST_HOME="$HOME"
    # --unlock with the password on stdin creates and unlocks a login keyring, as a desktop login does.
    eval "$(printf "promdeck-test" | gnome-keyring-daemon --unlock --daemonize --components=secrets)"
    owner=$(wait_for_bus_name org.freedesktop.secrets "" gnome-keyring-daemon)
    pids+=("$owner")
    if [ "$keyring" = locked ]; then
        # The login keyring now exists on disk; a daemon started without its password holds it locked.
        printf x | secret-tool store --label=setup promdeck setup
        eval "$(gnome-keyring-daemon --replace --daemonize --components=secrets)"
        for _ in $(seq 1 100); do
            owner=$(wait_for_bus_name org.freedesktop.secrets "" gnome-keyring-daemon)
            [ "$owner" != "${pids[-1]}" ] && break
            sleep 0.05
        done
        pids+=("$owner")
    fi
fi

if [ "$atspi" = 1 ]; then
    # The accessibility bus, where Qt publishes its widgets (QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1).
    /usr/libexec/at-spi-bus-launcher --launch-immediately >"$tmp/atspi.log" 2>&1 &
    pids+=($!)
    wait_for_bus_name org.a11y.Bus $! at-spi-bus-launcher >/dev/null
    # The registry on the accessibility bus must answer before the program under test starts: Qt
    # registers its application there once, at start, and an application that came too early (a loaded
    # machine) is never listed. The registry is activated on that bus (ours, private) by the first call.
    a11y=$(dbus-send --session --print-reply=literal --dest=org.a11y.Bus /org/a11y/bus org.a11y.Bus.GetAddress |
        tr -d ' ')
    registry=0
    for _ in $(seq 1 400); do
        if dbus-send --bus="$a11y" --print-reply --dest=org.a11y.atspi.Registry /org/a11y/atspi/registry \
            org.freedesktop.DBus.Peer.Ping >/dev/null 2>&1; then
            registry=1
            break
        fi
        sleep 0.05
    done
    [ "$registry" = 1 ] || { echo "session.sh: the AT-SPI registry did not start on $a11y" >&2; exit 1; }
fi

status=0
"$@" || status=$?
exit $status
