#!/usr/bin/env bash
# Draws docs/architecture.svg from the build's own link graph (CMake's --graphviz): each library of
# core, widgets and the app, and what each links. Needs a configured build and graphviz's `dot`.
#   docs/architecture-graph.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --graphviz="$tmp/graph.dot" "$build" >/dev/null
/usr/bin/python3 - "$tmp" <<'PY'
import glob, re, sys
tmp = sys.argv[1]
text = open(f"{tmp}/graph.dot").read()
names = dict(re.findall(r'"(node\d+)" \[ label = "([^"]+)"', text))
keep = {n: l for n, l in names.items() if l.startswith("promdeck_") and not l.startswith("promdeck_test")}
keep.update({n: l for n, l in names.items() if l == "promdeck"})
edges = set()
for a, b in re.findall(r'"(node\d+)" -> "(node\d+)"', text):
    if a in keep and b in keep:
        edges.add((keep[a].replace("promdeck_", ""), keep[b].replace("promdeck_", "")))
# promdeck_core is only the sum of core's libraries (for the app and the tests): drawn as what it
# brings that nothing else in core links.
tops = {b for a, b in edges if a == "core"} - {b for a, b in edges if a not in ("core", "app", "promdeck")}
edges = {(a, b) for a, b in edges if a != "core"}
edges = {e for e in edges if e[1] != "core"} | {(a, t) for a, b in edges if b == "core" for t in tops}
with open(f"{tmp}/clean.dot", "w") as out:
    out.write('digraph promdeck {\n  rankdir=BT; node [shape=box, fontname="DejaVu Sans", fontsize=11];\n')
    for a, b in sorted(edges):
        out.write(f'  "{a}" -> "{b}";\n')
    out.write("}\n")
PY
dot -Tsvg "$tmp/clean.dot" -o docs/architecture.svg
echo "docs/architecture.svg"
