#!/usr/bin/env bash
# Starts and stops Debian's Alertmanager on a free 127.0.0.1 port, for the alerting tests.
#   alertmanager.sh start WORKDIR   writes WORKDIR/url
#   alertmanager.sh stop WORKDIR
set -euo pipefail
. "$(dirname "$0")/../support/services.sh"
cmd=${1:?start or stop}
work=${2:?work directory}
mkdir -p "$work"
work=$(cd "$work" && pwd)
case "$cmd" in
stop)
    [ -f "$work/pid" ] && kill "$(cat "$work/pid")" 2>/dev/null || true
    rm -f "$work/pid" "$work/url"
    ;;
start)
    cat >"$work/alertmanager.yml" <<YAML
route:
  receiver: desk
  group_wait: 1s
  group_interval: 1s
receivers:
  - name: desk
YAML
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        cluster=$(free_port)
        prometheus-alertmanager --config.file="$work/alertmanager.yml" --storage.path="$work/data" \
            --web.listen-address="127.0.0.1:$port" --cluster.listen-address="127.0.0.1:$cluster" \
            >"$work/alertmanager.log" 2>&1 &
        pid=$!
        echo $pid >"$work/pid"
        if wait_owned_http alertmanager "http://127.0.0.1:$port/-/ready" "$port" "$pid" 100; then
            echo "http://127.0.0.1:$port" >"$work/url"
            echo "alertmanager ready at http://127.0.0.1:$port"
            exit 0
        fi
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    tail -n 20 "$work/alertmanager.log" >&2
    exit 1
    ;;
esac
