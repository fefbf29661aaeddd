#!/usr/bin/env bash
# iproute2 (`ip netns`, veth, bridge) for the multi-host fleet test (agent/test/remote-fleet-netns.test.ts), which
# puts env servers and the agent in network namespaces of their own.
set -euo pipefail
if command -v ip >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends iproute2
