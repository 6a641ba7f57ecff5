#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The stochos Python module beside Python's own tools, measured in one run (CPU time of this
process, best of 5 on each side; a shared machine only ever slows a run down).

  reading:  the Mozart corpus into NoteSequences from Python
            stochos.read_midi per file (one thread)        vs mido.MidiFile (parse only), and
            vs mido + note_seq's rules + python3-protobuf (tools/reference/mido_reference.py,
            what note_seq's midi_io costs); stochos.read_midi_folder on every core as well
  drawing:  10^7 values into a numpy array
            stochos.Distribution.sample                     vs numpy.random.Generator (PCG64)

Usage: bench/python_peers.py BUILD_DIR [SHARED_DIR]   (Debian's python3, numpy, mido)
"""
import io
import os
import sys
import time

import mido
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '..', 'build')
shared = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, '..', '..', 'shared')
sys.path.insert(0, os.path.join(build, 'python'))
sys.path.insert(0, os.path.join(here, '..', 'tools', 'reference'))
import stochos  # noqa: E402
import mido_reference  # noqa: E402
from stochos import music_pb2  # noqa: E402

corpus_dir = os.path.join(shared, 'corpus', 'mozart')
paths = sorted(os.path.join(corpus_dir, f) for f in os.listdir(corpus_dir) if f.endswith('.mid'))
blobs = [open(p, 'rb').read() for p in paths]
total_mb = sum(len(b) for b in blobs) / 1e6


def best_of(fn, repeats=5, clock=time.process_time):
    best = float('inf')
    for _ in range(repeats):
        start = clock()
        fn()
        best = min(best, clock() - start)
    return best


def mido_parse():
    for b in blobs:
        mido.MidiFile(file=io.BytesIO(b))


def mido_note_sequences():
    for p in paths:
        mido_reference.to_note_sequence(mido_reference.reference(p), music_pb2)


def stochos_read():
    for b in blobs:
        stochos.read_midi(b)


def stochos_folder():
    sequences, failed = stochos.read_midi_folder(corpus_dir)
    assert len(sequences) == len(paths) and not failed


n = len(blobs)
t_mido = best_of(mido_parse)
t_rules = best_of(mido_note_sequences)
t_read = best_of(stochos_read)
# Threads: wall time is what the user waits for (CPU time would add the threads up).
t_folder = best_of(stochos_folder, clock=time.perf_counter)
print('Mozart corpus: %d files, %.2f MB, into NoteSequences from Python, best of 5' % (n, total_mb))
print('%-46s %10s %8s %12s' % ('', 'files/s', 'MB/s', 'stochos is'))
print('%-46s %10.0f %8.1f' % ('mido.MidiFile (parse only)', n / t_mido, total_mb / t_mido))
print('%-46s %10.0f %8.1f' % ('mido + note_seq rules + protobuf', n / t_rules, total_mb / t_rules))
print('%-46s %10.0f %8.1f %12s' % ('stochos.read_midi (one thread, CPU time)', n / t_read, total_mb / t_read,
                                   '%.0fx / %.0fx' % (t_mido / t_read, t_rules / t_read)))
print('%-46s %10.0f %8.1f %12s' % ('stochos.read_midi_folder (%d cores, wall)' % os.cpu_count(), n / t_folder,
                                   total_mb / t_folder, '%.0fx / %.0fx' % (t_mido / t_folder, t_rules / t_folder)))
print('(ratios: vs mido parse / vs mido + rules + protobuf)')

N = 10_000_000
rng = np.random.default_rng(1955)
laws = [
    ('uniform [0, 1)', stochos.Distribution('uniform'), lambda: rng.random(N)),
    ('gaussian (0, 1)', stochos.Distribution('gaussian'), lambda: rng.normal(0.0, 1.0, N)),
    ('exponential (1)', stochos.Distribution('exponential'), lambda: rng.exponential(1.0, N)),
    ('gamma (2, 1)', stochos.Distribution('gamma', shape=2), lambda: rng.gamma(2.0, 1.0, N)),
    ('cauchy (0, 1)', stochos.Distribution('cauchy'), lambda: rng.standard_cauchy(N)),
    ('poisson (4)', stochos.Distribution('poisson', **{'lambda': 4}), lambda: rng.poisson(4.0, N)),
]
print()
print('10^7 draws into a numpy array, one thread, CPU time, best of 5')
print('%-18s %14s %14s %10s' % ('law', 'stochos M/s', 'numpy M/s', 'ratio'))
for name, law, numpy_draw in laws:
    t_s = best_of(lambda: law.sample(N, seed=1955, stream='bench'))
    t_n = best_of(numpy_draw)
    print('%-18s %14.1f %14.1f %9.2fx' % (name, N / t_s / 1e6, N / t_n / 1e6, t_n / t_s))
walk = lambda: stochos.RandomWalk(0.0, stochos.Distribution('gaussian'), seed=1).draw(N)  # noqa: E731
t_walk = best_of(walk)
t_np_walk = best_of(lambda: np.cumsum(rng.normal(0.0, 1.0, N)))
print('%-18s %14.1f %14.1f %9.2fx' % ('gaussian walk', N / t_walk / 1e6, N / t_np_walk / 1e6, t_np_walk / t_walk))
print('(ratio > 1: stochos faster; numpy walk = cumsum of normal draws)')
