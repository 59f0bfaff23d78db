#!/usr/bin/env bash
# submit/bench int8 [--models a,b] [--layers N] [--depthwise N] [--inputs U8,S8] [--shapes HxWxCIN:[dw]KHxKW/STRIDE:COUT,...]
#   [--batch N] [--rounds N] [--round-ms MS] [--intra-op N] [--inter-op N] [--onednn on|off]
# Can TensorFlow (TF Java's build) run int8 convolutions on this CPU, and how fast? Lists the CPU kernels of
# the quantized ops, then times the largest Conv2D shapes (3 per model) and the largest depthwise shape of the
# models (default movenet-thunder, blazepose-heavy; batch 8) as fp32 conv+BiasAdd+Relu, the whole int8 path
# (quantize, int8 conv with bias/ReLU/requantize, dequantize) and the int8 conv alone, with quint8 (U8) and
# qint8 (S8) input, in alternating rounds of one run: ms, GFLOP/s, int8/fp32 speed-ups, int8 error vs fp32.
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/common.sh"

args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --onednn) [ $# -ge 2 ] || posespark_die "--onednn needs on or off"
      case "$2" in on) export TF_ENABLE_ONEDNN_OPTS=1 ;; off) export TF_ENABLE_ONEDNN_OPTS=0 ;;
        *) posespark_die "--onednn must be on or off, not '$2'" ;; esac
      shift 2 ;;
    -h|--help) sed -n 2,8p "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
( POSESPARK_JAVA_OPTS="${POSESPARK_JAVA_OPTS:--Xmx2g}" posespark_java posespark.models.bench.Int8ConvProbe "${args[@]}" )
