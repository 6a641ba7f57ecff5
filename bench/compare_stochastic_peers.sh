#!/usr/bin/env bash
# Values per second of stochos's stochastic engine beside peer tools doing the same draws in the
# same run, one thread each (issue 4, "Tests and figures"):
#   laws and walks          vs SuperCollider's patterns in sclang (Pwhite, Plprand, Pgauss,
#                              Pexprand, Pbrown...: stream.nextN(n), timed inside sclang)
#                              and numpy's Generator (PCG64; ziggurat normals/exponentials)
#   3rd-order Markov chain  vs numpy on the very chain stochos uses (learned from the Mozart
#                              corpus, handed over with stochastic_bench --write_markov_model):
#                              one chain (sequential steps, pre-drawn uniforms, np.searchsorted)
#                              and 16,384 independent chains advanced together (fully vectorised)
# plus, with no peer, the xenakis-st preset's and the Markov melody's notes per second and the
# Mozart corpus's learning time.
# Usage: bench/compare_stochastic_peers.sh [BUILD_DIR] [SHARED_DIR]   (BUILD_DIR: a Release build
# with bench/stochastic_bench; default build/). STOCHOS_PEER_REPEATS (5) sets the best-of count.
# Peers are Debian packages from tools/install-deps.sh: supercollider-language, python3-numpy.
#
# Fairness: every side reports its best of N runs (noise only ever slows a run down) in CPU
# time of its own process: on a shared machine wall time measures the load (with 4 jobs on 2
# cores every side ran at half speed), and each side here is one busy thread. stochos: Google
# Benchmark's CPU time; numpy: time.process_time; sclang, which has no CPU clock: utime + stime
# from /proc/self/stat (10 ms ticks, hence runs of about a second). Start-up stays outside the
# clock (sclang's class library compilation, numpy's import, the model's loading).
# stochastic_bench keeps freed memory in the process (mallopt in its main); numpy gets the same
# glibc setting through GLIBC_TUNABLES, without which it would page-fault every fresh array in
# again. Laws are paired by name where the peer has the same law; where it does not, the row
# says what each side draws.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"
shared="${2:-${STOCHOS_SHARED_DIR:-$here/../shared}}"
bench="$build/bench/stochastic_bench"
repeats="${STOCHOS_PEER_REPEATS:-5}"
python=/usr/bin/python3  # Debian's, with python3-numpy (a pyenv python on PATH may lack it)

[[ -x "$bench" ]] || { echo "missing: $bench (build the stochastic_bench target, Release)" >&2; exit 4; }
command -v sclang >/dev/null || { echo "missing: sclang (run tools/install-deps.sh)" >&2; exit 4; }
"$python" -c 'import numpy' 2>/dev/null ||
  { echo "missing: python3-numpy (run tools/install-deps.sh)" >&2; exit 4; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export STOCHOS_SHARED_DIR="$shared"

# --- stochos ------------------------------------------------------------------------------------
"$bench" --write_markov_model="$work/markov3.txt"
laws='BM_DistributionFill/(0|1|2|3|4|6|7|11|17)$'
walks='BM_RandomWalkUniformReflect|BM_BrownianMotionReflect'
notes='BM_StScore|BM_StPreset|BM_MarkovOrder3|BM_CorpusLearnMozartFolder'
"$bench" --benchmark_filter="^($laws|$walks|$notes)" --benchmark_format=json \
  --benchmark_repetitions="$repeats" --benchmark_min_time=0.2 >"$work/ours.json" 2>"$work/bench.log" ||
  { cat "$work/bench.log" >&2; exit 1; }

# --- sclang ---------------------------------------------------------------------------------------
# Headless: no audio server is needed for patterns; Qt gets the offscreen platform, and its
# WebEngine refuses to start as root unless its sandbox is off (CI runs as root).
cat >"$work/peers.scd" <<'SCD'
(
var reps = "STOCHOS_SC_REPEATS".getenv.asInteger, x = 0.0;
// CPU seconds of this process: utime + stime, fields 14 and 15 of /proc/self/stat, in 10 ms ticks.
var cpu = {
  var f = File("/proc/self/stat", "r"), fields = f.getLine(4096).split($ );
  f.close;
  (fields[13].asInteger + fields[14].asInteger) / 100.0
};
var patterns = [
  [\pwhite, Pwhite(0.0, 1.0, inf)],
  [\plprand, Plprand(0.0, 1.0, inf)],
  [\pmeanrand, Pmeanrand(0.0, 1.0, inf)],
  [\pexprand, Pexprand(0.01, 1.0, inf)],
  [\pgauss, Pgauss(0.0, 1.0, inf)],
  [\pcauchy, Pcauchy(0.0, 1.0, inf)],
  [\pbeta, Pbeta(0.0, 1.0, 2, 5, inf)],
  [\ppoisson, Ppoisson(3.5, inf)],
  [\pwrand, Pwrand((0..11), [1, 2, 3, 4, 5, 4, 3, 2, 1, 1, 2, 3].normalizeSum, inf)],
  [\pbrown, Pbrown(48.0, 72.0, 2.0, inf)],
  // A Wiener walk with reflecting barriers: no pattern has Gaussian steps, so a Pfunc.
  [\pfunc_gauss_fold, Pfunc({ x = (x + 0.0.gauss(0.1)).fold(-1.0, 1.0) })]
];
patterns.do { |p|
  var stream = p[1].asStream, chunk = 10000, best = inf, chunks;
  // Runs of about a second of wall time (at least 50 ticks of the CPU clock on an idle
  // machine), drawn in arrays of 10,000 values: one array of millions made sclang crash now
  // and then.
  chunks = (1.0 / max({ stream.nextN(chunk) }.bench(false), 0.0001)).ceil.asInteger;
  reps.do {
    var c0 = cpu.value, c1;
    chunks.do { stream.nextN(chunk) };
    c1 = cpu.value;
    best = min(best, max(c1 - c0, 0.01));
  };
  ("PEER " ++ p[0].asString ++ " " ++ (chunks * chunk / best).asString).postln;
};
0.exit;
)
SCD
mkdir -p "$work/xdg" && chmod 700 "$work/xdg"
XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$work/xdg}" QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 \
  STOCHOS_SC_REPEATS="$repeats" \
  timeout 900 sclang "$work/peers.scd" </dev/null >"$work/sclang.log" 2>&1 || true
