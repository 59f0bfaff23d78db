#!/usr/bin/env bash
# submit/bench annotate [--data DIR] [--limit N] [--batch-sizes "1 4 16"] [--master local[2]] [--keep DIR]
# Runs the annotate job (detector + default ensemble) on a folder of images once per batch size
# and prints, per run: end-to-end images/s, the model time (detect + pose steps, summed over
# tasks) and the share of the annotate stage's wall time spent outside model execution, i.e.
# 1 - model_seconds / (cores x stage_wall_seconds). --limit N uses the folder's first N images.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"

data="$POSESPARK_HOME/../shared/data/coco-train-dev/images"
batch_sizes="1 4 16"
master="local[2]"
keep=""
limit=""
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --batch-sizes) batch_sizes="$2"; shift 2 ;;
    --master) master="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) posespark_die "unknown option '$1' (see --help)" ;;
  esac
done
[ -d "$data" ] || posespark_die "no image folder at $data (give --data DIR)"
cores="$(echo "$master" | sed -n 's/^local\[\([0-9][0-9]*\)\]$/\1/p')"
[ -n "$cores" ] || cores="$(nproc)"
[ "$cores" != "*" ] || cores="$(nproc)"

work="${keep:-$(mktemp -d)}"
mkdir -p "$work"
if [ -n "$limit" ]; then
  # The first N images (by name), linked into a folder of their own.
  rm -rf "$work/input"
  mkdir -p "$work/input"
  find "$data" -type f | sort | head -n "$limit" | while IFS= read -r f; do ln -s "$f" "$work/input/"; done
  data="$work/input"
fi
echo "bench annotate: $(find -L "$data" -type f | wc -l) files in $data, master $master ($cores cores)"
printf '%-6s %8s %10s %12s %10s %10s %14s\n' batch images wall_s images/s stage_s model_s outside_model
for bs in $batch_sizes; do
  log="$work/bs$bs.log"
  start=$(date +%s.%N)
  "$here/../annotate" --input "$data" --output "$work/out-bs$bs" --dataset bench \
    --batch-size "$bs" --images-per-partition 8 --master "$master" >"$log" 2>&1 || { tail -5 "$log" >&2; posespark_die "annotate run failed (log: $log)"; }
  end=$(date +%s.%N)
  summary="$(grep -E '^annotate: [0-9]+ images' "$log" | tail -1)"
  steps="$(grep -o 'seconds per step.*' "$log" | tail -1)"
  awk -v bs="$bs" -v start="$start" -v end="$end" -v cores="$cores" -v summary="$summary" -v steps="$steps" 'BEGIN {
    split(summary, w, " "); images = w[2]
    n = split(steps, f, /[ ;]/); model = 0; stage = 0
    for (i = 1; i <= n; i++) {
      split(f[i], kv, "=")
      if (kv[1] == "detect" || kv[1] == "pose") model += kv[2]
      if (kv[1] == "wall") stage = kv[2]
    }
    wall = end - start
    outside = stage > 0 ? 1 - model / (cores * stage) : 0
    printf "%-6s %8d %10.1f %12.2f %10.1f %10.1f %13.1f%%\n", bs, images, wall, images / wall, stage, model, 100 * outside
  }'
  echo "  $steps"
done
[ -n "$keep" ] || rm -rf "$work"
