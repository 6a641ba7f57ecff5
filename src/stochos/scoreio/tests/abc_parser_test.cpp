// SPDX-License-Identifier: GPL-3.0-or-later
// note_seq abc_parser_test.py: the fixtures english.abc (against english1.mid) and
// zocharti_loch.abc, and the inline cases.
#include <gtest/gtest.h>

#include "stochos/notesequence/midi_conversion.h"
#include "stochos/scoreio/abc_parser.h"
#include "stochos/scoreio/section_groups.h"
#include "stochos/testing/note_seq_testing.h"
#include "stochos/testing/shared.h"

namespace stochos::scoreio {
namespace {

using magenta::NoteSequence;
using notesequence::test_support::parse;
using notesequence::test_support::ProtoEquals;

AbcTunebook book(const std::string& name) {
  return parse_abc_tunebook_file(stochos::testing::fixture("note_seq_testdata/" + name));
}

NoteSequence tune(const std::string& body) {
  AbcTunebook b = parse_abc_tunebook("X:1\n" + body);
  if (!b.exceptions.empty()) ADD_FAILURE() << b.exceptions.front().what();
  EXPECT_EQ(b.tunes.size(), 1u);
  return b.tunes.empty() ? NoteSequence{} : b.tunes.begin()->second;
}

std::string failure(const std::string& body) {
  AbcTunebook b = parse_abc_tunebook("X:1\n" + body);
  return b.exceptions.empty() ? "<none>" : b.exceptions.front().code();
}

TEST(AbcParser, EnglishGivesOneTuneAndTwoExceptionsInOrder) {
  const AbcTunebook b = book("english.abc");
  ASSERT_EQ(b.tunes.size(), 1u);
  ASSERT_EQ(b.tunes.count(1), 1u);
  ASSERT_EQ(b.exceptions.size(), 2u);
  EXPECT_EQ(b.exceptions[0].code(), kCodeVariantEnding);
  EXPECT_EQ(b.exceptions[1].code(), kCodePart);
  EXPECT_TRUE(b.exceptions[0].where().line.has_value());
}

TEST(AbcParser, EnglishTuneOneHasNoteSeqsMetadataAndSections) {
  const NoteSequence s = book("english.abc").tunes.at(1);
  EXPECT_EQ(s.reference_number(), 1);
  EXPECT_EQ(s.sequence_metadata().title(), "Dusty Miller, The; Binny's Jig");
  EXPECT_EQ(s.sequence_metadata().artist(), "Trad.");
  ASSERT_EQ(s.sequence_metadata().composers_size(), 1);
  EXPECT_EQ(s.tempos_size(), 0);
  ASSERT_EQ(s.key_signatures_size(), 1);
  EXPECT_EQ(s.key_signatures(0).key(), NoteSequence::KeySignature::G);
  EXPECT_EQ(s.ticks_per_quarter(), 220);
  EXPECT_EQ(s.source_info().encoding_type(), NoteSequence::SourceInfo::ABC);
  EXPECT_EQ(s.source_info().parser(), NoteSequence::SourceInfo::MAGENTA_ABC);
  EXPECT_EQ(s.notes_size(), 74);
  EXPECT_DOUBLE_EQ(s.total_time(), 18.0);
  NoteSequence expected;
  for (int i = 0; i < 3; ++i) {
    auto* sa = expected.add_section_annotations();
    sa->set_time(6.0 * i);
    sa->set_section_id(i);
    auto* sg = expected.add_section_groups();
    sg->add_sections()->set_section_id(i);
    sg->set_num_times(2);
  }
  NoteSequence got;
  *got.mutable_section_annotations() = s.section_annotations();
  *got.mutable_section_groups() = s.section_groups();
  EXPECT_TRUE(ProtoEquals(expected, got));
  EXPECT_EQ(s.notes(0).pitch(), 71);
  EXPECT_DOUBLE_EQ(s.notes(0).end_time(), 0.375);
  EXPECT_DOUBLE_EQ(s.notes(1).start_time(), 0.375);
  EXPECT_DOUBLE_EQ(s.notes(2).end_time(), 0.75);
}

TEST(AbcParser, EnglishTuneOneExpandedEqualsAbc2midisEnglish1) {
  const NoteSequence expanded = expand_section_groups(book("english.abc").tunes.at(1));
  NoteSequence midi = notesequence::midi_file_to_note_sequence(stochos::testing::fixture("note_seq_testdata/english1.mid"));
  const double tick_seconds = (1 / (midi.tempos(0).qpm() / 60)) / midi.ticks_per_quarter();
  for (auto& n : *midi.mutable_notes()) {
    n.set_velocity(90);
    n.set_start_time(n.start_time() - tick_seconds);
  }
  ASSERT_EQ(expanded.notes_size(), 148);
  ASSERT_EQ(midi.notes_size(), expanded.notes_size());
  for (int i = 0; i < midi.notes_size(); ++i) {
    NoteSequence a;
    NoteSequence b;
    *a.add_notes() = midi.notes(i);
    *b.add_notes() = expanded.notes(i);
    ASSERT_TRUE(ProtoEquals(a, b)) << "note " << i;
  }
  EXPECT_EQ(midi.total_time(), expanded.total_time());
  ASSERT_EQ(midi.time_signatures_size(), expanded.time_signatures_size());
  for (int i = 0; i < midi.time_signatures_size(); ++i) {
    NoteSequence a;
    NoteSequence b;
    *a.add_time_signatures() = midi.time_signatures(i);
    *b.add_time_signatures() = expanded.time_signatures(i);
    EXPECT_TRUE(ProtoEquals(a, b));
  }
  const double times[] = {0, 6, 12, 18, 24, 30};
  const int ids[] = {0, 0, 1, 1, 2, 2};
  ASSERT_EQ(expanded.section_annotations_size(), 6);
  for (int i = 0; i < 6; ++i) {
    EXPECT_DOUBLE_EQ(expanded.section_annotations(i).time(), times[i]);
    EXPECT_EQ(expanded.section_annotations(i).section_id(), ids[i]);
  }
}

TEST(AbcParser, ZochartiLochIsAMultiVoiceError) {
  const AbcTunebook b = book("zocharti_loch.abc");
  EXPECT_TRUE(b.tunes.empty());
  ASSERT_EQ(b.exceptions.size(), 1u);
  EXPECT_EQ(b.exceptions[0].code(), kCodeMultiVoice);
}

TEST(AbcParser, OctavesAndLengths) {
  const NoteSequence s = tune("L:1/8\nK:C\nCC,',C,C'c");
  const int pitches[] = {60, 48, 48, 72, 72};
  ASSERT_EQ(s.notes_size(), 5);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(s.notes(i).pitch(), pitches[i]);
    EXPECT_DOUBLE_EQ(s.notes(i).end_time() - s.notes(i).start_time(), 0.25);
  }
  const NoteSequence l = tune("L:1/4\nK:C\nCC/C//C///C////");
  const double lengths[] = {0.5, 0.25, 0.125, 0.0625, 0.03125};
  for (int i = 0; i < 5; ++i) EXPECT_DOUBLE_EQ(l.notes(i).end_time() - l.notes(i).start_time(), lengths[i]);
}

double qpm_of(const std::string& header) {
  const NoteSequence s = tune(header + "\nK:C\nC");
  return s.tempos_size() == 0 ? -1 : s.tempos(0).qpm();
}

TEST(AbcParser, TempoFieldRules) {
  EXPECT_EQ(qpm_of("L:1/4\nQ:60"), 60);
  EXPECT_EQ(qpm_of("L:1/4\nQ:C=100"), 100);
  EXPECT_EQ(qpm_of("Q:1/2=120"), 240);
  EXPECT_EQ(qpm_of("Q:1/4 3/8 1/4 3/8=40"), 200);
  EXPECT_EQ(qpm_of("Q:5/4=40"), 200);
  EXPECT_EQ(qpm_of("Q:\"Allegro\" 1/4=120"), 120);
  EXPECT_EQ(qpm_of("Q:1/4=120 \"Allegro\""), 120);
  EXPECT_EQ(qpm_of("Q:3/8=50 \"Slowly\""), 75);
  EXPECT_EQ(qpm_of("Q:\"Andante\""), -1);
  EXPECT_EQ(qpm_of("Q:100\nM:2/4"), 25);
  EXPECT_EQ(qpm_of("Q:100\nL:1/4"), 100);
}

TEST(AbcParser, BrokenRhythmEqualsWrittenLengths) {
  const auto times = [](const NoteSequence& s) {
    std::vector<std::pair<double, double>> out;
    for (const auto& n : s.notes()) out.emplace_back(n.start_time(), n.end_time());
    return out;
  };
  const auto a = times(tune("K:C\nB>cd B<cd"));
  EXPECT_EQ(a, times(tune("K:C\nB3/2c/2d B/2c3/2d")));
  EXPECT_EQ(a, times(tune("K:C\nB3/c/d B/c3/d")));
}

TEST(AbcParser, AccidentalsHoldForTheLetterUntilTheBar) {
  const NoteSequence s = tune("K:C\nGF^GGg|Gg");
  const int pitches[] = {67, 65, 68, 68, 80, 67, 79};
  ASSERT_EQ(s.notes_size(), 7);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(s.notes(i).pitch(), pitches[i]);
}

TEST(AbcParser, KeyModesAreKept) {
  const NoteSequence s = tune("K:Em\nE");
  EXPECT_EQ(s.key_signatures(0).key(), NoteSequence::KeySignature::E);
  EXPECT_EQ(s.key_signatures(0).mode(), NoteSequence::KeySignature::MINOR);
  const NoteSequence d = tune("K:D mix\nf");
  EXPECT_EQ(d.key_signatures(0).mode(), NoteSequence::KeySignature::MIXOLYDIAN);
  EXPECT_EQ(d.notes(0).pitch(), 78);  // F sharp in D mixolydian
}

TEST(AbcParser, DecorationsSlursTiesAndContinuations) {
  EXPECT_EQ(tune("K:C\n.A~AHALAMAOAPASATAuAvA").notes_size(), 11);
  EXPECT_EQ(tune("K:C\n(AB) (CD) (EF(GA)) BC DE").notes_size(), 12);
  EXPECT_EQ(tune("K:C\nabc-|cba c4-c4 C.-C").notes_size(), 10);
  EXPECT_EQ(tune("K:C\nabcdefg abcdefg \\\nabcdefg abcde").notes_size(), 26);
}

TEST(AbcParser, AnnotationsAreChordSymbolsWhenTheyStartWithANote) {
  const NoteSequence s = tune("K:C\n\"G\"G\"\"D");
  ASSERT_EQ(s.text_annotations_size(), 2);
  EXPECT_EQ(s.text_annotations(0).annotation_type(), NoteSequence::TextAnnotation::CHORD_SYMBOL);
  EXPECT_EQ(s.text_annotations(0).text(), "G");
  EXPECT_EQ(s.text_annotations(1).annotation_type(), NoteSequence::TextAnnotation::UNKNOWN);
  EXPECT_EQ(s.text_annotations(1).text(), "");
}

TEST(AbcParser, RefusedConstructsGiveNoteSeqsErrorClasses) {
  EXPECT_EQ(failure("K:C\ninvalid notes!"), kCodeInvalidCharacter);
  EXPECT_EQ(failure("K:C\n[CEG]"), kCodeChord);
  EXPECT_EQ(failure("K:C\n(3abc"), kCodeTuplet);
  EXPECT_EQ(failure("K:C\nab|[1 cd:|[2 ef|]"), kCodeVariantEnding);
  EXPECT_EQ(failure("P:A\nK:C\nab"), kCodePart);
  EXPECT_EQ(failure("K:C\nV:1\nab"), kCodeMultiVoice);
  EXPECT_EQ(failure("K:C\nabz"), kCodeInvalidCharacter);
  EXPECT_EQ(failure("K:C\n^^C"), kCodeAbcParse);
}

TEST(AbcParser, RestsAdvanceTimeOnlyWhenAllowed) {
  AbcReadOptions options;
  options.allow_rests = true;
  const AbcTunebook b = parse_abc_tunebook("X:1\nL:1/4\nK:C\nCz2D", "inline", options);
  ASSERT_EQ(b.tunes.size(), 1u);
  const auto& s = b.tunes.at(1);
  ASSERT_EQ(s.notes_size(), 2);
  EXPECT_DOUBLE_EQ(s.notes(1).start_time(), 1.5);
}

// abc_parser_test.testRepeats: ten spellings, seven tunes and three RepeatParseErrors.
TEST(AbcParser, RepeatVariantsGiveSevenTunesAndThreeRepeatErrors) {
  const char* bodies[] = {"Bcd ::[]|[]:: Bcd ::|",     "Bcd :::: Bcd ::|",          "|::Bcd ::|:: Bcd ::|",
                          "|::Bcd ::|: Bcd ::|",       "|:: Bcd ::|: Bcd |",        "|:: Bcd ::| Bcd :|",
                          "|:: Bcd ::| Bcd || Bcd :|", "|| Bcd ::| Bcd || Bcd :|",  "|:: B || cd ::| Bcd || |: Bcd :|",
                          ":| Bcd |:: Bcd ::|"};
  std::string text;
  for (int i = 0; i < 10; ++i) {
    text += "X:" + std::to_string(i + 1) + "\nQ:1/4=120\nL:1/4\nT:Test\n" + bodies[i] + "\n\n";
  }
  const AbcTunebook b = parse_abc_tunebook(text);
  EXPECT_EQ(b.tunes.size(), 7u);
  ASSERT_EQ(b.exceptions.size(), 3u);
  for (const auto& e : b.exceptions) EXPECT_EQ(e.code(), kCodeRepeatParse);
  NoteSequence expected1 = parse(R"pb(
    ticks_per_quarter: 220
    source_info { source_type: SCORE_BASED encoding_type: ABC parser: MAGENTA_ABC }
    reference_number: 1
    sequence_metadata { title: "Test" }
    tempos { qpm: 120 }
    notes { pitch: 71 velocity: 90 start_time: 0.0 end_time: 0.5 }
    notes { pitch: 72 velocity: 90 start_time: 0.5 end_time: 1.0 }
    notes { pitch: 74 velocity: 90 start_time: 1.0 end_time: 1.5 }
    notes { pitch: 71 velocity: 90 start_time: 1.5 end_time: 2.0 }
    notes { pitch: 72 velocity: 90 start_time: 2.0 end_time: 2.5 }
    notes { pitch: 74 velocity: 90 start_time: 2.5 end_time: 3.0 }
    section_annotations { time: 0 section_id: 0 }
    section_annotations { time: 1.5 section_id: 1 }
    section_groups { sections { section_id: 0 } num_times: 3 }
    section_groups { sections { section_id: 1 } num_times: 3 }
    total_time: 3.0
  )pb");
  EXPECT_TRUE(ProtoEquals(expected1, b.tunes.at(1)));
  for (int x : {2, 3}) {
    NoteSequence e = expected1;
    e.set_reference_number(x);
    EXPECT_TRUE(ProtoEquals(e, b.tunes.at(x))) << x;
  }
  NoteSequence e6 = expected1;
  e6.set_reference_number(6);
  e6.mutable_section_groups(1)->set_num_times(2);
  EXPECT_TRUE(ProtoEquals(e6, b.tunes.at(6)));
  const NoteSequence& t7 = b.tunes.at(7);
  ASSERT_EQ(t7.section_annotations_size(), 3);
  EXPECT_DOUBLE_EQ(t7.section_annotations(2).time(), 3.0);
  EXPECT_EQ(expand_section_groups(b.tunes.at(1)).notes_size(), 18);
}

TEST(AbcParser, DuplicateReferenceNumberFailsTheBook) {
  EXPECT_EQ(notesequence::test_support::error_code_of([] { parse_abc_tunebook("X:1\nK:C\nA\n\nX:1\nK:C\nB\n"); }),
            kCodeDuplicateReferenceNumber);
}

TEST(AbcParser, ErrorsNameFileLineAndColumn) {
  const AbcTunebook b = parse_abc_tunebook("X:1\nK:C\nab cd e!f\n", "song.abc");
  ASSERT_EQ(b.exceptions.size(), 1u);
  EXPECT_EQ(b.exceptions[0].where().line, 3u);
  EXPECT_EQ(b.exceptions[0].where().column, 8u);
  EXPECT_NE(std::string(b.exceptions[0].what()).find("song.abc:"), std::string::npos) << b.exceptions[0].what();
}

}  // namespace
}  // namespace stochos::scoreio