grep '^PEER ' "$work/sclang.log" | sed 's/^PEER /sclang_/' >"$work/peers.txt" ||
  { echo "sclang produced no figures; its log:" >&2; cat "$work/sclang.log" >&2; exit 1; }

# --- numpy ----------------------------------------------------------------------------------------
GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824 \
  "$python" - "$work/markov3.txt" 1000000 "$repeats" >>"$work/peers.txt" <<'PY'
import sys
import time

import numpy as np

model_path, n_values, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(1)


def best_of(fn):
    best = float('inf')
    for _ in range(repeats):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def report(name, values, seconds):
    print(f'numpy_{name} {values / seconds:.6g}')


# The chain in stochos's text form (markov.h): contexts of length 0..order, oldest state first,
# each with its sparse counts. Rows become CSR arrays with one global cumulative array, so a
# draw from row r is searchsorted(cum, base[r] + u * total[r], 'right'), which is stochos's
# "walk the counts until u < count".
lines = open(model_path).read().split('\n')
assert lines[0] == 'stochos-markov 1'
order = int(lines[1].split()[1])
assert float(lines[2].split()[1]) == 0.0, 'this peer handles unsmoothed chains only'
states = [int(s) for s in lines[4].split()]
S = len(states)
index = {s: i for i, s in enumerate(states)}
next_index, cum, base, total = [], [], [], []
keys = [[] for _ in range(order + 1)]  # per context length: (key, row), most recent state lowest
running = 0.0
for line in lines[6:6 + int(lines[5].split()[1])]:
    head, tail = line.split(' : ')
    fields = head.split()
    key = sum(index[int(s)] * S ** j for j, s in enumerate(reversed(fields[1:])))
    keys[int(fields[0])].append((key, len(base)))
    base.append(running)
    for item in tail.split():
        s, c = item.split('=')
        running += float(c)
        next_index.append(index[int(s)])
        cum.append(running)
    total.append(running - base[-1])
next_index, cum, base, total = np.array(next_index), np.array(cum), np.array(base), np.array(total)
row_end = np.searchsorted(cum, base + total, side='left')  # a row's last entry (rounding guard)
ctx_keys = [np.array(sorted(k[0] for k in keys[n]), dtype=np.int64) for n in range(order + 1)]
ctx_rows = [np.array([r for _, r in sorted(keys[n])], dtype=np.int64) for n in range(order + 1)]
ctx_dict = [dict(keys[n]) for n in range(order + 1)]
unigram = int(ctx_rows[0][0])
# Dense row tables where |S|^k is small enough (-1: unseen context), sorted keys beyond.
dense = [None] * (order + 1)
for k in range(1, order + 1):
    if S ** k <= 4_000_000:
        dense[k] = np.full(S ** k, -1, dtype=np.int64)
        dense[k][ctx_keys[k]] = ctx_rows[k]


