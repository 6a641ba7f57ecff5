#!/usr/bin/env bash
# CTest e2e check of the mixtape's page: makes a short album with the built stochos, opens its
# index.html from disk in headless Chromium (tools/browser/check_album_page.js) and keeps the
# screenshot as a test artifact. Usage: tools/check-mixtape-page.sh STOCHOS BUILD_DIR
set -euo pipefail
stochos=$1
build=$2
here=$(cd "$(dirname "$0")" && pwd)
work="$build/mixtape-page-check"
rm -rf "$work/album"
mkdir -p "$work"
"$stochos" mixtape -o "$work/album" --seed 3 --length 5 --no-progress >"$work/mixtape.log"
node_modules="$build/browser/node_modules"
if [ ! -d "$node_modules/playwright-core" ]; then
  echo "playwright-core missing: run tools/install-js.sh $build" >&2
  exit 1
fi
NODE_PATH="$node_modules" node "$here/browser/check_album_page.js" "$work/album" "$work/album-page.png"
