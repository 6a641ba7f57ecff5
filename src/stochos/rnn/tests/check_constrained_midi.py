# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks a MIDI file from `stochos melody generate --key/--scale/--sieve/--chords` with mido,
independently of stochos's own MIDI reader and parsers: every note starting after the primer
has an allowed pitch, and at every strong beat after the primer (steps 0 and 8 of each 16-step
bar) the sounding note, if any, is a tone of the chord there. Prints "ok: N generated notes"
or the violations (exit 1).

usage: check_constrained_midi.py FILE --primer-steps N [--qpm Q] [--pitch-classes 2,4,5]
       [--sieve PYTHON_EXPR_IN_p] [--chords "2,5,9:16;7,10,2:16"] (tones:steps, repeating)
"""

import argparse
import sys

import mido


def notes_in_steps(path, qpm):
    seconds_per_step = 60.0 / qpm / 4
    notes, sounding, now = [], {}, 0.0
    for message in mido.MidiFile(path):
        now += message.time
        step = round(now / seconds_per_step)
        if message.type == "note_on" and message.velocity > 0:
            sounding[message.note] = step
        elif message.type in ("note_off", "note_on") and message.note in sounding:
            notes.append((sounding.pop(message.note), step, message.note))
    return sorted(notes)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("midi")
    parser.add_argument("--primer-steps", type=int, required=True)
    parser.add_argument("--qpm", type=float, default=120.0)
    parser.add_argument("--pitch-classes")
    parser.add_argument("--sieve")
    parser.add_argument("--chords")
    args = parser.parse_args()
    notes = notes_in_steps(args.midi, args.qpm)
    classes = set(int(c) for c in args.pitch_classes.split(",")) if args.pitch_classes else None
    chords = []
    for part in (args.chords.split(";") if args.chords else []):
        tones, steps = part.split(":")
        chords.append((set(int(t) for t in tones.split(",")), int(steps)))
    cycle = sum(steps for _, steps in chords)

    def chord_at(step):
        at = step % cycle
        for tones, steps in chords:
            if at < steps:
                return tones
            at -= steps

    problems = []
    generated = [n for n in notes if n[0] >= args.primer_steps]
    for start, end, pitch in generated:
        if classes is not None and pitch % 12 not in classes:
            problems.append("note %d at step %d: pitch class %d not allowed" % (pitch, start, pitch % 12))
        if args.sieve and not eval(args.sieve, {}, {"p": pitch}):
            problems.append("note %d at step %d is not on the sieve" % (pitch, start))
    if chords:
        last_step = max([end for _, end, _ in notes] + [0])
        for step in range(args.primer_steps, last_step):
            if step % 8:
                continue
            for start, end, pitch in notes:
                if start <= step < end and pitch % 12 not in chord_at(step):
                    problems.append("note %d (steps %d-%d) sounds at strong beat %d off the chord %s"
                                    % (pitch, start, end, step, sorted(chord_at(step))))
    if problems:
        print("\n".join(problems))
        return 1
    print("ok: %d generated notes" % len(generated))
    return 0


if __name__ == "__main__":
    sys.exit(main())
