#!/usr/bin/env bash
# Scale check for `stochos convert`: builds a synthetic corpus of N small files (default
# 100000) from the shared fixtures, one in 50 of them corrupt (truncated or noise), converts
# it, and prints files per second and the peak memory (RSS) of the run. Memory must stay flat
# whatever N is: it depends on the largest file and the thread count, not on the corpus.
# Usage: bench/large_corpus.sh BUILD_DIR [N] [SHARED_DIR]
set -euo pipefail
build=${1:?usage: large_corpus.sh BUILD_DIR [N] [SHARED_DIR]}
n=${2:-100000}
shared=${3:-$(cd "$(dirname "$0")/../.." && pwd)/shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus"
/usr/bin/python3 "$(dirname "$0")/make_synthetic_corpus.py" "$shared" "$work/corpus" "$n"
for threads in 1 2; do
  /usr/bin/time -f "%e s elapsed, peak RSS %M KB" "$build/cli/stochos" convert --no-progress --recursive \
    --threads "$threads" --input_dir "$work/corpus" --output_file "$work/out.tfrecord" 2> "$work/err" | tail -2 || true
  grep -c "^failed:" "$work/err" | sed 's/^/failures listed: /'
  tail -1 "$work/err"
done
