// SPDX-License-Identifier: GPL-3.0-or-later
// Ports of note_seq sequences_lib_test.py (NS @ 35825508) with the same inputs and expected
// sequences, plus chord_symbols_lib_test.py's transposition cases. Expected protos are compared as note_seq's assertProtoEquals
// does: doubles rounded to 7 decimals, then exact.
#include "stochos/notesequence/sequences.h"

#include <gtest/gtest.h>

#include "stochos/core/error.h"
#include "stochos/testing/note_seq_testing.h"

namespace stochos::notesequence {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace)

// --- transpose -----------------------------------------------------------------------------

TEST(TransposeNoteSequence, UpOneSemitoneMovesNotesChordsAndKeyAndDeletesNothing) {
  NoteSequence sequence = base_sequence();
  add_track(sequence, 0,
            {{12, 100, 0.01, 10.0},
             {11, 55, 0.22, 0.50},
             {40, 45, 2.50, 3.50},
             {55, 120, 4.0, 4.01},
             {52, 99, 4.75, 5.0}});
  add_chords(sequence, {{"N.C.", 1}, {"E7", 2}});
  auto* ks = sequence.add_key_signatures();
  ks->set_key(KeySignature::E);
  ks->set_mode(KeySignature::MIXOLYDIAN);

  NoteSequence expected = base_sequence();
  add_track(expected, 0,
            {{13, 100, 0.01, 10.0},
             {12, 55, 0.22, 0.50},
             {41, 45, 2.50, 3.50},
             {56, 120, 4.0, 4.01},
             {53, 99, 4.75, 5.0}});
  add_chords(expected, {{"N.C.", 1}, {"F7", 2}});
  auto* eks = expected.add_key_signatures();
  eks->set_key(KeySignature::F);
  eks->set_mode(KeySignature::MIXOLYDIAN);

  const auto result = transpose_note_sequence(sequence, 1);
  EXPECT_TRUE(ProtoEquals(expected, result.sequence));
  EXPECT_EQ(result.deleted_note_count, 0);
}

TEST(TransposeNoteSequence, OutOfRangeNotesAreDeletedAndCounted) {
  NoteSequence sequence = base_sequence();
  add_track(sequence, 0,
            {{35, 100, 0.01, 10.0},
             {36, 55, 0.22, 0.50},
             {37, 45, 2.50, 3.50},
             {38, 120, 4.0, 4.01},
             {39, 99, 4.75, 5.0}});
  NoteSequence expected_up = base_sequence();
  add_track(expected_up, 0, {{39, 100, 0.01, 10.0}, {40, 55, 0.22, 0.50}});
  NoteSequence expected_down = base_sequence();
  add_track(expected_down, 0, {{30, 120, 4.0, 4.01}, {31, 99, 4.75, 5.0}});

  TransposeOptions range;
  range.min_allowed_pitch = 30;
  range.max_allowed_pitch = 40;
  const auto up = transpose_note_sequence(sequence, 4, range);
  EXPECT_TRUE(ProtoEquals(expected_up, up.sequence));
  EXPECT_EQ(up.deleted_note_count, 3);
  const auto down = transpose_note_sequence(sequence, -8, range);
  EXPECT_TRUE(ProtoEquals(expected_down, down.sequence));
  EXPECT_EQ(down.deleted_note_count, 3);
}

TEST(TransposeNoteSequence, ClampTransposeLimitsTheAmountToTheAllowedRange) {
  EXPECT_EQ(clamp_transpose_amount(5, 20, 60, 10, 70), 5);
  EXPECT_EQ(clamp_transpose_amount(15, 20, 60, 10, 65), 5);
  EXPECT_EQ(clamp_transpose_amount(-16, 20, 60, 10, 70), -10);
}

// note_seq testAugmentNoteSequence*: augment = stretch by a factor drawn from [min, max], then
// transpose by an amount drawn from [min, max]; with min == max the draws are fixed, so the
// cases are stretch_note_sequence followed by transpose_note_sequence.
NoteSequence augment_input() {
  NoteSequence sequence = base_sequence();
  add_track(sequence, 0,
            {{12, 100, 0.01, 10.0},
             {13, 55, 0.22, 0.50},
             {40, 45, 2.50, 3.50},
             {55, 120, 4.0, 4.01},
             {52, 99, 4.75, 5.0}});
  return sequence;
}

