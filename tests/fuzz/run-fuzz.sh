#!/usr/bin/env bash
# Builds the fuzz targets with clang and runs the snapshot reader's for SECONDS (default 30) on the
# seed corpus. Longer runs: run-fuzz.sh BUILD_DIR 3600 (findings land in BUILD_DIR/findings).
set -euo pipefail
build=${1:?build directory}
seconds=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target fuzz_snapshot_reader >/dev/null
mkdir -p "$build/corpus" "$build/findings"
cp -n "$here"/corpus/* "$build/corpus/" 2>/dev/null || true
cd "$build/findings"
# rss and length limits keep a hostile input from exhausting the machine instead of being refused.
"$build/fuzz_snapshot_reader" "$build/corpus" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=262144 \
    -timeout=10 -print_final_stats=1 2>&1 | tail -n 12
