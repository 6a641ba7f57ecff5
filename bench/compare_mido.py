#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""stochos vs python3-mido on the Mozart corpus, measured in one run, one thread each.

  parse:   mido.MidiFile(file)            vs stochos BM_ParseMidi
  convert: mido + pretty_midi's rules      vs stochos BM_MidiToSerializedNoteSequence
           + NoteSequence building and serialization (tools/reference/mido_reference.py
           for the rules: tempo map, note pairing, signatures; then python3-protobuf with
           classes generated from our music.proto, as note_seq's midi_io does)

Usage: bench/compare_mido.py BUILD_DIR [SHARED_DIR]
"""
import io
import json
import os
import subprocess
import sys
import time

import mido

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, '..', 'tools', 'reference'))
import mido_reference  # noqa: E402

build = sys.argv[1]
shared = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, '..', '..', 'shared')
corpus_dir = os.path.join(shared, 'corpus', 'mozart')
paths = sorted(os.path.join(corpus_dir, f) for f in os.listdir(corpus_dir))
blobs = [open(p, 'rb').read() for p in paths]
total_mb = sum(len(b) for b in blobs) / 1e6


# Both sides report their best of five runs: on a shared machine noise only ever slows a run
# down, so the minimum is the fairest estimate, and using it on both sides keeps the ratio fair.
def best_of(fn, repeats=5):
    best = float('inf')
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def mido_parse():
    for b in blobs:
        mido.MidiFile(file=io.BytesIO(b))


sys.path.insert(0, os.path.join(build, 'python_proto'))
from stochos.proto import music_pb2  # noqa: E402


def mido_convert():
    for p in paths:
        ref = mido_reference.reference(p)
        ns = mido_reference.to_note_sequence(ref, music_pb2)
        ns.SerializeToString()


t_parse = best_of(mido_parse)
t_convert = best_of(mido_convert)

env = dict(os.environ, STOCHOS_SHARED_DIR=shared)
out = subprocess.run([os.path.join(build, 'bench', 'midi_bench'), '--benchmark_format=json',
                      '--benchmark_min_time=0.3', '--benchmark_repetitions=5'],
                     capture_output=True, text=True, env=env, check=True).stdout
runs = [b for b in json.loads(out)['benchmarks'] if b.get('run_type', 'iteration') == 'iteration']


def seconds(name):
    scale = {'ms': 1e-3, 'us': 1e-6, 'ns': 1e-9, 's': 1.0}
    return min(b['real_time'] * scale[b['time_unit']] for b in runs if b['run_name'] == name)


s_parse = seconds('BM_ParseMidi')
s_convert = seconds('BM_MidiToSerializedNoteSequence')
n = len(blobs)
print('Mozart corpus: %d files, %.2f MB, one thread, best of 5 runs on each side' % (n, total_mb))
print('%-34s %12s %12s %10s' % ('', 'files/s', 'MB/s', 'vs mido'))
for label, t, ref in [('mido parse', t_parse, None), ('stochos parse', s_parse, t_parse),
                      ('mido + rules + NoteSequence', t_convert, None),
                      ('stochos MIDI -> NoteSequence', s_convert, t_convert)]:
    print('%-34s %12.0f %12.1f %10s' % (label, n / t, total_mb / t, '' if ref is None else '%.0fx' % (ref / t)))
print('conversion vs mido parse alone: %.0fx' % (t_parse / s_convert))
