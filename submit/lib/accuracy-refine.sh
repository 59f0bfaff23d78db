#!/usr/bin/env bash
# Refinement report: keypoint AP of the refinement stage on coco-train-dev, written to
# docs/accuracy-refine.md (replaced).
#   submit/lib/accuracy-refine.sh [DATA_DIR] [extra RefineReportMain options, e.g. --limit 40]
# DATA_DIR defaults to ../shared/data/coco-train-dev next to the repo. Three runs:
#   1. even image ids, ground-truth boxes, the variant grid   (choosing half)
#   2. odd image ids, ground-truth boxes, the shipped default (held-back half)
#   3. odd image ids, detector boxes, the shipped default     (held-back half)
# First-pass poses are cached under target/refine-cache and reused by later runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
data="${1:-$POSESPARK_HOME/../shared/data/coco-train-dev}"
[ $# -ge 1 ] && shift
[ -f "$data/person_keypoints.json" ] || posespark_die "$data: no person_keypoints.json (give the COCO folder as first argument)"
out="${POSESPARK_REPORT_MD:-$POSESPARK_HOME/docs/accuracy-refine.md}"
export POSESPARK_JAVA_OPTS="${POSESPARK_JAVA_OPTS:--Xmx3g}"
main=posespark.models.report.RefineReportMain
cache="$POSESPARK_HOME/target/refine-cache"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') ($(nproc) cores)"
cat > "$out" <<MD
# Refinement report

Keypoint AP (COCO OKS, the project's evaluator) of the refinement stage (\`--refine\`, see
[refinement.md](refinement.md)) on \`../shared/data/coco-train-dev\`. Variants are chosen on the
even image ids and reported on the odd ones. Every row refines the same cached first pass of the
default pipeline (ensemble, flip, prior, quarter; candidates before scoring and OKS-NMS, as the
pipeline refines them), then scores and OKS-NMS's as the pipeline does. "refine ms/person" is the
wall time of the re-estimation (both members, plain + flipped crops) and the fusion per candidate
pose, on: $cpu.

Produced by \`submit/lib/accuracy-refine.sh\` on $(date -u +%Y-%m-%d).
MD
(posespark_java "$main" --data "$data" --boxes gt --half even --variants grid --cache "$cache" --markdown "$out" "$@")
(posespark_java "$main" --data "$data" --boxes gt --half odd --variants default --cache "$cache" --markdown "$out" "$@")
(posespark_java "$main" --data "$data" --boxes detector --half odd --variants default --cache "$cache" --markdown "$out" "$@")
echo "report written to $out" >&2
