#!/bin/sh
# Checks that the C++ block of README.md's "A data channel in C++" section is examples/data-channels/main.cc
# byte for byte, so the README shows a program that compiles and passes its smoke test.
# readme-test.sh SOURCE_ROOT
root=$1
block=$(awk '/^## A data channel in C\+\+/ { section = 1 } section && /^```$/ && inside { exit }
             section && inside { print } section && /^```cpp$/ { inside = 1 }' "$root/README.md")
if [ "$block" != "$(cat "$root/examples/data-channels/main.cc")" ]; then
  echo "README.md's data channel example differs from examples/data-channels/main.cc:"
  printf '%s\n' "$block" | diff - "$root/examples/data-channels/main.cc"
  exit 1
fi
echo "README.md shows examples/data-channels/main.cc"
