#!/usr/bin/env bash
# Starts and stops Debian's Alertmanager on a free 127.0.0.1 port, for the alerting tests.
#   alertmanager.sh start WORKDIR   writes WORKDIR/url
#   alertmanager.sh stop WORKDIR
set -euo pipefail
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
    port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cluster=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    cat >"$work/alertmanager.yml" <<YAML
route:
  receiver: desk
  group_wait: 1s
  group_interval: 1s
receivers:
  - name: desk
YAML
    prometheus-alertmanager --config.file="$work/alertmanager.yml" --storage.path="$work/data" \
        --web.listen-address="127.0.0.1:$port" --cluster.listen-address="127.0.0.1:$cluster" \
        >"$work/alertmanager.log" 2>&1 &
    echo $! >"$work/pid"
    for _ in $(seq 1 100); do
        if curl -fsS --max-time 2 "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1; then
            echo "http://127.0.0.1:$port" >"$work/url"
            echo "alertmanager ready at http://127.0.0.1:$port"
            exit 0
        fi
        sleep 0.1
    done
    tail -n 20 "$work/alertmanager.log" >&2
    exit 1
    ;;
esac
