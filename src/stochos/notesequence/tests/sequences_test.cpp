// SPDX-License-Identifier: GPL-3.0-or-later
// Ports of note_seq sequences_lib_test.py (NS @ 35825508) with the same inputs and expected
// sequences, plus chord_symbols_lib_test.py's transposition cases. Expected protos are
// compared as note_seq's assertProtoEquals does: doubles rounded to 7 decimals, then exact.
#include "stochos/notesequence/sequences.h"

#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cmath>
#include <initializer_list>
#include <tuple>

#include "stochos/core/error.h"

namespace stochos::ns {
namespace {

using KeySignature = NoteSequence::KeySignature;
using TextAnnotation = NoteSequence::TextAnnotation;
using NoteSpec = std::tuple<int, int, double, double>;  // pitch, velocity, start, end

// --- testing_lib equivalents -------------------------------------------------------------

NoteSequence parse(const char* text) {
  NoteSequence s;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &s)) << text;
  return s;
}

// testing_lib.ProtoTestCase.setUp: 4/4 at 0, 60 qpm at 0.
NoteSequence base_sequence() {
  return parse("time_signatures: { numerator: 4 denominator: 4 } tempos: { qpm: 60 }");
}

void add_track(NoteSequence& s, int instrument, std::initializer_list<NoteSpec> notes, bool is_drum = false,
               int program = 0) {
  for (const auto& [pitch, velocity, start, end] : notes) {
    auto* n = s.add_notes();
    n->set_pitch(pitch);
    n->set_velocity(velocity);
    n->set_start_time(start);
    n->set_end_time(end);
    n->set_instrument(instrument);
    n->set_is_drum(is_drum);
    n->set_program(program);
    if (end > s.total_time()) s.set_total_time(end);
  }
}

void add_chords(NoteSequence& s, std::initializer_list<std::pair<const char*, double>> chords) {
  for (const auto& [figure, time] : chords) {
    auto* ta = s.add_text_annotations();
    ta->set_time(time);
    ta->set_text(figure);
    ta->set_annotation_type(TextAnnotation::CHORD_SYMBOL);
  }
}

void add_beats(NoteSequence& s, std::initializer_list<double> times) {
  for (double time : times) {
    auto* ta = s.add_text_annotations();
    ta->set_time(time);
    ta->set_annotation_type(TextAnnotation::BEAT);
  }
}

void add_control_changes(NoteSequence& s, int instrument,
                         std::initializer_list<std::tuple<double, int, int>> changes) {
  for (const auto& [time, number, value] : changes) {
    auto* cc = s.add_control_changes();
    cc->set_time(time);
    cc->set_control_number(number);
    cc->set_control_value(value);
    cc->set_instrument(instrument);
  }
}

void add_pitch_bends(NoteSequence& s, int instrument, int program,
                     std::initializer_list<std::pair<double, int>> bends) {
  for (const auto& [time, bend] : bends) {
    auto* pb = s.add_pitch_bends();
    pb->set_time(time);
    pb->set_bend(bend);
    pb->set_program(program);
    pb->set_instrument(instrument);
  }
}

void round_doubles(google::protobuf::Message& m) {
  const auto* reflection = m.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(m, &fields);
  auto round7 = [](double x) { return std::round(x * 1e7) / 1e7; };
  for (const auto* f : fields) {
    using FD = google::protobuf::FieldDescriptor;
    if (f->cpp_type() == FD::CPPTYPE_DOUBLE) {
      if (f->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(m, f); ++i) {
          reflection->SetRepeatedDouble(&m, f, i, round7(reflection->GetRepeatedDouble(m, f, i)));
        }
      } else {
        reflection->SetDouble(&m, f, round7(reflection->GetDouble(m, f)));
      }
    } else if (f->cpp_type() == FD::CPPTYPE_MESSAGE) {
      if (f->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(m, f); ++i)
          round_doubles(*reflection->MutableRepeatedMessage(&m, f, i));
      } else {
        round_doubles(*reflection->MutableMessage(&m, f));
      }
    }
  }
}

