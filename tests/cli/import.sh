#!/usr/bin/env bash
# `promdeck import`: dashboards from grafana.com (a loopback STAND-IN of its API serving real published
# dashboards, tests/importing/grafana-com-standin.py), from a URL, from pasted JSON, and from the
# cluster's ConfigMaps (the STAND-IN kubectl of the connection tests). What is saved is what was
# downloaded plus the input mapping; it validates and shows the fixture Prometheus' data once its input
# is mapped; every failure is one clear line, exit 1, and nothing is written.
set -euo pipefail
promdeck=$1 source_dir=$2
testdata=$source_dir/tests/testdata
fail() { echo "FAIL: $*" >&2; exit 1; }

work=$(mktemp -d)
standin_pid=
cleanup() { [ -n "$standin_pid" ] && kill "$standin_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# The user's settings and data live in the test's own XDG directories.
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data HOME=$work/home
mkdir -p "$XDG_CONFIG_HOME/promdeck" "$HOME"
folder=$XDG_DATA_HOME/promdeck/promdeck/dashboards
prometheus=$(cat "${PROMDECK_TEST_PROMETHEUS_URL_FILE:?the fixture Prometheus}")
# Two profiles: the fixture Prometheus, and one where nothing listens.
cat > "$XDG_CONFIG_HOME/promdeck/promdeck.conf" <<INI
[connection]
currentProfile=nowhere

[profiles]
1\\name=nowhere
1\\url=http://127.0.0.1:9
2\\name=fixture
2\\url=$prometheus
size=2
INI

/usr/bin/python3 "$source_dir/tests/importing/grafana-com-standin.py" "$testdata/grafana-com/catalogue.json" \
    "$testdata/grafana-dashboards" "$work/port" 2>"$work/standin.log" &
standin_pid=$!
for _ in $(seq 1 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || fail "the grafana.com stand-in did not start: $(cat "$work/standin.log")"
api=http://127.0.0.1:$(cat "$work/port")/api

# Runs promdeck; its exit code in $code, stdout+stderr in $out.
run() { set +e; out=$("$promdeck" "$@" 2>&1); code=$?; set -e; }
listing() { ls -la --time-style=full-iso "$folder" 2>/dev/null | sed 1d; md5sum "$folder"/* 2>/dev/null || true; }
# The saved file minus its import record is the downloaded JSON, byte for byte; the record says
# where it came from and how the inputs were mapped.
same_as_download() { # SAVED ORIGINAL EXPECTED_RECORD_JSON
    /usr/bin/python3 - "$1" "$2" "$3" <<'PY' || fail "$1 is not $2 plus the record $3"
import json, sys
saved_path, original_path, expected = sys.argv[1:4]
saved = open(saved_path, "rb").read()
original = open(original_path, "rb").read()
lines = saved.split(b"\n")
assert lines[1].startswith(b'  "__promdeck": '), lines[1][:60]
record = json.loads(b"{" + lines[1].rstrip(b",") + b"}")["__promdeck"]
assert record == json.loads(expected), (record, expected)
assert b"\n".join([lines[0]] + lines[2:]) == original, "the rest differs from the download"
doc = json.loads(saved)
del doc["__promdeck"]
assert doc == json.loads(original)
PY
}

# --- grafana.com by ID: the latest revision, its input mapped to a profile ---
run import 763 --grafana-com "$api" --input DS_PROM=fixture
[ "$code" = 0 ] || fail "import 763: exit $code: $out"
saved=$folder/redis-dashboard-for-prometheus-redis-exporter-1-x.json
grep -qx "Redis Dashboard for Prometheus Redis Exporter 1.x (grafana.com 763, revision 2)" <<<"$out" || fail "import 763 said: $out"
grep -qx '  input DS_PROM (Prometheus "prom") -> profile fixture' <<<"$out" || fail "import 763 inputs: $out"
grep -qx "saved $saved" <<<"$out" || fail "import 763 saved: $out"
same_as_download "$saved" "$testdata/grafana-dashboards/redis-exporter.json" \
    "{\"origin\": {\"from\": \"$api/dashboards/763/revisions/2/download\", \"grafanaComId\": 763, \"revision\": 2}, \"inputs\": {\"DS_PROM\": \"fixture\"}}"
"$promdeck" validate "$saved" >/dev/null || fail "the imported dashboard does not validate"

# It shows the fixture's data with no --prometheus: the mapped profile is used. Every query of the
# Clients and Total Memory Usage panels equals what Prometheus answers for the same expression, range
# and step.
"$promdeck" data --dashboard "$saved" --from 2026-01-05T10:00:00Z --to 2026-01-05T12:00:00Z -o "$work/data.json" \
    || fail "promdeck data on the imported dashboard failed"
/usr/bin/python3 - "$work/data.json" "$prometheus" <<'PY' || fail "the imported dashboard's data is not Prometheus' answer"
import json, sys, urllib.parse, urllib.request
data = json.load(open(sys.argv[1])); prometheus = sys.argv[2]
assert prometheus.rstrip("/") in data["source"], data["source"]
panels = {p["title"]: p for p in data["panels"]}
with_data = [t for t, p in panels.items() if any(s["points"] for q in p["queries"] for s in q["series"])]
assert len(with_data) >= 8, with_data
for title in ("Clients", "Total Memory Usage"):
    for q in panels[title]["queries"]:
        assert not q["error"], (title, q["error"])
        args = {"query": q["expr"]}
        if q["instant"]:
            path, args["time"] = "query", q["start_ms"] / 1000
        else:
            path = "query_range"
            args.update(start=q["start_ms"] / 1000, end=q["end_ms"] / 1000, step=q["step_ms"] / 1000)
        with urllib.request.urlopen(f"{prometheus}/api/v1/{path}?" + urllib.parse.urlencode(args)) as r:
            answer = json.load(r)["data"]["result"]
        ours = sorted([[int(t), float(v)] for t, v in s["points"]] for s in q["series"])
        if q["instant"]:
            theirs = sorted([[int(float(a["value"][0]) * 1000), float(a["value"][1])]] for a in answer)
        else:
            theirs = sorted([[int(float(t) * 1000), float(v)] for t, v in a["values"]] for a in answer)
        assert ours and ours == theirs, (title, q["expr"], ours[:1], theirs[:1])
PY

# --- a second import of the same ID asks: refused and said, the file untouched ---
before=$(listing)
run import 763 --grafana-com "$api"
[ "$code" = 1 ] || fail "a second import of 763: exit $code"
[ "$out" = "$(printf '%s\n%s\n%s' "Redis Dashboard for Prometheus Redis Exporter 1.x (grafana.com 763, revision 2)" \
    '  input DS_PROM (Prometheus "prom") -> profile fixture' \
    "dashboard 763 was imported before (revision 2), as $saved: replace it or keep both: nothing written; --replace replaces it, --keep-both keeps both")" ] \
    || fail "a second import said: $out"
[ "$(listing)" = "$before" ] || fail "a refused second import changed the folder"
# (the input was remembered: DS_PROM -> fixture with no --input)
run import 763 --grafana-com "$api" --keep-both
[ "$code" = 0 ] || fail "--keep-both: $out"
grep -qx "saved $folder/redis-dashboard-for-prometheus-redis-exporter-1-x-2.json" <<<"$out" || fail "--keep-both said: $out"
run import 763@1 --grafana-com "$api" --replace
[ "$code" = 0 ] || fail "--replace: $out"
grep -qx "saved $saved" <<<"$out" || fail "--replace said: $out"
same_as_download "$saved" "$testdata/grafana-dashboards/redis-mixin-overview.json" \
    "{\"origin\": {\"from\": \"$api/dashboards/763/revisions/1/download\", \"grafanaComId\": 763, \"revision\": 1}, \"inputs\": {}}"

# --- ID@REVISION to a file of one's choosing ---
run import 455@1 --grafana-com "$api" -o "$work/postgres.json"
[ "$code" = 0 ] || fail "import 455@1 -o: $out"
same_as_download "$work/postgres.json" "$testdata/grafana-dashboards/postgres-mixin-overview.json" \
    "{\"origin\": {\"from\": \"$api/dashboards/455/revisions/1/download\", \"grafanaComId\": 455, \"revision\": 1}, \"inputs\": {}}"
"$promdeck" validate "$work/postgres.json" >/dev/null || fail "455 does not validate"

# --- failures: one line each, exit 1, nothing written ---
before=$(listing)
expect_failure() { # EXPECTED_LINE ARGS...
    local expected=$1; shift
    run import "$@"
    [ "$code" = 1 ] || fail "import $*: exit $code ($out)"
    [ "$out" = "$expected" ] || fail "import $* said: $out
expected:      $expected"
    [ "$(listing)" = "$before" ] || fail "import $* wrote something"
}
expect_failure "grafana.com has no dashboard 999999 (HTTP 404 from $api/dashboards/999999: Dashboard not found)" \
    999999 --grafana-com "$api"
expect_failure "grafana.com has no revision 99 of dashboard 763 (HTTP 404 from $api/dashboards/763/revisions/99/download: Revision not found)" \
    763@99 --grafana-com "$api"
expect_failure "grafana.com answered HTTP 500 for revision 1 of dashboard 9500 ($api/dashboards/9500/revisions/1/download): the stand-in was told to fail; try again later, or download the JSON there and open the file" \
    9500 --grafana-com "$api"
expect_failure "grafana.com answered HTTP 503 for dashboard 9503 ($api/dashboards/9503): the stand-in was told to fail; try again later, or download the JSON there and open the file" \
    9503 --grafana-com "$api"
run import 9501 --grafana-com "$api"
[ "$code" = 1 ] && grep -q "^unreadable answer from $api/dashboards/9501/revisions/1/download: the answer was cut short: [0-9]* of [0-9]* bytes came" <<<"$out" \
    && [ "$(wc -l <<<"$out")" = 1 ] || fail "a cut answer: exit $code: $out"
[ "$(listing)" = "$before" ] || fail "a cut answer wrote something"
expect_failure "$api/dashboards/9502/revisions/1/download: this JSON is not a dashboard: it has no \"panels\" nor \"rows\" (its keys: id, links, name, revision)" \
    9502 --grafana-com "$api"
expect_failure "grafana.com cannot be reached at http://127.0.0.1:9/api: Connection refused; download the JSON there and open the file" \
    763 --grafana-com http://127.0.0.1:9/api
run import nine
[ "$code" = 2 ] && [ "$out" = 'import: "nine" is not a grafana.com dashboard ID (examples: 9628, 9628@7)' ] \
    || fail "a wrong ID: exit $code: $out"
expect_failure "input DS_PROM: no profile named \"elsewhere\" (profiles: nowhere, fixture)" \
    763 --grafana-com "$api" --input DS_PROM=elsewhere --keep-both

# --- by URL, and pasted JSON ---
run import --url "http://127.0.0.1:$(cat "$work/port")/files/redis-exporter.json" -o "$work/by-url.json" --input DS_PROM=fixture
[ "$code" = 0 ] || fail "import --url: $out"
same_as_download "$work/by-url.json" "$testdata/grafana-dashboards/redis-exporter.json" \
    "{\"origin\": {\"from\": \"http://127.0.0.1:$(cat "$work/port")/files/redis-exporter.json\"}, \"inputs\": {\"DS_PROM\": \"fixture\"}}"
set +e; out=$("$promdeck" import --file - -o "$work/pasted.json" <"$testdata/grafana-dashboards/kp_kubelet.json" 2>&1); code=$?; set -e
[ "$code" = 0 ] || fail "import --file -: $out"
same_as_download "$work/pasted.json" "$testdata/grafana-dashboards/kp_kubelet.json" \
    '{"origin": {"from": "pasted JSON"}, "inputs": {}}'
set +e; out=$(head -c 700 "$testdata/grafana-dashboards/kp_kubelet.json" | "$promdeck" import --file - -o "$work/cut.json" 2>&1); code=$?; set -e
[ "$code" = 1 ] && grep -q '^pasted JSON:[0-9]*:[0-9]*: the JSON stops after 700 bytes: it was cut short' <<<"$out" \
    && [ ! -e "$work/cut.json" ] || fail "cut pasted JSON: exit $code: $out"

# --- from the cluster: every dashboard of every labelled ConfigMap, through the stand-in kubectl ---
mkdir -p "$work/bin" "$work/cluster/kubernetes-mixin"
ln -s "$source_dir/tests/connection/kubectl-standin.py" "$work/bin/kubectl"
cp "$testdata/grafana-dashboards/kp_apiserver.json" "$work/cluster/apiserver.json"
for d in kubelet prometheus k8s-resources-cluster; do
    cp "$testdata/grafana-dashboards/kp_$d.json" "$work/cluster/kubernetes-mixin/$d.json"
done
export PATH=$work/bin:$PATH PROMDECK_STANDIN_DASHBOARDS=$work/cluster PROMDECK_STANDIN_CONTEXTS=kind-demo
run import --configmaps -o "$work/from-cluster"
[ "$code" = 0 ] || fail "import --configmaps: $out"
grep -qx "4 dashboards in the cluster" <<<"$out" || fail "import --configmaps said: $out"
for pair in "apiserver:grafana-dashboard-apiserver:apiserver" "kubelet:grafana-dashboards-kubernetes-mixin:kubelet" \
            "prometheus:grafana-dashboards-kubernetes-mixin:prometheus" \
            "k8s-resources-cluster:grafana-dashboards-kubernetes-mixin:k8s-resources-cluster"; do
    IFS=: read -r d configmap key <<<"$pair"
    file=$(grep "(ConfigMap monitoring/$configmap, key $key.json)$" <<<"$out" | sed 's/^saved \(.*\) (ConfigMap.*/\1/')
    [ -n "$file" ] || fail "$d was not saved: $out"
    same_as_download "$file" "$testdata/grafana-dashboards/kp_$d.json" \
        "{\"origin\": {\"from\": \"ConfigMap monitoring/$configmap, key $key.json\", \"namespace\": \"monitoring\", \"configMap\": \"$configmap\", \"key\": \"$key.json\"}, \"inputs\": {}}"
done
"$promdeck" validate "$work/from-cluster"/*.json >/dev/null || fail "the cluster's dashboards do not validate"
run import --configmaps -o "$work/from-cluster"
[ "$code" = 1 ] && [ "$(grep -c 'was imported before' <<<"$out")" = 4 ] || fail "a second --configmaps: $out"
run import --configmaps --context kind-other -o "$work/elsewhere"
[ "$code" = 1 ] && [ "$out" = "kubectl --context kind-other get configmaps -n monitoring -l grafana_dashboard=1 -o json failed (exit 1): error: context \"kind-other\" does not exist" ] \
    || fail "an unknown context: exit $code: $out"
[ ! -e "$work/elsewhere" ] || fail "a failed kubectl wrote something"
run import --configmaps --namespace default -o "$work/elsewhere"
[ "$code" = 1 ] && grep -q "^no dashboards: no ConfigMap labelled grafana_dashboard=1 in namespace default holds one" <<<"$out" \
    || fail "an empty namespace: exit $code: $out"
echo "import: all checks passed"
