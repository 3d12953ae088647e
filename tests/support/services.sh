# Sourced by the scripts that start services for the tests and the demo (bash).
# The rule they share: a service is ready when the process *we started* answers, never when something
# answers. A readiness probe sent to a port or a bus name reaches whoever holds it: another test's
# Prometheus that got the port first, or a second notification server that the bus activated because
# of the probe itself (issue 19). So every wait here checks who holds the port or the name.

# The pid of the process listening on 127.0.0.1:PORT (TCP, IPv4 or IPv6), or nothing.
port_owner_pid() {
    local port=$1 hex inode fd
    hex=$(printf '%04X' "$port")
    # /proc/net/tcp: "sl local_address rem_address st ... inode"; st 0A is LISTEN.
    inode=$(awk -v p=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == p { print $10; exit }' \
        /proc/net/tcp /proc/net/tcp6 2>/dev/null)
    [ -n "$inode" ] || return 0
    # One find over every process' descriptors: a readlink per descriptor forked a process each, and
    # under load that made one lookup take 40 s and a readiness wait time out.
    fd=$(find /proc/[0-9]*/fd -maxdepth 1 -type l -lname "socket:\[$inode\]" -print -quit 2>/dev/null)
    [ -n "$fd" ] || return 0
    fd=${fd#/proc/}
    echo "${fd%%/*}"
}

# True when PID is ANCESTOR or one of its descendants (a server that forks a worker to listen).
is_same_or_descendant() {
    local pid=$1 ancestor=$2
    while [ -n "$pid" ] && [ "$pid" -gt 1 ]; do
        [ "$pid" = "$ancestor" ] && return 0
        pid=$(awk '{ print $4 }' "/proc/$pid/stat" 2>/dev/null)
    done
    return 1
}

# A free TCP port on 127.0.0.1 (free now; the owner check after start catches a port taken since).
free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until URL answers and PORT is held by PID (or a child of it). Fails, with the reason, when PID
# exits, when another process holds the port, or after TRIES * 0.2 s.
#   wait_owned_http NAME URL PORT PID [TRIES]
wait_owned_http() {
    local name=$1 url=$2 port=$3 pid=$4 tries=${5:-150} owner
    for _ in $(seq 1 "$tries"); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "$name (pid $pid) exited before it was ready" >&2
            return 1
        fi
        owner=$(port_owner_pid "$port")
        if [ -n "$owner" ]; then
            if ! is_same_or_descendant "$owner" "$pid"; then
                echo "$name: port $port is held by another process (pid $owner: $(tr '\0' ' ' <"/proc/$owner/cmdline" 2>/dev/null))" >&2
                return 2
            fi
            curl -fsS --max-time 2 "$url" >/dev/null 2>&1 && return 0
        fi
        sleep 0.2
    done
    echo "$name did not answer on $url" >&2
    return 1
}
