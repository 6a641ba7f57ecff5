# SPDX-License-Identifier: GPL-3.0-or-later
"""Melody extraction, datasets, Melody RNN loading and generation (equal to the CLI's for the
same seed), training and Ctrl-C."""

import os
import pathlib
import signal
import subprocess
import sys
import textwrap

import pytest

import stochos

SOMA = "checkpoints/melody_rnn_soma11_v2/model.ckpt-1341"  # attention_rnn, TF 1.2.1 V2 checkpoint


def test_extract_melodies(fixtures):
    s = stochos.quantize_note_sequence(stochos.read_midi(fixtures / "note_seq_testdata/melody.mid"), 4)
    melodies, counts = stochos.extract_melodies(s, min_bars=0, min_unique_pitches=1)
    assert [list(m.events) for m in melodies] == [[60, 62, 64, 66, 68, 70, 72, 70, 68, 66, 64, 62]]
    assert counts["melodies_truncated"] == 0
    seq = melodies[0].to_sequence(qpm=120)
    assert [n.pitch for n in seq.notes] == [60, 62, 64, 66, 68, 70, 72, 70, 68, 66, 64, 62]
    assert stochos.parse_primer_melody("[60, -2, 62]") == stochos.Melody([60, -2, 62])


def test_dataset_from_magenta_tfrecord(tmp_path, fixtures):
    summary = stochos.create_dataset("attention_rnn", fixtures / "magenta_testdata/notesequences.tfrecord",
                                     tmp_path, eval_ratio=0.1, seed=1)
    assert summary["inputs"] == 46
    assert summary["training_outputs"] + summary["eval_outputs"] > 0
    assert os.path.getsize(summary["training_file"]) > 0
    assert any(line.startswith("Processed 46 inputs total.") for line in summary["log"])


def test_load_errors_name_the_problem(tmp_path):
    with pytest.raises(stochos.Error) as e:
        stochos.MelodyRnn(tmp_path / "missing.mag")
    assert str(tmp_path / "missing.mag") in str(e.value)


@pytest.mark.e2e
@pytest.mark.parametrize("search", [dict(), dict(beam_size=2, branch_factor=2, steps_per_iteration=4)])
def test_generate_equals_cli(tmp_path, fixtures, cli, search):
    model = stochos.MelodyRnn(fixtures / SOMA, config="attention_rnn")
    assert model.config == "attention_rnn"
    outputs = model.generate(num_outputs=3, num_steps=64, primer=[60, -2, 62, -2, 64], temperature=1.0, seed=11,
                             **search)
    flags = []
    for key, value in search.items():
        flags += ["--" + key, value]
    cli("melody", "generate", "--checkpoint", fixtures / SOMA, "--config", "attention_rnn", "--output_dir", tmp_path,
        "--num_outputs", 3, "--num_steps", 64, "--primer_melody", "[60, -2, 62, -2, 64]", "--seed", 11,
        "--name_prefix", "t", *flags)
    for i, out in enumerate(outputs, 1):
        from_cli = stochos.read_midi(tmp_path / ("t_%d.mid" % i))
        assert stochos.read_midi(stochos.midi_bytes(out.sequence)) == from_cli
        assert out.sequence.notes[0].pitch == 60
    assert len({tuple(o.melody.events) for o in outputs}) > 1  # successive outputs continue the stream


@pytest.mark.e2e
def test_bundle_and_sequence_primer(tmp_path, fixtures, cli):
    cli("melody", "bundle", "--run_dir", fixtures / SOMA, "--config", "attention_rnn",
        "--bundle_file", tmp_path / "a.mag")
    from_bundle = stochos.MelodyRnn(tmp_path / "a.mag")
    summary = stochos.MelodyRnn.write_bundle(fixtures / SOMA, tmp_path / "b.mag", config="attention_rnn")
    assert summary["generator_id"] == "attention_rnn" and summary["global_step"] == 1341
    assert (tmp_path / "b.mag").read_bytes() == (tmp_path / "a.mag").read_bytes()
    from_checkpoint = stochos.MelodyRnn(fixtures / SOMA, config="attention_rnn")
    primer = stochos.read_midi(fixtures / "checkpoints/rl_tuner_note_rnn_v1/primer.mid")
    a = from_bundle.generate(primer=primer, num_steps=96, seed=5)[0]
    b = from_checkpoint.generate(primer=fixtures / "checkpoints/rl_tuner_note_rnn_v1/primer.mid", num_steps=96,
                                 seed=5)[0]
    assert a.sequence == b.sequence and a.log_likelihood == b.log_likelihood


