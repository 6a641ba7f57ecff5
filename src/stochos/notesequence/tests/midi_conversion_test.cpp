// SPDX-License-Identifier: GPL-3.0-or-later
// MIDI <-> NoteSequence against note_seq's own expectations (midi_io_test.py and the
// fixtures README) and pretty_midi's rules on small hand-built files.
#include "stochos/notesequence/midi_conversion.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "stochos/core/error.h"
#include "stochos/testing/shared.h"

namespace stochos::notesequence {
namespace {

using magenta::NoteSequence;
using midi::EventType;

NoteSequence convert_fixture(const std::string& name, MidiConversionReport* report = nullptr) {
  return midi_file_to_note_sequence(testing::fixture("note_seq_testdata/" + name), report);
}

NoteSequence round_trip(const NoteSequence& ns, const MidiWriteOptions& options = {}) {
  const std::string bytes = midi::serialize_midi(note_sequence_to_midi(ns, options));
  return midi_to_note_sequence(midi::parse_midi(std::vector<std::uint8_t>(bytes.begin(), bytes.end()), "rt.mid"));
}

// A tiny MIDI builder for rule tests: events are (track, tick, status, data1, data2).
struct Built {
  midi::MidiFile file;
  explicit Built(int tracks, int tpq = 100) {
    file.ticks_per_quarter = tpq;
    file.tracks.resize(static_cast<std::size_t>(tracks));
    file.declared_tracks = tracks;
  }
  Built& ch(int track, std::int64_t tick, EventType type, int channel, int d1, int d2 = 0) {
    midi::Event e;
    e.tick = tick;
    e.type = type;
    e.channel = static_cast<std::uint8_t>(channel);
    e.data1 = static_cast<std::uint8_t>(d1);
    e.data2 = static_cast<std::uint8_t>(d2);
    file.tracks[static_cast<std::size_t>(track)].events.push_back(e);
    return *this;
  }
  Built& meta(int track, std::int64_t tick, std::uint8_t type, std::string payload) {
    midi::Event e;
    e.tick = tick;
    e.type = EventType::kMeta;
    e.meta_type = type;
    file.set_payload(e, payload);
    file.tracks[static_cast<std::size_t>(track)].events.push_back(e);
    return *this;
  }
  Built& on(int track, std::int64_t tick, int key, int vel = 100, int channel = 0) {
    return ch(track, tick, EventType::kNoteOn, channel, key, vel);
  }
  Built& off(int track, std::int64_t tick, int key, int channel = 0) {
    return ch(track, tick, EventType::kNoteOff, channel, key, 0);
  }
};

TEST(MidiToNoteSequence, SimpleExampleIsTheCMajorScaleNoteSeqDescribes) {
  const NoteSequence ns = convert_fixture("example.mid");
  EXPECT_EQ(ns.ticks_per_quarter(), 220);
  EXPECT_EQ(ns.source_info().encoding_type(), NoteSequence::SourceInfo::MIDI);
  EXPECT_EQ(ns.source_info().parser(), NoteSequence::SourceInfo::PRETTY_MIDI);
  ASSERT_EQ(ns.notes_size(), 8);
  const int pitches[8] = {60, 62, 64, 65, 67, 69, 71, 72};
  for (int k = 0; k < 8; ++k) {
    EXPECT_EQ(ns.notes(k).pitch(), pitches[k]);
    EXPECT_EQ(ns.notes(k).velocity(), 100);
    EXPECT_NEAR(ns.notes(k).start_time(), k * 0.25, 1e-12);
    EXPECT_NEAR(ns.notes(k).end_time(), k * 0.25 + 0.2375, 1e-12);
  }
  EXPECT_NEAR(ns.total_time(), 1.9875, 1e-12);
  ASSERT_EQ(ns.tempos_size(), 1);
  EXPECT_DOUBLE_EQ(ns.tempos(0).qpm(), 240.0);
  ASSERT_EQ(ns.time_signatures_size(), 1);
  EXPECT_EQ(ns.time_signatures(0).numerator(), 4);
  EXPECT_EQ(ns.time_signatures(0).denominator(), 4);
  ASSERT_EQ(ns.key_signatures_size(), 1);
  EXPECT_EQ(ns.key_signatures(0).key(), NoteSequence::KeySignature::C);
  EXPECT_EQ(ns.key_signatures(0).mode(), NoteSequence::KeySignature::MAJOR);
}

TEST(MidiToNoteSequence, MelodyFileGivesTwelveBackToBackSixteenths) {
  const NoteSequence ns = convert_fixture("melody.mid");
  ASSERT_EQ(ns.notes_size(), 12);
  for (int k = 0; k < 12; ++k) {
    EXPECT_NEAR(ns.notes(k).start_time(), k * 0.125, 1e-12);
    EXPECT_NEAR(ns.notes(k).end_time() - ns.notes(k).start_time(), 0.125, 1e-12);
  }
  EXPECT_NEAR(ns.total_time(), 1.5, 1e-12);
}

TEST(MidiToNoteSequence, ComplexFileHasItsKnownCountsAndTwoTempos) {
  const NoteSequence ns = convert_fixture("example_complex.mid");
  EXPECT_EQ(ns.notes_size(), 6850);
  std::set<int> instruments;
  int drums = 0;
  for (const auto& n : ns.notes()) {
    instruments.insert(n.instrument());
    drums += n.is_drum();
  }
  EXPECT_EQ(drums, 1841);
  EXPECT_EQ(instruments.size(), 18u);
  EXPECT_NEAR(ns.total_time(), 293.84195, 1e-5);
  ASSERT_EQ(ns.tempos_size(), 2);
  EXPECT_NEAR(ns.tempos(0).qpm(), 139.0002, 1e-4);
  EXPECT_NEAR(ns.tempos(1).qpm(), 120.0, 1e-9);
  EXPECT_NEAR(ns.tempos(1).time(), 0.9982, 1e-4);
  EXPECT_EQ(ns.key_signatures(0).key(), NoteSequence::KeySignature::G);
  EXPECT_EQ(ns.pitch_bends_size(), 3598);
  EXPECT_EQ(ns.control_changes_size(), 2811);
}

TEST(MidiToNoteSequence, IsDrumFileHasFortyInstrumentsTwoOfThemDrums) {
  const NoteSequence ns = convert_fixture("example_is_drum.mid");
  EXPECT_EQ(ns.notes_size(), 40);
  std::set<int> instruments;
  int drums = 0;
  for (const auto& n : ns.notes()) {
    instruments.insert(n.instrument());
    drums += n.is_drum();
  }
  EXPECT_EQ(drums, 2);
  EXPECT_EQ(instruments.size(), 40u);
  // No tempo event: pretty_midi's default 120 qpm.
  ASSERT_EQ(ns.tempos_size(), 1);
  EXPECT_DOUBLE_EQ(ns.tempos(0).qpm(), 120.0);
}

TEST(MidiToNoteSequence, IsDrumSurvivesWritingAsTwoChannelTenNoteOns) {
  const midi::MidiFile written = note_sequence_to_midi(convert_fixture("example_is_drum.mid"));
  int channel9_note_ons = 0;
  for (const auto& t : written.tracks) {
    for (const auto& e : t.events) channel9_note_ons += e.type == EventType::kNoteOn && e.data2 > 0 && e.channel == 9;
  }
  EXPECT_EQ(channel9_note_ons, 2);
}

TEST(MidiToNoteSequence, EventOrderFileKeepsNotesInNoteOffOrder) {
  const NoteSequence ns = convert_fixture("example_event_order.mid");
  ASSERT_EQ(ns.notes_size(), 3);
  // Off events come in key order 3, 1, 2; pretty_midi files notes as they end.
  EXPECT_EQ(ns.notes(0).pitch(), 3);
  EXPECT_EQ(ns.notes(1).pitch(), 1);
  EXPECT_EQ(ns.notes(2).pitch(), 2);
  for (const auto& n : ns.notes()) {
    EXPECT_EQ(n.start_time(), 0.0);
    EXPECT_DOUBLE_EQ(n.end_time(), 10.0);
    EXPECT_EQ(n.program(), 78);
  }
}

TEST(MidiToNoteSequence, English1IsThreeFourWith148Notes) {
  const NoteSequence ns = convert_fixture("english1.mid");
  EXPECT_EQ(ns.notes_size(), 148);
  EXPECT_NEAR(ns.total_time(), 36.0, 1e-9);
  ASSERT_GE(ns.time_signatures_size(), 1);
  EXPECT_EQ(ns.time_signatures(0).numerator(), 3);
  EXPECT_EQ(ns.time_signatures(0).denominator(), 4);
  EXPECT_EQ(ns.key_signatures(0).key(), NoteSequence::KeySignature::G);
}

// note_seq's CheckPrettyMidiAndSequence: the written-and-reread file has one instrument per
// (instrument, program, is_drum) of the original, in sorted order, with the same notes.
void expect_round_trip_keeps_everything(const NoteSequence& original) {
  const NoteSequence back = round_trip(original);
  using Key = std::tuple<int, int, bool>;
  std::map<Key, std::vector<const NoteSequence::Note*>> groups;
  for (const auto& n : original.notes()) groups[{n.instrument(), n.program(), n.is_drum()}].push_back(&n);
  std::map<int, std::vector<const NoteSequence::Note*>> back_by_instrument;
  for (const auto& n : back.notes()) back_by_instrument[n.instrument()].push_back(&n);
  ASSERT_EQ(back_by_instrument.size(), groups.size());
  auto it = back_by_instrument.begin();
  for (const auto& [key, notes] : groups) {
    const auto& got = it->second;
    ASSERT_EQ(got.size(), notes.size());
    // Sort both by (start, pitch) since notes are filed as they end.
    auto by_start = [](const NoteSequence::Note* a, const NoteSequence::Note* b) {
      return std::make_tuple(a->start_time(), a->pitch(), a->end_time()) <
             std::make_tuple(b->start_time(), b->pitch(), b->end_time());
    };
    auto want = notes;
    auto have = got;
    std::sort(want.begin(), want.end(), by_start);
    std::sort(have.begin(), have.end(), by_start);
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(have[i]->pitch(), want[i]->pitch());
      EXPECT_EQ(have[i]->velocity(), want[i]->velocity());
      EXPECT_EQ(have[i]->program(), std::get<1>(key));
      EXPECT_EQ(have[i]->is_drum(), std::get<2>(key));
      EXPECT_NEAR(have[i]->start_time(), want[i]->start_time(), 1e-6);
      EXPECT_NEAR(have[i]->end_time(), want[i]->end_time(), 1e-6);
    }
    ++it;
  }
  ASSERT_EQ(back.tempos_size(), original.tempos_size());
  for (int i = 0; i < back.tempos_size(); ++i) {
    EXPECT_NEAR(back.tempos(i).qpm(), original.tempos(i).qpm(), 1e-3);
    EXPECT_NEAR(back.tempos(i).time(), original.tempos(i).time(), 1e-6);
  }
  ASSERT_EQ(back.time_signatures_size(), original.time_signatures_size());
  ASSERT_EQ(back.key_signatures_size(), original.key_signatures_size());
  for (int i = 0; i < back.key_signatures_size(); ++i) {
    EXPECT_EQ(back.key_signatures(i).key(), original.key_signatures(i).key());
    EXPECT_EQ(back.key_signatures(i).mode(), original.key_signatures(i).mode());
  }
  EXPECT_EQ(back.pitch_bends_size(), original.pitch_bends_size());
  EXPECT_EQ(back.control_changes_size(), original.control_changes_size());
}

TEST(NoteSequenceToMidi, SimpleFileRoundTripKeepsNotesTemposAndSignatures) {
  expect_round_trip_keeps_everything(convert_fixture("example.mid"));
}

TEST(NoteSequenceToMidi, ComplexFileRoundTripKeepsNotesBendsAndControls) {
  expect_round_trip_keeps_everything(convert_fixture("example_complex.mid"));
}

TEST(NoteSequenceToMidi, EventOrderAndEnglishFilesRoundTrip) {
  expect_round_trip_keeps_everything(convert_fixture("example_event_order.mid"));
  expect_round_trip_keeps_everything(convert_fixture("english3.mid"));
}

TEST(NoteSequenceToMidi, NoTempoAndNoTicksWritesStandardPpqAt120) {
  NoteSequence ns = convert_fixture("example.mid");
  ns.clear_tempos();
  ns.clear_ticks_per_quarter();
  const midi::MidiFile f = note_sequence_to_midi(ns);
  EXPECT_EQ(f.ticks_per_quarter, 220);
  const NoteSequence back = round_trip(ns);
  ASSERT_EQ(back.tempos_size(), 1);
  EXPECT_DOUBLE_EQ(back.tempos(0).qpm(), 120.0);
  EXPECT_EQ(back.ticks_per_quarter(), 220);
}

TEST(NoteSequenceToMidi, FirstTempoNotAtZeroGetsAnImplicit120) {
  NoteSequence ns = convert_fixture("example.mid");
  ns.clear_tempos();
  auto* t1 = ns.add_tempos();
  t1->set_time(1.0);
  t1->set_qpm(60);
  auto* t2 = ns.add_tempos();
  t2->set_time(2.0);
  t2->set_qpm(120);
  const NoteSequence back = round_trip(ns);
  ASSERT_EQ(back.tempos_size(), 3);
  const double expected[3][2] = {{0.0, 120.0}, {1.0, 60.0}, {2.0, 120.0}};
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(back.tempos(i).time(), expected[i][0], 1e-9);
    EXPECT_NEAR(back.tempos(i).qpm(), expected[i][1], 1e-9);
  }
}

