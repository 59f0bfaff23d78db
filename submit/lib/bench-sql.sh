#!/usr/bin/env bash
# submit/bench sql [--rows N] [--rounds R] [--master URL]
# One query computing keypoint(), joint_angle() and visible_count() over a generated table of N poses
# (default 1,000,000; generated once into $POSESPARK_CACHE/bench/sql), four ways side by side in
# rotating rounds: posespark's functions (Catalyst expressions), the same as typed Java UDFs, and the
# same computation in Spark's built-in expressions (count by filter + lambda, or unrolled); on the
# Parquet file and on the table cached in memory.
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/common.sh"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rows|--rounds|--master) [ $# -ge 2 ] || posespark_die "$1 needs a value"; args+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n 2,7p "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) posespark_die "unknown option $1 (see --help)" ;;
  esac
done
cache="${POSESPARK_CACHE:-$HOME/.cache/posespark}/bench/sql"
mkdir -p "$cache"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
export POSESPARK_DRIVER_OPTS="-Dlog4j2.configurationFile=$POSESPARK_HOME/conf/log4j2-sql.properties ${POSESPARK_DRIVER_OPTS:-}"
posespark_spark_submit posespark.job.sql.bench.SqlFunctionBenchmark --cache "$cache" "${args[@]}"
