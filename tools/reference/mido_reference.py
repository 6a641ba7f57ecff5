#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Independent reference for stochos's MIDI -> NoteSequence conversion.

Reads MIDI files with Debian's python3-mido (a separate parser) and derives, in plain
Python, what note_seq/pretty_midi make of them: the tempo map from track 0, notes paired per
(track, channel, key) with pretty_midi's closing rule, time and key signatures from track 0,
and total time. Prints one JSON object per file, so C++ tests can compare field by field.

Usage: mido_reference.py FILE.mid [FILE.mid ...]
"""
import bisect
import json
import sys

import mido

MAJOR_BY_SHARPS = {-7: 11, -6: 6, -5: 1, -4: 8, -3: 3, -2: 10, -1: 5, 0: 0, 1: 7, 2: 2, 3: 9, 4: 4, 5: 11,
                   6: 6, 7: 1}
NAME_TO_PC = {'C': 0, 'D': 2, 'E': 4, 'F': 5, 'G': 7, 'A': 9, 'B': 11}


def key_of(name):
    minor = name.endswith('m')
    root = name[:-1] if minor else name
    pc = NAME_TO_PC[root[0]]
    if len(root) > 1:
        pc += 1 if root[1] == '#' else -1
    return pc % 12, 1 if minor else 0


def reference(path):
    mid = mido.MidiFile(path)
    res = mid.ticks_per_beat
    tracks = []
    for track in mid.tracks:
        tick = 0
        events = []
        for msg in track:
            tick += msg.time
            events.append((tick, msg))
        tracks.append(events)

    # Tempo segments: (start tick, seconds per tick), pretty_midi's dedup of repeats.
    scales = [(0, 60.0 / (120.0 * res))]
    for tick, msg in tracks[0]:
        if msg.type == 'set_tempo':
            scale = 60.0 / ((6e7 / msg.tempo) * res)
            if tick == 0:
                scales = [(0, scale)]
            elif scale != scales[-1][1]:
                scales.append((tick, scale))
    starts = [0.0]
    for (t0, s0), (t1, _) in zip(scales[:-1], scales[1:]):
        starts.append(starts[-1] + s0 * (t1 - t0))

    scale_ticks = [t for t, _ in scales]

    def seconds(tick):
        i = max(bisect.bisect_right(scale_ticks, tick) - 1, 0)
        return starts[i] + scales[i][1] * (tick - scales[i][0])

    out = {
        'format': mid.type,
        'ticks_per_quarter': res,
        'tracks': len(mid.tracks),
        'note_ons': sum(1 for t in tracks for _, m in t if m.type == 'note_on' and m.velocity > 0),
        'pitch_bends': sum(1 for t in tracks for _, m in t if m.type == 'pitchwheel'),
        'control_changes': sum(1 for t in tracks for _, m in t if m.type == 'control_change'),
        'tempos': [[seconds(t), 60.0 / (s * res)] for t, s in scales],
        'time_signatures': [[seconds(t), m.numerator, m.denominator] for t, m in tracks[0]
                            if m.type == 'time_signature'],
        'key_signatures': [[seconds(t), *key_of(m.key)] for t, m in tracks[0] if m.type == 'key_signature'],
    }

    notes = []
    for ti, events in enumerate(tracks):
        program = [0] * 16
        open_notes = {}
        for tick, m in events:
            if m.type == 'program_change':
                program[m.channel] = m.program
            elif m.type == 'note_on' and m.velocity > 0:
                open_notes.setdefault((m.channel, m.note), []).append((tick, m.velocity))
            elif m.type in ('note_on', 'note_off'):
                pending = open_notes.get((m.channel, m.note))
                if not pending:
                    continue
                close = [p for p in pending if p[0] != tick]
                keep = [p for p in pending if p[0] == tick]
                for start, vel in close:
                    notes.append([m.note, vel, seconds(start), seconds(tick), int(program[m.channel]),
                                  m.channel == 9])
                if close and keep:
                    open_notes[(m.channel, m.note)] = keep
                else:
                    del open_notes[(m.channel, m.note)]
    notes.sort()
    out['notes'] = notes
    out['total_time'] = max((n[3] for n in notes), default=0.0)
    return out


def to_note_sequence(ref, music_pb2):
    """The NoteSequence (a music_pb2 class of the caller's choosing) holding reference()'s
    tempos, time signatures and notes: what a Python pipeline on mido would build."""
    ns = music_pb2.NoteSequence(ticks_per_quarter=ref['ticks_per_quarter'])
    for t, qpm in ref['tempos']:
        ns.tempos.add(time=t, qpm=qpm)
    for t, num, den in ref['time_signatures']:
        ns.time_signatures.add(time=t, numerator=num, denominator=den)
    for pitch, vel, start, end, program, drum in ref['notes']:
        ns.notes.add(pitch=pitch, velocity=vel, start_time=start, end_time=end, program=program, is_drum=drum)
    ns.total_time = ref['total_time']
    return ns


def main():
    results = {}
    for path in sys.argv[1:]:
        try:
            results[path] = reference(path)
        except Exception as exc:  # report, do not stop: the caller compares what it can
            results[path] = {'error': '%s: %s' % (type(exc).__name__, exc)}
    json.dump(results, sys.stdout)


if __name__ == '__main__':
    main()