TEST(TransposeNoteSequence, AugmentWithoutDeletionClampsMinus15To2SemitonesDown) {
  TransposeOptions options;
  options.min_allowed_pitch = 10;
  options.out_of_range = OutOfRangeNotes::kClampAmount;
  const auto stretched = stretch_note_sequence(augment_input(), 2);
  const auto low = transpose_note_sequence(stretched, -15, options);
  const auto high = transpose_note_sequence(stretched, -10, options);
  NoteSequence expected = base_sequence();
  add_track(expected, 0,
            {{10, 100, 0.02, 20.0},
             {11, 55, 0.44, 1.0},
             {38, 45, 5., 7.},
             {53, 120, 8.0, 8.02},
             {50, 99, 9.5, 10.0}});
  expected.mutable_tempos(0)->set_qpm(30.);
  EXPECT_TRUE(ProtoEquals(expected, low.sequence));
  EXPECT_TRUE(ProtoEquals(expected, high.sequence));
  EXPECT_EQ(low.applied_semitones, -2);
  EXPECT_EQ(low.deleted_note_count, 0);
}

TEST(TransposeNoteSequence, AugmentWithDeletionDropsNotesBelowTheRange) {
  TransposeOptions options;
  options.min_allowed_pitch = 10;
  const auto result = transpose_note_sequence(stretch_note_sequence(augment_input(), 2), -15, options);
  NoteSequence expected = base_sequence();
  add_track(expected, 0, {{25, 45, 5., 7.}, {40, 120, 8.0, 8.02}, {37, 99, 9.5, 10.0}});
  expected.mutable_tempos(0)->set_qpm(30.);
  EXPECT_TRUE(ProtoEquals(expected, result.sequence));
  EXPECT_EQ(result.deleted_note_count, 2);
}

TEST(TransposeNoteSequence, AugmentWithoutStretchOnlyTransposes) {
  TransposeOptions options;
  options.min_allowed_pitch = 10;
  const auto result = transpose_note_sequence(stretch_note_sequence(augment_input(), 1), -15, options);
  NoteSequence expected = base_sequence();
  add_track(expected, 0, {{25, 45, 2.5, 3.50}, {40, 120, 4.0, 4.01}, {37, 99, 4.75, 5.0}});
  EXPECT_TRUE(ProtoEquals(expected, result.sequence));
}

TEST(TransposeNoteSequence, AugmentWithoutTranspositionOnlyStretches) {
  TransposeOptions options;
  options.min_allowed_pitch = 10;
  const auto result = transpose_note_sequence(stretch_note_sequence(augment_input(), 2), 0, options);
  NoteSequence expected = base_sequence();
  add_track(expected, 0,
            {{12, 100, 0.02, 20.0},
             {13, 55, 0.44, 1.0},
             {40, 45, 5., 7.},
             {55, 120, 8.0, 8.02},
             {52, 99, 9.5, 10.0}});
  expected.mutable_tempos(0)->set_qpm(30.);
  EXPECT_TRUE(ProtoEquals(expected, result.sequence));
}

TEST(TransposeNoteSequence, DrumsStayAndChordsAreRemovedWhenNotTransposed) {
  NoteSequence sequence = base_sequence();
  add_track(sequence, 0, {{60, 100, 0.0, 1.0}});
  add_track(sequence, 9, {{127, 100, 0.0, 2.0}}, /*is_drum=*/true);
  add_chords(sequence, {{"C", 0.0}});
  add_beats(sequence, {0.5});
  sequence.mutable_notes(0)->set_pitch_name(NoteSequence::C);
  TransposeOptions options;
  options.transpose_chords = false;
  const auto result = transpose_note_sequence(sequence, 5, options);
  ASSERT_EQ(result.sequence.notes_size(), 2);
  EXPECT_EQ(result.sequence.notes(0).pitch(), 65);
  EXPECT_EQ(result.sequence.notes(0).pitch_name(), NoteSequence::UNKNOWN_PITCH_NAME);
  EXPECT_EQ(result.sequence.notes(1).pitch(), 127);
  ASSERT_EQ(result.sequence.text_annotations_size(), 1);
  EXPECT_EQ(result.sequence.text_annotations(0).annotation_type(), TextAnnotation::BEAT);
  EXPECT_EQ(result.sequence.total_time(), 2.0);
}

TEST(TransposeNoteSequence, KeyWrapsDownwardLikePythonModulo) {
  NoteSequence sequence;
  sequence.add_key_signatures()->set_key(KeySignature::C);
  EXPECT_EQ(transpose_note_sequence(sequence, -1).sequence.key_signatures(0).key(), KeySignature::B);
  EXPECT_EQ(transpose_note_sequence(sequence, -25).sequence.key_signatures(0).key(), KeySignature::B);
}