TEST(NoteSequenceToMidi, DropEventsAfterLastNoteDropsOnlyLateEvents) {
  NoteSequence ns = convert_fixture("example.mid");
  auto* late = ns.add_tempos();
  late->set_time(600.0);
  late->set_qpm(120);
  EXPECT_EQ(round_trip(ns).tempos_size(), 2);
  EXPECT_EQ(round_trip(ns, {.drop_events_n_seconds_after_last_note = 0.0}).tempos_size(), 1);
  ns.mutable_tempos()->RemoveLast();
  auto* soon = ns.add_tempos();
  soon->set_time(1.9875 + 15);
  soon->set_qpm(100);
  EXPECT_EQ(round_trip(ns, {.drop_events_n_seconds_after_last_note = 30.0}).tempos_size(), 2);
}

TEST(NoteSequenceToMidi, EmptySequenceWritesOneEmptyInstrumentTrack) {
  const midi::MidiFile f = note_sequence_to_midi(NoteSequence());
  ASSERT_EQ(f.tracks.size(), 2u);
  EXPECT_EQ(round_trip(NoteSequence()).notes_size(), 0);
}

TEST(NoteSequenceToMidi, InstrumentNamesSurviveTheRoundTrip) {
  NoteSequence ns;
  for (int i = 0; i < 2; ++i) {
    auto* n = ns.add_notes();
    n->set_pitch(60);
    n->set_start_time(0.5 * i);
    n->set_end_time(0.5 * i + 0.5);
    n->set_velocity(80);
    n->set_instrument(i);
    auto* info = ns.add_instrument_infos();
    info->set_instrument(i);
    info->set_name("inst_" + std::to_string(i));
  }
  const NoteSequence back = round_trip(ns);
  ASSERT_EQ(back.instrument_infos_size(), 2);
  EXPECT_EQ(back.instrument_infos(0).name(), "inst_0");
  EXPECT_EQ(back.instrument_infos(1).name(), "inst_1");
}

