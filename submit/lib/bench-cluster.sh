#!/usr/bin/env bash
# submit/bench cluster [--data DIR] [--limit N] [--keep DIR]
# The same annotate run (first N images of DIR, default 200 of ../shared/data/coco-train-dev/images;
# detector + default ensemble) on a standalone cluster of 1 worker x 1 core, then of 2 workers x
# 1 core (submit/cluster), and the speed-up of the second over the first. Executors run with
# spark.executor.cores=1, so TensorFlow in each uses one thread: one core per worker, really.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"

data="$POSESPARK_HOME/../shared/data/coco-train-dev/images" limit=200 keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) posespark_die "unknown option '$1' (see --help)" ;;
  esac
done
[ -d "$data" ] || posespark_die "no image folder at $data (give --data DIR)"
[[ "$limit" =~ ^[1-9][0-9]*$ ]] || posespark_die "--limit needs a positive whole number"
work="${keep:-$(mktemp -d)}"
mkdir -p "$work/input"
find "$data" -type f | sort | head -n "$limit" | while IFS= read -r f; do ln -sf "$f" "$work/input/"; done
"$here/../models" fetch >/dev/null
posespark_build
echo "bench cluster: $(ls "$work/input" | wc -l) images from $data"
echo "cpu: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-18s %8s %8s %10s %9s\n' cluster images wall_s images/s speed-up
base=""
for workers in 1 2; do
  state="$work/cluster-$workers"
  "$here/../cluster" start --workers "$workers" --cores 1 --memory 3g --state-dir "$state" >"$work/start-$workers.log" 2>&1 \
    || { cat "$work/start-$workers.log" >&2; posespark_die "cluster start failed"; }
  url="$("$here/../cluster" status --url --state-dir "$state")"
  log="$work/annotate-$workers.log"
  start=$(date +%s.%N)
  status=0
  "$here/../annotate" --input "$work/input" --output "$work/out-$workers" --dataset bench \
    --images-per-partition 4 --master "$url" --spark-conf spark.executor.memory=1g \
    --spark-conf spark.executor.cores=1 >"$log" 2>&1 || status=$?
  end=$(date +%s.%N)
  "$here/../cluster" stop --state-dir "$state" >/dev/null
  [ "$status" = 0 ] || { tail -5 "$log" >&2; posespark_die "annotate on $workers worker(s) failed (log: $log)"; }
  images="$(grep -oE '^annotate: [0-9]+ images' "$log" | tail -1 | cut -d' ' -f2)"
  wall="$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", b - a}')"
  [ -n "$base" ] || base="$wall"
  awk -v w="$workers" -v n="$images" -v t="$wall" -v b="$base" 'BEGIN {
    printf "%-18s %8d %8.1f %10.3f %8.2fx\n", w " worker(s) x 1 core", n, t, n / t, b / t }'
done
[ -n "$keep" ] || rm -rf "$work"