TEST(TransposeNoteSequence, UnparseableChordThrowsChordSymbolCode) {
  NoteSequence sequence;
  add_chords(sequence, {{"H7", 0.0}});
  EXPECT_EQ(error_code_of([&] { transpose_note_sequence(sequence, 1); }), kCodeChordSymbol);
}

TEST(TransposeChordSymbol, NoteSeqChordSymbolsLibCasesGiveTheSameFigures) {
  EXPECT_EQ(transpose_chord_symbol("C", 2), "D");
  EXPECT_EQ(transpose_chord_symbol("Abm", -3), "Fm");
  EXPECT_EQ(transpose_chord_symbol("F#", 0), "F#");
  EXPECT_EQ(transpose_chord_symbol("Cbb", 6), "Fb");
  EXPECT_EQ(transpose_chord_symbol("C#", -5), "G#");
  EXPECT_EQ(transpose_chord_symbol("Co7", 7), "Go7");
  EXPECT_EQ(transpose_chord_symbol("D+", -3), "B+");
  EXPECT_EQ(transpose_chord_symbol("Fb9/Ab", 2), "Gb9/Bb");
  EXPECT_EQ(transpose_chord_symbol("A6/9", -7), "D6/9");
  EXPECT_EQ(transpose_chord_symbol("E7(add#9)", 0), "E7(add#9)");
}

TEST(TransposeChordSymbol, FiguresFromNoteSeqParserTestsParseAndKeepKindAndBass) {
  for (const char* figure :
       {"Am",    "D7b9",   "F/o",        "C-(M7)",         "E##13",   "G(add2)(#5)", "Dm9",       "E/G#",
        "Bsus2", "Abmaj7", "D##5(add6)", "F(b7)(#9)(b13)", "Bsus2/A", "Abm7/Cb",     "C#6/9/E#",  "G/o",
        "B13",   "E7#9",   "Fadd2/Eb",   "C6/9/Bb",        "Cbmmaj7", "A-(M7)",      "Faug(add2)"}) {
    EXPECT_EQ(transpose_chord_symbol(figure, 0), figure);
  }
  EXPECT_EQ(transpose_chord_symbol("E/G#", 1), "F/A");
  EXPECT_EQ(transpose_chord_symbol("C#6/9/E#", 2), "D#6/9/G");
}

TEST(TransposeChordSymbol, MalformedFiguresThrowChordSymbolCode) {
  for (const char* figure : {"", "c", "H", "C#b", "Cxyz", "C/", "C/H", "Cadd", "C(no)", "N.C."}) {
    EXPECT_EQ(error_code_of([&] { transpose_chord_symbol(figure, 1); }), kCodeChordSymbol) << figure;
  }
}

// --- stretch, shift, trim --------------------------------------------------------------------

TEST(StretchNoteSequence, FactorOneAndAHalfScalesTimesAndSlowsTempo) {
  NoteSequence sequence = base_sequence();
  NoteSequence expected = base_sequence();
  expected.mutable_tempos(0)->set_qpm(40);
  add_track(sequence, 0, {{12, 100, 0.0, 10.0}, {11, 55, 0.2, 0.5}, {40, 45, 2.5, 3.5}});
  add_track(expected, 0, {{12, 100, 0.0, 15.0}, {11, 55, 0.3, 0.75}, {40, 45, 3.75, 5.25}});
  add_chords(sequence, {{"B7", 0.5}, {"Em9", 2.0}});
  add_chords(expected, {{"B7", 0.75}, {"Em9", 3.0}});
  const NoteSequence before = sequence;
  EXPECT_TRUE(ProtoEquals(expected, stretch_note_sequence(sequence, 1.5)));
  EXPECT_TRUE(ProtoEquals(before, sequence));
}

TEST(StretchNoteSequence, QuantizedInputThrowsQuantizationStatus) {
  NoteSequence sequence = base_sequence();
  sequence.mutable_quantization_info()->set_steps_per_quarter(4);
  EXPECT_EQ(error_code_of([&] { stretch_note_sequence(sequence, 2); }), kCodeQuantizationStatus);
}

