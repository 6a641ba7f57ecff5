// SPDX-License-Identifier: GPL-3.0-or-later
// note_seq's melodies_lib_test.py ported test for test (NS @ 35825508), plus primer parsing.
#include "stochos/melody/melody.h"

#include <gtest/gtest.h>

#include "stochos/core/error.h"
#include "stochos/notesequence/quantize.h"
#include "stochos/testing/note_seq_testing.h"
#include "stochos/testing/shared.h"

namespace stochos::melody {
namespace {

using notesequence::test_support::add_track;
using notesequence::test_support::base_sequence;
constexpr int NOTE_OFF = kMelodyNoteOff;
constexpr int NO_EVENT = kMelodyNoEvent;
using Events = std::vector<int>;

Melody from_quantized(const magenta::NoteSequence& s, int steps_per_quarter, FromQuantizedOptions o = {}) {
  return melody_from_quantized_sequence(notesequence::quantize_note_sequence(s, steps_per_quarter), o);
}

TEST(MelodiesLib, GetNoteHistogram) {
  EXPECT_EQ((std::array<int, 12>{1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2}),
            Melody({NO_EVENT, NOTE_OFF, 12 * 2 + 1, 12 * 3, 12 * 5 + 11, 12 * 6 + 3, 12 * 4 + 11}).note_histogram());
  EXPECT_EQ((std::array<int, 12>{2, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2}),
            Melody({0, 1, NO_EVENT, NOTE_OFF, 12 * 2 + 1, 12 * 3, 12 * 6 + 3, 12 * 5 + 11, NO_EVENT, 12 * 4 + 11,
                    12 * 7 + 1})
                .note_histogram());
  EXPECT_EQ((std::array<int, 12>{}), Melody().note_histogram());
}

TEST(MelodiesLib, GetKeyHistogram) {
  EXPECT_EQ((std::array<int, 12>{1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0}),
            Melody({NO_EVENT, 12 * 5, NOTE_OFF}).major_key_histogram());
  EXPECT_EQ((std::array<int, 12>{1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1}),
            Melody({NO_EVENT, 12 * 5, NOTE_OFF, 12 * 7 + 1, NOTE_OFF}).major_key_histogram());
  EXPECT_EQ((std::array<int, 12>{2, 2, 2, 2, 1, 2, 1, 2, 2, 2, 2, 1}),
            Melody({NO_EVENT, 12 * 5, NOTE_OFF, 12 * 7 + 1, NO_EVENT, 12 * 9 + 2}).major_key_histogram());
}

TEST(MelodiesLib, GetMajorKey) {
  EXPECT_EQ(2, Melody({NO_EVENT, 12 * 2 + 2, 12 * 3 + 4, 12 * 5 + 1, 12 * 6 + 6, 12 * 4 + 11, 12 * 3 + 9, 12 * 5 + 7,
                       NOTE_OFF})
                   .major_key());
  EXPECT_EQ(1, Melody({NO_EVENT, 12 * 2 + 1, 12 * 4 + 8, 12 * 5 + 5, 12 * 6 + 6, 12 * 3 + 3, 12 * 2 + 11, 12 * 3 + 10,
                       12 * 5, 12 * 2 + 8, 12 * 4 + 1, 12 * 3 + 5, 12 * 5 + 9, 12 * 4 + 3, NOTE_OFF})
                   .major_key());
  EXPECT_EQ(0, Melody({NO_EVENT, 12 * 2 + 11, NOTE_OFF}).major_key());
}

TEST(MelodiesLib, Transpose) {
  Melody m({12 * 5 + 4, NO_EVENT, 12 * 5 + 5, NOTE_OFF, 12 * 6, NO_EVENT});
  m.transpose(-5, 12 * 5, 12 * 7);
  EXPECT_EQ((Events{12 * 5 + 11, NO_EVENT, 12 * 5, NOTE_OFF, 12 * 5 + 7, NO_EVENT}), m.events());
  Melody up({12 * 5 + 4, NO_EVENT, 12 * 5 + 5, NOTE_OFF, 12 * 6, NO_EVENT});
  up.transpose(19, 12 * 5, 12 * 7);
  EXPECT_EQ((Events{12 * 6 + 11, NO_EVENT, 12 * 6, NOTE_OFF, 12 * 6 + 7, NO_EVENT}), up.events());
  Melody zero({12 * 4 + 11, 12 * 5, 12 * 5 + 11, NOTE_OFF, 12 * 6, NO_EVENT});
  zero.transpose(0, 12 * 5, 12 * 6);
  EXPECT_EQ((Events{12 * 5 + 11, 12 * 5, 12 * 5 + 11, NOTE_OFF, 12 * 5, NO_EVENT}), zero.events());
}

TEST(MelodiesLib, Squash) {
  Melody c({12 * 5, NO_EVENT, 12 * 5 + 2, NOTE_OFF, 12 * 6 + 4, NO_EVENT});
  c.squash(12 * 5, 12 * 6, 0);
  EXPECT_EQ((Events{12 * 5, NO_EVENT, 12 * 5 + 2, NOTE_OFF, 12 * 5 + 4, NO_EVENT}), c.events());
  Melody d({12 * 5 + 2, 12 * 5 + 4, 12 * 6 + 7, 12 * 6 + 6, 12 * 5 + 1});
  d.squash(12 * 5, 12 * 6, 0);
  EXPECT_EQ((Events{12 * 5, 12 * 5 + 2, 12 * 5 + 5, 12 * 5 + 4, 12 * 5 + 11}), d.events());
  Melody e({12 * 5 + 2, 12 * 5 + 4, 12 * 6 + 7, 12 * 6 + 6, 12 * 4 + 11});
  e.squash(12 * 5, 12 * 6, 4);
  EXPECT_EQ((Events{12 * 5 + 4, 12 * 5 + 6, 12 * 5 + 9, 12 * 5 + 8, 12 * 5 + 1}), e.events());
}

TEST(MelodiesLib, SquashCenterOctaves) {
  Melody up({12 * 4, NO_EVENT, 12 * 4 + 2, NOTE_OFF, 12 * 4 + 4, NO_EVENT, 12 * 4 + 5, 12 * 5 + 2, 12 * 4 - 1, NOTE_OFF});
  up.squash(12 * 4, 12 * 7, 0);
  const Events expected = {12 * 5, NO_EVENT, 12 * 5 + 2, NOTE_OFF, 12 * 5 + 4, NO_EVENT,
                           12 * 5 + 5, 12 * 6 + 2, 12 * 5 - 1, NOTE_OFF};
  EXPECT_EQ(expected, up.events());
  Melody down({12 * 6, NO_EVENT, 12 * 6 + 2, NOTE_OFF, 12 * 6 + 4, NO_EVENT, 12 * 6 + 5, 12 * 7 + 2, 12 * 6 - 1,
               NOTE_OFF});
  down.squash(12 * 4, 12 * 7, 0);
  EXPECT_EQ(expected, down.events());
}

TEST(MelodiesLib, SquashMaxNote) {
  Melody m({12 * 5, 12 * 5 + 2, 12 * 5 + 4, 12 * 5 + 5, 12 * 5 + 11, 12 * 6, 12 * 6 + 1});
  m.squash(12 * 5, 12 * 6, 0);
  EXPECT_EQ((Events{12 * 5, 12 * 5 + 2, 12 * 5 + 4, 12 * 5 + 5, 12 * 5 + 11, 12 * 5, 12 * 5 + 1}), m.events());
}

TEST(MelodiesLib, SquashAllNotesOff) {
  const Events events = {NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT};
  Melody m(events);
  EXPECT_EQ(0, m.squash(12 * 4, 12 * 7, 0));
  EXPECT_EQ(events, m.events());
}

TEST(MelodiesLib, FromQuantizedNoteSequence) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 100, 0.01, 10.0}, {11, 55, 0.22, 0.50}, {40, 45, 2.50, 3.50}, {55, 120, 4.0, 4.01},
                   {52, 99, 4.75, 5.0}});
  const Melody m = from_quantized(s, 4);
  EXPECT_EQ((Events{12, 11, NOTE_OFF, NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT, 40,
                    NO_EVENT, NO_EVENT, NO_EVENT, NOTE_OFF, NO_EVENT, 55, NOTE_OFF, NO_EVENT, 52}),
            m.events());
  EXPECT_EQ(16, m.steps_per_bar());
}

