# SPDX-License-Identifier: GPL-3.0-or-later
"""Files <-> NoteSequences, note_seq interop, quantization and sequences_lib helpers, errors."""

import shutil

import pytest

import stochos
from stochos import music_pb2


def test_melody_mid_reads_as_note_seq_does(fixtures):
    # Fixture README (verified with @magenta/music): 12 notes of 0.125 s back to back, 1.5 s.
    s = stochos.read_midi(fixtures / "note_seq_testdata/melody.mid")
    assert isinstance(s, music_pb2.NoteSequence)
    assert len(s.notes) == 12
    assert s.total_time == 1.5
    assert [n.pitch for n in s.notes] == [60, 62, 64, 66, 68, 70, 72, 70, 68, 66, 64, 62]
    assert all(abs((n.end_time - n.start_time) - 0.125) < 1e-12 for n in s.notes)
    assert s.source_info.parser == music_pb2.NoteSequence.SourceInfo.PRETTY_MIDI
    assert stochos.quantize_note_sequence(s, 4).total_quantized_steps == 12


def test_bytes_and_path_give_the_same_sequence(fixtures):
    path = fixtures / "note_seq_testdata/example_complex.mid"
    assert stochos.read_midi(path) == stochos.read_midi(path.read_bytes())
    assert stochos.read_midi(str(path)) == stochos.read_midi(bytearray(path.read_bytes()))


def test_note_seq_objects_go_in_and_come_back(fixtures, note_seq_module):
    ours = stochos.read_midi(fixtures / "note_seq_testdata/example.mid")
    theirs = note_seq_module.NoteSequence.FromString(ours.SerializeToString())
    # A note_seq object is accepted wherever a NoteSequence is expected ...
    q = stochos.quantize_note_sequence(theirs, 4)
    assert q.total_quantized_steps == 32  # fixture README: 32 steps at 4 per quarter
    # ... and note_seq can read back what stochos returns, field for field.
    back = note_seq_module.NoteSequence.FromString(q.SerializeToString())
    assert back.SerializeToString() == q.SerializeToString()
    assert back.quantization_info.steps_per_quarter == 4
    # Asked to, stochos returns note_seq's own class.
    stochos.set_note_sequence_class(note_seq_module.NoteSequence)
    try:
        q2 = stochos.quantize_note_sequence(theirs, 4)
        assert type(q2) is note_seq_module.NoteSequence
        assert q2.SerializeToString() == q.SerializeToString()
    finally:
        stochos.set_note_sequence_class(None)
    assert type(stochos.quantize_note_sequence(theirs, 4)) is music_pb2.NoteSequence


def test_raw_bytes_are_a_note_sequence_too(fixtures):
    s = stochos.read_midi(fixtures / "note_seq_testdata/example.mid")
    assert stochos.sort_notes(s.SerializeToString()) == stochos.sort_notes(s)


def test_magenta_tfrecord_fixture(fixtures):
    # Written by Magenta in 2016 (fixture README, verified): 46 records, record 0 below.
    records = stochos.read_note_sequences(fixtures / "magenta_testdata/notesequences.tfrecord")
    assert len(records) == 46
    r = records[0]
    assert r.id == "/id/midi/train/01dcacc320a52bf44b548ef94d66fcc9703a292e"
    assert r.filename == "reels_simple_chords_73.mid"
    assert r.ticks_per_quarter == 480
    assert len(r.notes) == 241
    first = [(74, 105, 0.0, 0.499), (67, 105, 0.5, 0.999), (71, 80, 1.0, 1.249), (71, 80, 1.25, 1.499)]
    for n, (pitch, velocity, start, end) in zip(r.notes, first):  # README rounds to 1 ms
        assert (n.pitch, n.velocity) == (pitch, velocity)
        assert n.start_time == pytest.approx(start, abs=1e-3) and n.end_time == pytest.approx(end, abs=1e-3)
    assert sum(len(x.notes) for x in records) == 12952


def test_tfrecord_round_trip(tmp_path, fixtures):
    records = stochos.read_note_sequences(fixtures / "magenta_testdata/notesequences.tfrecord")
    stochos.write_note_sequences(tmp_path / "out.tfrecord", records[:5])
    assert stochos.read_note_sequences(tmp_path / "out.tfrecord") == records[:5]


def test_legacy_2016_schema_is_upgraded(fixtures):
    # Note field 9 was `part` in 2016: read as parts, not drums (fixture README).
    [bach] = stochos.read_note_sequences(fixtures / "magenta_testdata/bach-one_phrase-note_sequence.tfrecord")
    assert len(bach.notes) == 47
    assert not any(n.is_drum for n in bach.notes)
    assert sorted({n.part for n in bach.notes}) == [0, 1, 2, 3]


def test_midi_round_trip(tmp_path, fixtures):
    s = stochos.read_midi(fixtures / "note_seq_testdata/example_complex.mid")
    again = stochos.read_midi(stochos.midi_bytes(s))
    key = [(n.pitch, n.velocity, n.instrument, n.program, n.is_drum) for n in s.notes]
    assert [(n.pitch, n.velocity, n.instrument, n.program, n.is_drum) for n in again.notes] == key
    assert max(abs(a.start_time - b.start_time) for a, b in zip(s.notes, again.notes)) < 1e-3
    stochos.write_midi(s, tmp_path / "out.mid")
    assert (tmp_path / "out.mid").read_bytes() == stochos.midi_bytes(s)


