#!/usr/bin/env bash
# Person proposals report: detectors alone and fused (WBF, NMS) and bottom-up mode, keypoint AP and
# person recall at OKS 0.5 on a COCO folder (variants chosen on even image ids, reported on odd ids),
# bottom-up vs top-down images/s side by side. Writes docs/accuracy-proposals.md.
#   submit/lib/proposals-report.sh [DATA_DIR] [extra ProposalsReportMain options]
# DATA_DIR defaults to ../shared/data/coco-train-dev next to the repo. Detector boxes and per-box
# keypoints are cached under target/proposals, so a re-run only computes what changed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
data="${1:-$POSESPARK_HOME/../shared/data/coco-train-dev}"
[ $# -ge 1 ] && shift
[ -f "$data/person_keypoints.json" ] || posespark_die "$data: no person_keypoints.json (give the COCO folder as first argument)"
out="${POSESPARK_REPORT_MD:-$POSESPARK_HOME/docs/accuracy-proposals.md}"
export POSESPARK_JAVA_OPTS="${POSESPARK_JAVA_OPTS:--Xmx3g}"
posespark_java posespark.models.report.ProposalsReportMain --data "$data" \
  --cache "$POSESPARK_HOME/target/proposals" --markdown "$out" "$@"
echo "report written to $out" >&2
