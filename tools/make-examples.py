#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the bundled example MIDI files (examples/midi/) with python3-mido.

The pieces are stochos's own (GPL-3.0-or-later, like the rest of the repository): a seeded
random walk, so rerunning this script reproduces the same bytes. They exercise what the
converter must handle: several tracks and programs, drums on channel 10, a tempo change,
time and key signatures, a pitch-bend glide, sustain pedal and velocity-0 note-offs.
"""
import os
import random

import mido

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'examples', 'midi')
TPQ = 480


def to_delta(events):
    """(abs_tick, message) list -> MidiTrack with delta times."""
    track = mido.MidiTrack()
    last = 0
    for tick, msg in sorted(events, key=lambda e: e[0]):
        track.append(msg.copy(time=tick - last))
        last = tick
    return track


def random_walk_piece(path, seed):
    rng = random.Random(seed)
    mid = mido.MidiFile(type=1, ticks_per_beat=TPQ)
    meta = [(0, mido.MetaMessage('track_name', name='stochos example')),
            (0, mido.MetaMessage('set_tempo', tempo=mido.bpm2tempo(96))),
            (0, mido.MetaMessage('time_signature', numerator=3, denominator=4)),
            (0, mido.MetaMessage('key_signature', key='Dm')),
            (TPQ * 24, mido.MetaMessage('set_tempo', tempo=mido.bpm2tempo(72)))]
    mid.tracks.append(to_delta(meta))

    # Melody: a reflecting random walk on D minor, with sustain pedal.
    scale = [62, 64, 65, 67, 69, 70, 72, 74, 76, 77, 79]
    melody = [(0, mido.Message('program_change', program=0, channel=0)),
              (0, mido.Message('control_change', control=64, value=127, channel=0))]
    idx, tick = 4, 0
    while tick < TPQ * 30:
        idx = min(max(idx + rng.choice([-2, -1, -1, 1, 1, 2]), 0), len(scale) - 1)
        length = rng.choice([TPQ // 2, TPQ // 2, TPQ, TPQ * 3 // 2])
        vel = rng.randint(60, 100)
        melody.append((tick, mido.Message('note_on', note=scale[idx], velocity=vel, channel=0)))
        melody.append((tick + length - 10, mido.Message('note_on', note=scale[idx], velocity=0, channel=0)))
        tick += length
    melody.append((tick, mido.Message('control_change', control=64, value=0, channel=0)))
    mid.tracks.append(to_delta(melody))

    # Bass on channel 2 (fretless), one note per bar with a bend glide into bar 5.
    bass = [(0, mido.Message('program_change', program=35, channel=1))]
    roots = [38, 43, 45, 38, 41, 43, 45, 38, 43, 45]
    for bar, root in enumerate(roots):
        start = bar * TPQ * 3
        bass.append((start, mido.Message('note_on', note=root, velocity=90, channel=1)))
        bass.append((start + TPQ * 3 - 1, mido.Message('note_off', note=root, velocity=0, channel=1)))
    for step in range(8):
        bass.append((TPQ * 12 - 8 * 30 + step * 30, mido.Message('pitchwheel', pitch=step * 512, channel=1)))
    bass.append((TPQ * 12, mido.Message('pitchwheel', pitch=0, channel=1)))
    mid.tracks.append(to_delta(bass))

    # Drums on channel 10: a Bernoulli pattern on closed hi-hat, kick on beat one.
    drums = []
    for eighth in range(60):
        t = eighth * TPQ // 2
        if eighth % 6 == 0:
            drums.append((t, mido.Message('note_on', note=36, velocity=100, channel=9)))
            drums.append((t + 60, mido.Message('note_off', note=36, channel=9)))
        if rng.random() < 0.7:
            drums.append((t, mido.Message('note_on', note=42, velocity=rng.randint(40, 80), channel=9)))
            drums.append((t + 60, mido.Message('note_off', note=42, channel=9)))
    mid.tracks.append(to_delta(drums))
    mid.save(path)


def scale_type0(path):
    """A type-0 file: one track, running status, a C major scale."""
    mid = mido.MidiFile(type=0, ticks_per_beat=220)
    events = [(0, mido.MetaMessage('set_tempo', tempo=500000)),
              (0, mido.MetaMessage('time_signature', numerator=4, denominator=4))]
    for k, pitch in enumerate([60, 62, 64, 65, 67, 69, 71, 72]):
        events.append((k * 220, mido.Message('note_on', note=pitch, velocity=80)))
        events.append((k * 220 + 200, mido.Message('note_on', note=pitch, velocity=0)))
    mid.tracks.append(to_delta(events))
    mid.save(path)


if __name__ == '__main__':
    os.makedirs(OUT, exist_ok=True)
    random_walk_piece(os.path.join(OUT, 'random_walk_in_d_minor.mid'), seed=1925)
    scale_type0(os.path.join(OUT, 'c_major_scale_type0.mid'))
    print('wrote', sorted(os.listdir(OUT)))
