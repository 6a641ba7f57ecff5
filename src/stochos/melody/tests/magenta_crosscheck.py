#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs Magenta's own melody dataset code beside `stochos melody dataset` and compares.

Not part of CTest (it needs git checkouts of magenta/note-seq and magenta/magenta). It
copies note_seq's sequences_lib, melodies_lib, encoder_decoder, melody_encoder_decoder
(with music_pb2 built by protoc) and Magenta's melody_pipelines.extract_melodies into a
scratch tree, stubs what they import but do not use here (absl.logging, pretty_midi,
TensorFlow, Magenta's pipeline framework), runs TimeChangeSplitter -> Quantizer(4) ->
extract_melodies(melody_rnn settings) -> squash -> encode on every NoteSequence, and
compares each SequenceExample's labels and a SHA-1 of its float32 inputs, in order, with
stochos's training file (eval_ratio 0). Also prints the extraction counters of both.

usage: magenta_crosscheck.py STOCHOS_BINARY NOTESEQUENCES.tfrecord CONFIG \\
           [--note-seq-git DIR] [--magenta-git DIR]
"""
import argparse, hashlib, os, struct, subprocess, sys, tempfile, types

ap = argparse.ArgumentParser()
ap.add_argument('stochos'); ap.add_argument('tfrecord'); ap.add_argument('config')
ap.add_argument('--note-seq-git', default='/work/.mirror/magenta+note-seq/repo')
ap.add_argument('--magenta-git', default='/work/.mirror/magenta+magenta/repo')
args = ap.parse_args()

tmp = tempfile.mkdtemp(prefix='magenta-crosscheck-')
def show(repo, path):
    return subprocess.run(['git', '-C', repo, 'show', 'HEAD:' + path], check=True, capture_output=True).stdout
os.makedirs(os.path.join(tmp, 'note_seq', 'protobuf')); os.makedirs(os.path.join(tmp, 'absl')); os.makedirs(os.path.join(tmp, 'ex'))
for f in ['sequences_lib', 'melodies_lib', 'chord_symbols_lib', 'events_lib', 'encoder_decoder', 'melody_encoder_decoder', 'constants']:
    open(os.path.join(tmp, 'note_seq', f + '.py'), 'wb').write(show(args.note_seq_git, 'note_seq/%s.py' % f))
open(os.path.join(tmp, 'note_seq', 'protobuf', 'music.proto'), 'wb').write(show(args.note_seq_git, 'note_seq/protobuf/music.proto'))
subprocess.run(['protoc', '--python_out=.', 'note_seq/protobuf/music.proto'], cwd=tmp, check=True)
for f in ['note_seq/__init__.py', 'note_seq/protobuf/__init__.py', 'note_seq/midi_io.py', 'absl/__init__.py', 'pretty_midi.py']:
    open(os.path.join(tmp, f), 'w').close()
open(os.path.join(tmp, 'absl', 'logging.py'), 'w').write('def info(*a, **k): pass\nwarning = warn = debug = info\n')
# An independent TF Example definition for reading stochos's output.
open(os.path.join(tmp, 'ex', 'ex.proto'), 'w').write('''syntax = "proto3"; package t;
message FloatList { repeated float value = 1; } message Int64List { repeated int64 value = 1; }
message BytesList { repeated bytes value = 1; }
message Feature { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3; } }
message Features { map<string, Feature> feature = 1; } message FeatureList { repeated Feature feature = 1; }
message FeatureLists { map<string, FeatureList> feature_list = 1; }
message SequenceExample { Features context = 1; FeatureLists feature_lists = 2; }''')
subprocess.run(['protoc', '--python_out=.', 'ex.proto'], cwd=os.path.join(tmp, 'ex'), check=True)
sys.path[:0] = [tmp, os.path.join(tmp, 'ex')]

from note_seq import sequences_lib, melodies_lib, melody_encoder_decoder, encoder_decoder
from note_seq.protobuf import music_pb2
import note_seq, ex_pb2
note_seq.Melody = melodies_lib.Melody
note_seq.PolyphonicMelodyError = melodies_lib.PolyphonicMelodyError
class Counter:
    def __init__(self, name, start_value=0): self.name, self.count = name, start_value
    def increment(self, inc=1): self.count += inc
class Histogram:
    def __init__(self, name, buckets): self.name = name
    def increment(self, value, inc=1): pass
for name, attrs in [('magenta', {}), ('magenta.pipelines', {}),
                    ('magenta.pipelines.statistics', {'Counter': Counter, 'Histogram': Histogram}),
                    ('magenta.pipelines.pipeline', {'Pipeline': object}),
                    ('tensorflow', {}), ('tensorflow.compat', {}), ('tensorflow.compat.v1', {})]:
    m = types.ModuleType(name); m.__dict__.update(attrs); m.__path__ = []; sys.modules[name] = m
sys.modules['magenta.pipelines'].statistics = sys.modules['magenta.pipelines.statistics']
sys.modules['magenta.pipelines'].pipeline = sys.modules['magenta.pipelines.pipeline']
sys.modules['tensorflow'].compat = sys.modules['tensorflow.compat']
sys.modules['tensorflow.compat'].v1 = sys.modules['tensorflow.compat.v1']
scope = {}
exec(compile(show(args.magenta_git, 'magenta/pipelines/melody_pipelines.py'), 'melody_pipelines.py', 'exec'), scope)
extract_melodies = scope['extract_melodies']

one_hot = lambda lo, hi: melody_encoder_decoder.MelodyOneHotEncoding(lo, hi)
configs = {
    'basic_rnn': (encoder_decoder.OneHotEventSequenceEncoderDecoder(one_hot(48, 84)), 48, 84, 0),
    'mono_rnn': (encoder_decoder.OneHotEventSequenceEncoderDecoder(one_hot(0, 128)), 0, 128, None),
    'lookback_rnn': (encoder_decoder.LookbackEventSequenceEncoderDecoder(one_hot(48, 84)), 48, 84, 0),
    'attention_rnn': (melody_encoder_decoder.KeyMelodyEncoderDecoder(48, 84), 48, 84, 0),
}
med, lo, hi, key = configs[args.config]

def records(path):
    data = open(path, 'rb').read(); pos = 0
    while pos < len(data):
        (n,) = struct.unpack('<Q', data[pos:pos + 8]); yield data[pos + 12:pos + 12 + n]; pos += 16 + n

def line(labels, floats):
    h = hashlib.sha1(struct.pack('<%df' % len(floats), *floats)).hexdigest()
    return '%d %s %s' % (len(labels), ' '.join(map(str, labels)), h)

magenta_lines, totals = [], {}
for rec in records(args.tfrecord):
    for piece in sequences_lib.split_note_sequence_on_time_changes(music_pb2.NoteSequence.FromString(rec)):
        try:
            q = sequences_lib.quantize_note_sequence(piece, 4)
        except (sequences_lib.MultipleTimeSignatureError, sequences_lib.MultipleTempoError,
                sequences_lib.BadTimeSignatureError):
            continue
        try:
            melodies, stats = extract_melodies(q, min_bars=7, max_steps_truncate=512, min_unique_pitches=5,
                                               gap_bars=1.0, ignore_polyphonic_notes=False, filter_drums=True)
        except Exception as e:  # NonIntegerStepsPerBarError
            if type(e).__name__ != 'NonIntegerStepsPerBarError': raise
            continue
        for s in stats:
            if hasattr(s, 'count'): totals[s.name] = totals.get(s.name, 0) + s.count
        for m in melodies:
            m.squash(lo, hi, key)
            inputs, labels = med.encode(m)
            magenta_lines.append(line(labels, [v for row in inputs for v in row]))

out = os.path.join(tmp, 'stochos')
log = subprocess.run([args.stochos, 'melody', 'dataset', '--config', args.config, '--input', args.tfrecord,
                      '--output_dir', out, '--eval_ratio', '0', '--no-progress'], check=True, capture_output=True, text=True).stdout
stochos_lines = []
for rec in records(os.path.join(out, 'training_melodies.tfrecord')):
    lists = ex_pb2.SequenceExample.FromString(rec).feature_lists.feature_list
    stochos_lines.append(line([f.int64_list.value[0] for f in lists['labels'].feature],
                              [v for f in lists['inputs'].feature for v in f.float_list.value]))
print('Magenta code: %d SequenceExamples; counters %s' % (len(magenta_lines), totals))
print('stochos:      %d SequenceExamples; counters %s' % (len(stochos_lines), ', '.join(
    l.split('MelodyExtractor_training_')[1] for l in log.splitlines() if 'MelodyExtractor_training_' in l and ': ' in l)))
same = magenta_lines == stochos_lines
print('IDENTICAL (labels and input vectors, in order)' if same else 'DIFFERENT')
sys.exit(0 if same else 1)
