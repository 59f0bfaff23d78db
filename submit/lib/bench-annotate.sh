#!/usr/bin/env bash
# submit/bench annotate [--data DIR] [--limit N] [--preset P] [--order "queue-off queue-on default"] [--master local[2]] [--keep DIR]
# The annotate job on the first N images of coco-train-dev (by id) with ground-truth boxes, run
# side by side: inference queues + prefetch on, both off, and the defaults (queues auto: off on a CPU
# executor; prefetch on). Prints each run's
# annotate-stage images/s next to the model-bound limit: images / (crops x inputs per crop x the
# sum of the models' per-input latencies), the latencies measured in the same run at the queue's
# batch (16) with the executor's threads; both as the annotate stage's images/s and as the rate
# inside the pipeline (images x cores / pipeline seconds summed over tasks, i.e. without the
# stage's start and model loading). Also prints the CPU line and the load.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"

data="$POSESPARK_HOME/../shared/data/coco-train-dev"
limit=120
preset=accurate
master="local[2]"
order="queue-off queue-on default"
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    --preset) preset="$2"; shift 2 ;;
    --master) master="$2"; shift 2 ;;
    --order) order="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) posespark_die "unknown option '$1' (see --help)" ;;
  esac
done
[ -f "$data/person_keypoints.json" ] || posespark_die "no person_keypoints.json in $data (give --data DIR)"
command -v jq >/dev/null || posespark_die "jq is needed (apt-get install jq)"
case "$preset" in
  fast) models="movenet-lightning" inputs=1 ;;
  balanced) models="movenet-thunder" inputs=2 ;;
  accurate) models="movenet-thunder blazepose-heavy" inputs=2 ;;
  balanced-int8) models="movenet-thunder-int8" inputs=2 ;;
  accurate-int8) models="movenet-thunder-int8 blazepose-heavy-int8" inputs=2 ;;
  *) posespark_die "--preset must be fast, balanced, accurate, balanced-int8 or accurate-int8, not '$preset'" ;;
esac
cores="$(echo "$master" | sed -n 's/^local\[\([0-9][0-9]*\)\]$/\1/p')"
[ -n "$cores" ] || cores="$(nproc)"

work="${keep:-$(mktemp -d)}"
mkdir -p "$work"
jq --argjson n "$limit" '(.images | sort_by(.id) | .[:$n] | map(.id)) as $ids
  | .images |= map(select(.id as $i | $ids | index($i)))
  | .annotations |= map(select(.image_id as $i | $ids | index($i)))' \
  "$data/person_keypoints.json" >"$work/subset.json"
images="$(jq '.images | length' "$work/subset.json")"
crops="$(jq '[.annotations[] | select(.category_id == 1 and (.iscrowd // 0) == 0 and .bbox != null)] | length' "$work/subset.json")"
printf 'posespark.pipeline.batching.enabled = false\nposespark.annotate.prefetch-batches = 0\n' >"$work/off.conf"
printf 'posespark.pipeline.batching.enabled = true\nposespark.annotate.prefetch-batches = 1\n' >"$work/on.conf"
echo "bench annotate: $images images, $crops ground-truth boxes, --preset $preset, master $master"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

run() { # name, extra args...
  local name="$1"; shift
  "$here/../annotate" --input "$work/subset.json" --image-root "$data/images" --boxes gt \
    --preset "$preset" --output "$work/out-$name" --dataset bench --images-per-partition 8 \
    --master "$master" "$@" >"$work/$name.log" 2>&1 \
    || { tail -5 "$work/$name.log" >&2; posespark_die "annotate run '$name' failed (log: $work/$name.log)"; }
  # images / the annotate stage's wall time (the summary line rounds to 0.1)
  local wall
  wall="$(grep -o 'annotate stage wall=[0-9.]*' "$work/$name.log" | tail -1 | cut -d= -f2)"
  awk -v n="$images" -v w="$wall" 'BEGIN { printf "%.3f", n / w }'
}
# images x cores / the pipeline's time summed over tasks: the rate once the executor's models
# are loaded (the stage's wall time also holds Spark's start of the stage and model loading).
pipeline_rate() {
  local seconds
  seconds="$(grep -o 'pipeline=[0-9.]*' "$work/$1.log" | tail -1 | cut -d= -f2)"
  awk -v n="$images" -v c="$cores" -v s="$seconds" 'BEGIN { printf "%.3f", n * c / s }'
}
# The first run also pays the cold start of the JVM's files and models: --order picks which goes first.
declare -A rate pipe
for name in $order; do
  case "$name" in
    queue-on) rate[$name]="$(run queue-on --conf "$work/on.conf")" ;;
    queue-off) rate[$name]="$(run queue-off --conf "$work/off.conf")" ;;
    default) rate[$name]="$(run default)" ;;
    *) posespark_die "--order takes queue-on, queue-off and default, not '$name'" ;;
  esac
  pipe[$name]="$(pipeline_rate "$name")"
done
latencies="$(POSESPARK_JAVA_OPTS="${POSESPARK_JAVA_OPTS:--Xmx1g}" posespark_java posespark.models.bench.CropLatency 16 "$cores" 5 $models)"
echo "$latencies" | awk '{ printf "  %s: %.2f ms per model input (batch 16, '"$cores"' threads)\n", $1, $2 }'
limit_rate="$(echo "$latencies" | awk -v images="$images" -v crops="$crops" -v inputs="$inputs" \
  '{ ms += $2 } END { printf "%.3f", images / (crops * inputs * ms / 1000) }')"
printf '%-10s %14s %12s %16s %12s %12s\n' run stage_img/s "% of limit" pipeline_img/s "% of limit" model-bound/s
for name in $order; do
  set -- "$name" "${rate[$name]}" "${pipe[$name]}"
  awk -v n="$1" -v r="$2" -v p="$3" -v l="$limit_rate" 'BEGIN {
    printf "%-10s %14.3f %11.1f%% %16.3f %11.1f%% %12.3f\n", n, r, 100 * r / l, p, 100 * p / l, l }'
done
# Where the pipeline's time goes (summed over tasks): inside the pose models' calls (pose_model) vs the
# rest of the pose step (crops in, heatmaps out) vs everything else (read, decode, scoring).
for name in $order; do
  line="$(grep -o 'seconds per step.*' "$work/$name.log" | tail -1)"
  awk -v n="$name" -v l="$line" 'BEGIN {
    split(l, kv, " "); for (i in kv) { split(kv[i], p, "="); v[p[1]] = p[2] }
    if (v["pipeline"] > 0) printf "  %s: pipeline %.1f s = pose models %.1f s (%.1f%%) + crops/heatmaps %.1f s (%.1f%%) + rest %.1f s\n",
      n, v["pipeline"], v["pose_model"], 100 * v["pose_model"] / v["pipeline"], v["pose"] - v["pose_model"],
      100 * (v["pose"] - v["pose_model"]) / v["pipeline"], v["pipeline"] - v["pose"] }'
done
[ -n "$keep" ] || rm -rf "$work"