TEST(MelodiesLib, FromQuantizedNoteSequenceNotCommonTimeSig) {
  auto s = base_sequence(7, 8);
  add_track(s, 0, {{12, 100, 0.01, 10.0}, {11, 55, 0.22, 0.50}, {40, 45, 2.50, 3.50}, {55, 120, 4.0, 4.01},
                   {52, 99, 4.75, 5.0}});
  const Melody m = from_quantized(s, 4);
  EXPECT_EQ((Events{12, 11, NOTE_OFF, NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT, 40,
                    NO_EVENT, NO_EVENT, NO_EVENT, NOTE_OFF, NO_EVENT, 55, NOTE_OFF, NO_EVENT, 52}),
            m.events());
  EXPECT_EQ(14, m.steps_per_bar());
}

TEST(MelodiesLib, FromNotesPolyphonic) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 100, 0.0, 10.0}, {11, 55, 0.0, 0.50}});
  try {
    from_quantized(s, 4);
    FAIL() << "expected PolyphonicMelodyError";
  } catch (const Error& e) {
    EXPECT_EQ(kCodePolyphonicMelody, e.code());
  }
}

TEST(MelodiesLib, FromNotesPolyphonicWithIgnorePolyphonicNotes) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 100, 0.0, 2.0}, {19, 100, 0.0, 3.0}, {12, 100, 1.0, 3.0}, {19, 100, 1.0, 4.0}});
  FromQuantizedOptions o;
  o.ignore_polyphonic_notes = true;
  const Melody m = from_quantized(s, 4, o);
  Events expected = {19, NO_EVENT, NO_EVENT, NO_EVENT, 19};
  expected.insert(expected.end(), 11, NO_EVENT);
  EXPECT_EQ(expected, m.events());
  EXPECT_EQ(16, m.steps_per_bar());
}

