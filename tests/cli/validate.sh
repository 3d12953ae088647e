#!/usr/bin/env bash
# `promdeck validate`: built-in and real dashboards pass; broken files fail with FILE:LINE:COL.
set -euo pipefail
promdeck=$1 testdata=$2 dashboards=$3
fail() { echo "FAIL: $*" >&2; exit 1; }

"$promdeck" validate "$dashboards"/*.json "$testdata"/grafana-dashboards/*.json "$testdata"/fixture-dashboard.json \
    || fail "valid dashboards were refused"

# Real Prometheus dashboards: nothing in them goes undrawn (no warning at all).
warnings=$("$promdeck" validate "$testdata"/grafana-dashboards/*.json | grep ': warning: ' || true)
[ -z "$warnings" ] || fail "real dashboards have undrawn parts: $warnings"
# ... and what is not drawn is named, with its place: the gallery's Loki panel and unknown plugin.
gallery=$("$promdeck" validate "$dashboards/gallery.json")
grep -q 'gallery.json:[0-9]*:[0-9]*: warning: panel type "grafana-worldmap-panel" is not drawn' <<<"$gallery" \
    || fail "an unknown plugin was not named: $gallery"
grep -q 'warning: panel "API errors (Loki)" reads a Loki data source' <<<"$gallery" \
    || fail "a Loki panel was not named: $gallery"

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
