#!/usr/bin/env bash
# Fits the pose scoring model (calibrated pose_score + confidence threshold) on a COCO folder.
#   submit/lib/fit-pose-scoring.sh [DATA_DIR]
# DATA_DIR defaults to ../shared/data/coco-train-dev next to the repo.
# Step 1 (slow, ~10-30 min on 2 cores) runs the default pipeline with ground-truth and with detector
# boxes and dumps every candidate pose before OKS-NMS to $POSESPARK_SCORING_DUMPS (default
# target/scoring-dumps; existing dumps are reused, delete them to redo). Step 2 (seconds) fits the
# model on even image ids, picks the threshold there, and reports on odd ids. Writes
# conf/scoring/pose-scoring.json, docs/scoring-run.md, docs/scoring-reliability.png and the
# pose-scoring block of docs/accuracy.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
data="${1:-$POSESPARK_HOME/../shared/data/coco-train-dev}"
[ -f "$data/person_keypoints.json" ] || posespark_die "$data: no person_keypoints.json (give the COCO folder as first argument)"
dumps="${POSESPARK_SCORING_DUMPS:-$POSESPARK_HOME/target/scoring-dumps}"
mkdir -p "$dumps"
export POSESPARK_JAVA_OPTS="${POSESPARK_JAVA_OPTS:--Xmx3g}"
for boxes in gt detector; do
  if [ ! -s "$dumps/$boxes.tsv" ]; then
    (posespark_java posespark.models.scoring.CandidateDumpMain --data "$data" --boxes "$boxes" \
       --out "$dumps/$boxes.tsv.part") && mv "$dumps/$boxes.tsv.part" "$dumps/$boxes.tsv"
  fi
done
(posespark_java posespark.models.scoring.ScoringFitMain --gt "$data/person_keypoints.json" \
   --candidates "$dumps/gt.tsv,$dumps/detector.tsv" --out "$POSESPARK_HOME/conf/scoring/pose-scoring.json" \
   --markdown "$POSESPARK_HOME/docs/scoring-run.md" --plot "$POSESPARK_HOME/docs/scoring-reliability.png" \
   --summary-in "$POSESPARK_HOME/docs/accuracy.md")
echo "wrote conf/scoring/pose-scoring.json, docs/scoring-run.md, docs/scoring-reliability.png, docs/accuracy.md (pose-scoring block)" >&2
