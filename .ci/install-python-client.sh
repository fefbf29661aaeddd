#!/usr/bin/env bash
# Debian packages for the Python client (clients/python) and its tests: grpcio, protobuf, numpy, the protoc
# plugin that regenerates the stubs (the staleness test runs it) and pytest. Idempotent.
set -euo pipefail
if /usr/bin/python3 -c 'import grpc, google.protobuf, numpy, grpc_tools.protoc, pytest' >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3-grpcio python3-grpc-tools python3-protobuf python3-numpy python3-pytest
