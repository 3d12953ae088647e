#!/usr/bin/env bash
# Builds the .deb and the .tar.gz with CPack, unpacks the .deb into a scratch root and checks what a
# user of the package gets: the binary runs, its Depends are computed from the binary and resolve on
# Debian 12, and the desktop entry, the icon, the AppStream metadata and the man page are valid, each
# checked by the tool Debian itself uses for it.
set -euo pipefail
build=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "installer.deb: $*"; exit 1; }
cd "$build"
cpack -G "DEB;TGZ" -B "$scratch/pkg" >"$scratch/cpack.log" 2>&1 || { cat "$scratch/cpack.log"; exit 1; }
tgz=$(ls "$scratch"/pkg/*.tar.gz)
# Listings are read whole before grep: with pipefail, grep -q closing a pipe early fails the pipe.
listing=$(tar tzf "$tgz")
for f in bin/promdeck share/promdeck/dashboards/api.json share/applications/promdeck.desktop; do
    grep -q "/$f\$" <<<"$listing" || fail "missing from the tarball: $f"
done
deb=$(ls "$scratch"/pkg/*.deb)
info=$(dpkg-deb --info "$deb")
grep -q "Package: promdeck" <<<"$info" || fail "not a promdeck package"
# Depends as dpkg-shlibdeps computed them from the binary (Qt, yaml-cpp, QtKeychain, libc), plus the
# plugins no linker sees; a notification server is recommended, not required.
depends=$(sed -n 's/^ Depends: //p' <<<"$info")
for needed in libqt6core6 libqt6widgets6 libqt6charts6 libqt6keychain1 libyaml-cpp0.7 libc6 libqt6sql6-sqlite qt6-qpa-plugins; do
    grep -q "\b$needed\b" <<<"$depends" || fail "Depends lacks $needed: $depends"
done
grep -q "^ Recommends: .*dunst" <<<"$info" || fail "a notification server should be recommended"
# Every Depends resolves against Debian 12's archive (a simulated install: nothing is changed).
apt-get install -s -q "$deb" >"$scratch/simulate.log" 2>&1 || { cat "$scratch/simulate.log"; fail "its Depends do not resolve"; }

dpkg -x "$deb" "$scratch/root"
root=$scratch/root
version=$("$root/usr/bin/promdeck" --version)
grep -q "^promdeck " <<<"$version" || fail "installed binary failed: $version"
for f in usr/share/applications/promdeck.desktop usr/share/promdeck/dashboards/api.json \
         usr/share/icons/hicolor/scalable/apps/promdeck.svg usr/share/icons/hicolor/256x256/apps/promdeck.png \
         usr/share/metainfo/io.github.promdeck.Promdeck.metainfo.xml usr/share/man/man1/promdeck.1.gz; do
    [ -f "$root/$f" ] || fail "missing from the package: $f"
done
desktop-file-validate "$root/usr/share/applications/promdeck.desktop" || fail "desktop entry is not valid"
appstreamcli validate --no-net "$root/usr/share/metainfo/io.github.promdeck.Promdeck.metainfo.xml" >"$scratch/as.log" 2>&1 \
    || { cat "$scratch/as.log"; fail "AppStream metadata is not valid"; }
file "$root/usr/share/icons/hicolor/256x256/apps/promdeck.png" | grep -q "PNG image data, 256 x 256" \
    || fail "the icon is not a 256x256 PNG"
man=$(MANWIDTH=100 man -l "$root/usr/share/man/man1/promdeck.1.gz" 2>"$scratch/man.log") || { cat "$scratch/man.log"; fail "man cannot read the man page"; }
for section in NAME SYNOPSIS DESCRIPTION; do
    grep -q "^$section" <<<"$man" || fail "the man page has no $section section"
done
grep -q "promdeck render" <<<"$man" || fail "the man page does not document the commands"
# The packaged binary still finds its built-in dashboards when run from the scratch root.
"$root/usr/bin/promdeck" validate "$root/usr/share/promdeck/dashboards/api.json" >/dev/null
echo "installer.deb: $(basename "$deb") (Depends: $depends) installs and runs; desktop entry, icon," \
     "AppStream metadata and man page valid; $(basename "$tgz") holds the same files"