TEST(ShiftSequenceTimes, OneSecondMovesEveryEventAndTotalTime) {
  NoteSequence sequence = base_sequence();
  add_track(sequence, 0, kFiveNotes);
  add_chords(sequence, {{"C", 1.5}, {"G7", 3.0}, {"F", 4.8}});
  add_control_changes(sequence, 0, {{0.0, 64, 127}, {2.0, 64, 0}, {4.0, 64, 127}, {5.0, 64, 0}});
  add_control_changes(sequence, 1, {{2.0, 64, 127}});
  add_pitch_bends(sequence, 1, 1, {{2.0, 100}, {3.0, 0}});

  NoteSequence expected = base_sequence();
  add_track(expected, 0,
            {{12, 100, 1.01, 11.0},
             {11, 55, 1.22, 1.50},
             {40, 45, 3.50, 4.50},
             {55, 120, 5.0, 5.01},
             {52, 99, 5.75, 6.0}});
  add_chords(expected, {{"C", 2.5}, {"G7", 4.0}, {"F", 5.8}});
  add_control_changes(expected, 0, {{1.0, 64, 127}, {3.0, 64, 0}, {5.0, 64, 127}, {6.0, 64, 0}});
  add_control_changes(expected, 1, {{3.0, 64, 127}});
  add_pitch_bends(expected, 1, 1, {{3.0, 100}, {4.0, 0}});
  expected.mutable_time_signatures(0)->set_time(1);
  expected.mutable_tempos(0)->set_time(1);

  EXPECT_TRUE(ProtoEquals(expected, shift_sequence_times(sequence, 1.0)));
}

TEST(ShiftSequenceTimes, NonPositiveShiftIsAUsageError) {
  EXPECT_EQ(error_code_of([] { shift_sequence_times(base_sequence(), 0.0); }), kUsageKind);
}

TEST(TrimNoteSequence, KeepsNotesStartingInRangeAndCutsTotalTime) {
  NoteSequence sequence = base_sequence();
  add_track(sequence, 0, kFiveNotes);
  NoteSequence expected = base_sequence();
  add_track(expected, 0, {{40, 45, 2.50, 3.50}, {55, 120, 4.0, 4.01}});
  expected.set_total_time(4.75);
  EXPECT_TRUE(ProtoEquals(expected, trim_note_sequence(sequence, 2.5, 4.75)));
}

// --- concatenate, merge, redundancy ----------------------------------------------------------

TEST(ConcatenateSequences, SecondSequenceStartsAtTheFirstTotalTime) {
  NoteSequence sequence1 = base_sequence();
  add_track(sequence1, 0, {{60, 100, 0.0, 1.0}, {72, 100, 0.5, 1.5}});
  NoteSequence sequence2 = base_sequence();
  add_track(sequence2, 0, {{59, 100, 0.0, 1.0}, {71, 100, 0.5, 1.5}});
  NoteSequence expected = base_sequence();
  add_track(expected, 0,
            {{60, 100, 0.0, 1.0}, {72, 100, 0.5, 1.5}, {59, 100, 1.5, 2.5}, {71, 100, 2.0, 3.0}});
  const std::vector<NoteSequence> sequences = {sequence1, sequence2};
  EXPECT_TRUE(ProtoEquals(expected, concatenate_sequences(sequences)));
}

TEST(ConcatenateSequences, SpecifiedDurationsPlaceEachSequence) {
  NoteSequence sequence1 = base_sequence();
  add_track(sequence1, 0, {{60, 100, 0.0, 1.0}, {72, 100, 0.5, 1.5}});
  NoteSequence sequence2 = base_sequence();
  add_track(sequence2, 0, {{59, 100, 0.0, 1.0}});
  NoteSequence sequence3 = base_sequence();
  add_track(sequence3, 0, {{72, 100, 0.0, 1.0}, {73, 100, 0.5, 1.5}});
  NoteSequence expected = base_sequence();
  add_track(expected, 0,
            {{60, 100, 0.0, 1.0},
             {72, 100, 0.5, 1.5},
             {59, 100, 2.0, 3.0},
             {72, 100, 3.5, 4.5},
             {73, 100, 4.0, 5.0}});
  const std::vector<NoteSequence> sequences = {sequence1, sequence2, sequence3};
  const std::vector<double> durations = {2, 1.5, 2};
  EXPECT_TRUE(ProtoEquals(expected, concatenate_sequences(sequences, durations)));
}

TEST(ConcatenateSequences, DurationShorterThanTheSequenceIsAUsageError) {
  NoteSequence sequence = base_sequence();
  add_track(sequence, 0, {{60, 100, 0.0, 1.0}});
  const std::vector<NoteSequence> sequences = {sequence};
  const std::vector<double> durations = {0.5};
  EXPECT_EQ(error_code_of([&] { concatenate_sequences(sequences, durations); }), kUsageKind);
}

