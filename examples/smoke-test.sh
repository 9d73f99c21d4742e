#!/bin/sh
# Runs one example and checks its output: smoke-test.sh PATTERN COMMAND [ARGS...]. Passes when the
# command exits 0 and a line of its output matches the extended regular expression PATTERN.
pattern=$1
shift
out=$("$@" 2>&1)
rc=$?
printf '%s\n' "$out"
[ $rc -eq 0 ] || { echo "smoke test: exit code $rc"; exit 1; }
printf '%s\n' "$out" | grep -Eq "$pattern" || { echo "smoke test: no line matches /$pattern/"; exit 1; }