TEST(NoteSequenceToMidi, OutOfRangePitchIsAnInputErrorNotGarbage) {
  NoteSequence ns;
  auto* n = ns.add_notes();
  n->set_pitch(130);
  n->set_velocity(80);
  n->set_end_time(1.0);
  EXPECT_THROW(note_sequence_to_midi(ns), Error);
}

// --- pretty_midi's rules on hand-built files ---

TEST(MidiRules, ZeroLengthNoteIsDroppedWithAWarning) {
  Built b(1);
  b.on(0, 0, 60).off(0, 0, 60).on(0, 10, 62).off(0, 20, 62);
  MidiConversionReport report;
  const NoteSequence ns = midi_to_note_sequence(b.file, &report);
  ASSERT_EQ(ns.notes_size(), 1);
  EXPECT_EQ(ns.notes(0).pitch(), 62);
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_NE(report.warnings[0].find("zero-length"), std::string::npos);
}

TEST(MidiRules, RetriggerOnTheOffTickKeepsTheNewNoteOpen) {
  Built b(1);
  b.on(0, 0, 60).off(0, 50, 60).on(0, 50, 60).off(0, 100, 60);
  // note-on at 50 comes after the note-off at 50: closes [0,50], then [50,100].
  NoteSequence ns = midi_to_note_sequence(b.file);
  ASSERT_EQ(ns.notes_size(), 2);
  Built c(1);
  c.on(0, 0, 60).on(0, 50, 60).off(0, 50, 60).off(0, 100, 60);
  // note-on before the note-off on the same tick: the off closes only the earlier note.
  ns = midi_to_note_sequence(c.file);
  ASSERT_EQ(ns.notes_size(), 2);
  EXPECT_DOUBLE_EQ(ns.notes(0).end_time(), 0.25);
  EXPECT_DOUBLE_EQ(ns.notes(1).start_time(), 0.25);
  EXPECT_DOUBLE_EQ(ns.notes(1).end_time(), 0.5);
}

