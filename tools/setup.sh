#!/usr/bin/env bash
# Prepares a machine for Camera Recorder: system packages (when missing) and npm packages.
# Usage: bash tools/setup.sh [--with-motion] [--with-test-deps]
#   --with-motion     also motion detection: the system OpenCV and its Node.js binding, built
#                     once into tools/opencv/node_modules.
#   --with-test-deps  what the test suite needs besides (implies --with-motion): Chromium,
#                     GStreamer's RTSP server, curl, jq, systemd-analyze, Mosquitto, Prometheus,
#                     xmllint.
set -euo pipefail
cd "$(dirname "$0")/.."

motion=false
test_deps=false
for arg in "$@"; do
  case "$arg" in
    --with-motion) motion=true ;;
    --with-test-deps) test_deps=true motion=true ;;
    *)
      echo "setup: unknown option $arg (expected --with-motion or --with-test-deps)" >&2
      exit 2
      ;;
  esac
done

export NG_CLI_ANALYTICS=false NX_NO_CLOUD=true NX_DAEMON=false

need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# The demo camera is simulated with ffmpeg; the RTSP simulator uses GStreamer's RTSP server.
if $test_deps; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  # README's curl flow is run by the API tests; systemd-analyze verifies the service unit.
  command -v curl >/dev/null 2>&1 || need+=(curl)
  command -v jq >/dev/null 2>&1 || need+=(jq)
  command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
  # A real MQTT broker and Prometheus's checker for the integration tests.
  command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
  command -v promtool >/dev/null 2>&1 || need+=(prometheus)
  # The test ONVIF device validates its messages against the contracts with libxml2's xmllint.
  command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
  gst_ready() {
    /usr/bin/python3 -c "import gi; gi.require_version('GstRtspServer', '1.0')" >/dev/null 2>&1 &&
      for element in x264enc x265enc avenc_aac alawenc; do gst-inspect-1.0 "$element" >/dev/null 2>&1 || return 1; done
  }
  gst_ready ||
    need+=(python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good
      gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-tools)
fi
# Native npm packages (the SQLite binding; OpenCV's with --with-motion) compile on the machine.
command -v g++ >/dev/null 2>&1 && command -v make >/dev/null 2>&1 || need+=(g++ make python3)
if $motion; then
  pkg-config --exists opencv4 2>/dev/null || need+=(libopencv-dev pkg-config)
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
# node-gyp would download Node's headers for native packages; Debian's nodejs ships them.
nodedir=()
[ -f /usr/include/node/node.h ] && nodedir=(npm_config_nodedir=/usr)
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  env "${nodedir[@]}" npm install --no-audit --no-fund
fi

# OpenCV binding (motion detection), only with --with-motion: a separate package in
# tools/opencv, built against the system OpenCV (no download), outside the main node_modules so
# that reinstalling the app does not rebuild it. Rebuilt only when its lock file, the system
# OpenCV or Node's ABI changed (the stamp records all three).
if $motion; then
  opencv_dir=tools/opencv
  stamp="$opencv_dir/node_modules/.camrec-build-stamp"
  wanted="$(sha256sum "$opencv_dir/package-lock.json" | cut -d' ' -f1) opencv-$(pkg-config --modversion opencv4) abi-$(node -p process.versions.modules)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ] ||
    ! node -e "require('./$opencv_dir/node_modules/@u4/opencv4nodejs')" >/dev/null 2>&1; then
    echo "setup: building the OpenCV binding for motion detection (several minutes, once)"
    (
      cd "$opencv_dir"
      env "${nodedir[@]}" OPENCV4NODEJS_DISABLE_AUTOBUILD=1 \
        OPENCV_INCLUDE_DIR="$(pkg-config --variable=includedir opencv4)" \
        OPENCV_LIB_DIR="$(pkg-config --variable=libdir opencv4)" \
        OPENCV_BIN_DIR=/usr/bin JOBS="$(nproc)" \
        npm ci --no-audit --no-fund --loglevel=error >/dev/null
    )
    echo "$wanted" >"$stamp"
  fi
fi
