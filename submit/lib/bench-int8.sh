#!/usr/bin/env bash
# submit/bench int8 [--models a,b] [--layers N] [--shapes HxWxCIN:KHxKW/STRIDE:COUT,...] [--batch N]
#   [--rounds N] [--round-ms MS] [--intra-op N] [--inter-op N] [--onednn on|off]
# Can TensorFlow (TF Java's build) run int8 convolutions on this CPU, and how fast? Lists the CPU kernels of
# the quantized ops, then times the largest Conv2D shapes of the models (default movenet-thunder and
# blazepose-heavy, 3 each, batch 8) as fp32 Conv2D+BiasAdd+Relu, the whole int8 path (quantize, int8 conv
# with bias/ReLU/requantize, dequantize) and the int8 conv alone, in alternating rounds of one run, with
# ms, GFLOP/s, int8/fp32 speed-ups and the int8 error relative to the fp32 output's range.
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
