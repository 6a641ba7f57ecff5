#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end check of `stochos inspect --export-npz` on a TensorFlow V2 checkpoint.

Runs `stochos inspect --export-npz OUT.npz PREFIX`, loads OUT.npz with numpy, and compares
every array with an independent reading of the checkpoint: the `.index` table is parsed here
(LevelDB/TF table footer, blocks, masked-CRC32C trailers via python3-crc32c, BundleEntryProto
fields by hand), and each array must have the entry's dtype and shape, the exact bytes at the
entry's offset in the data file, and the entry's masked CRC32C. With --soma11, the facts of
../shared/fixtures/README.md §3 for melody_rnn_soma11_v2 are checked too (shapes, global
step, beta powers, first values, offsets).

Prints one line per problem and a final "N passed, N failed" line; exits 1 on any failure.
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile

import crc32c
import numpy

TABLE_MAGIC = 0xdb4775248b80fb57
DTYPES = {1: numpy.dtype('<f4'), 2: numpy.dtype('<f8'), 3: numpy.dtype('<i4'), 9: numpy.dtype('<i8'),
          10: numpy.dtype('bool')}


def masked(crc):
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def varint(buf, pos):
    value, shift = 0, 0
    while True:
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7


def read_block(table, offset, size):
    block = table[offset:offset + size]
    kind = table[offset + size]
    stored = struct.unpack_from('<I', table, offset + size + 1)[0]
    assert kind == 0, 'compressed block at %d' % offset
    assert stored == masked(crc32c.crc32c(block + bytes([kind]))), 'bad block crc at %d' % offset
    restarts = struct.unpack_from('<I', block, len(block) - 4)[0]
    end = len(block) - 4 - 4 * restarts
    pos, key = 0, b''
    while pos < end:
        shared, pos = varint(block, pos)
        unshared, pos = varint(block, pos)
        value_len, pos = varint(block, pos)
        key = key[:shared] + block[pos:pos + unshared]
        pos += unshared
        yield key, block[pos:pos + value_len]
        pos += value_len


def read_table(table):
    assert struct.unpack_from('<Q', table, len(table) - 8)[0] == TABLE_MAGIC, 'no table magic'
    pos = len(table) - 48
    _, pos = varint(table, pos)  # metaindex offset
    _, pos = varint(table, pos)  # metaindex size
    index_offset, pos = varint(table, pos)
    index_size, pos = varint(table, pos)
    for _, handle in read_block(table, index_offset, index_size):
        offset, p = varint(handle, 0)
        size, _ = varint(handle, p)
        yield from read_block(table, offset, size)


def fields(message):
    pos = 0
    while pos < len(message):
        tag, pos = varint(message, pos)
        number, wire = tag >> 3, tag & 7
        if wire == 0:
            value, pos = varint(message, pos)
        elif wire == 2:
            length, pos = varint(message, pos)
            value = message[pos:pos + length]
            pos += length
        elif wire == 5:
            value = struct.unpack_from('<I', message, pos)[0]
            pos += 4
        elif wire == 1:
            value = struct.unpack_from('<Q', message, pos)[0]
            pos += 8
        else:
            raise ValueError('wire type %d' % wire)
        yield number, value


def bundle_entry(message):
    entry = {'dtype': 0, 'shape': [], 'shard_id': 0, 'offset': 0, 'size': 0, 'crc32c': 0}
    for number, value in fields(message):
        if number == 1:
            entry['dtype'] = value
        elif number == 2:
            for dim_number, dim in fields(value):
                if dim_number == 2:
                    entry['shape'].append(dict(fields(dim)).get(1, 0))
        elif number in (3, 4, 5, 6):
            entry[['shard_id', 'offset', 'size', 'crc32c'][number - 3]] = value
    return entry


SOMA11_CELL0 = 'rnn/multi_rnn_cell/cell_0/attention_cell_wrapper/'
SOMA11_SHAPES = {
    SOMA11_CELL0 + 'kernel': (138, 74), SOMA11_CELL0 + 'bias': (74,),
    SOMA11_CELL0 + 'basic_lstm_cell/kernel': (138, 256), SOMA11_CELL0 + 'basic_lstm_cell/bias': (256,),
    SOMA11_CELL0 + 'attention/kernel': (128, 64), SOMA11_CELL0 + 'attention/bias': (64,),
    SOMA11_CELL0 + 'attention/attn_w': (1, 1, 64, 64), SOMA11_CELL0 + 'attention/attn_v': (64,),
    SOMA11_CELL0 + 'attn_output_projection/kernel': (128, 64),
    SOMA11_CELL0 + 'attn_output_projection/bias': (64,),
    'rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel': (128, 256),
    'rnn/multi_rnn_cell/cell_1/basic_lstm_cell/bias': (256,),
    'fully_connected/weights': (64, 40), 'fully_connected/biases': (40,),
}
SOMA11_FIRST = {
    'fully_connected/biases': [-0.13863, -0.195377, -0.137571],
    'fully_connected/weights': [-0.082857, -0.293307, -0.25396],
    'rnn/multi_rnn_cell/cell_1/basic_lstm_cell/bias': [0.024585, 0.043787, 0.09712],
    SOMA11_CELL0 + 'attention/attn_v': [0.251169, -0.3271, 0.229952],
}