TEST(MidiRules, OverlappingSamePitchNotesAreAllClosedByOneOff) {
  Built b(1);
  b.on(0, 0, 60, 90).on(0, 10, 60, 80).off(0, 40, 60);
  const NoteSequence ns = midi_to_note_sequence(b.file);
  ASSERT_EQ(ns.notes_size(), 2);
  EXPECT_EQ(ns.notes(0).velocity(), 90);
  EXPECT_EQ(ns.notes(1).velocity(), 80);
  EXPECT_DOUBLE_EQ(ns.notes(0).end_time(), ns.notes(1).end_time());
}

TEST(MidiRules, EventsBeforeTheFirstNoteJoinTheInstrument) {
  Built b(1);
  b.ch(0, 0, EventType::kControlChange, 0, 64, 127)
      .ch(0, 0, EventType::kPitchBend, 0, 0, 0x50)
      .ch(0, 5, EventType::kProgramChange, 0, 40)
      .on(0, 10, 60)
      .off(0, 20, 60)
      .ch(0, 30, EventType::kControlChange, 0, 64, 0);
  const NoteSequence ns = midi_to_note_sequence(b.file);
  ASSERT_EQ(ns.notes_size(), 1);
  EXPECT_EQ(ns.notes(0).program(), 40);
  ASSERT_EQ(ns.control_changes_size(), 2);  // the straggler and the later one
  ASSERT_EQ(ns.pitch_bends_size(), 1);
  EXPECT_EQ(ns.pitch_bends(0).bend(), 0x50 * 128 - 8192);
  EXPECT_EQ(ns.pitch_bends(0).program(), 40);
}

