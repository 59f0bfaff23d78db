#!/usr/bin/env bash
# Re-creates the vtest-*.jpg frames of this folder from Debian's opencv-doc package (BSD-3-Clause,
# OpenCV's sample data): apt-get download opencv-doc; dpkg -x; ffmpeg (apt-get install ffmpeg).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download opencv-doc >/dev/null && dpkg -x opencv-doc_*.deb x)
avi="$tmp/x/usr/share/doc/opencv-doc/examples/data/vtest.avi"
for n in 0 200 400 600; do
  ffmpeg -v error -y -i "$avi" -vf "select=eq(n\,$n)" -frames:v 1 -q:v 4 "$here/vtest-$(printf %03d "$n").jpg"
done
