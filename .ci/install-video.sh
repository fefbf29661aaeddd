#!/usr/bin/env bash
# Episode videos (`qflow eval --video N`, `qflow render-video`): Debian's chromium renders the recorded poses
# headlessly and ffmpeg encodes the frames. Idempotent: installs only what is missing.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v ffmpeg >/dev/null 2>&1 || missing+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(printf '%s\n' "${missing[@]}" | sort -u)
