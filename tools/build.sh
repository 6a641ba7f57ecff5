#!/usr/bin/env bash
# Configures and builds stochos into build/ (or $STOCHOS_BUILD_DIR) after installing any
# missing Debian packages. Extra arguments go to cmake's configure step.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
# Cache hits across clones in other folders (CI clones afresh): paths relative to the tree.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
build=${STOCHOS_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
ninja -C "$build" -j "$(nproc)"
