#!/usr/bin/env bash
# Builds the fuzz targets with clang and runs one for SECONDS (default 30) on its seed corpus:
# snapshot_reader (default), promql_parser, query_answer, dashboard_loader, rule_file, alert_template or
# variables. Longer runs: run-fuzz.sh BUILD_DIR 3600 [TARGET] (FUZZ_RUNS=N stops after N executions)
# (findings land in BUILD_DIR/findings-TARGET). FUZZ_SEED=N repeats a run's mutations (the suite's smoke runs
# use a fixed seed, so that a run of the suite is the same every time; a long run takes a new one).
set -euo pipefail
build=$(realpath -m "${1:?build directory}")
seconds=${2:-30}
target=${3:-snapshot_reader}
here=$(cd "$(dirname "$0")" && pwd)
case "$target" in
    snapshot_reader) seeds="$here/corpus" options=(-max_len=262144) ;;
    promql_parser) seeds="$here/corpus-promql" options=(-max_len=4096 -dict="$here/promql.dict") ;;
    query_answer) seeds="$here/corpus-answers" options=(-max_len=65536) ;;
    dashboard_loader) seeds="$here/../testdata/grafana-dashboards" options=(-max_len=262144) ;;
    rule_file) seeds="$here/corpus-rules" options=(-max_len=65536) ;;
    alert_template) seeds="$here/corpus-templates" options=(-max_len=4096) ;;
    variables) seeds="$here/corpus-variables" options=(-max_len=4096) ;;
    *) echo "run-fuzz.sh: unknown target $target (snapshot_reader, promql_parser, query_answer," \
            "dashboard_loader, rule_file, alert_template, variables)" >&2; exit 2 ;;
esac
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target "fuzz_$target" >/dev/null
mkdir -p "$build/corpus-$target" "$build/findings-$target"
find "$seeds" -maxdepth 1 -type f ! -name "*.md" ! -name "LICENSE*" -exec cp -n {} "$build/corpus-$target/" \; 2>/dev/null || true
cd "$build/findings-$target"
# Undefined behaviour stops the newer targets' runs like a crash (a finding, not a line in a log).
case "$target" in alert_template|variables) export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} ;; esac
seed=${FUZZ_SEED:-$(( (RANDOM << 15 | RANDOM) + 1 ))}
echo "run-fuzz.sh: $target for ${seconds} s, seed $seed (FUZZ_SEED=$seed repeats it)"
# rss and length limits keep a hostile input from exhausting the machine instead of being refused.
"$build/fuzz_$target" "$build/corpus-$target" -max_total_time="$seconds" ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} -rss_limit_mb=2048 \
    "${options[@]}" -timeout=10 -seed="$seed" -print_final_stats=1 2>&1 | tail -n 12