def test_musicxml_and_mxl(fixtures):
    flute = stochos.read_musicxml(fixtures / "note_seq_testdata/flute_scale.xml")
    assert [n.pitch for n in flute.notes] == [65, 67, 69, 70, 72, 74, 76, 77]
    assert flute.total_time == 4.0
    assert stochos.read_musicxml(fixtures / "note_seq_testdata/flute_scale.mxl") == flute
    assert stochos.read_musicxml((fixtures / "note_seq_testdata/flute_scale.mxl").read_bytes()).notes == flute.notes
    xml = stochos.musicxml_string(flute)
    assert [n.pitch for n in stochos.read_musicxml(xml.encode()).notes] == [n.pitch for n in flute.notes]


def test_abc_tunebook(fixtures, tmp_path):
    tunes = stochos.read_abc(fixtures / "note_seq_testdata/english.abc")
    assert tunes and all(isinstance(k, int) for k in tunes)
    text = stochos.abc_string(stochos.read_midi(fixtures / "note_seq_testdata/example.mid"))
    [back] = stochos.read_abc(text, allow_rests=True, allow_chords=True, merge_ties=True,
                              allow_voices=True).values()
    assert [n.pitch for n in back.notes] == [60, 62, 64, 65, 67, 69, 71, 72]
    stochos.write_score(back, tmp_path / "scale.musicxml")
    assert len(stochos.read_score(tmp_path / "scale.musicxml")[0].notes) == 8


def test_abc_error_names_line_and_column():
    with pytest.raises(stochos.InputError) as e:
        stochos.read_abc("X:1\nT:t\nK:C\nC D z E|\n", strict=True)
    assert e.value.line == 4 and e.value.column is not None
    assert "line 4" in str(e.value)


def test_quantize_failure_carries_note_seq_reason(fixtures):
    s = stochos.read_midi(fixtures / "note_seq_testdata/example_complex.mid")
    with pytest.raises(stochos.InputError) as e:
        stochos.quantize_note_sequence(s, 4)
    assert e.value.code == "multiple_tempos"
    assert isinstance(e.value, ValueError)


def test_sequences_lib_helpers(fixtures):
    s = stochos.read_midi(fixtures / "note_seq_testdata/example.mid")
    up, deleted = stochos.transpose_note_sequence(s, 3)
    assert deleted == 0 and [n.pitch for n in up.notes] == [n.pitch + 3 for n in s.notes]
    slow = stochos.stretch_note_sequence(s, 2.0)
    assert slow.total_time == pytest.approx(2 * s.total_time)
    pieces = stochos.split_note_sequence(s, 1.0)
    assert len(pieces) == 2 and sum(len(p.notes) for p in pieces) == 8
    both = stochos.concatenate_sequences([s, s])
    assert len(both.notes) == 16 and both.total_time == pytest.approx(2 * s.total_time)
    assert stochos.trim_note_sequence(s, 0, 1.0).total_time == 1.0
    assert stochos.transpose_chord_symbol("Bb/D", 2) == "C/E"


def test_errors_read_like_the_cli(tmp_path, cli):
    bad = tmp_path / "bad.mid"
    bad.write_bytes(b"MThd\0\0\0\6\0\1\0\1\1\xe0MTrk\0\0\0\xff")
    with pytest.raises(stochos.InputError) as e:
        stochos.read_midi(bad)
    assert e.value.file == str(bad) and e.value.byte_offset == 0xE and e.value.context == "track 0"
    result = cli("inspect", bad, check=False)
    assert result.returncode == 3
    assert "stochos: error: %s\n" % e.value in result.stderr


def test_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(OSError) as e:
        stochos.read_midi(tmp_path / "missing.mid")
    assert isinstance(e.value, stochos.IoError) and e.value.file == str(tmp_path / "missing.mid")


def test_convert_folder_equals_reading_each_file(tmp_path, fixtures):
    src = tmp_path / "midi"
    src.mkdir()
    for name in ("melody.mid", "example.mid", "example_is_drum.mid", "flute_scale.xml"):
        shutil.copy(fixtures / "note_seq_testdata" / name, src / name)
    (src / "broken.mid").write_bytes(b"MThd\0\0\0\6\0\1")
    summary = stochos.convert(src, tmp_path / "out.tfrecord", threads=2)
    assert summary["converted"] == 4 and len(summary["failed"]) == 1
    assert summary["failed"][0][0] == "broken.mid"
    records = {r.filename: r for r in stochos.read_note_sequences(tmp_path / "out.tfrecord")}
    for name in ("melody.mid", "example.mid"):
        direct = stochos.read_midi(src / name)
        assert list(records[name].notes) == list(direct.notes)
    sequences, failed = stochos.read_midi_folder(src)
    assert len(sequences) == 3 and [f[0] for f in failed] == ["broken.mid"]
