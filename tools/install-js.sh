#!/usr/bin/env bash
# Installs Magenta.js (@magenta/music, pinned in tools/magentajs/package-lock.json) from the
# npm registry into BUILD_DIR/magentajs for the interop tests. Idempotent: skipped when the
# installed lock file matches. Usage: tools/install-js.sh [BUILD_DIR] (default build).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-build}/magentajs
if ! command -v npm >/dev/null 2>&1; then
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
mkdir -p "$dest"
if [ -d "$dest/node_modules/@magenta/music" ] && cmp -s tools/magentajs/package-lock.json "$dest/package-lock.json"; then
  echo "install-js: Magenta.js present"
  exit 0
fi
cp tools/magentajs/package.json tools/magentajs/package-lock.json tools/magentajs/interop.js "$dest/"
(cd "$dest" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
echo "install-js: Magenta.js installed in $dest"
