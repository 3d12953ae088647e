#!/usr/bin/env bash
# `promdeck promql check|format` and `promdeck alerts check`, with Debian's promtool as the judge where
# it has an opinion: the same verdicts, words and exit codes.
set -euo pipefail
promdeck=$1 testdata=$2 dashboards=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# promtool's message for one expression, read from `check rules` on a one-rule file.
promtool_says() {
    printf 'groups:\n- name: g\n  rules:\n  - record: r\n    expr: %s\n' "$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$1")" \
        > "$work/one.yml"
    { promtool check rules "$work/one.yml" 2>&1 || true; } | sed -n "s/.*could not parse expression: //p"
}

# check: silent and 0 when valid; the first invalid one in promtool's words, a caret under the place, 1.
"$promdeck" promql check 'sum by (job) (rate(http_requests_total[5m]))' '-up offset 1h' || fail "valid expressions refused"
for expr in 'up ==' 'sum(rate(x[5m]) by (job)' 'rate(x)' 'x{a=~"("}' $'sum(x)\n  + * y'; do
    set +e
    out=$("$promdeck" promql check 'up' "$expr" 2>&1); code=$?
    set -e
    [ "$code" = 1 ] || fail "check '$expr': exit $code, expected 1"
    want="expression 2: $(promtool_says "$expr")"
    [ "$(head -n 1 <<<"$out")" = "$want" ] || fail "check '$expr' said '$(head -n 1 <<<"$out")', promtool '$want'"
done
out=$("$promdeck" promql check 'rate(x[5m]) +' 2>&1 || true)
[ "$out" = $'1:14: parse error: unexpected end of input\n  rate(x[5m]) +\n               ^' ] || fail "no caret: $out"

# Grafana variables: substituted (--var, built-ins), an unknown one named where it stands.
"$promdeck" promql check --var job=api 'rate(x{job="$job"}[$__rate_interval])' || fail "variables refused"
out=$("$promdeck" promql check 'rate(x[$window])' 2>&1 || true)
[ "$(head -n 1 <<<"$out")" = "1:8: parse error: unknown variable \$window" ] || fail "unknown variable: $out"

# format: Prometheus' own layout.
[ "$("$promdeck" promql format 'sum(rate(x[5m]))by(job)')" = "sum by (job) (rate(x[5m]))" ] || fail "format"
set +e
"$promdeck" promql format 'sum(' >/dev/null 2>&1; code=$?
set -e
[ "$code" = 1 ] || fail "format of a broken expression: exit $code"
set +e
"$promdeck" promql frobnicate >/dev/null 2>&1; code=$?
set -e
[ "$code" = 2 ] || fail "unknown promql command: exit $code"

# alerts check: the built-in rules as promtool reports them, output and exit code alike.
for rules in "$dashboards/event-system.rules.yml" "$testdata/rules/duplicates.rules.yml"; do
    set +e
    ours=$("$promdeck" alerts check --rules "$rules" 2>&1); ourcode=$?
    theirs=$(promtool check rules "$rules" 2>&1); theircode=$?
    set -e
    [ "$ours" = "$theirs" ] && [ "$ourcode" = "$theircode" ] || fail "alerts check $rules: ours ($ourcode) '$ours', promtool ($theircode) '$theirs'"
done
# Several files after one --rules, as promtool takes them: the same report.
set +e
ours=$("$promdeck" alerts check --rules "$dashboards/event-system.rules.yml" "$testdata/rules/duplicates.rules.yml" 2>&1); ourcode=$?
theirs=$(promtool check rules "$dashboards/event-system.rules.yml" "$testdata/rules/duplicates.rules.yml" 2>&1); theircode=$?
set -e
[ "$ours" = "$theirs" ] && [ "$ourcode" = "$theircode" ] || fail "alerts check of two files: ours ($ourcode) '$ours', promtool ($theircode) '$theirs'"
# A broken file: refused like promtool refuses it, every error placed inside the YAML.
set +e
out=$("$promdeck" alerts check --rules "$testdata/rules/broken.rules.yml" 2>&1); code=$?
promtool check rules "$testdata/rules/broken.rules.yml" >/dev/null 2>&1; theircode=$?
set -e
[ "$code" = "$theircode" ] || fail "broken rules: exit $code, promtool $theircode"
for line in \
    'broken.rules.yml:6:103: group "api", rule 1, "HighErrorRate": could not parse expression: 1:89: parse error: unexpected end of input' \
    'broken.rules.yml:12:19: group "api", rule 2, "Latency": could not parse expression: 3:9: parse error: unexpected <bool>' \
    'broken.rules.yml:13:14: group "api", rule 2, "Latency": "for": not a valid duration string: "10x"' \
    'broken.rules.yml:19:20: group "api", rule 4, "Templated": annotation "summary": template: __alert_Templated:1: unclosed action'; do
    grep -qF "$line" <<<"$out" || fail "broken rules: missing '$line' in: $out"
done
echo "promql: all checks passed"
