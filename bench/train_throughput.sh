#!/usr/bin/env bash
# Melody RNN training throughput on a real corpus: melodies trained per second on the
# Nottingham + POP909 melodies (basic_rnn dataset, Magenta's default hparams: batch 128,
# [128, 128]), measured in one run for
#   - a baseline stochos (optional: the build of an earlier commit, e.g. main before
#     bucketing, as it runs by default: random batches, --num_threads 1),
#   - this stochos with Magenta's random batches, one thread,
#   - this stochos with bucketed batches (the default), one thread, --num_threads 2, and
#     `mpirun -np 2` (data parallel, one thread a rank),
#   - the same model in Debian's python3-torch with Magenta's random padded batches
#     (bench/rnn_pytorch_peer.py dataset), on one and on two threads.
# Each run trains STEPS batches (default 50, about one epoch) from fresh weights; the first
# summary window (5 steps: start-up, warm-up) is not counted. A benchmark, not a test: it
# prints figures and ratios and fails only if a command fails. Run it on a quiet machine.
# Usage: bench/train_throughput.sh [BUILD_DIR] [BASELINE_BUILD_DIR] [STEPS]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:-$here/build}" && pwd)"
baseline="${2:-}"
steps="${3:-50}"
shared="${STOCHOS_SHARED_DIR:-$here/../shared}"
stochos="$build/cli/stochos"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

echo "== data: Nottingham melodies + POP909 (basic_rnn dataset, Magenta's extraction)"
for corpus in nottingham/melody pop909; do
  name="${corpus%%/*}"
  "$stochos" convert --input_dir "$shared/corpus/$corpus" --output_file "$work/$name.tfrecord" --no-progress >/dev/null
  "$stochos" melody dataset --config basic_rnn --input "$work/$name.tfrecord" --output_dir "$work/ds_$name" \
    --eval_ratio 0.1 --seed 1 --no-progress >/dev/null
done
data="$work/ds_nottingham/training_melodies.tfrecord,$work/ds_pop909/training_melodies.tfrecord"
for name in nottingham pop909; do
  "$build/bench/rnn_bench" lengths basic_rnn "$work/ds_$name/training_melodies.tfrecord"
done >"$work/lengths.txt"
awk '{ n++; s += $1; if ($1 > m) m = $1 } END { printf "%d melodies, %.0f steps on average, longest %d\n", n, s / n, m }' \
  "$work/lengths.txt"

# melodies/s of a training log: the windows after the first (sequences/s x window seconds).
rate_of_log() {
  awk -v every=5 '/ sequences\/s/ {
      for (i = 1; i <= NF; i++) { if ($(i + 1) == "steps/s,") sps = $i; if ($(i + 1) == "sequences/s,") qps = $i }
      if (++w == 1) next
      t = every / sps; secs += t; seqs += qps * t }
    END { if (secs > 0) printf "%.1f", seqs / secs; else print "nan" }' "$1"
}

declare -A rates
run_stochos() {  # LABEL BINARY [mpirun -np N] -- TRAIN FLAGS...
  local label="$1" bin="$2"; shift 2
  local launcher=()
  while [ "$1" != "--" ]; do launcher+=("$1"); shift; done
  shift
  rm -rf "$work/run"
  "${launcher[@]}" "$bin" melody train --config basic_rnn --sequence_example_file "$data" --run_dir "$work/run" \
    --num_training_steps "$steps" --summary_frequency 5 --save_checkpoint_steps 100000 --seed 1 "$@" \
    >/dev/null 2>"$work/log.txt" </dev/null
  rates[$label]="$(rate_of_log "$work/log.txt")"
  printf '%-52s %8s melodies/s\n' "$label" "${rates[$label]}"
}
run_peer() {  # LABEL THREADS
  local out
  out="$(/usr/bin/python3 "$here/bench/rnn_pytorch_peer.py" dataset 38 38 128,128 0 128 "$work/lengths.txt" "$steps" "$2")"
  rates[$1]="$(echo "$out" | sed -E 's/.*: ([0-9.]+) melodies\/s/\1/')"
  printf '%-52s %8s melodies/s\n' "$1" "${rates[$1]}"
}

echo "== melodies trained per second ($steps steps of batch 128, basic_rnn [128,128])"
if [ -n "$baseline" ]; then
  run_stochos "baseline stochos (random batches, defaults)" "$baseline/cli/stochos" --
fi
run_stochos "stochos, random batches, 1 thread" "$stochos" -- --batching random --num_threads 1
run_stochos "stochos, bucketed, 1 thread" "$stochos" -- --num_threads 1
run_stochos "stochos, bucketed, --num_threads 2" "$stochos" -- --num_threads 2
run_stochos "stochos, bucketed, mpirun -np 2" "$stochos" mpirun -np 2 -- --num_threads 1
run_peer "pytorch, random padded batches, 1 thread" 1
run_peer "pytorch, random padded batches, 2 threads" 2

ratio() { awk -v a="${rates[$1]}" -v b="${rates[$2]}" 'BEGIN { printf "%.2fx", a / b }'; }
best="stochos, bucketed, mpirun -np 2"
echo "== ratios"
[ -n "$baseline" ] && echo "best stochos / baseline stochos:              $(ratio "$best" "baseline stochos (random batches, defaults)")"
echo "best stochos / stochos random batches 1 thread: $(ratio "$best" "stochos, random batches, 1 thread")"
echo "best stochos / pytorch 2 threads:               $(ratio "$best" "pytorch, random padded batches, 2 threads")"
echo "best stochos / pytorch 1 thread:                $(ratio "$best" "pytorch, random padded batches, 1 thread")"
echo "stochos bucketed 1 thread / pytorch 1 thread:   $(ratio "stochos, bucketed, 1 thread" "pytorch, random padded batches, 1 thread")"
