#!/usr/bin/env bash
# Accuracy report: keypoint AP of single models, ensembles, flip, prior and decoders on a COCO folder.
#   submit/lib/accuracy-report.sh [DATA_DIR] [extra AccuracyReportMain options]
# DATA_DIR defaults to ../shared/data/coco-train-dev next to the repo. Runs ground-truth boxes, then
# detector boxes, appending both tables to docs/accuracy-run.md (copy the numbers into docs/accuracy.md).
# Each model runs once per crop (plain + flipped); every variant is decoded from those outputs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
data="${1:-$POSESPARK_HOME/../shared/data/coco-train-dev}"
[ $# -ge 1 ] && shift
[ -f "$data/person_keypoints.json" ] || posespark_die "$data: no person_keypoints.json (give the COCO folder as first argument)"
out="${POSESPARK_REPORT_MD:-$POSESPARK_HOME/docs/accuracy-run.md}"
export POSESPARK_JAVA_OPTS="${POSESPARK_JAVA_OPTS:--Xmx4g}"
main=posespark.models.report.AccuracyReportMain
(posespark_java "$main" --data "$data" --boxes gt --markdown "$out" "$@")
(posespark_java "$main" --data "$data" --boxes detector \
   --models movenet-thunder,blazepose-heavy --markdown "$out" "$@")
echo "tables appended to $out" >&2
