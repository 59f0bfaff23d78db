#!/usr/bin/env bash
# Spark resource discovery for GPUs: prints {"name": "gpu", "addresses": ["0", "1", ...]}
# from nvidia-smi (no GPUs: an empty list).
set -euo pipefail
addresses=""
if command -v nvidia-smi >/dev/null 2>&1; then
  addresses="$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null \
    | tr -d ' ' | sed -e 's/.*/"&"/' | paste -sd, -)"
fi
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
