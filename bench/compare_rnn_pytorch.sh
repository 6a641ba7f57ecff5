#!/usr/bin/env bash
# Melody RNN speed beside the same model written in PyTorch (Debian's python3-torch,
# bench/rnn_pytorch_peer.py), measured in the same run, one thread each (OpenBLAS and
# LibTorch pinned to one thread on both sides):
#   training steps per second at batch 64 and batch 1 (basic_rnn, [128,128], 64 steps)
#   generation steps per second with beam 1 and beam 4 (basic_rnn and attention_rnn): the
#   model loop both sides run (one-hot of the sampled class in, sample, reorder the beam),
#   then stochos's whole Magenta generation (encoder, beam search) for reference
# Usage: bench/compare_rnn_pytorch.sh [build dir]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bench="${1:-$here/build}/bench/rnn_bench"
peer=(/usr/bin/python3 "$here/bench/rnn_pytorch_peer.py")
[ -x "$bench" ] || { echo "missing $bench (build the rnn_bench target)" >&2; exit 4; }
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

rate() { sed -E 's/.* ([0-9.]+) steps\/s.*/\1/'; }
gflops() { sed -nE 's/.* ([0-9.]+) GFLOP\/s.*/\1/p'; }
compare() {  # LABEL STOCHOS-ARGS... -- PEER-ARGS...
  local label="$1"; shift
  local ours=() theirs=() seen=0
  for a in "$@"; do
    if [ "$a" = "--" ]; then seen=1; elif [ $seen = 0 ]; then ours+=("$a"); else theirs+=("$a"); fi
  done
  local a b
  a="$("$bench" "${ours[@]}")"
  b="$("${peer[@]}" "${theirs[@]}")"
  local ra rb
  ra="$(echo "$a" | rate)"; rb="$(echo "$b" | rate)"
  printf '%-44s stochos %9.2f  pytorch %9.2f steps/s  ratio %5.2fx  (stochos %s GFLOP/s)\n' \
    "$label" "$ra" "$rb" "$(awk -v x="$ra" -v y="$rb" 'BEGIN { print x / y }')" "$(echo "$a" | gflops)"
}

compare "train basic_rnn [128,128] batch 64 x 64 steps" train basic_rnn "rnn_layer_sizes=[128,128]" 64 64 3 -- \
  train 38 38 128,128 0 64 64 3
compare "train basic_rnn [128,128] batch 1 x 64 steps" train basic_rnn "rnn_layer_sizes=[128,128]" 1 64 10 -- \
  train 38 38 128,128 0 1 64 10
for beam in 1 4; do
  compare "generate basic_rnn [128,128] beam $beam" model basic_rnn "rnn_layer_sizes=[128,128]" $beam 512 3 -- \
    generate 38 38 128,128 0 $beam 512 3
  compare "generate attention_rnn [128,128] beam $beam" model attention_rnn "rnn_layer_sizes=[128,128]" $beam 256 3 -- \
    generate 74 40 128,128 40 $beam 256 3
done
echo "stochos's whole Magenta generation (encoding, sampling, beam search), same sizes:"
"$bench" generate basic_rnn "rnn_layer_sizes=[128,128]" 4 512 3
"$bench" generate attention_rnn "rnn_layer_sizes=[128,128]" 4 256 3
