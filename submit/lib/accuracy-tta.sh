#!/usr/bin/env bash
# Test-time augmentation report: keypoint AP and time per person of scaled/turned crop views
# averaged with the plain crop, on coco-train-dev, decoded as the default pipeline decodes.
#   submit/lib/accuracy-tta.sh [DATA_DIR]
# 1. ground-truth boxes, all images (no new images after POSESPARK_TTA_GT_MINUTES, default 0 = no
#    limit), every candidate combination from one model pass; the best combination is chosen on the
#    EVEN image ids and reported on the ODD ids;
# 2. detector boxes (the default CenterNet + filter), ODD ids: no TTA vs the chosen combination
#    (first POSESPARK_TTA_DETECTOR_LIMIT odd images, default 0 = all; no new images after
#    POSESPARK_TTA_DETECTOR_MINUTES, default 0 = no limit: the doc says how many images ran);
# 3. writes docs/accuracy-tta.md from the two TSV files.
# The TSVs are kept in target/tta/ and reused when present (delete them to measure again).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
data="${1:-$POSESPARK_HOME/../shared/data/coco-train-dev}"
[ -f "$data/person_keypoints.json" ] || posespark_die "$data: no person_keypoints.json (give the COCO folder as first argument)"
cache="${POSESPARK_TTA_CACHE:-$POSESPARK_HOME/target/tta}"
mkdir -p "$cache"
doc="${POSESPARK_TTA_DOC:-$POSESPARK_HOME/docs/accuracy-tta.md}"
limit="${POSESPARK_TTA_DETECTOR_LIMIT:-0}"
minutes="${POSESPARK_TTA_DETECTOR_MINUTES:-0}"
export POSESPARK_JAVA_OPTS="${POSESPARK_JAVA_OPTS:--Xmx2500m}"
main=posespark.models.report.TtaReportMain
# Every subset of {s0.9, s1.15, r±10} (the turned views in symmetric pairs): 4 extra views per pass.
candidates="${POSESPARK_TTA_CANDIDATES:-none;s0.9;s1.15;s0.9+s1.15;r-10+r10;s0.9+r-10+r10;s1.15+r-10+r10;s0.9+s1.15+r-10+r10}"

if [ ! -s "$cache/gt.tsv" ]; then
  (posespark_java "$main" --data "$data" --boxes gt --half all --max-minutes "${POSESPARK_TTA_GT_MINUTES:-0}" \
     --variants "$candidates" --tsv "$cache/gt.tsv")
fi
# Best on the even half: highest AP, fewer views on ties (the label's '+' count).
best=$(awk -F'\t' 'NR > 1 && $3 == "even" { n = gsub(/\+/, "+", $1); print $7 "\t" (-n) "\t" $1 }' "$cache/gt.tsv" \
  | sort -t$'\t' -k1,1gr -k2,2gr | head -1 | cut -f3)
[ -n "$best" ] || posespark_die "$cache/gt.tsv has no even-half rows"
if ! awk -F'\t' -v b="$best" '$1 == b && $3 == "odd" { found = 1 } END { exit !found }' "$cache/detector.tsv" 2>/dev/null \
   || ! awk -F'\t' '$1 == "none" && $3 == "odd" { found = 1 } END { exit !found }' "$cache/detector.tsv"; then
  (posespark_java "$main" --data "$data" --boxes detector --half odd --limit "$limit" \
     --max-minutes "$minutes" --variants "none;$best" --tsv "$cache/detector.tsv")
fi

row() { awk -F'\t' -v v="$2" -v h="$3" -v c="$4" '$1 == v && $3 == h { print $c }' "$1"; }
base_gt=$(row "$cache/gt.tsv" none odd 7)
best_gt=$(row "$cache/gt.tsv" "$best" odd 7)
base_det=$(row "$cache/detector.tsv" none odd 7)
best_det=$(row "$cache/detector.tsv" "$best" odd 7)
gt_images="$(row "$cache/gt.tsv" none even 4) even-id and $(row "$cache/gt.tsv" none odd 4) odd-id images, $(row "$cache/gt.tsv" none odd 5) persons"
det_images="$(row "$cache/detector.tsv" none odd 4) odd-id images in id order ($(row "$cache/detector.tsv" none odd 5) detected persons run)"
gain() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f", 100 * (b - a) }'; }
decision=$(awk -v a="$base_gt" -v b="$best_gt" -v c="$base_det" -v d="$best_det" \
  'BEGIN { if (100 * (b - a) >= 0.3 && 100 * (d - c) >= 0.3) print "yes"; else print "no" }')

