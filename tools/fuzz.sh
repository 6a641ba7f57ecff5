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
ninja -C build-fuzz fuzz_midi_reader fuzz_tfrecord_reader fuzz_checkpoint_reader fuzz_hparams
mkdir -p build-fuzz/crashes build-fuzz/seeds/midi build-fuzz/seeds/tfrecord build-fuzz/work/midi build-fuzz/work/tfrecord
mkdir -p build-fuzz/seeds/checkpoint build-fuzz/work/checkpoint
cp "$shared"/fixtures/note_seq_testdata/*.mid "$shared"/corpus/mozart/mz_545_1.mid build-fuzz/seeds/midi/
cp "$shared"/fixtures/magenta_testdata/*.tfrecord build-fuzz/seeds/tfrecord/
cp "$shared"/fixtures/checkpoints/*/*.index build-fuzz/seeds/checkpoint/
# --hparams strings: Magenta's overrides, the fixtures' and each bound's edge.
mkdir -p build-fuzz/seeds/hparams build-fuzz/work/hparams
i=0
for seed in "batch_size=64,rnn_layer_sizes=[64,64]" "rnn_layer_sizes=[128,128,128],attn_length=40" \
    "dropout_keep_prob=0.5,clip_norm=0,learning_rate=1e-4,residual_connections=true,use_cudnn=false" \
    "batch_size=4096,attn_length=4096,rnn_layer_sizes=[8192]"; do
  printf '%s' "$seed" > build-fuzz/seeds/hparams/seed$((i += 1))
done
for kind in midi tfrecord checkpoint hparams; do
  target=fuzz_${kind}_reader
  [ "$kind" = hparams ] && target=fuzz_hparams
  echo "$target: ${seconds}s"
  build-fuzz/fuzz/$target -max_total_time="$seconds" -max_len=70000 -rss_limit_mb=2048 \
    -artifact_prefix=build-fuzz/crashes/ -print_final_stats=1 \
    build-fuzz/work/$kind build-fuzz/seeds/$kind 2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|Done)" || true
  if ls build-fuzz/crashes/* >/dev/null 2>&1; then
    echo "fuzz: crash inputs in build-fuzz/crashes/"; exit 1
  fi
done
echo "fuzz: no crashes"