def markov_single(n):
    """One chain, as stochos generates it. Steps are sequential, so a Python loop over
    pre-drawn uniforms: a dict lookup per context length (longest first), one searchsorted."""
    u = rng.random(n)
    out = np.empty(n, dtype=np.int64)
    hist = []  # state indices, most recent first
    for i in range(n):
        row, key, found = unigram, 0, []
        for k, h in enumerate(hist):
            key += h * S ** k
            found.append(key)
        for k in range(len(found), 0, -1):
            r = ctx_dict[k].get(found[k - 1])
            if r is not None:
                row = r
                break
        j = min(int(cum.searchsorted(base[row] + u[i] * total[row], side='right')), int(row_end[row]))
        out[i] = nxt = int(next_index[j])
        hist = [nxt] + hist[:order - 1]
    return out


def markov_batched(chains, steps):
    """Independent chains advanced together, each step one vectorised pass over all of them:
    context keys, a dense table or searchsorted per context length with back-off masks, one
    searchsorted into the cumulative array. numpy's best case for a sequential process."""
    hist = [np.full(chains, -1, dtype=np.int64) for _ in range(order)]  # hist[0]: most recent
    out = np.empty((steps, chains), dtype=np.int64)
    for t in range(steps):
        u = rng.random(chains)
        row = np.full(chains, unigram, dtype=np.int64)
        done = np.zeros(chains, dtype=bool)
        key, valid, lookups = np.zeros(chains, dtype=np.int64), np.ones(chains, dtype=bool), []
        for k in range(1, min(t, order) + 1):
            key = key + hist[k - 1] * S ** (k - 1)
            valid = valid & (hist[k - 1] >= 0)
            lookups.append((k, key, valid))
        for k, key, valid in reversed(lookups):
            if dense[k] is not None:
                found = dense[k][np.where(valid, key, 0)]
                hit = valid & ~done & (found >= 0)
            else:
                pos = np.minimum(np.searchsorted(ctx_keys[k], key), len(ctx_keys[k]) - 1)
                found = ctx_rows[k][pos]
                hit = valid & ~done & (ctx_keys[k][pos] == key)
            row = np.where(hit, found, row)
            done |= hit
        j = np.minimum(np.searchsorted(cum, base[row] + u * total[row], side='right'), row_end[row])
        out[t] = nxt = next_index[j]
        hist = [nxt] + hist[:-1]
    return out


# Both samplers must draw only transitions the chain has (a check, not a timing).
for seq in (markov_single(3000), markov_batched(64, 40)[:, 5]):
    for i in range(order, len(seq)):
        key = sum(int(seq[i - 1 - j]) * S ** j for j in range(order))
        r = ctx_dict[order].get(key)
        if r is not None:
            lo = int(np.searchsorted(cum, base[r], side='right'))
            assert int(seq[i]) in next_index[lo:row_end[r] + 1], 'the peer drew an unseen transition'

single = 50000
report('markov3_single', single, best_of(lambda: markov_single(single)))
chains, steps = 16384, 64
report('markov3_batched', chains * steps, best_of(lambda: markov_batched(chains, steps)))

weights = np.array([1, 2, 3, 4, 5, 4, 3, 2, 1, 1, 2, 3], dtype=float)
weights /= weights.sum()
laws = {
    'uniform': lambda: rng.random(n_values),
    'linear': lambda: 1.0 - np.sqrt(rng.random(n_values)),  # Xenakis's linear law, a = 1
    'triangular': lambda: rng.triangular(0.0, 0.3, 1.0, n_values),
    'exponential': lambda: rng.exponential(0.5, n_values),
    'gaussian': lambda: rng.normal(0.0, 1.0, n_values),
    'cauchy': lambda: rng.standard_cauchy(n_values),
    'beta': lambda: rng.beta(2.0, 5.0, n_values),
    'poisson': lambda: rng.poisson(3.5, n_values),
    'discrete': lambda: rng.choice(12, n_values, p=weights),
}
for name, fn in laws.items():
    report(name, n_values, best_of(fn))


def fold(x, lo, hi):
    """Reflects a free path into [lo, hi]. For symmetric steps the folded free walk is a walk
    with reflecting barriers, so numpy can vectorise it with one cumsum."""
    w = hi - lo
    y = np.mod(x - lo, 2 * w)
    return lo + np.where(y > w, 2 * w - y, y)


report('walk_uniform_reflect', n_values,
       best_of(lambda: fold(60.0 + np.cumsum(rng.uniform(-2.0, 2.0, n_values)), 48.0, 72.0)))
report('brownian_reflect', n_values,
       best_of(lambda: fold(np.cumsum(rng.normal(0.0, 0.1, n_values)), -1.0, 1.0)))
PY

