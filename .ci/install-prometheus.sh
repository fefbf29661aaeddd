#!/usr/bin/env bash
# Prometheus (Debian's package) for env-server/test/server-prometheus-scrape.test.ts, which has a real Prometheus
# scrape `qflow serve --metrics-port`. Only the binary is used: the test runs its own instance on loopback with a
# temporary config and storage, so the packaged service is stopped if the install started one.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends prometheus
if command -v systemctl >/dev/null 2>&1; then systemctl stop prometheus >/dev/null 2>&1 || true; fi
