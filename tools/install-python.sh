#!/usr/bin/env bash
# Builds stochos (tools/build.sh) and installs the Python package `stochos` for Debian's
# /usr/bin/python3 into /usr/local/lib/python3.X/dist-packages (or under $PREFIX), then checks
# that it imports from outside the source tree. Run as root or with sudo for /usr/local.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${STOCHOS_BUILD_DIR:-build}
prefix=${PREFIX:-/usr/local}
tools/build.sh
cmake --install "$build" --component python --prefix "$prefix"
site=$(/usr/bin/python3 -c 'import sys; print("lib/python%d.%d/dist-packages" % sys.version_info[:2])')
(cd / && PYTHONPATH="$prefix/$site" /usr/bin/python3 -c \
  'import stochos; print("stochos", stochos.__version__, "installed in", stochos.__path__[0])')