// note_seq ProtoTestCase.assertProtoEquals: field presence and order matter, doubles to 7 places.
::testing::AssertionResult ProtoEquals(const NoteSequence& expected, const NoteSequence& actual) {
  NoteSequence a = expected;
  NoteSequence b = actual;
  round_doubles(a);
  round_doubles(b);
  google::protobuf::util::MessageDifferencer differencer;
  std::string report;
  differencer.ReportDifferencesToString(&report);
  if (differencer.Compare(a, b)) return ::testing::AssertionSuccess();
  std::string a_text;
  std::string b_text;
  google::protobuf::TextFormat::PrintToString(expected, &a_text);
  google::protobuf::TextFormat::PrintToString(actual, &b_text);
  return ::testing::AssertionFailure() << report << "\nexpected:\n" << a_text << "\nactual:\n" << b_text;
}

template <typename F>
std::string error_code_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code().empty() ? "<kind " + std::to_string(static_cast<int>(e.kind())) + ">" : e.code();
  }
  return "<no error>";
}

const std::string kUsageKind = "<kind " + std::to_string(static_cast<int>(ErrorKind::kUsage)) + ">";

// The five-note track most note_seq tests start from.
constexpr std::initializer_list<NoteSpec> kFiveNotes = {{12, 100, 0.01, 10.0},
                                                        {11, 55, 0.22, 0.50},
                                                        {40, 45, 2.50, 3.50},
                                                        {55, 120, 4.0, 4.01},
                                                        {52, 99, 4.75, 5.0}};

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

// --- sustain ---------------------------------------------------------------------------------

TEST(ApplySustainControlChanges, PedalExtendsNotesOfItsInstrumentToTheRelease) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0,
                      {{0.0, 64, 127},
                       {0.75, 64, 0},
                       {2.0, 64, 127},
                       {3.0, 64, 0},
                       {3.75, 64, 127},
                       {4.5, 64, 127},
                       {4.8, 64, 0},
                       {4.9, 64, 127},
                       {6.0, 64, 0}});
  add_track(sequence, 1, {{12, 100, 0.01, 10.0}, {52, 99, 4.75, 5.0}});
  NoteSequence expected = sequence;
  add_track(sequence, 0, {{11, 55, 0.22, 0.50}, {40, 45, 2.50, 3.50}, {55, 120, 4.0, 4.01}});
  add_track(expected, 0, {{11, 55, 0.22, 0.75}, {40, 45, 2.50, 3.50}, {55, 120, 4.0, 4.8}});
  EXPECT_TRUE(ProtoEquals(expected, apply_sustain_control_changes(sequence)));
}

TEST(ApplySustainControlChanges, RepeatedPitchUnderPedalEndsThePreviousNote) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0, {{1.0, 64, 127}, {4.0, 64, 0}});
  NoteSequence expected = sequence;
  add_track(sequence, 0,
            {{60, 100, 0.25, 1.50},
             {60, 100, 1.25, 1.50},
             {72, 100, 2.00, 3.50},
             {60, 100, 2.0, 3.00},
             {60, 100, 3.50, 4.50}});
  add_track(expected, 0,
            {{60, 100, 0.25, 1.25},
             {60, 100, 1.25, 2.00},
             {72, 100, 2.00, 4.00},
             {60, 100, 2.0, 3.50},
             {60, 100, 3.50, 4.50}});
  EXPECT_TRUE(ProtoEquals(expected, apply_sustain_control_changes(sequence)));
}

