#!/usr/bin/env bash
# submit/bench int8-model [--model NAME] [--batch N] [--threads N] [--rounds N]
# Per-crop latency of a zoo pose model (default movenet-thunder) and its int8 variant NAME-int8 (built by
# submit/models quantize), as the annotate job calls them (batch 16, 2 threads by default), in alternating
# rounds of one run: both medians, the int8 speed-up and the CPU line.
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/common.sh"
model=movenet-thunder batch=16 threads=2 rounds=15
while [ $# -gt 0 ]; do
  case "$1" in
    --model|--batch|--threads|--rounds) [ $# -ge 2 ] || posespark_die "$1 needs a value"
      v="$2"; case "$1" in --model) model="$v" ;; --batch) batch="$v" ;; --threads) threads="$v" ;; --rounds) rounds="$v" ;; esac
      shift 2 ;;
    -h|--help) sed -n 2,5p "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) posespark_die "unknown option '$1' (see submit/bench int8-model --help)" ;;
  esac
done
for n in "$batch" "$threads" "$rounds"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || posespark_die "'$n' is not a positive number"; done
( POSESPARK_JAVA_OPTS="${POSESPARK_JAVA_OPTS:--Xmx2g}" posespark_java posespark.models.quant.Int8ModelBench "$model" "$batch" "$threads" "$rounds" )
