# SPDX-License-Identifier: GPL-3.0-or-later
"""Composition, rendering, synthesis and piano rolls: the same results as the CLI."""

import numpy as np
import pytest

import stochos

SPEC = """title = "two voices"
duration_seconds = 20

[[voice]]
name = "melody"
program = 73
pitch = 'quantize(brownian(start=60, step=normal(0, 2), lo=48, hi=84), 1)'
ioi_seconds = 'choice([0.25, 0.5], weights=[2, 1])'
duration_seconds = 'uniform(0.2, 0.5)'
velocity = 'uniform(60, 100)'

[[voice]]
name = "cloud"
program = 45
pitch = 'uniform(36, 60)'
onset_seconds = 'poisson(rate=3)'
duration_seconds = 0.2
velocity = 70
"""


def test_presets_are_listed():
    presets = stochos.presets()
    assert "xenakis-st" in presets and all(isinstance(d, str) and d for d in presets.values())


def test_compose_is_reproducible_and_checks_its_arguments():
    a = stochos.compose(text=SPEC, seed=3)
    assert a == stochos.compose(text=SPEC, seed=3) and a != stochos.compose(text=SPEC, seed=4)
    assert {i.name for i in a.instrument_infos} == {"melody", "cloud"}
    with pytest.raises(stochos.UsageError):
        stochos.compose(text=SPEC, preset="xenakis-st")


def test_st_gives_the_presets_piece_as_numpy_records():
    seq = stochos.compose(preset="xenakis-st", seed=11, duration=90)
    st = stochos.st(seed=11, duration=90)
    notes, bends = st["notes"], st["bends"]
    assert notes.dtype.names == ("start", "end", "pitch", "velocity", "instrument")
    assert bends.dtype.names == ("time", "value", "instrument")
    assert len(notes) == len(seq.notes) and len(bends) == len(seq.pitch_bends) > 100
    assert notes["start"].tolist() == [n.start_time for n in seq.notes]
    assert notes["end"].tolist() == [n.end_time for n in seq.notes]
    assert notes["pitch"].tolist() == [n.pitch for n in seq.notes]
    assert notes["velocity"].tolist() == [n.velocity for n in seq.notes]
    assert notes["instrument"].tolist() == [n.instrument for n in seq.notes]
    assert bends["time"].tolist() == [b.time for b in seq.pitch_bends]
    assert bends["value"].tolist() == [b.bend for b in seq.pitch_bends]
    assert bends["instrument"].tolist() == [b.instrument for b in seq.pitch_bends]
    assert st["total_time"] == seq.total_time
    names = [i["name"] for i in st["instruments"]]
    assert names == [i.name for i in seq.instrument_infos]
    assert all(st["instruments"][b]["glissando"] for b in set(bends["instrument"].tolist()))
    assert abs(sum(s["duration"] for s in st["sections"]) - 90) < 1e-9
    events = st["events"]  # every drawn event; the notes are these, less slivers and repeats cut
    assert len(events) >= len(notes) and set(notes["start"].tolist()) <= set(events["onset"].tolist())
    assert np.all(np.diff(events["onset"]) >= 0) and events["dynamics"].shape == (len(events), 3)
    gliding = [i for i, inst in enumerate(st["instruments"]) if inst["glissando"]]
    assert np.all((events["glissando"] != 0) == np.isin(events["instrument"], gliding))
    assert np.all(np.round(events["pitch"]).astype(int)[np.isin(events["onset"], notes["start"])] ==
                  notes["pitch"])
    assert all(0.8 <= s["density"] <= 12 for s in st["sections"])


def test_st_parameters_shape_the_piece_and_are_checked():
    sparse = stochos.st(seed=3, duration=600, v3_min_density_hz=1, v4_max_density_hz=1)
    dense = stochos.st(seed=3, duration=600, v3_min_density_hz=8, v4_max_density_hz=8)
    assert 400 < len(sparse["notes"]) < 800 and 4000 < len(dense["notes"]) < 5600
    coarse = stochos.st(seed=3, duration=600, bend_rate_hz=5)
    fine = stochos.st(seed=3, duration=600, bend_rate_hz=50)
    assert 6 < len(fine["bends"]) / len(coarse["bends"]) < 10  # each glide rounds its count up
    for instrument in set(fine["bends"]["instrument"].tolist()):
        times = fine["bends"]["time"][fine["bends"]["instrument"] == instrument]
        assert np.diff(times).min() > 0 and np.isclose(np.diff(times), 0.02).mean() > 0.8  # in time order
    with pytest.raises(stochos.UsageError, match="V3"):
        stochos.st(v3_min_density_hz=20, v4_max_density_hz=10)
    with pytest.raises(stochos.UsageError, match="bend_rate_hz"):
        stochos.st(bend_rate_hz=0)


