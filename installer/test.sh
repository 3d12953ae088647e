#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test: the whole suite under ASan+UBSan, then the
# benchmark smoke run and the package test on the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
installer/install-deps.sh
jobs=$(nproc)
cmake --preset asan -DPROMDECK_BUILD_TESTS=ON >/dev/null
cmake --build --preset asan -j "$jobs"
cmake --preset release -DPROMDECK_BUILD_TESTS=ON >/dev/null
cmake --build --preset release -j "$jobs"
ctest --preset asan -j "$jobs" -E '^(bench|installer)\.'
ctest --preset release -R '^(bench|installer)\.'
