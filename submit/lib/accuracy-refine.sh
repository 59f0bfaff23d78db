#!/usr/bin/env bash
# Refinement report: keypoint AP of the refinement stage on coco-train-dev, into docs/accuracy-refine.md.
#   submit/lib/accuracy-refine.sh [DATA_DIR] [extra RefineReportMain options, e.g. --limit 40]
# DATA_DIR defaults to ../shared/data/coco-train-dev next to the repo. The tables below the marker
# line of the report are replaced (the text above it is kept); runs:
#   even image ids (choosing half), ground-truth boxes: the grid, keep-sure and union variants
#   odd image ids (held-back half), ground-truth and detector boxes: the union (chosen) and
#   keypoint-box variants
# First-pass poses are cached under target/refine-cache and reused by later runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
data="${1:-$POSESPARK_HOME/../shared/data/coco-train-dev}"
[ $# -ge 1 ] && shift
[ -f "$data/person_keypoints.json" ] || posespark_die "$data: no person_keypoints.json (give the COCO folder as first argument)"
out="${POSESPARK_REPORT_MD:-$POSESPARK_HOME/docs/accuracy-refine.md}"
export POSESPARK_JAVA_OPTS="${POSESPARK_JAVA_OPTS:--Xmx2g}"
main=posespark.models.report.RefineReportMain
cache="$POSESPARK_HOME/target/refine-cache"
marker='<!-- tables below: written by submit/lib/accuracy-refine.sh -->'
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(nproc) cores)"
if [ -f "$out" ] && grep -qF "$marker" "$out"; then
  sed -i "/^$(printf '%s' "$marker" | sed 's/[]\/$*.^[]/\\&/g')\$/q" "$out"
else
  printf '# Refinement report\n\n%s\n' "$marker" > "$out"
fi
printf '\nRun on %s, %s.\n' "$(date -u +%Y-%m-%d)" "$cpu" >> "$out"
run() { (posespark_java "$main" --data "$data" --cache "$cache" --markdown "$out" "$@"); }
for v in grid gated union; do run --boxes gt --half even --variants "$v" "$@"; done
for b in gt detector; do
  for v in union gated; do run --boxes "$b" --half odd --variants "$v" "$@"; done
done
echo "report written to $out" >&2