TEST(MidiRules, InstrumentsAreNumberedByFirstNoteEndAndNamedByTheirTrack) {
  Built b(3);
  b.meta(1, 0, midi::kMetaTrackName, "Fl\xfbte").on(1, 0, 70).off(1, 400, 70);
  b.meta(2, 0, midi::kMetaTrackName, "Bass").on(2, 0, 40).on(2, 0, 36, 100, 9);
  b.off(2, 50, 36, 9).off(2, 100, 40);
  const NoteSequence ns = midi_to_note_sequence(b.file);
  ASSERT_EQ(ns.notes_size(), 3);
  ASSERT_EQ(ns.instrument_infos_size(), 3);
  EXPECT_EQ(ns.instrument_infos(0).name(), "Fl\xc3\xbbte");  // Latin-1 read as UTF-8
  // Track 2: the drum note ends first, so it is instrument 1 and the bass instrument 2.
  EXPECT_EQ(ns.notes(1).pitch(), 36);
  EXPECT_TRUE(ns.notes(1).is_drum());
  EXPECT_EQ(ns.notes(1).instrument(), 1);
  EXPECT_EQ(ns.notes(2).instrument(), 2);
}

TEST(MidiRules, TempoOnlyCountsOnTrackZeroAndRepeatsAreIgnored) {
  Built b(2);
  b.meta(0, 0, midi::kMetaTempo, std::string("\x07\xA1\x20", 3));      // 120
  b.meta(0, 200, midi::kMetaTempo, std::string("\x07\xA1\x20", 3));    // repeat: ignored
  b.meta(0, 400, midi::kMetaTempo, std::string("\x0F\x42\x40", 3));    // 60 qpm
  b.meta(1, 100, midi::kMetaTempo, std::string("\x03\xD0\x90", 3));    // track 1: ignored
  b.on(1, 0, 60).off(1, 600, 60);
  const NoteSequence ns = midi_to_note_sequence(b.file);
  ASSERT_EQ(ns.tempos_size(), 2);
  EXPECT_DOUBLE_EQ(ns.tempos(1).time(), 2.0);
  EXPECT_DOUBLE_EQ(ns.tempos(1).qpm(), 60.0);
  EXPECT_DOUBLE_EQ(ns.notes(0).end_time(), 4.0);  // 400 ticks at 120 + 200 at 60
}