MODELS = pathlib.Path(os.environ.get("STOCHOS_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2])) / "data/models"
D_MINOR = {2, 4, 5, 7, 9, 10, 0}
CHORD_TONES = [{2, 5, 9}, {7, 10, 2}, {9, 1, 4, 7}, {2, 5, 9}]  # "Dm Gm A7 Dm", a bar each


@pytest.mark.parametrize("bundle", ["basic_rnn_mozart", "lookback_rnn_mozart", "attention_rnn_mozart"])
def test_generate_with_key_and_chords_keeps_them(bundle):
    model = stochos.MelodyRnn(MODELS / (bundle + ".mag"))
    primer = [62, -2, 65, -2, 69, -2, 70]  # D F A Bb: the generator squashes it by -5 semitones
    outputs = model.generate(num_outputs=3, num_steps=96, primer=primer, key="D minor", chords="Dm Gm A7 Dm",
                             seed=4)
    onsets = 0
    for out in outputs:
        events = list(out.melody.events)
        assert out.melody.start_step == 0 and events[:7] == primer
        sounding = None
        for step, event in enumerate(events):
            if event >= 0:
                sounding = event
            elif event == -1:
                sounding = None
            if step < 8:  # the primer and its closing step are not constrained
                continue
            if event >= 0:
                onsets += 1
                assert event % 12 in D_MINOR, (step, event)
            if step % 8 == 0 and sounding is not None:
                assert sounding % 12 in CHORD_TONES[step // 16 % 4], (step, sounding)
    assert onsets >= 10


def test_generate_constraint_errors_are_usage_errors():
    model = stochos.MelodyRnn(MODELS / "basic_rnn_mozart.mag")
    with pytest.raises(stochos.UsageError, match='key "D mnor": unknown mode "mnor"'):
        model.generate(key="D mnor")
    with pytest.raises(stochos.UsageError, match="allow no pitch in MIDI 48..83"):
        model.generate(scale="C major", sieve="12@1")
    with pytest.raises(stochos.UsageError, match='chord "F#" at bar 2, beat 1 has no tone'):
        model.generate(scale="C D E F G A B", chords="C F#")
    with pytest.raises(stochos.UsageError, match="bar lines"):
        model.generate(chords="C | G")
    sieve = "12@0|12@4|12@7"  # over MIDI pitch numbers: C E G in every octave
    out = model.generate(num_steps=64, sieve=sieve, seed=2)[0]
    assert all(e % 12 in (0, 4, 7) for e in out.melody.events[2:] if e >= 0)


@pytest.mark.e2e
def test_constrained_generate_equals_cli(tmp_path, cli):
    bundle = MODELS / "lookback_rnn_mozart.mag"
    flags = dict(key="D minor", scale="0,2,4,5,7,9,10,11", sieve="(1@0)&-(12@11)", chords="Dm:2 A7:2 Dm")
    outputs = stochos.MelodyRnn(bundle).generate(num_outputs=2, num_steps=64, primer=[62, -2, 65], seed=8,
                                                beam_size=2, **flags)
    args = []
    for name, value in flags.items():
        args += ["--" + name, value]
    cli("melody", "generate", "--bundle_file", bundle, "--output_dir", tmp_path, "--num_outputs", 2, "--num_steps", 64,
        "--primer_melody", "[62, -2, 65]", "--seed", 8, "--beam_size", 2, "--name_prefix", "t", *args)
    for i, out in enumerate(outputs, 1):
        assert stochos.read_midi(stochos.midi_bytes(out.sequence)) == stochos.read_midi(tmp_path / ("t_%d.mid" % i))


def _run_and_interrupt(script, after_seconds, tmp_path):
    path = tmp_path / "job.py"
    path.write_text(textwrap.dedent(script))
    proc = subprocess.Popen([sys.executable, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # The script prints "started" once the long call is about to begin.
    assert proc.stdout.readline().strip() == "started"
    import time
    time.sleep(after_seconds)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    return proc.returncode, out, err


@pytest.mark.e2e
def test_ctrl_c_stops_a_long_generation(tmp_path, fixtures):
    code, out, err = _run_and_interrupt("""
        import time, stochos
        model = stochos.MelodyRnn(%r, config="basic_rnn")
        print("started", flush=True)
        t0 = time.monotonic()
        try:
            model.generate(num_outputs=10**6, num_steps=128, seed=1)
            print("finished")
        except KeyboardInterrupt:
            print("interrupted after %%.1f s" %% (time.monotonic() - t0))
        """ % str(fixtures / "checkpoints/basic_rnn_naykun_v2/model.ckpt-2"), 1.5, tmp_path)
    assert code == 0, err
    assert "interrupted after" in out
    assert float(out.split("after ")[1].split()[0]) < 5


@pytest.mark.e2e
def test_ctrl_c_in_training_saves_a_checkpoint(tmp_path, fixtures):
    run_dir = tmp_path / "run"
    code, out, err = _run_and_interrupt("""
        import stochos
        print("started", flush=True)
        r = stochos.train(%r, [%r], config="attention_rnn", hparams="batch_size=4,rnn_layer_sizes=[16,16]",
                          seed=3, checkpoint_every_steps=1000)
        print("interrupted" if r["interrupted"] else "finished", r["final_step"])
        """ % (str(run_dir), str(fixtures / "sequence_examples/training_melodies.tfrecord")), 8.0, tmp_path)
    assert code == 0, err
    assert out.split()[-2] == "interrupted", out
    final_step = int(out.split()[-1])
    assert final_step > 0
    assert (run_dir / "train" / ("model.ckpt-%d.index" % final_step)).exists()
    # The run resumes where it stopped.
    resumed = stochos.train(run_dir, fixtures / "sequence_examples/training_melodies.tfrecord",
                            num_training_steps=final_step + 2)
    assert resumed["start_step"] == final_step and resumed["final_step"] == final_step + 2


@pytest.mark.e2e
def test_ctrl_c_stops_convert_and_leaves_no_output(tmp_path, fixtures):
    # 60,000 hard links of one small file: convert takes seconds on the worker threads, and an
    # interrupt must join them, raise KeyboardInterrupt and leave no output behind.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    source = tmp_path / "melody.mid"
    source.write_bytes((fixtures / "note_seq_testdata/melody.mid").read_bytes())
    for i in range(60_000):
        os.link(source, corpus / ("%05d.mid" % i))
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = _run_and_interrupt("""
        import time, stochos
        print("started", flush=True)
        t0 = time.monotonic()
        try:
            stochos.convert(%r, %r, threads=2)
            print("finished")
        except KeyboardInterrupt:
            print("interrupted after %%.1f s" %% (time.monotonic() - t0))
        """ % (str(corpus), str(out / "all.tfrecord")), 0.5, tmp_path)
    assert code == 0, err
    assert "interrupted after" in stdout, stdout
    assert list(out.iterdir()) == []
