#!/usr/bin/env bash
# Debian's numpy for /usr/bin/python3: the datasets tests check files numpy writes and reads (they skip without it).
set -euo pipefail
if /usr/bin/python3 -c 'import numpy' 2>/dev/null; then exit 0; fi
apt-get update
apt-get install -y python3-numpy
