#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""MPI jobs against one process: `mpirun -np N stochos convert|melody dataset|melody train`
must give the single-process records (as multisets: each rank writes its own shard), the
same failures and statistics (one summary, from rank 0), and for training the same weights
and Adam slots within 1e-6 (float sums in another order; measured differences are below
2e-7 for 20 steps). Standard library plus Debian's python3-numpy (training only).

Usage: mpi_e2e_check.py --stochos BIN --mpirun MPIRUN --ranks N --job convert|dataset|train
                        --shared DIR --source DIR
"""
import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile


def records(paths):
    out = []
    for p in paths:
        with open(p, 'rb') as f:
            data = f.read()
        pos = 0
        while pos < len(data):
            (n,) = struct.unpack_from('<Q', data, pos)
            out.append(data[pos + 12:pos + 12 + n])
            pos += 16 + n
    return out


def shards(path, n):
    return ['%s-%05d-of-%05d' % (path, k, n) for k in range(n)]


class Check:
    def __init__(self, args, work):
        self.args, self.work, self.failures = args, work, []
        self.env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT='1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM='1',
                        OMPI_MCA_rmaps_base_oversubscribe='1', OMPI_MCA_mpi_yield_when_idle='1')

    def run(self, argv, ranks=None, expect=(0,)):
        cmd = [self.args.stochos] + argv
        if ranks:
            cmd = [self.args.mpirun, '--oversubscribe', '-np', str(ranks)] + cmd
        r = subprocess.run(cmd, capture_output=True, text=True, env=self.env, timeout=300)
        if r.returncode not in expect:
            sys.exit('%s\nexit %d\n%s\n%s' % (' '.join(cmd), r.returncode, r.stdout, r.stderr))
        return r

    def expect(self, ok, what):
        print(('ok    ' if ok else 'FAIL  ') + what)
        if not ok:
            self.failures.append(what)

    def same_records(self, single, sharded, what):
        a, b = sorted(records(single)), sorted(records(sharded))
        self.expect(a == b, '%s: %d records, %d in the %d shards, same multiset' % (what, len(a), len(b), len(sharded)))


def check_convert(c, n):
    for name, folder in [('mozart', os.path.join(c.args.shared, 'corpus', 'mozart')),
                         ('examples', os.path.join(c.args.source, 'examples', 'midi')),
                         ('note_seq_testdata (failures)', os.path.join(c.args.shared, 'fixtures', 'note_seq_testdata'))]:
        one = os.path.join(c.work, 'one.tfrecord')
        many = os.path.join(c.work, 'many.tfrecord')
        base = ['convert', '--input_dir', folder, '--recursive', '--no-progress', '--threads', '1']
        r1 = c.run(base + ['--output_file', one], expect=(0, 5))
        rn = c.run(base + ['--output_file', many], ranks=n, expect=(0, 5))
        c.expect(r1.returncode == rn.returncode, '%s: exit code %d with %d ranks' % (name, rn.returncode, n))
        c.same_records([one], shards(many, n), name)
        summary = lambda out: re.sub(r'into \S+|[\d.]+ s \(.*', '', out.splitlines()[0])
        c.expect(summary(r1.stdout) == summary(rn.stdout), '%s: one summary, same counts: %s' % (name, summary(rn.stdout)))
        failed = lambda err: [l for l in err.splitlines() if l.startswith(('failed:', 'skipped'))]
        c.expect(failed(r1.stderr) == failed(rn.stderr), '%s: %d failures listed once, in input order' % (name, len(failed(rn.stderr))))


def check_dataset(c, n):
    mozart = os.path.join(c.args.shared, 'corpus', 'mozart')
    base = ['melody', 'dataset', '--config', 'lookback_rnn', '--flatten_tempo', '--ignore_polyphonic_notes',
            '--no-progress', '--threads', '1']
    # A folder input (converted across the ranks, merged in input order) and a shard set.
    notes = os.path.join(c.work, 'notes.tfrecord')
    for k in range(3):
        c.run(['convert', '--input_dir', mozart, '--output_file', notes, '--shard', '%d/3' % k, '--no-progress'])
    for name, source in [('folder', mozart), ('shard set notes.tfrecord@3', notes + '@3')]:
        one, many = os.path.join(c.work, 'one'), os.path.join(c.work, 'many')
        for d in (one, many):
            shutil.rmtree(d, ignore_errors=True)
        r1 = c.run(base + ['--input', source, '--output_dir', one, '--report', os.path.join(one, 'report.tsv')])
        rn = c.run(base + ['--input', source, '--output_dir', many, '--report', os.path.join(many, 'report.tsv')], ranks=n)
        for f in ('training_melodies.tfrecord', 'eval_melodies.tfrecord'):
            c.same_records([os.path.join(one, f)], shards(os.path.join(many, f), n), '%s: %s' % (name, f))
        stats = lambda out: [l for l in out.splitlines() if l.startswith(('DAGPipeline_', 'Processed'))]
        c.expect(stats(r1.stdout) == stats(rn.stdout) and stats(rn.stdout),
                 '%s: the %d statistics lines are the single-process ones' % (name, len(stats(rn.stdout))))
        with open(os.path.join(one, 'report.tsv')) as a, open(os.path.join(many, 'report.tsv')) as b:
            c.expect(a.read() == b.read(), '%s: --report identical' % name)
        c.expect(not [x for x in os.listdir(many) if x.startswith('.stochos')], '%s: no scratch files left' % name)


def check_train(c, n):
    import numpy as np
    data = os.path.join(c.work, 'data')
    c.run(['melody', 'dataset', '--config', 'basic_rnn', '--flatten_tempo', '--ignore_polyphonic_notes', '--no-progress',
           '--input', os.path.join(c.args.shared, 'corpus', 'mozart'), '--output_dir', data])
    base = ['melody', 'train', '--config', 'basic_rnn', '--hparams', 'batch_size=8,rnn_layer_sizes=[16,16]', '--seed', '5',
            '--no-progress', '--save_checkpoint_steps', '10', '--sequence_example_file',
            os.path.join(data, 'training_melodies.tfrecord')]

    def weights(run_dir):
        npz = run_dir + '.npz'
        c.run(['inspect', os.path.join(run_dir, 'train', 'model.ckpt-20'), '--export-npz', npz])
        return np.load(npz)

    one, many, resumed = (os.path.join(c.work, x) for x in ('one', 'many', 'resumed'))
    c.run(base + ['--num_training_steps', '20', '--run_dir', one])
    c.run(base + ['--num_training_steps', '20', '--run_dir', many], ranks=n)
    a, b = weights(one), weights(many)
    worst = max(float(np.max(np.abs(a[k].astype(np.float64) - b[k]))) for k in a.files if a[k].dtype.kind == 'f')
    c.expect(sorted(a.files) == sorted(b.files) and worst <= 1e-6,
             '20 steps, %d ranks vs one process: %d tensors (weights and Adam slots), max |difference| %.2g <= 1e-6'
             % (n, len(a.files), worst))
    if n == 2:
        # Stopped at step 10 and restarted: the same weights as the uninterrupted run.
        c.run(base + ['--num_training_steps', '10', '--run_dir', resumed], ranks=n)
        c.run(base + ['--num_training_steps', '20', '--run_dir', resumed], ranks=n)
        r = weights(resumed)
        c.expect(all(np.array_equal(b[k], r[k]) for k in b.files), '%d ranks: resumed at step 10, same bits at step 20' % n)
    metrics = lambda d: open(os.path.join(d, 'train', 'metrics.csv')).read().splitlines()
    c.expect(len(metrics(many)) == 3, 'rank 0 alone wrote metrics.csv (2 rows)')


def main():
    p = argparse.ArgumentParser()
    for flag in ('--stochos', '--mpirun', '--job', '--shared', '--source'):
        p.add_argument(flag, required=True)
    p.add_argument('--ranks', type=int, required=True)
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix='stochos-mpi-')
    try:
        c = Check(args, work)
        {'convert': check_convert, 'dataset': check_dataset, 'train': check_train}[args.job](c, args.ranks)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if c.failures:
        sys.exit('%d checks failed' % len(c.failures))


if __name__ == '__main__':
    main()
