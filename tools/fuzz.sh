#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a bounded time,
# seeded with the shared fixtures. Usage: tools/fuzz.sh [SECONDS_PER_TARGET] (default 30).
# Any crash leaves its input in build-fuzz/crashes/ and fails the script: add that input to
# the regression files of the parser's tests.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shared=${STOCHOS_SHARED_DIR:-$(cd .. && pwd)/shared}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSTOCHOS_FUZZ=ON -DSTOCHOS_TESTS=OFF -DSTOCHOS_BENCHMARKS=OFF >/dev/null
ninja -C build-fuzz fuzz_midi_reader fuzz_tfrecord_reader fuzz_checkpoint_reader
mkdir -p build-fuzz/crashes build-fuzz/seeds/midi build-fuzz/seeds/tfrecord build-fuzz/work/midi build-fuzz/work/tfrecord
mkdir -p build-fuzz/seeds/checkpoint build-fuzz/work/checkpoint
cp "$shared"/fixtures/note_seq_testdata/*.mid "$shared"/corpus/mozart/mz_545_1.mid build-fuzz/seeds/midi/
cp "$shared"/fixtures/magenta_testdata/*.tfrecord build-fuzz/seeds/tfrecord/
cp "$shared"/fixtures/checkpoints/*/*.index build-fuzz/seeds/checkpoint/
for kind in midi tfrecord checkpoint; do
  echo "fuzz_${kind}_reader: ${seconds}s"
  build-fuzz/fuzz/fuzz_${kind}_reader -max_total_time="$seconds" -max_len=70000 -rss_limit_mb=2048 \
    -artifact_prefix=build-fuzz/crashes/ -print_final_stats=1 \
    build-fuzz/work/$kind build-fuzz/seeds/$kind 2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|Done)" || true
  if ls build-fuzz/crashes/* >/dev/null 2>&1; then
    echo "fuzz: crash inputs in build-fuzz/crashes/"; exit 1
  fi
done
echo "fuzz: no crashes"