TEST(MelodiesLib, FromNotesChord) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 100, 1, 1.25}, {19, 100, 1, 1.25}, {20, 100, 1, 1.25}, {25, 100, 1, 1.25}});
  EXPECT_THROW(from_quantized(s, 4), Error);
}

TEST(MelodiesLib, FromNotesTrimEmptyMeasures) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 100, 1.5, 1.75}, {11, 100, 2, 2.25}});
  const Melody m = from_quantized(s, 4);
  EXPECT_EQ((Events{NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT, 12, NOTE_OFF, 11}), m.events());
  EXPECT_EQ(16, m.steps_per_bar());
}

TEST(MelodiesLib, FromNotesTimeOverlap) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 100, 1, 2}, {11, 100, 3.25, 3.75}, {13, 100, 2, 4}});
  const Melody m = from_quantized(s, 4);
  EXPECT_EQ((Events{NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT, 12, NO_EVENT, NO_EVENT, NO_EVENT, 13, NO_EVENT, NO_EVENT,
                    NO_EVENT, NO_EVENT, 11, NO_EVENT}),
            m.events());
}

TEST(MelodiesLib, FromNotesStepsPerBar) {
  const auto s = base_sequence(7, 8);
  const Melody m = from_quantized(s, 12);
  EXPECT_EQ(42, m.steps_per_bar());
}

TEST(MelodiesLib, FromNotesStartAndEndStep) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 100, 1, 2}, {11, 100, 2.25, 2.5}, {13, 100, 3.25, 3.75}, {14, 100, 8.75, 9},
                   {15, 100, 9.25, 10.75}});
  FromQuantizedOptions o;
  o.search_start_step = 18;
  const Melody m = from_quantized(s, 4, o);
  EXPECT_EQ((Events{NO_EVENT, 14, NOTE_OFF, 15, NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT}), m.events());
  EXPECT_EQ(34, m.start_step());
  EXPECT_EQ(43, m.end_step());
}

