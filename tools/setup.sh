#!/usr/bin/env bash
# Prepares a machine for Camera Recorder: system packages (when missing) and npm packages.
# Usage: bash tools/setup.sh [--with-test-deps]
#   --with-test-deps  also installs what the test suite needs (Chromium, GStreamer RTSP server,
#                     curl, jq, systemd-analyze).
set -euo pipefail
cd "$(dirname "$0")/.."

export NG_CLI_ANALYTICS=false NX_NO_CLOUD=true NX_DAEMON=false

need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# The demo camera is simulated with ffmpeg; the RTSP simulator uses GStreamer's RTSP server.
if [ "${1:-}" = "--with-test-deps" ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  # README's curl flow is run by the API tests; systemd-analyze verifies the service unit.
  command -v curl >/dev/null 2>&1 || need+=(curl)
  command -v jq >/dev/null 2>&1 || need+=(jq)
  command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
  gst_ready() {
    /usr/bin/python3 -c "import gi; gi.require_version('GstRtspServer', '1.0')" >/dev/null 2>&1 &&
      for element in x264enc x265enc avenc_aac alawenc; do gst-inspect-1.0 "$element" >/dev/null 2>&1 || return 1; done
  }
  gst_ready ||
    need+=(python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good
      gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-tools)
fi

if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    echo "setup: installing system packages: ${need[*]}"
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"
  else
    echo "setup: please install: ${need[*]} (see README.md, 'When ffmpeg is missing')" >&2
    exit 1
  fi
fi

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("setup: Node.js >= 20.19 is required, this is "+process.version); process.exit(1) }'

# Install the locked versions when node_modules is missing or older than the lock file.
# `npm install`, not `npm ci`: npm leaves other platforms' optional packages (rollup, esbuild,
# sass binaries) out of the lock file (npm/cli#4828), and `npm ci` then refuses the lock.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi
