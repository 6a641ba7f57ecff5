// SPDX-License-Identifier: GPL-3.0-or-later
// Ports of note_seq sequences_lib_test.py (NS @ 35825508) with the same inputs and expected
// sequences (subsequences and splits). Expected protos are compared as note_seq's assertProtoEquals
// does: doubles rounded to 7 decimals, then exact.
#include "stochos/notesequence/sequences.h"

#include <gtest/gtest.h>

#include "stochos/core/error.h"
#include "stochos/testing/note_seq_testing.h"

namespace stochos::notesequence {
namespace {

using namespace test_support;  // NOLINT(google-build-using-namespace)

// --- subsequences ----------------------------------------------------------------------------

TEST(ExtractSubsequence, ChordAndPedalStateBeforeStartAreCarriedToTimeZero) {
  NoteSequence sequence = base_sequence();
  add_track(sequence, 0, kFiveNotes);
  add_chords(sequence, {{"C", 1.5}, {"G7", 3.0}, {"F", 4.8}});
  add_control_changes(sequence, 0, {{0.0, 64, 127}, {2.0, 64, 0}, {4.0, 64, 127}, {5.0, 64, 0}});
  add_control_changes(sequence, 1, {{2.0, 64, 127}});
  NoteSequence expected = base_sequence();
  add_track(expected, 0, {{40, 45, 0.0, 1.0}, {55, 120, 1.5, 1.51}});
  add_chords(expected, {{"C", 0.0}, {"G7", 0.5}});
  add_control_changes(expected, 0, {{0.0, 64, 0}, {1.5, 64, 127}});
  add_control_changes(expected, 1, {{0.0, 64, 127}});
  expected.set_total_time(1.51);
  expected.mutable_subsequence_info()->set_start_time_offset(2.5);
  expected.mutable_subsequence_info()->set_end_time_offset(5.99);

  NoteSequence subsequence = extract_subsequence(sequence, 2.5, 4.75);
  auto& ccs = *subsequence.mutable_control_changes();
  std::stable_sort(ccs.pointer_begin(), ccs.pointer_end(), [](const auto* a, const auto* b) {
    return std::make_pair(a->instrument(), a->time()) < std::make_pair(b->instrument(), b->time());
  });
  EXPECT_TRUE(ProtoEquals(expected, subsequence));
}

TEST(ExtractSubsequence, CarriedPedalStateComesFirstInFirstSeenOrder) {
  NoteSequence sequence = base_sequence();
  add_track(sequence, 0, kFiveNotes);
  add_control_changes(sequence, 0, {{0.0, 64, 127}, {2.0, 64, 0}, {4.0, 64, 127}, {5.0, 64, 0}});
  add_control_changes(sequence, 1, {{2.0, 64, 127}});
  // Unsorted, as note_seq leaves it: state of (0, 64) then (1, 64), then the event at 4.0 s.
  const NoteSequence subsequence = extract_subsequence(sequence, 2.5, 4.75);
  ASSERT_EQ(subsequence.control_changes_size(), 3);
  EXPECT_EQ(subsequence.control_changes(0).instrument(), 0);
  EXPECT_EQ(subsequence.control_changes(0).control_value(), 0);
  EXPECT_EQ(subsequence.control_changes(1).instrument(), 1);
  EXPECT_EQ(subsequence.control_changes(2).time(), 1.5);
}

TEST(ExtractSubsequence, StartPastTheEndThrowsSubsequencePastEnd) {
  NoteSequence sequence = base_sequence();
  add_track(sequence, 0, kFiveNotes);
  add_chords(sequence, {{"C", 1.5}, {"G7", 3.0}, {"F", 18.0}});
  EXPECT_EQ(error_code_of([&] { extract_subsequence(sequence, 15.0, 16.0); }), kCodeSubsequencePastEnd);
}

TEST(ExtractSubsequence, SustainSostenutoAndUnaCordaStatesAreAllCarried) {
  NoteSequence sequence = base_sequence();
  add_track(sequence, 0, {{60, 80, 2.5, 5.0}});
  add_control_changes(sequence, 0, {{0.0, 64, 127}, {2.0, 64, 0}, {4.0, 64, 127}, {5.0, 64, 0}});
  add_control_changes(sequence, 1, {{2.0, 64, 127}});
  add_control_changes(sequence, 0, {{0.0, 66, 0}, {2.0, 66, 127}, {4.0, 66, 0}, {5.0, 66, 127}});
  add_control_changes(sequence, 0, {{0.0, 67, 10}, {2.0, 67, 20}, {4.0, 67, 30}, {5.0, 67, 40}});
  NoteSequence expected = base_sequence();
  add_track(expected, 0, {{60, 80, 0, 2.25}});
  add_control_changes(expected, 0, {{0.0, 64, 0}, {1.5, 64, 127}});
  add_control_changes(expected, 1, {{0.0, 64, 127}});
  add_control_changes(expected, 0, {{0.0, 66, 127}, {1.5, 66, 0}});
  add_control_changes(expected, 0, {{0.0, 67, 20}, {1.5, 67, 30}});
  auto by_instrument_number_time = [](const auto* a, const auto* b) {
    return std::make_tuple(a->instrument(), a->control_number(), a->time()) <
           std::make_tuple(b->instrument(), b->control_number(), b->time());
  };
  auto& eccs = *expected.mutable_control_changes();
  std::stable_sort(eccs.pointer_begin(), eccs.pointer_end(), by_instrument_number_time);
  expected.set_total_time(2.25);
  expected.mutable_subsequence_info()->set_start_time_offset(2.5);
  expected.mutable_subsequence_info()->set_end_time_offset(.25);

  NoteSequence subsequence = extract_subsequence(sequence, 2.5, 4.75);
  auto& ccs = *subsequence.mutable_control_changes();
  std::stable_sort(ccs.pointer_begin(), ccs.pointer_end(), by_instrument_number_time);
  EXPECT_TRUE(ProtoEquals(expected, subsequence));
}

TEST(ExtractSubsequences, UnsortedSplitTimesAreAUsageError) {
  NoteSequence sequence = base_sequence();
  add_track(sequence, 0, kFiveNotes);
  const double split[] = {2.0, 1.0, 3.0};
  EXPECT_EQ(error_code_of([&] { extract_subsequences(sequence, split); }), kUsageKind);
}

// The 4/4, 60 qpm header of the split tests.
constexpr const char* kSplitHeader = "time_signatures: { numerator: 4 denominator: 4 } tempos: { qpm: 60 }";

TEST(SplitNoteSequence, HopSizeThreeSecondsCutsNotesAtEveryHop) {
  NoteSequence sequence = parse(kSplitHeader);
  add_track(sequence, 0,
            {{12, 100, 0.01, 8.0},
             {11, 55, 0.22, 0.50},
             {40, 45, 2.50, 3.50},
             {55, 120, 4.0, 4.01},
             {52, 99, 4.75, 5.0}});
  add_chords(sequence, {{"C", 1.0}, {"G7", 2.0}, {"F", 4.0}});

  NoteSequence expected1 = parse(kSplitHeader);
  add_track(expected1, 0, {{12, 100, 0.01, 3.0}, {11, 55, 0.22, 0.50}, {40, 45, 2.50, 3.0}});
  add_chords(expected1, {{"C", 1.0}, {"G7", 2.0}});
  expected1.set_total_time(3.0);
  expected1.mutable_subsequence_info()->set_end_time_offset(5.0);
  NoteSequence expected2 = parse(kSplitHeader);
  add_track(expected2, 0, {{55, 120, 1.0, 1.01}, {52, 99, 1.75, 2.0}});
  add_chords(expected2, {{"G7", 0.0}, {"F", 1.0}});
  expected2.set_total_time(2.0);
  expected2.mutable_subsequence_info()->set_start_time_offset(3.0);
  expected2.mutable_subsequence_info()->set_end_time_offset(3.0);
  NoteSequence expected3 = parse(kSplitHeader);
  add_chords(expected3, {{"F", 0.0}});
  expected3.set_total_time(0.0);
  expected3.mutable_subsequence_info()->set_start_time_offset(6.0);
  expected3.mutable_subsequence_info()->set_end_time_offset(2.0);

  const auto pieces = split_note_sequence(sequence, 3.0);
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_TRUE(ProtoEquals(expected1, pieces[0]));
  EXPECT_TRUE(ProtoEquals(expected2, pieces[1]));
  EXPECT_TRUE(ProtoEquals(expected3, pieces[2]));
}

TEST(SplitNoteSequence, ExplicitTimesGiveAnEmptyMiddlePieceWithChordState) {
  NoteSequence sequence = parse(kSplitHeader);
  add_track(sequence, 0,
            {{12, 100, 0.01, 8.0},
             {11, 55, 0.22, 0.50},
             {40, 45, 2.50, 3.50},
             {55, 120, 4.0, 4.01},
             {52, 99, 4.75, 5.0}});
  add_chords(sequence, {{"C", 1.0}, {"G7", 2.0}, {"F", 4.0}});

  NoteSequence expected1 = parse(kSplitHeader);
  add_track(expected1, 0, {{12, 100, 0.01, 3.0}, {11, 55, 0.22, 0.50}, {40, 45, 2.50, 3.0}});
  add_chords(expected1, {{"C", 1.0}, {"G7", 2.0}});
  expected1.set_total_time(3.0);
  expected1.mutable_subsequence_info()->set_end_time_offset(5.0);
  NoteSequence expected2 = parse(kSplitHeader);
  add_chords(expected2, {{"G7", 0.0}});
  expected2.set_total_time(0.0);
  expected2.mutable_subsequence_info()->set_start_time_offset(3.0);
  expected2.mutable_subsequence_info()->set_end_time_offset(5.0);
  NoteSequence expected3 = parse(kSplitHeader);
  add_track(expected3, 0, {{55, 120, 0.0, 0.01}, {52, 99, 0.75, 1.0}});
  add_chords(expected3, {{"F", 0.0}});
  expected3.set_total_time(1.0);
  expected3.mutable_subsequence_info()->set_start_time_offset(4.0);
  expected3.mutable_subsequence_info()->set_end_time_offset(3.0);

  const auto pieces = split_note_sequence_at_times(sequence, {4.0, 3.0});
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_TRUE(ProtoEquals(expected1, pieces[0]));
  EXPECT_TRUE(ProtoEquals(expected2, pieces[1]));
  EXPECT_TRUE(ProtoEquals(expected3, pieces[2]));
}

TEST(SplitNoteSequence, SkipSplitsInsideNotesKeepsSustainedNotesWhole) {
  NoteSequence sequence = parse(kSplitHeader);
  add_track(sequence, 0,
            {{12, 100, 0.01, 3.0},
             {11, 55, 0.22, 0.50},
             {40, 45, 2.50, 3.50},
             {55, 120, 4.0, 4.01},
             {52, 99, 4.75, 5.0}});
  add_chords(sequence, {{"C", 0.0}, {"G7", 3.0}, {"F", 4.5}});

  NoteSequence expected1 = parse(kSplitHeader);
  add_track(expected1, 0, {{12, 100, 0.01, 3.0}, {11, 55, 0.22, 0.50}, {40, 45, 2.50, 3.50}});
  add_chords(expected1, {{"C", 0.0}, {"G7", 3.0}});
  expected1.set_total_time(3.50);
  expected1.mutable_subsequence_info()->set_end_time_offset(1.5);
  NoteSequence expected2 = parse(kSplitHeader);
  add_track(expected2, 0, {{55, 120, 0.0, 0.01}, {52, 99, 0.75, 1.0}});
  add_chords(expected2, {{"G7", 0.0}, {"F", 0.5}});
  expected2.set_total_time(1.0);
  expected2.mutable_subsequence_info()->set_start_time_offset(4.0);

  const auto pieces = split_note_sequence(sequence, 2.0, /*skip_splits_inside_notes=*/true);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_TRUE(ProtoEquals(expected1, pieces[0]));
  EXPECT_TRUE(ProtoEquals(expected2, pieces[1]));
}

TEST(SplitNoteSequence, BeatsAreCopiedWithoutCarryingState) {
  NoteSequence sequence = parse(kSplitHeader);
  add_track(sequence, 0,
            {{12, 100, 0.01, 8.0},
             {11, 55, 0.22, 0.50},
             {40, 45, 2.50, 3.50},
             {55, 120, 4.0, 4.01},
             {52, 99, 4.75, 5.0}});
  add_beats(sequence, {1.0, 2.0, 4.0});

  NoteSequence expected1 = parse(kSplitHeader);
  add_track(expected1, 0, {{12, 100, 0.01, 3.0}, {11, 55, 0.22, 0.50}, {40, 45, 2.50, 3.0}});
  add_beats(expected1, {1.0, 2.0});
  expected1.set_total_time(3.0);
  expected1.mutable_subsequence_info()->set_end_time_offset(5.0);
  NoteSequence expected2 = parse(kSplitHeader);
  expected2.set_total_time(0.0);
  expected2.mutable_subsequence_info()->set_start_time_offset(3.0);
  expected2.mutable_subsequence_info()->set_end_time_offset(5.0);
  NoteSequence expected3 = parse(kSplitHeader);
  add_track(expected3, 0, {{55, 120, 0.0, 0.01}, {52, 99, 0.75, 1.0}});
  add_beats(expected3, {0.0});
  expected3.set_total_time(1.0);
  expected3.mutable_subsequence_info()->set_start_time_offset(4.0);
  expected3.mutable_subsequence_info()->set_end_time_offset(3.0);

  const auto pieces = split_note_sequence_at_times(sequence, {3.0, 4.0});
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_TRUE(ProtoEquals(expected1, pieces[0]));
  EXPECT_TRUE(ProtoEquals(expected2, pieces[1]));
  EXPECT_TRUE(ProtoEquals(expected3, pieces[2]));
}

TEST(SplitNoteSequence, ZeroHopIsAUsageError) {
  EXPECT_EQ(error_code_of([] { split_note_sequence(base_sequence(), 0.0); }), kUsageKind);
}

TEST(SplitNoteSequenceOnTimeChanges, NoChangesGiveOnePieceEqualToTheInput) {
  NoteSequence sequence = base_sequence();
  add_track(sequence, 0, kFiveNotes);
  add_chords(sequence, {{"C", 1.5}, {"G7", 3.0}, {"F", 4.8}});
  NoteSequence expected = sequence;
  expected.mutable_subsequence_info()->set_start_time_offset(0.0);
  expected.mutable_subsequence_info()->set_end_time_offset(0.0);
  const auto pieces = split_note_sequence_on_time_changes(sequence);
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_TRUE(ProtoEquals(expected, pieces[0]));
}

TEST(SplitNoteSequenceOnTimeChanges, RepeatedTimeSignatureDoesNotSplit) {
  NoteSequence sequence = parse(
      "time_signatures: { numerator: 4 denominator: 4 } "
      "time_signatures: { time: 2.0 numerator: 4 denominator: 4 } tempos: { qpm: 60 }");
  add_track(sequence, 0, kFiveNotes);
  add_chords(sequence, {{"C", 1.5}, {"G7", 3.0}, {"F", 4.8}});
  NoteSequence expected = sequence;
  expected.mutable_subsequence_info()->set_start_time_offset(0.0);
  expected.mutable_subsequence_info()->set_end_time_offset(0.0);
  const auto pieces = split_note_sequence_on_time_changes(sequence);
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_TRUE(ProtoEquals(expected, pieces[0]));
}

TEST(SplitNoteSequenceOnTimeChanges, CoincidentSignatureAndTempoChangeSplitOnce) {
  NoteSequence sequence = parse(
      "time_signatures: { numerator: 4 denominator: 4 } "
      "time_signatures: { time: 2.0 numerator: 3 denominator: 4 } "
      "tempos: { qpm: 60 } tempos: { time: 2.0 qpm: 80 }");
  add_track(sequence, 0, kFiveNotes);
  add_chords(sequence, {{"C", 1.5}, {"G7", 3.0}, {"F", 4.8}});

  NoteSequence expected1 = parse(kSplitHeader);
  add_track(expected1, 0, {{12, 100, 0.01, 2.0}, {11, 55, 0.22, 0.50}});
  add_chords(expected1, {{"C", 1.5}});
  expected1.set_total_time(2.0);
  expected1.mutable_subsequence_info()->set_end_time_offset(8.0);
  NoteSequence expected2 = parse("time_signatures: { numerator: 3 denominator: 4 } tempos: { qpm: 80 }");
  add_track(expected2, 0, {{40, 45, 0.50, 1.50}, {55, 120, 2.0, 2.01}, {52, 99, 2.75, 3.0}});
  add_chords(expected2, {{"C", 0.0}, {"G7", 1.0}, {"F", 2.8}});
  expected2.set_total_time(3.0);
  expected2.mutable_subsequence_info()->set_start_time_offset(2.0);
  expected2.mutable_subsequence_info()->set_end_time_offset(5.0);

  const auto pieces = split_note_sequence_on_time_changes(sequence);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_TRUE(ProtoEquals(expected1, pieces[0]));
  EXPECT_TRUE(ProtoEquals(expected2, pieces[1]));
}

constexpr const char* kTwoChangesHeader =
    "time_signatures: { numerator: 4 denominator: 4 } "
    "time_signatures: { time: 2.0 numerator: 3 denominator: 4 } "
    "tempos: { qpm: 60 } tempos: { time: 4.25 qpm: 80 }";

TEST(SplitNoteSequenceOnTimeChanges, SkipSplitsInsideNotesSkipsTheSignatureChangeInsideANote) {
  NoteSequence sequence = parse(kTwoChangesHeader);
  add_track(sequence, 0,
            {{12, 100, 0.01, 3.0},
             {11, 55, 0.22, 0.50},
             {40, 45, 2.50, 3.50},
             {55, 120, 4.0, 4.01},
             {52, 99, 4.75, 5.0}});
  add_chords(sequence, {{"C", 1.5}, {"G7", 3.0}, {"F", 4.8}});

  NoteSequence expected1 = parse(
      "time_signatures: { numerator: 4 denominator: 4 } "
      "time_signatures: { time: 2.0 numerator: 3 denominator: 4 } tempos: { qpm: 60 }");
  add_track(expected1, 0,
            {{12, 100, 0.01, 3.0}, {11, 55, 0.22, 0.50}, {40, 45, 2.50, 3.50}, {55, 120, 4.0, 4.01}});
  add_chords(expected1, {{"C", 1.5}, {"G7", 3.0}});
  expected1.set_total_time(4.01);
  expected1.mutable_subsequence_info()->set_end_time_offset(0.99);
  NoteSequence expected2 = parse("time_signatures: { numerator: 3 denominator: 4 } tempos: { qpm: 80 }");
  add_track(expected2, 0, {{52, 99, 0.5, 0.75}});
  add_chords(expected2, {{"G7", 0.0}, {"F", 0.55}});
  expected2.set_total_time(0.75);
  expected2.mutable_subsequence_info()->set_start_time_offset(4.25);

  const auto pieces = split_note_sequence_on_time_changes(sequence, /*skip_splits_inside_notes=*/true);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_TRUE(ProtoEquals(expected1, pieces[0]));
  EXPECT_TRUE(ProtoEquals(expected2, pieces[1]));
}

TEST(SplitNoteSequenceOnTimeChanges, TwoChangesGiveThreePiecesWithTruncatedNotes) {
  NoteSequence sequence = parse(kTwoChangesHeader);
  add_track(sequence, 0, kFiveNotes);
  add_chords(sequence, {{"C", 1.5}, {"G7", 3.0}, {"F", 4.8}});

  NoteSequence expected1 = parse(kSplitHeader);
  add_track(expected1, 0, {{12, 100, 0.01, 2.0}, {11, 55, 0.22, 0.50}});
  add_chords(expected1, {{"C", 1.5}});
  expected1.set_total_time(2.0);
  expected1.mutable_subsequence_info()->set_end_time_offset(8.0);
  NoteSequence expected2 = parse("time_signatures: { numerator: 3 denominator: 4 } tempos: { qpm: 60 }");
  add_track(expected2, 0, {{40, 45, 0.50, 1.50}, {55, 120, 2.0, 2.01}});
  add_chords(expected2, {{"C", 0.0}, {"G7", 1.0}});
  expected2.set_total_time(2.01);
  expected2.mutable_subsequence_info()->set_start_time_offset(2.0);
  expected2.mutable_subsequence_info()->set_end_time_offset(5.99);
  NoteSequence expected3 = parse("time_signatures: { numerator: 3 denominator: 4 } tempos: { qpm: 80 }");
  add_track(expected3, 0, {{52, 99, 0.5, 0.75}});
  add_chords(expected3, {{"G7", 0.0}, {"F", 0.55}});
  expected3.set_total_time(0.75);
  expected3.mutable_subsequence_info()->set_start_time_offset(4.25);
  expected3.mutable_subsequence_info()->set_end_time_offset(5.0);

  const auto pieces = split_note_sequence_on_time_changes(sequence);
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_TRUE(ProtoEquals(expected1, pieces[0]));
  EXPECT_TRUE(ProtoEquals(expected2, pieces[1]));
  EXPECT_TRUE(ProtoEquals(expected3, pieces[2]));
}

TEST(SplitNoteSequenceOnSilence, HalfSecondGapsGiveThreePieces) {
  NoteSequence sequence;
  add_track(sequence, 0,
            {{12, 100, 0.01, 1.0},
             {11, 55, 0.22, 0.50},
             {40, 45, 2.50, 3.50},
             {55, 120, 4.0, 4.01},
             {52, 99, 4.75, 5.0}});
  NoteSequence expected1;
  add_track(expected1, 0, {{12, 100, 0.01, 1.0}, {11, 55, 0.22, 0.50}});
  expected1.set_total_time(1.0);
  expected1.mutable_subsequence_info()->set_end_time_offset(4.0);
  NoteSequence expected2;
  add_track(expected2, 0, {{40, 45, 0.0, 1.0}, {55, 120, 1.50, 1.51}});
  expected2.set_total_time(1.51);
  expected2.mutable_subsequence_info()->set_start_time_offset(2.50);
  expected2.mutable_subsequence_info()->set_end_time_offset(0.99);
  NoteSequence expected3;
  add_track(expected3, 0, {{52, 99, 0.0, 0.25}});
  expected3.set_total_time(0.25);
  expected3.mutable_subsequence_info()->set_start_time_offset(4.75);

  const auto pieces = split_note_sequence_on_silence(sequence, 0.5);
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_TRUE(ProtoEquals(expected1, pieces[0]));
  EXPECT_TRUE(ProtoEquals(expected2, pieces[1]));
  EXPECT_TRUE(ProtoEquals(expected3, pieces[2]));
}

TEST(SplitNoteSequenceOnSilence, InitialGapGivesAnEmptyFirstPiece) {
  NoteSequence sequence;
  add_track(sequence, 0, {{12, 100, 1.5, 2.0}, {11, 55, 1.5, 3.0}, {40, 45, 2.5, 3.5}});
  NoteSequence expected1;
  expected1.set_total_time(0.0);
  expected1.mutable_subsequence_info()->set_end_time_offset(3.5);
  NoteSequence expected2;
  add_track(expected2, 0, {{12, 100, 0.0, 0.5}, {11, 55, 0.0, 1.5}, {40, 45, 1.0, 2.0}});
  expected2.set_total_time(2.0);
  expected2.mutable_subsequence_info()->set_start_time_offset(1.5);

  const auto pieces = split_note_sequence_on_silence(sequence, 1.0);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_TRUE(ProtoEquals(expected1, pieces[0]));
  EXPECT_TRUE(ProtoEquals(expected2, pieces[1]));
}

}  // namespace
}  // namespace stochos::notesequence
