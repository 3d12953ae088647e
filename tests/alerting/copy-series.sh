#!/bin/sh
# Stands in for the fixture generator in prometheus-fixture.sh: "copy-series.sh SRC -o DEST" copies
# series the conformance test has already written (promtool's input_series, as OpenMetrics).
set -eu
cp "$1" "$3"