# --- the table ------------------------------------------------------------------------------------
"$python" - "$work/ours.json" "$work/peers.txt" "$repeats" <<'PY'
import json
import sys

runs = [b for b in json.load(open(sys.argv[1]))['benchmarks']
        if b.get('run_type', 'iteration') == 'iteration']
peers = dict((line.split()[0], float(line.split()[1])) for line in open(sys.argv[2]) if line.strip())
scale = {'s': 1.0, 'ms': 1e-3, 'us': 1e-6, 'ns': 1e-9}


def ours(name, counter='values_per_s'):
    """Best rate over the repetitions (Google Benchmark's rates are per CPU second)."""
    return max(b[counter] for b in runs if b['run_name'] == name)


def ms(name):
    return min(b['cpu_time'] * scale[b['time_unit']] for b in runs if b['run_name'] == name) * 1e3


def rate(v):
    return '-' if v is None else f'{v / 1e6:9.2f} M/s'


def ratio(a, b):
    return '-' if a is None or b is None else f'{a / b:7.0f}x' if a / b >= 10 else f'{a / b:7.1f}x'


print('stochastic engine, values (or notes) per CPU second, one thread, '
      f'best of {sys.argv[3]} runs each side')
print(f'{"":44} {"stochos":>13} {"sclang":>13} {"ratio":>8} {"numpy":>13} {"ratio":>8}')
rows = [
    ('uniform [0,1)              / Pwhite', 'BM_DistributionFill/0', 'pwhite', 'uniform'),
    ('linear (Xenakis, a=1)      / Plprand', 'BM_DistributionFill/1', 'plprand', 'linear'),
    ('triangular (0,.3,1) / Pmeanrand (0,.5,1)', 'BM_DistributionFill/2', 'pmeanrand', 'triangular'),
    ('exponential / Pexprand (log-uniform)', 'BM_DistributionFill/3', 'pexprand', 'exponential'),
    ('gaussian                   / Pgauss', 'BM_DistributionFill/6', 'pgauss', 'gaussian'),
    ('cauchy                     / Pcauchy', 'BM_DistributionFill/7', 'pcauchy', 'cauchy'),
    ('beta(2,5)                  / Pbeta', 'BM_DistributionFill/11', 'pbeta', 'beta'),
    ('poisson(3.5)               / Ppoisson', 'BM_DistributionFill/4', 'ppoisson', 'poisson'),
    ('discrete, 12 weights       / Pwrand', 'BM_DistributionFill/17', 'pwrand', 'discrete'),
    ('walk, uniform steps, reflect / Pbrown', 'BM_RandomWalkUniformReflect', 'pbrown',
     'walk_uniform_reflect'),
    ('Wiener walk, reflect / Pfunc gauss fold', 'BM_BrownianMotionReflect', 'pfunc_gauss_fold',
     'brownian_reflect'),
]
for label, name, sc, npy in rows:
    a, s, n = ours(name), peers.get('sclang_' + sc), peers.get('numpy_' + npy)
    print(f'{label:44} {rate(a):>13} {rate(s):>13} {ratio(a, s):>8} {rate(n):>13} {ratio(a, n):>8}')
m = ours('BM_MarkovOrder3States', 'notes_per_s')
for label, key in [('Markov order 3, Mozart / numpy, one chain', 'numpy_markov3_single'),
                   ('Markov order 3 / numpy, 16,384 chains', 'numpy_markov3_batched')]:
    n = peers.get(key)
    print(f'{label:44} {rate(m):>13} {"-":>13} {"-":>8} {rate(n):>13} {ratio(m, n):>8}')
print()
print('notes per second (no peer)')
for label, name in [('xenakis-st, 150 s piece: plain score', 'BM_StScore/150'),
                    ('xenakis-st, 3600 s piece: plain score', 'BM_StScore/3600'),
                    ('  the same, 150 s, NoteSequence on an arena', 'BM_StPreset/150'),
                    ('  the same, 3600 s, NoteSequence on an arena', 'BM_StPreset/3600'),
                    ('  the same, 150 s, message on the heap', 'BM_StPresetHeap/150'),
                    ('  the same, 3600 s, message on the heap', 'BM_StPresetHeap/3600'),
                    ('Markov order 3: joint states (note events)', 'BM_MarkovOrder3States'),
                    ('Markov order 3: melody NoteSequence, 1 h', 'BM_MarkovOrder3Melody')]:
    print(f'{label:44} {rate(ours(name, "notes_per_s")):>13}')
print('corpus learning, Mozart folder (21 MIDI files, MIDI parsing included)')
for order in (2, 3):
    print(f'{"  order " + str(order):44} {ms("BM_CorpusLearnMozartFolder/" + str(order)):10.1f} ms')
PY