TEST(MidiRules, MinorKeyGivesItsTonicAndMinorMode) {
  Built b(1);
  b.meta(0, 0, midi::kMetaKeySignature, std::string("\x00\x01", 2));  // A minor
  b.meta(0, 0, midi::kMetaKeySignature, std::string("\xFE\x00", 2));  // B-flat major
  const NoteSequence ns = midi_to_note_sequence(b.file);
  ASSERT_EQ(ns.key_signatures_size(), 2);
  EXPECT_EQ(ns.key_signatures(0).key(), NoteSequence::KeySignature::A);
  EXPECT_EQ(ns.key_signatures(0).mode(), NoteSequence::KeySignature::MINOR);
  EXPECT_EQ(ns.key_signatures(1).key(), NoteSequence::KeySignature::B_FLAT);
}

TEST(MidiRules, BadMetaEventsAreSkippedWithWarningsWhereNoteSeqWouldFail) {
  Built b(1);
  b.meta(0, 0, midi::kMetaTempo, std::string("\x00\x00\x00", 3));
  b.meta(0, 0, midi::kMetaTimeSignature, std::string("\x00\x02\x18\x08", 4));
  b.meta(0, 0, midi::kMetaKeySignature, std::string("\x09\x00", 2));
  b.on(0, 0, 60).off(0, 100, 60);
  MidiConversionReport report;
  const NoteSequence ns = midi_to_note_sequence(b.file, &report);
  EXPECT_EQ(report.warnings.size(), 3u);
  EXPECT_EQ(ns.notes_size(), 1);
  EXPECT_EQ(ns.time_signatures_size(), 0);
  EXPECT_EQ(ns.key_signatures_size(), 0);
  EXPECT_DOUBLE_EQ(ns.tempos(0).qpm(), 120.0);
}

TEST(MidiRules, NoteAtTick2To31IsConvertedNotCrashed) {
  Built b(1, 480);
  b.on(0, std::int64_t{1} << 31, 60).off(0, (std::int64_t{1} << 31) + 480, 60);
  const NoteSequence ns = midi_to_note_sequence(b.file);
  ASSERT_EQ(ns.notes_size(), 1);
  EXPECT_NEAR(ns.notes(0).start_time(), 2147483648.0 / 960.0, 1e-3);
}

TEST(MidiRules, SmpteFilesAreTimedInSeconds) {
  Built b(1);
  b.file.ticks_per_quarter = 0;
  b.file.smpte = {25, 40};  // 1000 ticks per second
  b.on(0, 500, 60).off(0, 1500, 60);
  const NoteSequence ns = midi_to_note_sequence(b.file);
  ASSERT_EQ(ns.notes_size(), 1);
  EXPECT_DOUBLE_EQ(ns.notes(0).start_time(), 0.5);
  EXPECT_DOUBLE_EQ(ns.notes(0).end_time(), 1.5);
  EXPECT_EQ(ns.ticks_per_quarter(), 500);
}

}  // namespace
}  // namespace stochos::notesequence

namespace stochos::notesequence {
namespace {

TEST(MidiRules, FileCutAtAChunkBoundaryConvertsWithATruncationWarning) {
  Built b(2);
  b.on(1, 0, 60).off(1, 10, 60);
  b.file.declared_tracks = 3;
  MidiConversionReport report;
  midi_to_note_sequence(b.file, &report);
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_NE(report.warnings[0].find("declares 3 tracks but the file holds 2"), std::string::npos);
}

}  // namespace
}  // namespace stochos::notesequence