TEST(MelodiesLib, SetLength) {
  Melody a({60}, 9);
  a.set_length(5);
  EXPECT_EQ((Events{60, NOTE_OFF, NO_EVENT, NO_EVENT, NO_EVENT}), a.events());
  EXPECT_EQ(9, a.start_step());
  EXPECT_EQ(14, a.end_step());
  Melody b({60}, 9);
  b.set_length(5, true);
  EXPECT_EQ((Events{NO_EVENT, NO_EVENT, NO_EVENT, NO_EVENT, 60}), b.events());
  EXPECT_EQ(5, b.start_step());
  EXPECT_EQ(10, b.end_step());
  Melody c({60, NO_EVENT, NO_EVENT, NOTE_OFF});
  c.set_length(3);
  EXPECT_EQ((Events{60, NO_EVENT, NO_EVENT}), c.events());
  EXPECT_EQ(0, c.start_step());
  EXPECT_EQ(3, c.end_step());
  Melody d({60, NO_EVENT, NO_EVENT, NOTE_OFF});
  d.set_length(3, true);
  EXPECT_EQ((Events{NO_EVENT, NO_EVENT, NOTE_OFF}), d.events());
  EXPECT_EQ(1, d.start_step());
  EXPECT_EQ(4, d.end_step());
}

void expect_note(const magenta::NoteSequence::Note& n, int pitch, int velocity, int instrument, double start,
                 double end) {
  EXPECT_EQ(pitch, n.pitch());
  EXPECT_EQ(velocity, n.velocity());
  EXPECT_EQ(instrument, n.instrument());
  EXPECT_DOUBLE_EQ(start, n.start_time());
  EXPECT_DOUBLE_EQ(end, n.end_time());
}

TEST(MelodiesLib, ToSequenceSimple) {
  const Melody m({NO_EVENT, 1, NO_EVENT, NOTE_OFF, NO_EVENT, 2, 3, NOTE_OFF, NO_EVENT});
  ToSequenceOptions o;
  o.velocity = 10;
  o.instrument = 1;
  o.sequence_start_seconds = 2;
  o.qpm = 60.0;
  const auto s = m.to_sequence(o);
  EXPECT_EQ(220, s.ticks_per_quarter());
  ASSERT_EQ(1, s.tempos_size());
  EXPECT_EQ(60.0, s.tempos(0).qpm());
  EXPECT_DOUBLE_EQ(3.75, s.total_time());
  ASSERT_EQ(3, s.notes_size());
  expect_note(s.notes(0), 1, 10, 1, 2.25, 2.75);
  expect_note(s.notes(1), 2, 10, 1, 3.25, 3.5);
  expect_note(s.notes(2), 3, 10, 1, 3.5, 3.75);
}

TEST(MelodiesLib, ToSequenceEndsWithSustainedNote) {
  const Melody m({NO_EVENT, 1, NO_EVENT, NOTE_OFF, NO_EVENT, 2, 3, NO_EVENT, NO_EVENT});
  ToSequenceOptions o;
  o.qpm = 60.0;
  const auto s = m.to_sequence(o);
  EXPECT_DOUBLE_EQ(2.25, s.total_time());
  ASSERT_EQ(3, s.notes_size());
  expect_note(s.notes(0), 1, 100, 0, 0.25, 0.75);
  expect_note(s.notes(1), 2, 100, 0, 1.25, 1.5);
  expect_note(s.notes(2), 3, 100, 0, 1.5, 2.25);
}

TEST(MelodiesLib, ToSequenceEndsWithNonzeroStart) {
  const Melody m({NO_EVENT, 1, NO_EVENT}, 4);
  ToSequenceOptions o;
  o.sequence_start_seconds = 0.5;
  o.qpm = 60.0;
  const auto s = m.to_sequence(o);
  EXPECT_DOUBLE_EQ(2.25, s.total_time());
  ASSERT_EQ(1, s.notes_size());
  expect_note(s.notes(0), 1, 100, 0, 1.75, 2.25);
}

