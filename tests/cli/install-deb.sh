#!/usr/bin/env bash
# Builds the .deb with CPack, unpacks it into a scratch root with dpkg -x and runs the binary from there.
set -euo pipefail
build=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$build"
cpack -G "DEB;TGZ" -B "$scratch/pkg" >"$scratch/cpack.log" 2>&1 || { cat "$scratch/cpack.log"; exit 1; }
tgz=$(ls "$scratch"/pkg/*.tar.gz)
# Listings are read whole before grep: with pipefail, grep -q closing a pipe early fails the pipe.
listing=$(tar tzf "$tgz")
for f in bin/promdeck share/promdeck/dashboards/api.json share/applications/promdeck.desktop; do
    grep -q "/$f\$" <<<"$listing" || { echo "missing from the tarball: $f"; exit 1; }
done
deb=$(ls "$scratch"/pkg/*.deb)
info=$(dpkg-deb --info "$deb")
grep -q "Package: promdeck" <<<"$info" || { echo "not a promdeck package"; exit 1; }
dpkg -x "$deb" "$scratch/root"
version=$("$scratch/root/usr/bin/promdeck" --version)
grep -q "^promdeck " <<<"$version" || { echo "installed binary failed: $version"; exit 1; }
for f in usr/share/applications/promdeck.desktop usr/share/promdeck/dashboards/api.json \
         usr/share/icons/hicolor/scalable/apps/promdeck.svg usr/share/icons/hicolor/256x256/apps/promdeck.png; do
    [ -f "$scratch/root/$f" ] || { echo "missing from the package: $f"; exit 1; }
done
# The packaged binary still finds its built-in dashboards when run from the scratch root.
"$scratch/root/usr/bin/promdeck" validate "$scratch/root/usr/share/promdeck/dashboards/api.json" >/dev/null
echo "installer: $(basename "$deb") installs and runs; $(basename "$tgz") holds the same files"
