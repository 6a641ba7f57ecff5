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
/usr/bin/python3 - "$shared" "$work/corpus" "$n" <<'PY'
import os, random, sys
shared, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
src = os.path.join(shared, 'fixtures', 'note_seq_testdata')
blobs = [open(os.path.join(src, f), 'rb').read() for f in sorted(os.listdir(src))
         if f.endswith('.mid') and os.path.getsize(os.path.join(src, f)) < 20000]
rng = random.Random(1)
for i in range(n):
    sub = os.path.join(out, '%03d' % (i // 1000))
    if i % 1000 == 0:
        os.makedirs(sub, exist_ok=True)
    b = blobs[i % len(blobs)]
    if i % 50 == 7:
        b = b[:rng.randrange(len(b))]
    elif i % 50 == 31:
        b = bytes(rng.randrange(256) for _ in range(200))
    with open(os.path.join(sub, 'f%06d.mid' % i), 'wb') as f:
        f.write(b)
PY
for threads in 1 2; do
  /usr/bin/time -f "%e s elapsed, peak RSS %M KB" "$build/cli/stochos" convert --no-progress --recursive \
    --threads "$threads" --input_dir "$work/corpus" --output_file "$work/out.tfrecord" 2> "$work/err" | tail -2 || true
  grep -c "^failed:" "$work/err" | sed 's/^/failures listed: /'
  tail -1 "$work/err"
done