TEST(MergeSequences, NotesOverlayAndSubsequenceInfoIsCleared) {
  NoteSequence sequence1 = base_sequence();
  add_track(sequence1, 0, {{60, 100, 0.0, 1.0}, {72, 100, 0.5, 1.5}});
  sequence1.mutable_subsequence_info()->set_start_time_offset(3.0);
  NoteSequence sequence2 = base_sequence();
  add_track(sequence2, 0, {{59, 100, 0.25, 1.0}, {71, 100, 0.75, 1.5}});
  NoteSequence expected = base_sequence();
  add_track(expected, 0,
            {{60, 100, 0.0, 1.0}, {72, 100, 0.5, 1.5}, {59, 100, 0.25, 1.0}, {71, 100, 0.75, 1.5}});
  const std::vector<NoteSequence> sequences = {sequence1, sequence2};
  const NoteSequence merged = merge_sequences(sequences);
  EXPECT_TRUE(ProtoEquals(expected, merged));
  EXPECT_FALSE(merged.has_subsequence_info());
}

TEST(RemoveRedundantData, RepeatedTempoAndMetadataStringsAreDropped) {
  NoteSequence sequence = base_sequence();
  auto* redundant_tempo = sequence.add_tempos();
  *redundant_tempo = sequence.tempos(0);
  redundant_tempo->set_time(5.0);
  for (const char* composer : {"Foo", "Bar", "Foo", "Bar"})
    sequence.mutable_sequence_metadata()->add_composers(composer);
  sequence.mutable_sequence_metadata()->add_genre("Classical");
  sequence.mutable_sequence_metadata()->add_genre("Classical");
  NoteSequence expected = base_sequence();
  expected.mutable_sequence_metadata()->add_composers("Foo");
  expected.mutable_sequence_metadata()->add_composers("Bar");
  expected.mutable_sequence_metadata()->add_genre("Classical");
  EXPECT_TRUE(ProtoEquals(expected, remove_redundant_data(sequence)));
}

TEST(RemoveRedundantData, OutOfOrderTemposAreSortedBeforeComparing) {
  NoteSequence sequence = base_sequence();
  auto* meaningful = sequence.add_tempos();
  meaningful->set_time(5.0);
  meaningful->set_qpm(50);
  *sequence.add_tempos() = sequence.tempos(0);
  NoteSequence expected = base_sequence();
  auto* expected_meaningful = expected.add_tempos();
  expected_meaningful->set_time(5.0);
  expected_meaningful->set_qpm(50);
  EXPECT_TRUE(ProtoEquals(expected, remove_redundant_data(sequence)));
}

// --- sorting and total time --------------------------------------------------------------------

TEST(SortNotes, EqualStartsAreOrderedByPitchAndTiesKeepTheirOrder) {
  NoteSequence sequence;
  add_track(sequence, 0, {{64, 1, 1.0, 2.0}, {60, 2, 1.0, 2.0}, {60, 3, 1.0, 1.5}, {72, 4, 0.5, 1.0}});
  sort_notes(sequence);
  std::vector<int> velocities;
  for (const auto& n : sequence.notes()) velocities.push_back(n.velocity());
  EXPECT_EQ(velocities, (std::vector<int>{4, 2, 3, 1}));
}

TEST(SortEventsByTime, EveryTimedFieldIsSortedStably) {
  NoteSequence sequence = parse(
      "tempos { time: 2 qpm: 90 } tempos { time: 1 qpm: 80 } "
      "control_changes { time: 3 control_number: 1 } control_changes { time: 1 control_number: 2 } "
      "control_changes { time: 3 control_number: 3 } "
      "text_annotations { time: 1 text: 'b' } text_annotations { time: 0 text: 'a' }");
  sort_events_by_time(sequence);
  EXPECT_EQ(sequence.tempos(0).qpm(), 80);
  EXPECT_EQ(sequence.control_changes(0).control_number(), 2);
  EXPECT_EQ(sequence.control_changes(1).control_number(), 1);
  EXPECT_EQ(sequence.control_changes(2).control_number(), 3);
  EXPECT_EQ(sequence.text_annotations(0).text(), "a");
}

TEST(ComputeTotalTime, LatestNoteEndNotTheLastNote) {
  NoteSequence sequence;
  EXPECT_EQ(compute_total_time(sequence), 0.0);
  add_track(sequence, 0, {{60, 100, 0.0, 4.5}, {62, 100, 1.0, 2.0}});
  sequence.set_total_time(99);
  EXPECT_EQ(compute_total_time(sequence), 4.5);
}

}  // namespace
}  // namespace stochos::notesequence
