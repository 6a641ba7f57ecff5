// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/notesequence/text_dump.h"

#include <gmock/gmock.h>
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "stochos/notesequence/quantize.h"

namespace stochos::notesequence {
namespace {

using magenta::NoteSequence;
using ::testing::HasSubstr;
using ::testing::Not;

NoteSequence sample_sequence(int note_count) {
  NoteSequence s;
  s.set_id("/id/midi/abc");
  s.set_filename("song.mid");
  s.set_collection_name("fixtures");
  s.set_ticks_per_quarter(220);
  s.mutable_source_info()->set_encoding_type(NoteSequence::SourceInfo::MIDI);
  s.mutable_source_info()->set_parser(NoteSequence::SourceInfo::PRETTY_MIDI);
  s.add_tempos()->set_qpm(90);
  auto* ts = s.add_time_signatures();
  ts->set_numerator(3);
  ts->set_denominator(4);
  auto* ks = s.add_key_signatures();
  ks->set_key(NoteSequence::KeySignature::G);
  ks->set_mode(NoteSequence::KeySignature::MAJOR);
  auto* info = s.add_instrument_infos();
  info->set_instrument(1);
  info->set_name("Piano");
  for (int i = 0; i < note_count; ++i) {
    auto* n = s.add_notes();
    n->set_pitch(60 + i);
    n->set_velocity(80);
    n->set_start_time(0.25 * i);
    n->set_end_time(0.25 * i + 0.2);
    n->set_instrument(1);
    n->set_program(5);
    s.set_total_time(n->end_time());
  }
  return s;
}

TEST(ToTextProto, OutputParsesBackToTheSameMessage) {
  const NoteSequence s = sample_sequence(3);
  NoteSequence parsed;
  ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(to_text_proto(s), &parsed));
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(s, parsed));
  EXPECT_THAT(to_text_proto(s), HasSubstr("ticks_per_quarter: 220"));
}

TEST(ToSummaryText, HeaderNamesIdSourceTimingAndKey) {
  const std::string text = to_summary_text(sample_sequence(3));
  EXPECT_THAT(text, HasSubstr("id=\"/id/midi/abc\""));
  EXPECT_THAT(text, HasSubstr("filename=\"song.mid\""));
  EXPECT_THAT(text, HasSubstr("collection=\"fixtures\""));
  EXPECT_THAT(text, HasSubstr("ticks_per_quarter: 220"));
  EXPECT_THAT(text, HasSubstr("MIDI, PRETTY_MIDI"));
  EXPECT_THAT(text, HasSubstr("total_time: 0.7 s"));
  EXPECT_THAT(text, HasSubstr("quantization: none"));
  EXPECT_THAT(text, HasSubstr("0 s: 90 qpm"));
  EXPECT_THAT(text, HasSubstr("0 s: 3/4"));
  EXPECT_THAT(text, HasSubstr("0 s: G major"));
}

TEST(ToSummaryText, InstrumentLineCountsNotesAndShowsProgramAndName) {
  const std::string text = to_summary_text(sample_sequence(3));
  EXPECT_THAT(text, HasSubstr("instrument 1: 3 notes, program 5, name \"Piano\""));
}

TEST(ToSummaryText, NoteRowsShowPitchNameTimesAndNoStepsWhenUnquantized) {
  const std::string text = to_summary_text(sample_sequence(2));
  EXPECT_THAT(text, HasSubstr("60 C4"));
  EXPECT_THAT(text, HasSubstr("61 C#4"));
  EXPECT_THAT(text, HasSubstr("0.45"));
  EXPECT_THAT(text, Not(HasSubstr("steps\n")));
}

TEST(ToSummaryText, ManyNotesAreTruncatedWithACountOfTheRest) {
  const std::string text = to_summary_text(sample_sequence(10), 4);
  EXPECT_THAT(text, HasSubstr("63 D#4"));
  EXPECT_THAT(text, Not(HasSubstr("64 E4")));
  EXPECT_THAT(text, HasSubstr("... 6 more"));
}

TEST(ToSummaryText, QuantizedSequenceShowsStepsPerQuarterAndNoteSteps) {
  const NoteSequence q = quantize_note_sequence(sample_sequence(2), 4);
  const std::string text = to_summary_text(q);
  EXPECT_THAT(text, HasSubstr("quantization: 4 steps per quarter, 3 total steps"));
  EXPECT_THAT(text, HasSubstr("  2-3\n"));  // 0.25-0.45 s at 6 steps per second
}

TEST(ToSummaryText, QuotesAndNewlinesInNamesAreEscaped) {
  NoteSequence s = sample_sequence(1);
  s.set_filename("a\"b\nc.mid");
  EXPECT_THAT(to_summary_text(s), HasSubstr("filename=\"a\\\"b\\x0ac.mid\""));
}

TEST(PitchName, MiddleCIsC4AndTheMidiEndsAreCMinus1AndG9) {
  EXPECT_EQ(pitch_name(60), "C4");
  EXPECT_EQ(pitch_name(0), "C-1");
  EXPECT_EQ(pitch_name(127), "G9");
  EXPECT_EQ(pitch_name(-1), "B-2");
}

TEST(KeySignatureName, FlatsAndModesAreSpelledOut) {
  NoteSequence::KeySignature ks;
  ks.set_key(NoteSequence::KeySignature::E_FLAT);
  ks.set_mode(NoteSequence::KeySignature::MINOR);
  EXPECT_EQ(key_signature_name(ks), "Eb minor");
  ks.set_key(NoteSequence::KeySignature::D);
  ks.set_mode(NoteSequence::KeySignature::DORIAN);
  EXPECT_EQ(key_signature_name(ks), "D dorian");
}

}  // namespace
}  // namespace stochos::notesequence
