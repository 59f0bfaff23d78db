#!/usr/bin/env bash
# submit/bench scale [--uris N] [--work DIR] [--master URL] [--images-per-partition N]
# The annotate job's driver-side steps without models on a generated manifest of N image URIs
# (default 1,000,000; links to the sample photos, 1,000 per folder, kept in --work between runs):
# listing, planning and partitioning, then the nightly plan (fingerprints + anti-join, as
# submit/nightly --plan-only) against a generated 1%-new committed images table; each step timed,
# 1 GB driver heap; fails unless the plan counts are the generated ones.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"
source "$here/samples.sh"

uris=1000000 work="$POSESPARK_HOME/out/bench-scale" master="local[2]" per_partition=64
while [ $# -gt 0 ]; do
  case "$1" in
    --uris) uris="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --master) master="$2"; shift 2 ;;
    --images-per-partition) per_partition="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) posespark_die "unknown option '$1' (see --help)" ;;
  esac
done
[[ "$uris" =~ ^[1-9][0-9]*$ ]] || posespark_die "--uris needs a positive whole number"
photos="$(posespark_sample_photos)"
mkdir -p "$work"
echo "bench scale: $uris URIs, master $master, driver heap 1g"
echo "cpu: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), load $(cut -d' ' -f1-3 /proc/loadavg)"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
POSESPARK_DRIVER_MEMORY=1g POSESPARK_DRIVER_OPTS="-Dlog4j2.configurationFile=$POSESPARK_HOME/conf/log4j2-annotate.properties" \
  posespark_spark_submit posespark.job.bench.ScalePlanning "$work" "$photos" "$uris" "$per_partition" \
  --master "$master" --spark-conf spark.driver.memory=1g