def test_score_errors_point_into_the_text():
    with pytest.raises(stochos.InputError) as e:
        stochos.compose(text=SPEC.replace("brownian(", "brownain("))
    assert (e.value.line, e.value.column) == (7, 19) and e.value.context == "voice[melody].pitch"
    assert "did you mean 'brownian'" in str(e.value)


@pytest.mark.e2e
@pytest.mark.parametrize("how", ["preset", "spec"])
def test_compose_equals_cli(tmp_path, cli, how):
    if how == "preset":
        ours = stochos.compose(preset="xenakis-st", seed=11, duration=40)
        cli("compose", "--preset", "xenakis-st", "--seed", 11, "--duration", 40, "-o", tmp_path / "a.mid",
            "--ns", tmp_path / "a.ns")
    else:
        (tmp_path / "piece.toml").write_text(SPEC)
        ours = stochos.compose(tmp_path / "piece.toml", seed=11)
        assert ours == stochos.compose(text=SPEC, seed=11)
        cli("compose", tmp_path / "piece.toml", "--seed", 11, "-o", tmp_path / "a.mid", "--ns", tmp_path / "a.ns")
    assert stochos.read_sequence_file(tmp_path / "a.ns") == ours
    assert (tmp_path / "a.mid").read_bytes() == stochos.midi_bytes(ours)


def test_transform_draws_per_note(fixtures):
    s = stochos.read_midi(fixtures / "note_seq_testdata/example.mid")
    t = stochos.transform(s, pitch="12", velocity="-10")
    assert [n.pitch for n in t.notes] == [n.pitch + 12 for n in s.notes]
    assert all(n.velocity == 90 for n in t.notes)


def test_render_returns_stereo_float_audio(fixtures, tmp_path):
    s = stochos.read_midi(fixtures / "note_seq_testdata/example.mid")
    audio = stochos.render(s, tail_seconds=0.5)
    assert audio.dtype == np.float32 and audio.shape[1] == 2
    assert audio.shape[0] == pytest.approx((s.total_time + 0.5) * 44100, abs=64)
    assert 0.01 < np.abs(audio).max() <= 1.0
    stochos.render(s, tmp_path / "a.wav", tail_seconds=0.5)
    back, rate = stochos.read_audio(tmp_path / "a.wav")
    assert rate == 44100 and back.shape == audio.shape
    assert np.abs(back - audio).max() < 1e-4  # 16-bit quantization


def test_piano_roll_png(fixtures):
    s = stochos.read_midi(fixtures / "note_seq_testdata/example_complex.mid")
    png = stochos.piano_roll_png(s, width=800, title="complex")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert stochos.piano_roll(s)._repr_png_()[:4] == b"\x89PNG"


def test_write_audio_round_trip(tmp_path):
    t = np.arange(44100) / 44100
    tone = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    stochos.write_audio(tmp_path / "tone.flac", tone, 44100)
    back, rate = stochos.read_audio(tmp_path / "tone.flac")
    assert rate == 44100 and back.shape == (44100, 1)
    assert np.abs(back[:, 0] - tone).max() < 1e-4


@pytest.mark.e2e
def test_synthesis_equals_cli_bytes(tmp_path, cli):
    # Same seed, same samples: the Python array written as WAV is the CLI's file byte for byte.
    g = stochos.gendyn(1.5, model="gendy2", ampdist="cauchy", durdist=3, seed=77)
    assert g.shape == (66150, 1) and np.abs(g).max() <= 1.0
    stochos.write_audio(tmp_path / "py.wav", g, 44100)
    cli("synth", "gendyn", "--duration", 1.5, "--model", "gendy2", "--ampdist", "cauchy", "--durdist", 3,
        "--seed", 77, "-o", tmp_path / "cli.wav")
    assert (tmp_path / "py.wav").read_bytes() == (tmp_path / "cli.wav").read_bytes()
    cloud = stochos.grain_cloud(1.0, density_hz=80, seed=5)
    assert cloud.shape == (44100, 2)
    stochos.write_audio(tmp_path / "py_cloud.wav", cloud, 44100)
    cli("synth", "granular", "--duration", 1.0, "--density", 80, "--seed", 5, "-o", tmp_path / "cli_cloud.wav")
    assert (tmp_path / "py_cloud.wav").read_bytes() == (tmp_path / "cli_cloud.wav").read_bytes()
