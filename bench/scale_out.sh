#!/usr/bin/env bash
# Scale-out check for `stochos convert`: the synthetic corpus of bench/large_corpus.sh (N
# small MIDI files, default 100000, one in 50 corrupt: truncated or noise) converted by one
# process and by `mpirun -np 2` (one thread per rank, so that ranks and not threads share the
# work), with the wall time, peak memory per rank, the failures listed (must be the same
# count, once each), the union of the shards checked against the one-process file, and the
# projected time for the Lakh MIDI set (176,581 files) at the measured file rate.
# Usage: bench/scale_out.sh BUILD_DIR [N] [SHARED_DIR]
set -euo pipefail
build=$(cd "${1:?usage: scale_out.sh BUILD_DIR [N] [SHARED_DIR]}" && pwd)
n=${2:-100000}
shared=${3:-$(cd "$(dirname "$0")/../.." && pwd)/shared}
stochos="$build/cli/stochos"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1  # CI runs as root
mkdir -p "$work/corpus"
/usr/bin/python3 "$(dirname "$0")/make_synthetic_corpus.py" "$shared" "$work/corpus" "$n"
echo "corpus: $n files, $(du -sm "$work/corpus" | cut -f1) MB"
find "$work/corpus" -type f -exec cat {} + > /dev/null  # warm the page cache for both runs alike

lakh=176581
report() {  # label seconds
  awk -v l="$1" -v s="$2" -v n="$n" -v lakh="$lakh" 'BEGIN {
    printf "%s: %.2f s, %.0f files/s; Lakh MIDI (%d files) at this rate: %.0f s\n", l, s, n / s, lakh, lakh * s / n }'
}

run() {  # label ranks
  local label=$1 ranks=$2 start end
  start=$(date +%s.%N)
  if [ "$ranks" = 1 ]; then
    /usr/bin/time -f "  rank 0 peak RSS %M KB" "$stochos" convert --no-progress --recursive --threads 1 \
      --input_dir "$work/corpus" --output_file "$work/$label.tfrecord" > "$work/$label.out" 2> "$work/$label.err" || true
  else
    mpirun --oversubscribe -np "$ranks" /usr/bin/time -f "  a rank's peak RSS %M KB" "$stochos" convert --no-progress \
      --recursive --threads 1 --input_dir "$work/corpus" --output_file "$work/$label.tfrecord" \
      > "$work/$label.out" 2> "$work/$label.err" || true
  fi
  end=$(date +%s.%N)
  report "$label ($ranks rank(s), 1 thread each)" "$(echo "$end - $start" | bc)"
  head -2 "$work/$label.out" | sed 's/^/  /'
  grep "peak RSS" "$work/$label.err"
  echo "  failures listed: $(grep -c '^failed:' "$work/$label.err")"
}

run one 1
run mpi 2
/usr/bin/python3 - "$work/one.tfrecord" "$work"/mpi.tfrecord-*-of-00002 <<'PY'
import struct, sys
def records(p):
    data, pos, out = open(p, 'rb').read(), 0, []
    while pos < len(data):
        (n,) = struct.unpack_from('<Q', data, pos)
        out.append(data[pos + 12:pos + 12 + n]); pos += 16 + n
    return out
one = sorted(records(sys.argv[1])); both = sorted(r for p in sys.argv[2:] for r in records(p))
print('shards vs one process: %d and %d records, %s' % (len(one), len(both), 'identical' if one == both else 'DIFFERENT'))
PY
