#!/usr/bin/python3
"""Writes N small MIDI files made from the shared fixtures, one in 50 corrupt (truncated or
noise), in folders of 1000: the corpus of bench/large_corpus.sh and bench/scale_out.sh.
Usage: make_synthetic_corpus.py SHARED_DIR OUT_DIR N"""
import os
import random
import sys

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
