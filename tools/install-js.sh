#!/usr/bin/env bash
# Installs from the npm registry, each pinned by its package-lock.json:
#  - Magenta.js (@magenta/music, tools/magentajs) into BUILD_DIR/magentajs, for the interop tests;
#  - playwright-core (tools/browser) into BUILD_DIR/browser, which drives Debian's chromium in
#    the mixtape page check.
# Idempotent: each is skipped when the installed lock file matches.
# Usage: tools/install-js.sh [BUILD_DIR] (default build).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-build}/magentajs
if ! command -v npm >/dev/null 2>&1; then
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi

# install NAME SOURCE_DIR DEST_DIR MARKER: npm ci of SOURCE_DIR's lock file into DEST_DIR.
install() {
  local name=$1 source=$2 target=$3 marker=$4
  mkdir -p "$target"
  if [ -e "$target/node_modules/$marker" ] && cmp -s "$source/package-lock.json" "$target/package-lock.json"; then
    echo "install-js: $name present"
    return
  fi
  cp "$source"/package.json "$source"/package-lock.json "$target/"
  (cd "$target" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  echo "install-js: $name installed in $target"
}
install Magenta.js tools/magentajs "$dest" @magenta/music
cp tools/magentajs/interop.js "$dest/"
install playwright-core tools/browser "${1:-build}/browser" playwright-core
