#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the whole suite under ASan+UBSan, then the
# benchmark smoke run and the package checks on the release build. Safe to run again: the builds are
# incremental and every test starts its own servers on free loopback ports.
#   installer/test.sh [-j N]   N tests at a time (default: the number of cores; CTEST_PARALLEL_LEVEL
#                              is honoured too), e.g. -j4 on two cores to prove the suite takes load
set -euo pipefail
cd "$(dirname "$0")/.."
test_jobs=${CTEST_PARALLEL_LEVEL:-$(nproc)}
while [ $# -gt 0 ]; do
    case "$1" in
    -j) test_jobs=$2; shift 2 ;;
    -j*) test_jobs=${1#-j}; shift ;;
    *) echo "usage: installer/test.sh [-j N]" >&2; exit 2 ;;
    esac
done
installer/install-deps.sh
build_jobs=$(nproc)
cmake --preset asan -DPROMDECK_BUILD_TESTS=ON >/dev/null
cmake --build --preset asan -j "$build_jobs"
cmake --preset release -DPROMDECK_BUILD_TESTS=ON >/dev/null
cmake --build --preset release -j "$build_jobs"
status=0
ctest --preset asan -j "$test_jobs" -E '^(bench|installer)\.' || status=$?
ctest --preset release -j "$test_jobs" -R '^(bench|installer)\.' || status=$?
if [ "$status" = 0 ]; then
    echo "test.sh: every test passed (ASan+UBSan suite, benchmark smoke run, package checks)"
fi
exit $status
