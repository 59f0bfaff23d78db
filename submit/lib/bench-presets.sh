#!/usr/bin/env bash
# submit/bench presets [--data DIR] [--presets "fast balanced accurate"] [--master local[2]] [--keep DIR]
# For each --preset: the annotate job on the held-back half of coco-train-dev (odd image ids) with
# ground-truth boxes, then submit/evaluate on its COCO results. Prints preset, the annotate stage's
# images/s and keypoint AP side by side; writes docs/presets.tsv and the plot docs/presets.png.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"

data="$POSESPARK_HOME/../shared/data/coco-train-dev"
presets="fast balanced accurate"
master="local[2]"
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data="$2"; shift 2 ;;
    --presets) presets="$2"; shift 2 ;;
    --master) master="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) posespark_die "unknown option '$1' (see --help)" ;;
  esac
done
[ -f "$data/person_keypoints.json" ] || posespark_die "no person_keypoints.json in $data (give --data DIR)"
command -v jq >/dev/null || posespark_die "jq is needed (apt-get install jq)"
work="${keep:-$(mktemp -d)}"
mkdir -p "$work"
# The held-back half: odd image ids (the same split as the pose scoring model's).
jq '.images |= map(select(.id % 2 == 1)) | .annotations |= map(select(.image_id % 2 == 1))' \
  "$data/person_keypoints.json" >"$work/odd.json"
images="$(jq '.images | length' "$work/odd.json")"
echo "bench presets: $images images (odd ids of $data), ground-truth boxes, master $master"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
tsv="$POSESPARK_HOME/docs/presets.tsv"
printf 'preset\timages_per_s\tap\tap50\tar\tconfident_persons\n' >"$tsv.part"
printf '%-14s %10s %8s %8s %8s\n' preset images/s AP AP50 AR
for p in $presets; do
  log="$work/$p.log"
  "$here/../annotate" --input "$work/odd.json" --image-root "$data/images" --boxes gt --preset "$p" \
    --output "$work/out-$p" --dataset presets --coco-results "$work/$p-results.json" \
    --images-per-partition 16 --master "$master" >"$log" 2>&1 \
    || { tail -5 "$log" >&2; posespark_die "annotate --preset $p failed (log: $log)"; }
  summary="$(grep -E '^annotate: [0-9]+ images' "$log" | tail -1)"
  wall="$(grep -o 'annotate stage wall=[0-9.]*' "$log" | tail -1 | cut -d= -f2)"
  rate="$(awk -v n="$images" -v w="$wall" 'BEGIN { printf "%.3f", n / w }')"
  persons="$(echo "$summary" | awk '{print $8}')"
  "$here/../evaluate" --gt "$work/odd.json" --results "$work/$p-results.json" \
    --json "$work/$p-eval.json" >"$work/$p-eval.log" 2>&1 \
    || { tail -5 "$work/$p-eval.log" >&2; posespark_die "evaluate of preset $p failed"; }
  read -r ap ap50 ar < <(jq -r '[.stats[0], .stats[1], .stats[5]] | map(. * 100) | @tsv' "$work/$p-eval.json")
  printf '%s\t%s\t%.1f\t%.1f\t%.1f\t%s\n' "$p" "$rate" "$ap" "$ap50" "$ar" "$persons" >>"$tsv.part"
  printf '%-14s %10s %8.1f %8.1f %8.1f\n' "$p" "$rate" "$ap" "$ap50" "$ar"
done
mv "$tsv.part" "$tsv"
(posespark_java posespark.models.report.PresetCurvePlot "$tsv" "$POSESPARK_HOME/docs/presets.png")
echo "wrote docs/presets.tsv and docs/presets.png"
[ -n "$keep" ] || rm -rf "$work"
