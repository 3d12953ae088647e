#!/usr/bin/env bash
# How long a condition takes to become a desktop notification, end to end: a real Prometheus scrapes a
# gauge every second from a small HTTP target, the real Promdeck window evaluates a rule group of
# `interval: 2s` on it, and a real notification server (dunst) on a private session bus receives what
# it sends. The gauge is flipped N times at random phases; each flip is timed until the FIRING (then
# RESOLVED) notification's Notify call crosses the bus. Prints
#   bench notify_latency firing_p50_s= firing_p99_s= resolved_p50_s= resolved_p99_s= cycles= ...
# and fails when a notification is missing, repeated, of the wrong urgency, or p99 is over the target:
# scrape interval + group interval + 1 s (4 s).
#   notify-latency.sh PROMDECK_BINARY [CYCLES]       (default 100 cycles)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source_dir=$(cd "$here/../.." && pwd)

if [ "${1:-}" = --inside ]; then
    # Inside the session (display, bus, dunst): watch the bus, start the window, flip and time.
    shift
    promdeck=$1 work=$2 cycles=$3 target=$4 prometheus=$5
    dbus-monitor --session "type='method_call',interface='org.freedesktop.Notifications',member='Notify'" \
        >"$work/notify.log" 2>&1 &
    monitor=$!
    # A home of its own: no settings, no alert history of anyone's.
    export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
    export XDG_CACHE_HOME="$work/home/.cache" QT_QPA_PLATFORM=xcb
    mkdir -p "$HOME"
    "$promdeck" --prometheus "$prometheus" --refresh off --rules "$work/bench.rules.yml" >"$work/promdeck.log" 2>&1 &
    window=$!
    status=0
    python3 - "$work/notify.log" "$target" "$cycles" "$window" <<'PY' || status=$?
import os, random, re, statistics, sys, time, urllib.request

log, target, cycles, window = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
begun = time.time()

def notifications():
    """Every Notify call seen on the bus: (time, summary, urgency)."""
    out, current, strings = [], None, []
    with open(log, encoding="utf-8", errors="replace") as f:
        text = f.read()
    for line in text.splitlines():
        m = re.match(r"method call time=([0-9.]+) .*member=Notify", line)
        if m:
            current = {"time": float(m.group(1)), "strings": [], "urgency": None}
            out.append(current)
            continue
        if current is None:
            continue
        s = re.match(r'\s+string "(.*)"$', line)
        if s:
            current["strings"].append(s.group(1))
        u = re.match(r"\s+variant\s+byte (\d+)", line)
        if u and current["strings"] and current["strings"][-1] == "urgency":
            current["urgency"] = int(u.group(1))
    return [(n["time"], n["strings"][2] if len(n["strings"]) > 2 else "", n["urgency"]) for n in out]

def flip(value):
    with urllib.request.urlopen(f"{target}/set/{value}", timeout=5) as r:
        return float(r.read())  # when the target changed the value, by its clock (the same machine's)

def wait_for(kind, since, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            os.kill(window, 0)
        except ProcessLookupError:
            sys.exit("notify-latency: the Promdeck window exited")
        for t, summary, urgency in notifications():
            if t >= since and summary.startswith(f"[{kind}] PromdeckBenchFlag"):
                return t, urgency
        time.sleep(0.02)
    sys.exit(f"notify-latency: no {kind} notification within {timeout} s of the flip")

# The window is up and evaluating when the condition, held from the start, has been notified once.
flip(1)
wait_for("FIRING", 0, timeout=60)
flip(0)
wait_for("RESOLVED", 0, timeout=30)
print(f"notify-latency: the window notifies, {time.time() - begun:.0f} s after it started", file=sys.stderr)
start = time.time()
random.seed()
firing, resolved, wrong_urgency = [], [], 0
for cycle in range(cycles):
    time.sleep(random.uniform(0.5, 2.5))  # a random phase against the scrapes and the group's instants
    t0 = flip(1)
    t, urgency = wait_for("FIRING", t0)
    firing.append(t - t0)
    wrong_urgency += urgency != 2  # severity critical
    time.sleep(random.uniform(0.5, 2.5))
    t0 = flip(0)
    t, urgency = wait_for("RESOLVED", t0)
    resolved.append(t - t0)
    wrong_urgency += urgency != 0
time.sleep(3)  # anything sent twice would have come by now
sent = [n for n in notifications() if n[0] >= start and "PromdeckBenchFlag" in n[1]]
duplicates = len(sent) - 2 * cycles

def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values) + 0.5) - 1))]

target_s = 1 + 2 + 1
print(f"bench notify_latency firing_p50_s={statistics.median(firing):.2f} firing_p99_s={pct(firing, 99):.2f} "
      f"firing_max_s={max(firing):.2f} resolved_p50_s={statistics.median(resolved):.2f} "
      f"resolved_p99_s={pct(resolved, 99):.2f} resolved_max_s={max(resolved):.2f} cycles={cycles} "
      f"duplicates={duplicates} wrong_urgency={wrong_urgency} target_p99_s={target_s}", flush=True)
if duplicates or wrong_urgency or pct(firing, 99) > target_s or pct(resolved, 99) > target_s:
    sys.exit("notify-latency: over target, duplicated or wrong urgency")
PY
    kill "$window" "$monitor" 2>/dev/null || true
    wait "$window" "$monitor" 2>/dev/null || true
    if [ "$status" != 0 ]; then
        echo "--- promdeck.log" >&2
        tail -n 20 "$work/promdeck.log" >&2 || true
    fi
    exit $status
fi

promdeck=${1:?usage: notify-latency.sh PROMDECK_BINARY [CYCLES]}
cycles=${2:-100}
. "$source_dir/tests/support/services.sh"
work=$(mktemp -d /tmp/promdeck-notify-latency.XXXXXX)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# The scrape target: one gauge, flipped by GET /set/0|1 (answering when it changed, in epoch seconds).
cat >"$work/target.py" <<'PY'
import http.server, sys, time
value = 0
class Target(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        global value
        if self.path.startswith("/set/"):
            value = int(self.path[5:])
            body = repr(time.time()).encode()
        else:
            body = f"# TYPE promdeck_bench_flag gauge\npromdeck_bench_flag {value}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Target).serve_forever()
PY
port=$(free_port)
python3 "$work/target.py" "$port" &
pids+=($!)
target="http://127.0.0.1:$port"
wait_owned_http target "$target/metrics" "$port" "${pids[-1]}"

# Prometheus scraping it every second; the rule is Promdeck's, not Prometheus'.
cat >"$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: bench
    static_configs: [{targets: ["127.0.0.1:$port"]}]
YAML
cat >"$work/bench.rules.yml" <<'YAML'
groups:
  - name: bench
    interval: 2s
    rules:
      - alert: PromdeckBenchFlag
        expr: promdeck_bench_flag == 1
        labels:
          severity: critical
        annotations:
          summary: the bench flag is up
YAML
port=$(free_port)
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
    --web.listen-address="127.0.0.1:$port" >"$work/prometheus.log" 2>&1 &
pids+=($!)
wait_owned_http prometheus "http://127.0.0.1:$port/-/ready" "$port" "${pids[-1]}" 300

echo "notify-latency: prometheus and target up after ${SECONDS} s" >&2
"$source_dir/tests/support/session.sh" --display 1280x800 --dunst "$source_dir/tests/alerting/dunstrc" -- \
    "$0" --inside "$promdeck" "$work" "$cycles" "$target" "http://127.0.0.1:$port"
