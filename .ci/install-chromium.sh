#!/usr/bin/env bash
# Debian's chromium: the env-server viewer tests drive it headless (puppeteer-core, software GL) to check what the
# viewer page draws. They fail, naming this script, when it is missing.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
apt-get update
apt-get install -y chromium
