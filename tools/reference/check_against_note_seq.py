#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Maintainer check: stochos's NoteSequences against note_seq's own conversion, byte for byte.

Runs `stochos convert` on each folder and note_seq's midi_io.midi_file_to_note_sequence
(through pretty_midi and Debian's python3-mido) on the same files, and compares the
serialized NoteSequences after clearing the three fields only the convert script sets (id,
filename, collection_name). Needs source checkouts of note_seq and pretty_midi (not shipped
with stochos; e.g. `git archive` of magenta/note-seq and craffel/pretty-midi into a scratch
folder); their heavy optional imports (librosa, absl, importlib_resources) are stubbed.

Usage: check_against_note_seq.py --stochos BIN --sources DIR_WITH_note_seq_AND_pretty_midi MIDI_DIR...
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile
import types
import warnings


def stub_modules(sources):
    sys.path.insert(0, sources)
    absl = types.ModuleType('absl')
    logging = types.ModuleType('absl.logging')
    for name in ['info', 'warning', 'error', 'debug', 'fatal', 'log', 'vlog']:
        setattr(logging, name, lambda *a, **k: None)
    absl.logging = logging
    sys.modules['absl'] = absl
    sys.modules['absl.logging'] = logging
    resources = types.ModuleType('importlib_resources')
    resources.files = lambda *a, **k: None
    sys.modules['importlib_resources'] = resources
    # note_seq/__init__.py imports every module (librosa among them); load the package empty.
    package = types.ModuleType('note_seq')
    package.__path__ = [os.path.join(sources, 'note_seq')]
    sys.modules['note_seq'] = package


def read_tfrecord(path):
    data = open(path, 'rb').read()
    pos, out = 0, []
    while pos < len(data):
        (n,) = struct.unpack_from('<Q', data, pos)
        out.append(data[pos + 12:pos + 12 + n])
        pos += 16 + n
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--stochos', required=True)
    ap.add_argument('--sources', required=True)
    ap.add_argument('dirs', nargs='+')
    args = ap.parse_args()
    stub_modules(args.sources)
    warnings.simplefilter('ignore')
    from note_seq import midi_io  # noqa: E402
    from note_seq.protobuf import music_pb2  # noqa: E402

    same = differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        for d in args.dirs:
            out = os.path.join(tmp, 'out.tfrecord')
            subprocess.run([args.stochos, 'convert', '--no-progress', '--input_dir', d, '--output_file', out],
                           capture_output=True, check=False)
            ours = {}
            for record in read_tfrecord(out):
                ns = music_pb2.NoteSequence.FromString(record)
                ours[ns.filename] = ns
            for name in sorted(ours):
                mine = ours[name]
                for field in ('id', 'filename', 'collection_name'):
                    mine.ClearField(field)
                theirs = midi_io.midi_file_to_note_sequence(os.path.join(d, name))
                if mine.SerializeToString() == theirs.SerializeToString():
                    same += 1
                else:
                    differ += 1
                    print('DIFF %s: %d vs %d notes' % (name, len(mine.notes), len(theirs.notes)))
    print('%d identical, %d different' % (same, differ))
    return 1 if differ else 0


if __name__ == '__main__':
    sys.exit(main())
