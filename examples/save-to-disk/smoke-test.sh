#!/bin/sh
# Runs save-to-disk into a temporary directory and has ffmpeg decode both files it wrote: every frame of
# the IVF and every packet of the Ogg must decode without an error. Without ffmpeg (a test dependency,
# scripts/install-deps test) the test is skipped, and fails under CI.
# smoke-test.sh SAVE_TO_DISK
dir=$(mktemp -d /tmp/purertc-save-to-disk.XXXXXX) || exit 1
trap 'rm -rf "$dir"' EXIT
"$1" "$dir/out.ivf" "$dir/out.ogg" || exit 1
if ! command -v ffmpeg >/dev/null; then
  echo "ffmpeg not found"
  [ -n "$CI" ] && exit 1
  exit 77
fi
for f in out.ivf out.ogg; do
  errors=$(ffmpeg -nostdin -hide_banner -v error -xerror -i "$dir/$f" -f null - 2>&1) || { echo "$f: $errors"; exit 1; }
  [ -z "$errors" ] || { echo "$f: $errors"; exit 1; }
done
frames=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$dir/out.ivf")
echo "ffmpeg decoded $frames video frames and the Opus stream without errors"
[ "${frames:-0}" -gt 0 ]
