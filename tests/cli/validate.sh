#!/usr/bin/env bash
# `promdeck validate`: built-in and real dashboards pass; broken files and queries fail with FILE:LINE:COL.
set -euo pipefail
promdeck=$1 testdata=$2 dashboards=$3
fail() { echo "FAIL: $*" >&2; exit 1; }

"$promdeck" validate "$dashboards"/*.json "$testdata"/grafana-dashboards/*.json "$testdata"/variables-dashboard.json \
    || fail "valid dashboards were refused"

# Every panel query is parsed after substitution: a typo is found with the file's line and the column
# inside the `expr` string (escapes and variables before it counted as written), in Prometheus' words.
set +e
out=$("$promdeck" validate "$testdata/broken/query-typo.json" 2>&1); code=$?
set -e
[ "$code" = 1 ] || fail "query-typo.json: exit $code, expected 1"
expected="$testdata/broken/query-typo.json:9:210: panel \"Errors by handler\", query A: 3:67: parse error: unexpected \")\" in offset, expected duration (at \$.panels[0].targets[0].expr)"
[ "$out" = "$expected" ] || fail "query-typo.json said: $out"
# The fixture's deliberately broken panel (it shows the server's words in the window) is found too.
set +e
out=$("$promdeck" validate "$testdata/fixture-dashboard.json" 2>&1); code=$?
set -e
[ "$code" = 1 ] || fail "fixture-dashboard.json: exit $code, expected 1"
grep -q '^.*fixture-dashboard.json:17:74: panel "Broken query", query A: 1:33: parse error: unclosed left parenthesis' <<<"$out" \
    || fail "fixture-dashboard.json said: $out"
# Real Prometheus dashboards: nothing in them goes undrawn (no warning at all).
warnings=$("$promdeck" validate "$testdata"/grafana-dashboards/*.json | grep ': warning: ' || true)
[ -z "$warnings" ] || fail "real dashboards have undrawn parts: $warnings"
# ... and what is not drawn is named, with its place: the gallery's Loki panel and unknown plugin.
gallery=$("$promdeck" validate "$dashboards/gallery.json")
grep -q 'gallery.json:[0-9]*:[0-9]*: warning: panel type "grafana-worldmap-panel" is not drawn' <<<"$gallery" \
    || fail "an unknown plugin was not named: $gallery"
grep -q 'warning: panel "API errors (Loki)" reads a Loki data source' <<<"$gallery" \
    || fail "a Loki panel was not named: $gallery"

# Time series options drawn otherwise than Grafana draws them are named too, where they are written.
undrawn=$("$promdeck" validate "$testdata/undrawn-series-options.json")
grep -q 'undrawn-series-options.json:14:49: warning: gradientMode "hue" is drawn as an opacity gradient' <<<"$undrawn" \
    || fail "a hue gradient was not named: $undrawn"
grep -q 'undrawn-series-options.json:14:[0-9]*: warning: thresholdsStyle "series" .* is not drawn' <<<"$undrawn" \
    || fail "thresholds as series colours were not named: $undrawn"
grep -q 'undrawn-series-options.json:15:[0-9]*: warning: gradientMode "scheme"' <<<"$undrawn" \
    || fail "an override's scheme gradient was not named: $undrawn"
# Prometheus-query annotations are drawn (no warning); one reading Loki is named.
grep -q 'undrawn-series-options.json:7:[0-9]*: warning: annotation "Deploy logs" reads a Loki data source' <<<"$undrawn" \
    || fail "a Loki annotation was not named: $undrawn"
[ "$(grep -c 'warning: annotation' <<<"$undrawn")" = 1 ] \
    || fail "a Prometheus, disabled or built-in annotation was named: $undrawn"

set +e
out=$("$promdeck" validate "$testdata/broken/wrong-type.json" 2>&1); code=$?
set -e
[ "$code" = 1 ] || fail "wrong-type.json: exit $code, expected 1"
expected="$testdata/broken/wrong-type.json:4:64: expected a number, found a string (at \$.panels[0].gridPos.w)"
[ "$out" = "$expected" ] || fail "wrong-type.json said: $out"

set +e
out=$("$promdeck" validate "$testdata/broken/truncated.json" "$dashboards/api.json" 2>&1); code=$?
set -e
[ "$code" = 1 ] || fail "truncated.json: exit $code, expected 1"
grep -qx "$testdata/broken/truncated.json:5:1: unexpected end of input, expected a string" <<<"$out" \
    || fail "truncated.json said: $out"
grep -q "api.json: ok" <<<"$out" || fail "a valid file after a broken one was not checked"

set +e
"$promdeck" data --dashboard nonexistent-name --prometheus http://127.0.0.1:9 -o /dev/null 2>/dev/null; code=$?
set -e
[ "$code" = 1 ] || fail "an unknown dashboard name gave exit $code"
set +e
"$promdeck" frobnicate 2>/dev/null; code=$?
set -e
[ "$code" = 2 ] || fail "an unknown command gave exit $code"
version=$("$promdeck" --version)
grep -q '^promdeck ' <<<"$version" || fail "--version"
echo "validate: all checks passed"