TEST(MelodiesLib, ToSequenceEmpty) {
  ToSequenceOptions o;
  o.velocity = 10;
  o.instrument = 1;
  o.sequence_start_seconds = 2;
  o.qpm = 60.0;
  const auto s = Melody().to_sequence(o);
  EXPECT_EQ(220, s.ticks_per_quarter());
  EXPECT_EQ(60.0, s.tempos(0).qpm());
  EXPECT_EQ(0, s.notes_size());
  EXPECT_EQ(0.0, s.total_time());
}

TEST(MelodiesLib, MidiFileToMelody) {
  const Melody m = midi_file_to_melody(stochos::testing::fixture("note_seq_testdata/melody.mid"));
  EXPECT_EQ(Melody({60, 62, 64, 66, 68, 70, 72, 70, 68, 66, 64, 62}), m);
}

TEST(MelodiesLib, Slice) {
  auto s = base_sequence();
  add_track(s, 0, {{12, 100, 1, 3}, {11, 100, 5, 7}, {13, 100, 9, 10}});
  const Melody m = from_quantized(s, 1);
  EXPECT_EQ((Events{NO_EVENT, 12, NO_EVENT, NOTE_OFF, NO_EVENT, 11, NO_EVENT, NOTE_OFF, NO_EVENT, 13}), m.events());
  const Melody slice = m.slice(2, m.size() - 1);  // melody[2:-1]
  EXPECT_EQ((Events{NO_EVENT, NO_EVENT, NO_EVENT, 11, NO_EVENT, NOTE_OFF, NO_EVENT}), slice.events());
  EXPECT_EQ(m.start_step() + 2, slice.start_step());
}

// Beyond the port: constructor checks and leading NOTE_OFF cleanup of _from_event_list.
TEST(Melody, EventsOutOfRangeAreRejectedAndLeadingNoteOffsBecomeNoEvents) {
  EXPECT_THROW(Melody({-3}), Error);
  EXPECT_THROW(Melody({128}), Error);
  EXPECT_EQ((Events{NO_EVENT, NO_EVENT, 60, NOTE_OFF}), Melody({NOTE_OFF, NO_EVENT, 60, NOTE_OFF}).events());
}

TEST(Melody, PadEndEndsAHeldNoteWithANoteOff) {
  // set_length's sustain rule reaches extraction: a note held to the end of a padded melody
  // gets a NOTE_OFF where the padding begins.
  auto s = base_sequence();
  add_track(s, 0, {{60, 100, 0, 1}});
  FromQuantizedOptions o;
  o.pad_end = true;
  const Melody m = from_quantized(s, 1, o);
  // 4/4 at one step per quarter: a bar is 4 steps.
  EXPECT_EQ((Events{60, NOTE_OFF, NO_EVENT, NO_EVENT}), m.events());
  EXPECT_EQ(4, m.end_step());
}

TEST(PrimerMelody, ParsesMagentasListSyntax) {
  EXPECT_EQ((Events{60, NO_EVENT, 60, NO_EVENT, 67, NO_EVENT, 67, NO_EVENT}),
            parse_primer_melody("[60, -2, 60, -2, 67, -2, 67, -2]").events());
  EXPECT_EQ((Events{60}), parse_primer_melody("[60]").events());
  EXPECT_EQ((Events{60, 62}), parse_primer_melody(" ( 60 ,62 , ) ").events());
  EXPECT_TRUE(parse_primer_melody("[]").empty());
}

TEST(PrimerMelody, BadSyntaxNamesTheColumn) {
  for (const char* bad : {"60, 62", "[60 62]", "[60, x]", "[60", "[60.5]", "[60] 1"}) {
    try {
      parse_primer_melody(bad);
      ADD_FAILURE() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(ErrorKind::kUsage, e.kind()) << bad;
      EXPECT_EQ(kCodePrimerSyntax, e.code()) << bad;
      EXPECT_TRUE(e.where().column.has_value()) << bad;
    }
  }
  EXPECT_THROW(parse_primer_melody("[60, 128]"), Error);
  EXPECT_THROW(parse_primer_melody("[-3]"), Error);
}

}  // namespace
}  // namespace stochos::melody