def soma11_problems(arrays, entries):
    problems = []
    expected = {}
    for name, shape in SOMA11_SHAPES.items():
        for suffix in ('', '/Adam', '/Adam_1'):
            expected[name + suffix] = shape
    expected.update({'global_step': (), 'beta1_power': (), 'beta2_power': ()})
    if sorted(arrays) != sorted(expected):
        problems.append('tensor names differ from the README: %s' % sorted(set(arrays) ^ set(expected)))
    for name, shape in expected.items():
        if name in arrays and arrays[name].shape != shape:
            problems.append('%s: shape %s, README says %s' % (name, arrays[name].shape, shape))
    if problems:
        return problems
    if int(arrays['global_step']) != 1341 or arrays['global_step'].dtype != numpy.int64:
        problems.append('global_step %r' % arrays['global_step'])
    if float(arrays['beta1_power']) != 0.0 or abs(float(arrays['beta2_power']) - 0.261152) > 1e-6:
        problems.append('beta powers %r %r' % (arrays['beta1_power'], arrays['beta2_power']))
    for name, first in SOMA11_FIRST.items():
        got = arrays[name].reshape(-1)[:3]
        if numpy.max(numpy.abs(got - numpy.array(first))) > 5e-6:
            problems.append('%s: first values %s, README says %s' % (name, got, first))
    for name, offset, size in (('fully_connected/biases', 8, 160),
                               ('rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel', 832792, 131072)):
        if (entries[name]['offset'], entries[name]['size']) != (offset, size):
            problems.append('%s: at %d (%d B), README says %d (%d B)' % (
                name, entries[name]['offset'], entries[name]['size'], offset, size))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--stochos', required=True)
    parser.add_argument('--soma11', action='store_true', help='also check the README facts of soma11')
    parser.add_argument('prefix', help='V2 checkpoint prefix (PREFIX.index beside it)')
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        npz_path = os.path.join(tmp, 'out.npz')
        run = subprocess.run([args.stochos, 'inspect', '--export-npz', npz_path, args.prefix],
                             capture_output=True, text=True)
        if run.returncode != 0:
            print('stochos inspect failed (%d): %s' % (run.returncode, run.stderr))
            print('0 passed, 1 failed')
            return 1
        with numpy.load(npz_path) as npz:
            arrays = {name: npz[name] for name in npz.files}

    with open(args.prefix + '.index', 'rb') as f:
        index = f.read()
    with open(args.prefix + '.data-00000-of-00001', 'rb') as f:
        data = f.read()
    entries = {key.decode(): bundle_entry(value) for key, value in read_table(index) if key}

    passed, failed = 0, 0
    if sorted(arrays) != sorted(entries):
        print('npz keys differ from the index: %s' % sorted(set(arrays) ^ set(entries)))
        failed += 1
    for name, entry in sorted(entries.items()):
        array = arrays.get(name)
        problems = []
        if array is None:
            problems.append('missing from the npz')
        else:
            raw = data[entry['offset']:entry['offset'] + entry['size']]
            if array.dtype != DTYPES.get(entry['dtype']):
                problems.append('dtype %s, index says DataType %d' % (array.dtype, entry['dtype']))
            if list(array.shape) != entry['shape']:
                problems.append('shape %s, index says %s' % (array.shape, entry['shape']))
            if array.tobytes() != raw:
                problems.append('bytes differ from the data file')
            if masked(crc32c.crc32c(array.tobytes())) != entry['crc32c']:
                problems.append('masked CRC32C differs from the index entry')
        if problems:
            print('%s: %s' % (name, '; '.join(problems)))
            failed += 1
        else:
            passed += 1
    if args.soma11:
        problems = soma11_problems(arrays, entries)
        for p in problems:
            print('README: ' + p)
        failed += 1 if problems else 0
        passed += 0 if problems else 1
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
