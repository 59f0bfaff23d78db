#!/usr/bin/env bash
# submit/bench evaluate [--sizes 5000,50000] [--engines spark,local] [--repeat N] [--master URL] [--no-reference]
# End-to-end wall time (JSON load -> stats) of submit/evaluate on seeded synthetic person-keypoint sets
# (~3 persons per image), per engine; pycocotools (or, without it, the project's numpy transcription of
# COCOeval) runs side by side on the same files, and its stats are checked against ours to 1e-12.
# Sets are generated once into $POSESPARK_CACHE/bench/evaluate.
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/common.sh"

sizes="5000,50000"; engines="spark,local"; repeat=1; master="local[*]"; reference=1
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --engines) engines="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --master) master="$2"; shift 2 ;;
    --no-reference) reference=0; shift ;;
    -h|--help) sed -n 2,6p "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) posespark_die "unknown option $1 (see --help)" ;;
  esac
done

posespark_build
cache="${POSESPARK_CACHE:-$HOME/.cache/posespark}/bench/evaluate"
mkdir -p "$cache"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# The reference: pycocotools when importable; otherwise the project's numpy transcription of COCOeval
# (models/src/test/python/cocoeval_numpy.py: same algorithm, numpy arithmetic; not pycocotools itself).
have_pycoco=0; ref_name=""
if python3 -c "import pycocotools" >/dev/null 2>&1; then have_pycoco=1; ref_name=pycocotools
elif python3 -c "import numpy" >/dev/null 2>&1; then have_pycoco=2; ref_name=numpy-port; fi
[ "$reference" = 1 ] || { have_pycoco=0; ref_name=""; }

seconds() { date +%s.%N; }

# Runs a command, prints "wall cpu" (seconds) on fd 3; CPU is user+sys of the command's process tree.
measure() {
  local t0 t1 c0 c1 me=$BASHPID
  c0=$(awk '{print $14+$15+$16+$17}' "/proc/$me/stat")
  t0=$(seconds)
  "$@"
  t1=$(seconds)
  c1=$(awk '{print $14+$15+$16+$17}' "/proc/$me/stat")
  awk -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.3f %.3f\n", t1 - t0, (c1 - c0) / hz }' >&3
}

pycoco_eval() { # gt results stats-json
  if [ "$have_pycoco" = 2 ]; then
    python3 "$POSESPARK_HOME/models/src/test/python/cocoeval_numpy.py" "$1" "$2" keypoints > "$3"
    return
  fi
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
gt = COCO(sys.argv[1]); dt = gt.loadRes(sys.argv[2])
e = COCOeval(gt, dt, "keypoints"); e.evaluate(); e.accumulate(); e.summarize()
json.dump({"stats": [float(s) for s in e.stats]}, open(sys.argv[3], "w"))
PY
}

echo "posespark evaluate benchmark: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at start, master $master"
printf '%-8s %-11s %9s %9s %8s  %s\n' images engine wall_s cpu_s AP "vs ${ref_name:-reference}"
IFS=',' read -r -a size_list <<< "$sizes"
IFS=',' read -r -a engine_list <<< "$engines"
for n in "${size_list[@]}"; do
  gt="$cache/gt-$n.json"; dt="$cache/results-$n.json"
  if [ ! -s "$gt" ] || [ ! -s "$dt" ]; then
    java -cp "$(posespark_app_classpath)" posespark.eval.coco.SyntheticCoco "$gt.tmp" "$dt.tmp" "$n" "$n" \
      && mv "$gt.tmp" "$gt" && mv "$dt.tmp" "$dt"
  fi
  py_wall=""
  if [ "$have_pycoco" != 0 ]; then
    for r in $(seq "$repeat"); do
      line=$( { measure pycoco_eval "$gt" "$dt" "$out/py-$n.json" >/dev/null 2>&1; } 3>&1 )
      py_wall="${line%% *}"
      printf '%-8s %-11s %9.2f %9.2f %8s\n' "$n" "$ref_name" "$py_wall" "${line##* }" \
        "$(python3 -c "import json;print('%.4f'%json.load(open('$out/py-$n.json'))['stats'][0])")"
    done
  fi
  for e in "${engine_list[@]}"; do
    for r in $(seq "$repeat"); do
      line=$( { measure "$POSESPARK_HOME/submit/evaluate" --gt "$gt" --results "$dt" --engine "$e" \
        --master "$master" --json "$out/$e-$n.json" >/dev/null 2>"$out/$e-$n.err"; } 3>&1 ) \
        || { cat "$out/$e-$n.err" >&2; posespark_die "evaluate failed ($e, $n images)"; }
      wall="${line%% *}"
      ap=$(python3 -c "import json;print('%.4f'%json.load(open('$out/$e-$n.json'))['stats'][0])")
      ratio=""
      if [ -n "$py_wall" ]; then
        ratio=$(python3 - "$out/$e-$n.json" "$out/py-$n.json" "$wall" "$py_wall" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["stats"]; b = json.load(open(sys.argv[2]))["stats"]
worst = max(abs(x - y) for x, y in zip(a, b))
print("%.2fx of its time, max |stat diff| %.1e%s" % (float(sys.argv[3]) / float(sys.argv[4]), worst,
      "" if worst <= 1e-12 else "  MISMATCH"))
PY
)
      fi
      printf '%-8s %-11s %9.2f %9.2f %8s  %s\n' "$n" "$e" "$wall" "${line##* }" "$ap" "$ratio"
    done
  done
  if [ -f "$out/spark-$n.json" ] && [ -f "$out/local-$n.json" ]; then
    python3 - "$out/spark-$n.json" "$out/local-$n.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["stats"]; b = json.load(open(sys.argv[2]))["stats"]
assert a == b, "spark and local stats differ: %s vs %s" % (a, b)
PY
    echo "         spark and local stats identical ($n images)"
  fi
done
