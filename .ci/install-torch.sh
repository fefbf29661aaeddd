#!/usr/bin/env bash
# PyTorch (Debian's python3-torch) for the agent's CPU anchor: agent/bench/torch/qflow_update.py, run by
# `npm run bench:agent` and checked against our update by agent/test/torch-anchor.test.ts.
# Debian's torch calls the system BLAS (libblas.so.3); without OpenBLAS that is the reference BLAS, ~30x slower
# at matrix products, which would make the anchor meaningless. The OpenMP build of OpenBLAS shares torch's
# OpenMP runtime, so OMP_NUM_THREADS / OMP_WAIT_POLICY govern both.
set -euo pipefail
if /usr/bin/python3 -c "import torch" >/dev/null 2>&1 && dpkg -s libopenblas0-openmp >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3-torch python3-numpy libopenblas0-openmp
