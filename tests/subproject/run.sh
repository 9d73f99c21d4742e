#!/usr/bin/env bash
# Builds tests/subproject/consumer with this checkout as its purertc subproject (placed where the wrap
# would have fetched it, so nothing is downloaded), runs it, and checks it printed the version.
set -euo pipefail
src_root=$(cd "$1" && pwd)
work=$(mktemp -d "${2:-/tmp}/purertc-subproject.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -r "$src_root/tests/subproject/consumer/." "$work/"
ln -s "$src_root" "$work/subprojects/purertc"
cd "$work"
meson setup build --wrap-mode=nodownload -Dbuildtype=plain >setup.log 2>&1 || { cat setup.log; exit 1; }
# A subproject must not build purertc's tests, benchmarks or tools.
if grep -q "purertc.*tests.*: YES\|common_test" build/build.ninja; then
  echo "purertc built its tests as a subproject"; exit 1
fi
ninja -C build >build.log 2>&1 || { tail -50 build.log; exit 1; }
out=$(./build/consumer)
echo "$out"
[[ "$out" == "purertc "* ]]
