#!/usr/bin/env bash
# OpenBLAS for the agent's `blas` backend (agent/native/blas-matmul.c, built by `npm run build`) and its tests
# (agent/test/nn-blas.test.ts). Any of Debian's libopenblas0-* variants provides libopenblas.so.0; the OpenMP one
# is what install-torch.sh installs too, so both share one OpenMP runtime. A C compiler builds the addon.
set -euo pipefail
if ldconfig -p | grep -q 'libopenblas\.so\.0' && command -v cc >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends libopenblas0-openmp gcc libc6-dev
