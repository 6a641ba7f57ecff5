#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""NoteSequence interop with Magenta.js, both ways, on real files.

1. stochos -> Magenta.js: `stochos convert` writes a TFRecord; Magenta.js's own protobuf
   decoder (@magenta/music's NoteSequence.decode) reads every record, and each must show
   the ids, filenames, note counts, drum counts, total time, tempos, time signatures and
   first note that stochos wrote (read back here with python3-protobuf).
2. Magenta.js -> stochos: Magenta.js converts the same MIDI files with its own MIDI reader
   and encodes NoteSequences; `stochos inspect` must read each and report the same number
   of notes and total time.

Usage: check_magentajs.py --stochos BIN --js-dir BUILD/magentajs --proto-python-dir DIR DIRS...
Prints one line per file and "N passed, N failed".
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_against_mido import read_tfrecord  # noqa: E402


def close(a, b, tol=1e-9):
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--stochos', required=True)
    ap.add_argument('--js-dir', required=True)
    ap.add_argument('--proto-python-dir', required=True)
    ap.add_argument('dirs', nargs='+')
    args = ap.parse_args()
    interop = os.path.join(args.js_dir, 'interop.js')
    if not os.path.isdir(os.path.join(args.js_dir, 'node_modules', '@magenta', 'music')):
        print('Magenta.js is not installed in %s: run tools/install-js.sh first' % args.js_dir)
        print('0 passed, 1 failed')
        return 1
    sys.path.insert(0, args.proto_python_dir)
    from stochos.proto import music_pb2  # noqa: E402

    passed = failed = 0

    def report(ok, line):
        nonlocal passed, failed
        print(('ok   ' if ok else 'FAIL ') + line)
        if ok:
            passed += 1
        else:
            failed += 1

    with tempfile.TemporaryDirectory() as tmp:
        for d in args.dirs:
            out = os.path.join(tmp, 'out.tfrecord')
            subprocess.run([args.stochos, 'convert', '--no-progress', '--input_dir', d, '--output_file', out],
                           capture_output=True, check=False)
            ours = [music_pb2.NoteSequence.FromString(r) for r in read_tfrecord(out)]
            theirs = json.loads(subprocess.run(['node', interop, 'decode', out], capture_output=True, text=True,
                                               check=True, cwd=args.js_dir).stdout)
            if len(ours) != len(theirs):
                report(False, '%s: %d records, Magenta.js read %d' % (d, len(ours), len(theirs)))
                continue
            for ns, js in zip(ours, theirs):
                errors = []
                if (ns.id, ns.filename, ns.collection_name, ns.ticks_per_quarter) != (
                        js['id'], js['filename'], js['collection_name'], js['ticks_per_quarter']):
                    errors.append('header')
                if len(ns.notes) != js['notes'] or sum(n.is_drum for n in ns.notes) != js['drums']:
                    errors.append('notes %d vs %d' % (len(ns.notes), js['notes']))
                if not close(ns.total_time, js['total_time']):
                    errors.append('total_time')
                if [[t.time, t.qpm] for t in ns.tempos] != js['tempos']:
                    errors.append('tempos')
                if [[t.time, t.numerator, t.denominator] for t in ns.time_signatures] != js['time_signatures']:
                    errors.append('time signatures')
                n0 = ns.notes[0] if ns.notes else None
                if (n0 and [n0.pitch, n0.velocity, n0.start_time, n0.end_time] != js['first_note']):
                    errors.append('first note')
                report(not errors, 'stochos -> Magenta.js %s: %d notes%s' % (
                    ns.filename, len(ns.notes), '' if not errors else ': ' + ', '.join(errors)))

            midi = sorted(os.path.join(d, f) for f in os.listdir(d) if f.lower().endswith(('.mid', '.midi')))
            nsdir = os.path.join(tmp, 'ns')
            os.makedirs(nsdir, exist_ok=True)
            written = json.loads(subprocess.run(['node', interop, 'encode', nsdir] + midi, capture_output=True,
                                                text=True, check=True, cwd=args.js_dir).stdout)
            for name, js in sorted(written.items()):
                r = subprocess.run([args.stochos, 'inspect', '--notes', '0', os.path.join(nsdir, name)],
                                   capture_output=True, text=True)
                m = re.search(r'events: (\d+) notes', r.stdout)
                t = re.search(r'total_time: (\S+) s', r.stdout)
                ok = r.returncode == 0 and m and int(m.group(1)) == js['notes'] and t and close(float(t.group(1)),
                                                                                                js['total_time'])
                report(ok, 'Magenta.js -> stochos %s: %s notes%s' % (
                    name, m.group(1) if m else '?', '' if ok else ': ' + (r.stderr.strip() or 'mismatch')))
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