{
  echo "# Test-time augmentation: measured"
  echo
  echo "Written by \`submit/lib/accuracy-tta.sh\` (\`posespark.models.report.TtaReportMain\`) on"
  echo "\`../shared/data/coco-train-dev\` ($(date -u +%Y-%m-%d)). Each crop is also run as scaled views"
  echo "(\`s0.9\`: 0.9 × the crop size about its centre) and turned views (\`r-10\`: −10°), each with its"
  echo "flipped twin; every view's heatmaps are warped back into the plain crop's frame and averaged with"
  echo "it per cell (over the views that saw the cell) before the default decoding (movenet-thunder ×2 +"
  echo "blazepose-heavy ×1, flip, target-person prior, quarter offset, calibrated scoring, OKS-NMS)."
  echo "Every combination below is decoded from one model pass. Combinations are chosen on the even"
  echo "image ids and reported on the odd ids. ms per person: model + crop/warp time of the pass, split"
  echo "by the share of views each combination runs, measured on a shared 2-core machine under heavy"
  echo "load (ratios between rows are what carries over, not the absolute times). Differences of a few"
  echo "tenths of AP are within this set's spread: [accuracy.md](accuracy.md) saw ±0.3 AP on all 516"
  echo "persons from a change of image decoder alone, and each half holds about half of them."
  echo "Reproduce: \`submit/lib/accuracy-tta.sh ../shared/data/coco-train-dev\` (measurements are cached in"
  echo "\`target/tta/*.tsv\`; delete them to measure again)."
  cat <<'HOW'

## How the views are made

- A view is the person's crop window scaled about its centre (`--tta-scales`, 1 = the plain crop)
  or turned about it (`--tta-rotations`, degrees; positive turns the window clockwise on screen).
  Scales run unturned and rotations at scale 1 (not their product, whose cost multiplies).
  `posespark.models.geometry.CropView` holds the map and its inverse (rotation acts on pixels, so
  the window's aspect enters); `BilinearCropper` cuts the view with the same bilinear sampling as
  the plain crop (black outside the image), and its mirrored twin under flip.
- Every view of every member runs in the same batches as the plain crops. `HeatmapWarp.warpView`
  maps each cell of the plain crop's common 64×64 frame through the inverse view transform into the
  view's heatmaps (bilinear sample, left/right channels swapped for the mirrored twin). Cells the
  view did not see (corners of a turned view, the rim of a 0.9 view) are left out: each cell's
  average is over the plain crop and the views that saw it, with the member's weight.
- Only heatmaps are averaged. MoveNet's centre-person regression (the target-person prior) and its
  offsets (`--decoder offsets`) stay those of the plain crop: they are read at one chosen cell, not
  averaged, and the prior's job, picking the crop's centre person, is already done there. The
  prior then weighs the averaged heatmaps, and localisation refines on them.
- Cost: each view adds one model run per member per person, two with flip: the default ensemble
  runs 4 model calls per person, 4 more per view.
HOW
  echo
  echo "## Ground-truth boxes ($gt_images)"
  echo
  echo "| views added to the plain crop | model runs per person | ms per person | AP even (choose) | AP odd (report) | odd vs none |"
  echo "|---|---:|---:|---:|---:|---:|"
  awk -F'\t' 'NR > 1 && $3 == "even" { even[$1] = $7; ms[$1] = $6; order[++n] = $1 }
              NR > 1 && $3 == "odd" { odd[$1] = $7 }
              END { for (i = 1; i <= n; i++) { v = order[i]; k = (v == "none") ? 0 : gsub(/\+/, "+", v) + 1; v = order[i];
                      printf "| %s | %d | %.0f | %.1f | %.1f | %+.1f |\n", (v == "none" ? "none (today'"'"'s default)" : v),
                        4 * (1 + k), ms[v], 100 * even[v], 100 * odd[v], 100 * (odd[v] - odd["none"]) } }' "$cache/gt.tsv"
  echo
  echo "Chosen on the even half: **$best**."
  echo
  echo "## Detector boxes (CenterNet, the default filter), $det_images"
  echo
  echo "| views added | ms per person | AP | AP50 | AP75 | AR | vs none |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' -v b="$best" 'NR > 1 && $3 == "odd" && ($1 == "none" || $1 == b) { ap[$1] = $7; row[$1] = $0 }
              END { split("none " b, vs, " "); for (i = 1; i <= 2; i++) { split(row[vs[i]], f, "\t");
                      printf "| %s | %.0f | %.1f | %.1f | %.1f | %.1f | %+.1f |\n", vs[i], f[6], 100 * f[7], 100 * f[8], 100 * f[9], 100 * f[12], 100 * (f[7] - ap["none"]) } }' \
    "$cache/detector.tsv"
  echo
  echo "## Decision"
  echo
  echo "Held-back (odd) gain of **$best**: $(gain "$base_gt" "$best_gt") AP with ground-truth boxes, $(gain "$base_det" "$best_det") AP"
  echo "with detector boxes. The default changes only with a gain of at least +0.3 AP on both:"
  if [ "$decision" = yes ]; then
    echo "met, so \`pipeline.tta\` defaults to these views."
  else
    echo "not met, so test-time augmentation stays off by default (\`--tta-scales\`, \`--tta-rotations\`)."
  fi
} > "$doc"
echo "wrote $doc (best on even ids: $best)" >&2
