#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: installs packages, builds, runs
#   1. every GoogleTest and script test (ctest: labels unit and e2e), including interop
#      with Magenta.js (installed from the npm registry by tools/install-js.sh),
#   2. the unit tests again under AddressSanitizer + UBSan (corrupt-input tests included;
#      LibTorch training is left out of this build, its tests are e2e),
#   3. each libFuzzer target for a bounded time (STOCHOS_FUZZ_SECONDS, default 30).
# Exits non-zero on any failure. CI (.ci/run) runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1  # cache hits across clones (see tools/build.sh)

tools/build.sh
tools/install-js.sh build
echo "== tests (unit + e2e)"
ctest --test-dir build --output-on-failure -j "$(nproc)"

echo "== unit tests under AddressSanitizer + UBSan"
tools/install-deps.sh >/dev/null
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSTOCHOS_SANITIZE=ON -DSTOCHOS_BENCHMARKS=OFF -DSTOCHOS_TRAINING=OFF >/dev/null
ninja -C build-asan -j "$(nproc)"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 LSAN_OPTIONS=suppressions="$PWD/tools/lsan.supp" \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -L unit

echo "== fuzzing"
tools/fuzz.sh "${STOCHOS_FUZZ_SECONDS:-30}"

echo "== all tests passed in $(( $(date +%s) - start )) s"
