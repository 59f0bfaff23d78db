#!/usr/bin/env bash
# submit/bench cluster [--data DIR] [--limit N] [--keep DIR]
# The same annotate run (first N images of DIR, default 200 of ../shared/data/coco-train-dev/images;
# detector + default ensemble) on a standalone cluster of 1 worker x 1 core, then of 2 workers x
# 1 core (submit/cluster), and the speed-up of the second over the first: of the whole run (wall,
# launch to committed tables) and of the inference stage alone (stage_s: first task to last, from
# the scheduler's task times; tail_s: how long one executor ran on alone at the end). Executors run
# with spark.executor.cores=1, so TensorFlow in each uses one thread: one core per worker, really.
# Prints the CPU line and the load average at start and end: on a loaded machine ratios are noise.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"

data="$POSESPARK_HOME/../shared/data/coco-train-dev/images" limit=200 keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
printf '%-20s %6s %7s %9s %8s %7s %6s %8s\n' cluster images wall_s images/s speed-up stage_s tail_s stage-up
base="" stage_base=""
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
  stage_line="$(grep -oE 'inference stage: .*' "$log" | tail -1)"
  [ -n "$stage_line" ] || posespark_die "no inference stage line in $log"
  stage="$(sed -E 's/.* wall_s=([0-9.]+).*/\1/' <<<"$stage_line")"
  tail_s="$(sed -E 's/.* tail_s=([0-9.]+).*/\1/' <<<"$stage_line")"
  [ -n "$base" ] || base="$wall"
  [ -n "$stage_base" ] || stage_base="$stage"
  awk -v w="$workers" -v n="$images" -v t="$wall" -v b="$base" -v s="$stage" -v sb="$stage_base" \
    -v tl="$tail_s" 'BEGIN {
    printf "%-20s %6d %7.1f %9.3f %7.2fx %7.1f %6.1f %7.2fx\n", w " worker(s) x 1 core", n, t,
      n / t, b / t, s, tl, sb / s }'
  echo "  ${stage_line#inference stage: }"
done
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "$keep" ] || rm -rf "$work"
