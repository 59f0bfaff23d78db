#!/usr/bin/env bash
# submit/bench models [--onednn on|off] [ModelBenchmark options: --models a,b --batches 1,8 --rounds N
#   --round-ms MS --intra-op N --inter-op N --remapping card|on|off --no-tfjs] [--hrnet]
# --versus remapping=on|off|card,jit=on|off times a second session of each model in the same rounds.
# --hrnet adds HRNet W32/W48 CPU latency per crop at batch 1 and 8 (random weights: timing only) and, when
# PyTorch is there (Debian's python3-torch; installed here when run as root), the committed PyTorch
# reference HRNet with the same weights and threads, eager and TorchScript, at batch 1 and 8.
# TF Java (converted SavedModels) vs Node tfjs-wasm (original graph models), alternating rounds in one run.
set -euo pipefail
source "$(cd "$(dirname "$0")" && pwd)/common.sh"

args=()
with_hrnet=0
hrnet_rounds=5
hrnet_extra=()
hrnet_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --onednn) [ $# -ge 2 ] || posespark_die "--onednn needs on or off"
      case "$2" in on) export TF_ENABLE_ONEDNN_OPTS=1 ;; off) export TF_ENABLE_ONEDNN_OPTS=0 ;;
        *) posespark_die "--onednn must be on or off, not '$2'" ;; esac
      shift 2 ;;
    -h|--help) echo "usage: submit/bench models [--onednn on|off] [options]"
      echo "  --onednn on|off   TensorFlow's oneDNN kernels (TF_ENABLE_ONEDNN_OPTS; default: TensorFlow's choice)"
      echo "  --hrnet           also time HRNet W32 256x192 and W48 384x288 (random weights) against PyTorch"
      echo "                    eager and TorchScript with the same weights (python3-torch; about 10 min)"
      echo "  --hrnet-rounds N  alternating HRNet rounds per batch size (default 5)"
      echo "  --hrnet-versus-padding  also time HRNet with SAME / Pad+VALID convs instead of explicit pads, same rounds"
      echo "  --hrnet-profile N       N traced HRNet calls per row: node time by op type"
      echo "  --hrnet-only            HRNet only (no zoo model table)"
      args+=("$1"); shift ;;
    --hrnet) with_hrnet=1; shift ;;
    --hrnet-versus-padding) with_hrnet=1; hrnet_extra+=(--versus-padding); shift ;;
    --hrnet-profile) [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || posespark_die "--hrnet-profile needs a positive count"
      with_hrnet=1; hrnet_extra+=(--profile "$2"); shift 2 ;;
    --hrnet-only) with_hrnet=1; hrnet_only=1; shift ;;
    --hrnet-rounds) [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || posespark_die "--hrnet-rounds needs a positive count"
      hrnet_rounds="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done

# XLA on the CPU clusters only in a process with this flag; alone it changes nothing (sessions ask per session).
case " ${args[*]:-} " in *jit=on*) export TF_XLA_FLAGS="${TF_XLA_FLAGS:---tf_xla_cpu_global_jit}" ;; esac

node_dir="$POSESPARK_HOME/models/src/test/node"
needs_node=1
[ "$hrnet_only" = 1 ] && needs_node=0
for a in "${args[@]:-}"; do
  case "$a" in --no-tfjs|-h|--help) needs_node=0 ;; esac
done
if [ "$needs_node" = 1 ]; then
  command -v node >/dev/null || posespark_die "Node.js is needed for the tfjs-wasm side (or pass --no-tfjs)"
  if [ ! -d "$node_dir/node_modules/@tensorflow/tfjs-backend-wasm" ]; then
    echo "installing the pinned tfjs packages (npm ci in models/src/test/node) ..." >&2
    (cd "$node_dir" && npm ci --no-audit --no-fund --silent >&2) || posespark_die "npm ci failed in $node_dir"
  fi
fi
# posespark_java execs: each run gets its own subshell.
if [ "$hrnet_only" = 0 ]; then
  ( POSESPARK_JAVA_OPTS="${POSESPARK_JAVA_OPTS:--Xmx2g}" posespark_java posespark.models.bench.ModelBenchmark \
    --node-dir "$node_dir" "${args[@]}" )
fi
if [ "$with_hrnet" = 1 ]; then
  python="${POSESPARK_PYTHON:-/usr/bin/python3}"
  torch_args=()
  has_torch() { "$python" -c "import torch, numpy" >/dev/null 2>&1; }
  if ! has_torch && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing python3-torch for the PyTorch column (apt-get install -y python3-torch) ..." >&2
    apt-get install -y -q python3-torch >&2 || true
  fi
  if has_torch; then
    torch_args=(--torch-worker "$POSESPARK_HOME/models/src/test/python/hrnet_torch_worker.py" --python "$python")
  else
    echo "bench models --hrnet: PyTorch column skipped: $python cannot import torch (apt-get install -y python3-torch," \
      "or POSESPARK_PYTHON=/path/to/python3)" >&2
  fi
  ( POSESPARK_JAVA_OPTS="${POSESPARK_JAVA_OPTS:--Xmx4g}" posespark_java posespark.models.hrnet.HrnetBenchmark \
    --batches 1,8 --iterations "$hrnet_rounds" "${torch_args[@]}" "${hrnet_extra[@]}" )
fi
