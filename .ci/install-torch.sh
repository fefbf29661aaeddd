#!/usr/bin/env bash
# PyTorch (Debian's python3-torch) for the agent's CPU anchor: agent/bench/torch/qflow_update.py, run by
# `npm run bench:agent` and checked against our update by agent/test/torch-anchor.test.ts.
set -euo pipefail
if /usr/bin/python3 -c "import torch, numpy" >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3-torch python3-numpy