TEST(ApplySustainControlChanges, OverlapsBeforeThePedalAreLeftAlone) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0, {{1.0, 64, 127}, {4.0, 64, 0}});
  NoteSequence expected = sequence;
  add_track(sequence, 0, {{60, 100, 0.25, 1.50}, {60, 100, .50, 1.50}, {60, 100, 1.25, 2.0}});
  add_track(expected, 0, {{60, 100, 0.25, 1.25}, {60, 100, 0.50, 1.25}, {60, 100, 1.25, 4.00}});
  EXPECT_TRUE(ProtoEquals(expected, apply_sustain_control_changes(sequence)));
}

TEST(ApplySustainControlChanges, SimultaneousPedalDownAndUpChangeNothing) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0, {{1.0, 64, 127}, {1.0, 64, 0}});
  add_track(sequence, 0, {{60, 100, 0.50, 1.50}, {60, 100, 2.0, 3.0}});
  EXPECT_TRUE(ProtoEquals(sequence, apply_sustain_control_changes(sequence)));
}

TEST(ApplySustainControlChanges, PedalPastTheLastNoteExtendsTotalTime) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0, {{1.0, 64, 127}, {4.0, 64, 0}});
  NoteSequence expected = sequence;
  add_track(sequence, 0, {{60, 100, 0.50, 1.50}, {72, 100, 2.0, 3.0}});
  add_track(expected, 0, {{60, 100, 0.50, 4.00}, {72, 100, 2.0, 4.0}});
  expected.set_total_time(4.0);
  EXPECT_TRUE(ProtoEquals(expected, apply_sustain_control_changes(sequence)));
}

TEST(ApplySustainControlChanges, PedalAfterTheNotesLeavesTotalTime) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0, {{4.0, 64, 127}, {5.0, 64, 0}});
  NoteSequence expected = sequence;
  add_track(sequence, 0, {{60, 100, 0.50, 1.50}, {72, 100, 2.0, 3.0}});
  add_track(expected, 0, {{60, 100, 0.50, 1.50}, {72, 100, 2.0, 3.0}});
  expected.set_total_time(3.0);
  EXPECT_TRUE(ProtoEquals(expected, apply_sustain_control_changes(sequence)));
}

TEST(ApplySustainControlChanges, IdenticalNotesUnderPedalKeepOnlyOne) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0, {{1.0, 64, 127}, {4.0, 64, 0}});
  NoteSequence expected = sequence;
  add_track(sequence, 0, {{60, 100, 2.00, 2.50}, {60, 100, 2.00, 2.50}});
  add_track(expected, 0, {{60, 100, 2.00, 4.00}});
  EXPECT_TRUE(ProtoEquals(expected, apply_sustain_control_changes(sequence)));
}

TEST(ApplySustainControlChanges, DrumNotesAreNotExtended) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0, {{1.0, 64, 127}, {4.0, 64, 0}});
  NoteSequence expected = sequence;
  add_track(sequence, 0, {{60, 100, 2.00, 2.50}});
  add_track(sequence, 0, {{38, 100, 2.00, 2.50}}, /*is_drum=*/true);
  add_track(expected, 0, {{60, 100, 2.00, 4.00}});
  add_track(expected, 0, {{38, 100, 2.0, 2.5}}, /*is_drum=*/true);
  EXPECT_TRUE(ProtoEquals(expected, apply_sustain_control_changes(sequence)));
}

TEST(ApplySustainControlChanges, PedalEventsAreProcessedBeforeNotesAtTheSameTime) {
  NoteSequence sequence = base_sequence();
  add_control_changes(sequence, 0, {{0.0, 64, 127}, {0.75, 64, 0}, {2.0, 64, 127}, {3.0, 64, 0}});
  NoteSequence expected = sequence;
  add_track(sequence, 0, {{11, 55, 0.22, 0.75}, {40, 45, 2.50, 3.50}});
  add_track(expected, 0, {{11, 55, 0.22, 0.75}, {40, 45, 2.50, 3.50}});
  EXPECT_TRUE(ProtoEquals(expected, apply_sustain_control_changes(sequence)));
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
}  // namespace stochos::ns
