#!/usr/bin/env bash
# Same-machine comparison of RTP marshal/unmarshal with pion/rtp (Debian golang-github-pion-rtp-dev),
# in rounds that alternate Go and C++ so both see the same machine load.
#
# Go's benchmark framework reports wall time only, so each Go run is also timed for process CPU with a
# fixed iteration count (GOMAXPROCS=1, 0 allocations so no GC work), minus a 1-iteration run for the
# start-up cost: CPU ns/op comparable with Google Benchmark's cpu_time. Both columns are printed.
#
# Rows: MarshalTo = RtpHeader::write_to (the header laid out again for every packet), MarshalTpl = the
# same packet through RtpHeaderTemplate (laid out once per stream), Unmarshal = RtpPacketView::parse.
#
# Usage: bench/pion_rtp_compare.sh [build-dir] [rounds]   (needs golang-go and golang-github-pion-rtp-dev)
set -euo pipefail
build=${1:-build}
rounds=${2:-5}
iters=20000000  # ~0.5 s of Go CPU per run: the 10 ms resolution of /usr/bin/time stays under 2%
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export GOPATH=/usr/share/gocode GO111MODULE=off GOCACHE="$work/gocache"
go test -c -o "$work/pion.test" github.com/pion/rtp

# go_run BENCH N -> "wall_ns_per_op cpu_seconds"
go_run() {
  local out
  out=$( { GOMAXPROCS=1 /usr/bin/time -f 'CPU %U %S' "$work/pion.test" -test.run XXX -test.bench "$1" \
           -test.benchtime "${2}x"; } 2>&1 )
  local wall cpu
  wall=$(awk '/ns\/op/ {for (i = 1; i <= NF; i++) if ($(i+1) == "ns/op") print $i}' <<<"$out" | tail -1)
  cpu=$(awk '/^CPU/ {print $2 + $3}' <<<"$out")
  echo "$wall $cpu"
}

# ours FILTER -> "wall_ns cpu_ns"
ours() {
  "$build/bench/rtp_bench" --benchmark_filter="$1" --benchmark_min_time=0.5 --benchmark_format=csv 2>/dev/null |
    awk -F, '/^"BM_/ {print $3, $4}'
}

printf '%-10s %5s | %12s %12s | %12s %12s | %9s %9s\n' bench round "pion wall" "pion cpu" "ours wall" "ours cpu" "wall x" "cpu x"
for ((r = 1; r <= rounds; ++r)); do
  for pair in "MarshalTo:BenchmarkMarshalTo\$:BM_PionMarshalToPacket\$" \
              "MarshalTpl:BenchmarkMarshalTo\$:BM_PionMarshalToPacketTemplate\$" \
              "Unmarshal:BenchmarkUnmarshal/SharedStruct\$:BM_PionUnmarshalPacket\$"; do
    IFS=: read -r name gobench ourbench <<<"$pair"
    read -r _ base_cpu < <(go_run "$gobench" 1)
    read -r go_wall go_cpu < <(go_run "$gobench" "$iters")
    go_cpu_ns=$(awk -v c="$go_cpu" -v b="$base_cpu" -v n="$iters" 'BEGIN {printf "%.1f", (c - b) * 1e9 / n}')
    read -r our_wall our_cpu < <(ours "$ourbench")
    awk -v n="$name" -v r="$r" -v gw="$go_wall" -v gc="$go_cpu_ns" -v ow="$our_wall" -v oc="$our_cpu" \
      'BEGIN {printf "%-10s %5d | %12.1f %12.1f | %12.1f %12.1f | %8.2fx %8.2fx\n", n, r, gw, gc, ow, oc, gw / ow, gc / oc}'
  done
done
