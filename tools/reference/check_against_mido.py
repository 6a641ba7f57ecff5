#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end check of `stochos convert` against independent references.

For each input folder: runs `stochos convert`, then reads the TFRecord it wrote with
independent code (struct + python3-crc32c for the framing, python3-protobuf with classes
generated from our music.proto for the records) and compares every NoteSequence with what
mido_reference.py derives from the same MIDI file through python3-mido: note counts and
every note (pitch, velocity, start, end, program, drum), tempos, time and key signatures,
total time, plus Magenta's filename / collection_name / id rules.

Prints one line per file and a final "N passed, N failed" line; exits 1 on any mismatch.
"""
import argparse
import hashlib
import os
import struct
import subprocess
import sys
import tempfile

import crc32c

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mido_reference  # noqa: E402

TOLERANCE = 1e-9


def masked(crc):
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def read_tfrecord(path):
    data = open(path, 'rb').read()
    pos = 0
    records = []
    while pos < len(data):
        (length,) = struct.unpack_from('<Q', data, pos)
        (length_crc,) = struct.unpack_from('<I', data, pos + 8)
        assert length_crc == masked(crc32c.crc32c(data[pos:pos + 8])), 'bad length crc at %d' % pos
        payload = data[pos + 12:pos + 12 + length]
        (data_crc,) = struct.unpack_from('<I', data, pos + 12 + length)
        assert data_crc == masked(crc32c.crc32c(payload)), 'bad data crc at %d' % pos
        records.append(payload)
        pos += 16 + length
    return records


def close(a, b):
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def compare(ns, ref, errors):
    if len(ns.notes) != len(ref['notes']):
        errors.append('notes: %d vs mido %d' % (len(ns.notes), len(ref['notes'])))
        return
    mine = sorted([n.pitch, n.velocity, n.start_time, n.end_time, n.program, n.is_drum] for n in ns.notes)
    for a, b in zip(mine, ref['notes']):
        if a[0] != b[0] or a[1] != b[1] or a[4] != b[4] or a[5] != b[5] or not close(a[2], b[2]) or not close(a[3], b[3]):
            errors.append('note %s vs mido %s' % (a, b))
            break
    if len(ns.tempos) != len(ref['tempos']) or not all(
            close(t.time, r[0]) and close(t.qpm, r[1]) for t, r in zip(ns.tempos, ref['tempos'])):
        errors.append('tempos %s vs mido %s' % ([(t.time, t.qpm) for t in ns.tempos], ref['tempos']))
    valid_ts = [r for r in ref['time_signatures'] if r[1] > 0]
    if [(t.numerator, t.denominator) for t in ns.time_signatures] != [(r[1], r[2]) for r in valid_ts] or not all(
            close(t.time, r[0]) for t, r in zip(ns.time_signatures, valid_ts)):
        errors.append('time signatures differ')
    if [(k.key, k.mode) for k in ns.key_signatures] != [(r[1], r[2]) for r in ref['key_signatures']]:
        errors.append('key signatures differ')
    if not close(ns.total_time, ref['total_time']):
        errors.append('total_time %r vs mido %r' % (ns.total_time, ref['total_time']))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--stochos', required=True)
    parser.add_argument('--proto-python-dir', required=True, help='where music_pb2 was generated')
    parser.add_argument('dirs', nargs='+')
    args = parser.parse_args()
    sys.path.insert(0, args.proto_python_dir)
    from stochos.proto import music_pb2  # noqa: E402

    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for d in args.dirs:
            out = os.path.join(tmp, os.path.basename(d.rstrip('/')) + '.tfrecord')
            run = subprocess.run([args.stochos, 'convert', '--input_dir', d, '--output_file', out, '--no-progress'],
                                 capture_output=True, text=True)
            if run.returncode not in (0, 5):
                print('FAIL %s: stochos convert exited %d: %s' % (d, run.returncode, run.stderr))
                failed += 1
                continue
            sequences = [music_pb2.NoteSequence.FromString(r) for r in read_tfrecord(out)]
            # MusicXML/ABC records are checked by the scoreio tests; mido reads MIDI only.
            sequences = [s for s in sequences if s.filename.lower().endswith(('.mid', '.midi'))]
            collection = os.path.basename(os.path.normpath(d))
            midi_files = sorted(f for f in os.listdir(d) if f.lower().endswith(('.mid', '.midi')))
            if [s.filename for s in sequences] != midi_files:
                print('FAIL %s: records %s, expected %s' % (d, [s.filename for s in sequences], midi_files))
                failed += 1
                continue
            for ns in sequences:
                errors = []
                ref = mido_reference.reference(os.path.join(d, ns.filename))
                expected_id = '/id/midi/%s/%s' % (collection, hashlib.sha1(ns.filename.encode('utf-8')).hexdigest())
                if ns.collection_name != collection or ns.id != expected_id:
                    errors.append('id/collection %r %r' % (ns.id, ns.collection_name))
                if ns.source_info.encoding_type != music_pb2.NoteSequence.SourceInfo.MIDI or \
                        ns.source_info.parser != music_pb2.NoteSequence.SourceInfo.PRETTY_MIDI:
                    errors.append('source_info %s' % ns.source_info)
                if ns.ticks_per_quarter != ref['ticks_per_quarter']:
                    errors.append('ticks_per_quarter')
                compare(ns, ref, errors)
                status = 'ok  ' if not errors else 'FAIL'
                print('%s %s/%s: %d notes, %d tempos, %.3f s%s' % (
                    status, collection, ns.filename, len(ns.notes), len(ns.tempos), ns.total_time,
                    '' if not errors else ': ' + '; '.join(errors)))
                if errors:
                    failed += 1
                else:
                    passed += 1
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
