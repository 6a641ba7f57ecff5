// SPDX-License-Identifier: GPL-3.0-or-later
// note_seq musicxml_parser_test.py on the note_seq testdata fixtures, plus its inline cases.
#include <gtest/gtest.h>

#include <algorithm>

#include "stochos/scoreio/musicxml_reader.h"
#include "stochos/scoreio/score_file.h"
#include "stochos/testing/note_seq_testing.h"
#include "stochos/testing/shared.h"

namespace stochos::scoreio {
namespace {

using magenta::NoteSequence;
using notesequence::test_support::error_code_of;
using notesequence::test_support::parse;
using notesequence::test_support::ProtoEquals;

NoteSequence read(const std::string& name) {
  return read_musicxml_file(stochos::testing::fixture("note_seq_testdata/" + name));
}

NoteSequence read_xml(const std::string& xml) { return musicxml_to_note_sequence(xml, "inline.xml"); }

// check_fmajor_scale: the whole expected proto of flute_scale (and its .mxl twins).
NoteSequence fmajor_scale(const std::string& part_name) {
  NoteSequence expected = parse(R"pb(
    ticks_per_quarter: 220
    source_info { source_type: SCORE_BASED encoding_type: MUSIC_XML parser: MAGENTA_MUSIC_XML }
    time_signatures { numerator: 4 denominator: 4 }
    key_signatures { key: F time: 0 }
    tempos { qpm: 120 }
    total_time: 4.0
  )pb");
  expected.add_part_infos()->set_name(part_name);
  const int pitches[] = {65, 67, 69, 70, 72, 74, 76, 77};
  for (int k = 0; k < 8; ++k) {
    auto* n = expected.add_notes();
    n->set_pitch(pitches[k]);
    n->set_velocity(64);
    n->set_start_time(k * 0.5);
    n->set_end_time(k * 0.5 + 0.5);
    n->set_numerator(1);
    n->set_denominator(4);
    n->set_voice(1);
  }
  return expected;
}

TEST(MusicXmlReader, FluteScaleGivesTheWholeExpectedProto) {
  EXPECT_TRUE(ProtoEquals(fmajor_scale("Flute"), read("flute_scale.xml")));
}

TEST(MusicXmlReader, CompressedFluteScaleWithoutMediaTypeEqualsTheXml) {
  EXPECT_TRUE(ProtoEquals(fmajor_scale("Flute"), read("flute_scale.mxl")));
}

TEST(MusicXmlReader, CompressedFluteScaleSkipsThePngRootfile) {
  EXPECT_TRUE(ProtoEquals(fmajor_scale("Flute"), read("flute_scale_with_png.mxl")));
}

TEST(MusicXmlReader, UnicodeEntryNameWithoutUtf8FlagIsFound) {
  const NoteSequence s = read("unicode_filename.mxl");
  ASSERT_EQ(s.notes_size(), 8);
  const int pitches[] = {60, 62, 64, 65, 67, 69, 71, 72};
  for (int k = 0; k < 8; ++k) {
    EXPECT_EQ(s.notes(k).pitch(), pitches[k]);
    EXPECT_EQ(s.notes(k).instrument(), 1);
    EXPECT_EQ(s.notes(k).program(), 1);
    EXPECT_DOUBLE_EQ(s.notes(k).start_time(), k * 0.5);
  }
  EXPECT_EQ(s.part_infos(0).name(), "Piano");
  EXPECT_EQ(s.sequence_metadata().title(), "\xC3\x8E\xC3\xB1\xC5\xA3\xC3\xA9r\xC3\xB1\xC3\xA5\xC5\xA3\xC3\xAE\xC3\xB6\xC3\xB1\xC3\xA5\xC4\xBC\xC3\xAE\xC5\xBE\xC3\xA5\xC5\xA3\xC3\xAE\xE1\xBB\x9D\xC3\xB1");
  EXPECT_DOUBLE_EQ(s.total_time(), 4.0);
}

TEST(MusicXmlReader, TransposedClarinetSoundsLikeTheFlute) {
  EXPECT_TRUE(ProtoEquals(fmajor_scale("Clarinet in Bb"), read("clarinet_scale.xml")));
}

TEST(MusicXmlReader, AtonalTranspositionChangeGivesTheWholeExpectedProto) {
  NoteSequence expected = parse(R"pb(
    ticks_per_quarter: 220
    source_info { source_type: SCORE_BASED encoding_type: MUSIC_XML parser: MAGENTA_MUSIC_XML }
    time_signatures { numerator: 4 denominator: 4 }
    key_signatures { key: C time: 0 }
    tempos { qpm: 120 }
    part_infos { name: "Flute" }
    total_time: 4.0
  )pb");
  const int pitches[] = {72, 74, 76, 77, 79, 77, 76, 74};
  for (int k = 0; k < 8; ++k) {
    auto* n = expected.add_notes();
    n->set_pitch(pitches[k]);
    n->set_velocity(64);
    n->set_start_time(k * 0.5);
    n->set_end_time(k * 0.5 + 0.5);
    n->set_numerator(1);
    n->set_denominator(4);
    n->set_voice(1);
  }
  EXPECT_TRUE(ProtoEquals(expected, read("atonal_transposition_change.xml")));
}

TEST(MusicXmlReader, RhythmDurationsHaveTheWrittenNoteValues) {
  const NoteSequence s = read("rhythm_durations.xml");
  ASSERT_EQ(s.notes_size(), 44);
  const std::vector<std::pair<int, int>> values = {
      {3, 2}, {1, 1}, {1, 2}, {3, 4}, {1, 4}, {1, 8}, {1, 8}, {1, 16}, {1, 16}, {1, 32}, {1, 32}, {1, 32},
      {1, 32}, {1, 3}, {1, 3}, {1, 3}, {1, 6}, {1, 6}, {1, 6}, {1, 12}, {1, 12}, {1, 12}, {1, 24}, {1, 24},
      {1, 24}, {1, 24}, {1, 24}, {1, 24}, {1, 28}, {1, 28}, {1, 28}, {1, 28}, {1, 28}, {1, 28}, {1, 28},
      {7, 16}, {1, 16}, {1, 4}, {15, 32}, {1, 32}, {1, 4}, {1, 4}, {1, 12}, {1, 6}};
  for (int k = 0; k < 44; ++k) {
    EXPECT_EQ(s.notes(k).pitch(), 69);
    EXPECT_EQ(std::make_pair(s.notes(k).numerator(), s.notes(k).denominator()), values[static_cast<std::size_t>(k)])
        << "note " << k;
  }
  EXPECT_DOUBLE_EQ(s.notes(13).end_time() - s.notes(13).start_time(), 0.666015625);
  EXPECT_DOUBLE_EQ(s.notes(15).end_time() - s.notes(15).start_time(), 0.66796875);
  ASSERT_EQ(s.time_signatures_size(), 1);
  EXPECT_EQ(s.time_signatures(0).numerator(), 6);
  EXPECT_EQ(s.part_infos(0).name(), " ");
  EXPECT_DOUBLE_EQ(s.total_time(), 18.0);
}

TEST(MusicXmlReader, StAnneGivesSixSignaturesAndTheVoicesAsWritten) {
  NoteSequence s = read("st_anne.xml");
  ASSERT_EQ(s.notes_size(), 112);
  ASSERT_EQ(s.part_infos_size(), 2);
  EXPECT_EQ(s.part_infos(0).name(), "Harpsichord");
  EXPECT_EQ(s.part_infos(1).name(), "Piano");
  const std::vector<std::tuple<double, int, int>> ts = {{0, 1, 4},   {0.5, 4, 4}, {6.5, 3, 4},
                                                        {8.0, 1, 4}, {8.5, 4, 4}, {14.5, 3, 4}};
  ASSERT_EQ(s.time_signatures_size(), 6);
  for (int i = 0; i < 6; ++i) {
    EXPECT_DOUBLE_EQ(s.time_signatures(i).time(), std::get<0>(ts[static_cast<std::size_t>(i)]));
    EXPECT_EQ(s.time_signatures(i).numerator(), std::get<1>(ts[static_cast<std::size_t>(i)]));
    EXPECT_EQ(s.time_signatures(i).denominator(), std::get<2>(ts[static_cast<std::size_t>(i)]));
  }
  EXPECT_EQ(s.key_signatures_size(), 1);
  EXPECT_DOUBLE_EQ(s.total_time(), 16.0);
  auto notes = std::vector<NoteSequence::Note>(s.notes().begin(), s.notes().end());
  std::stable_sort(notes.begin(), notes.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(a.part(), a.voice(), a.start_time()) < std::make_tuple(b.part(), b.voice(), b.start_time());
  });
  const int first[] = {67, 60, 52, 48};
  const int last[] = {72, 64, 55, 48};
  for (int v = 0; v < 4; ++v) {
    const auto& f = notes[static_cast<std::size_t>(v * 28)];
    const auto& l = notes[static_cast<std::size_t>(v * 28 + 27)];
    EXPECT_EQ(f.pitch(), first[v]);
    EXPECT_EQ(l.pitch(), last[v]);
    EXPECT_DOUBLE_EQ(l.end_time() - l.start_time(), 1.5);
    EXPECT_EQ(f.part(), v / 2);
    EXPECT_EQ(f.voice(), v % 2 + 1);
    EXPECT_EQ(f.instrument(), v < 2 ? 1 : 2);
    EXPECT_EQ(f.program(), v < 2 ? 7 : 1);
  }
  for (const auto& n : notes) {
    const double d = n.end_time() - n.start_time();
    if (d == 0.5) { EXPECT_EQ(n.denominator(), 4); }
    if (d == 0.75) {
      EXPECT_EQ(std::make_pair(n.numerator(), n.denominator()), std::make_pair(3, 8));
    }
  }
}

TEST(MusicXmlReader, ChordSymbolsAreTextAnnotationsAtTheirTimes) {
  const NoteSequence s = read("chord_symbols.xml");
  const std::vector<std::pair<double, std::string>> expected = {
      {0.0, "N.C."},   {2.0, "Cmaj7"},   {6.0, "F6(add9)"},      {8.0, "F#dim7/A"},
      {10.0, "Bm7b5"}, {12.0, "E7(#9)"}, {14.0, "A7(add9)(no3)"}, {16.0, "Bbsus2"},
      {18.0, "Am(maj7)"}, {19.0, "D13"}, {20.0, "E5"},           {22.0, "Caug"}};
  std::vector<std::pair<double, std::string>> got;
  for (const auto& ta : s.text_annotations()) {
    EXPECT_EQ(ta.annotation_type(), NoteSequence::TextAnnotation::CHORD_SYMBOL);
    got.emplace_back(ta.time(), ta.text());
  }
  std::stable_sort(got.begin(), got.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  EXPECT_EQ(got, expected);
  EXPECT_EQ(s.notes_size(), 0);
  EXPECT_DOUBLE_EQ(s.total_time(), 24.0);
  EXPECT_EQ(s.sequence_metadata().title(), "Magenta Chord Symbols Test Score");
}

TEST(MusicXmlReader, WholeMeasureForwardCountsAsARest) {
  NoteSequence expected = parse(R"pb(
    ticks_per_quarter: 220
    source_info { source_type: SCORE_BASED encoding_type: MUSIC_XML parser: MAGENTA_MUSIC_XML }
    time_signatures { numerator: 4 denominator: 4 }
    time_signatures { numerator: 2 denominator: 4 time: 6.0 }
    key_signatures { key: C time: 0 }
    tempos { qpm: 120 }
    part_infos { name: "Flute" }
    total_time: 9.0
    notes { pitch: 72 velocity: 64 start_time: 0 end_time: 2 numerator: 1 denominator: 1 voice: 1 }
    notes { pitch: 72 velocity: 64 start_time: 4 end_time: 6 numerator: 1 denominator: 1 voice: 1 }
    notes { pitch: 60 velocity: 64 start_time: 6 end_time: 7 numerator: 1 denominator: 2 voice: 1 }
    notes { pitch: 60 velocity: 64 start_time: 8 end_time: 9 numerator: 1 denominator: 2 voice: 1 }
  )pb");
  EXPECT_TRUE(ProtoEquals(expected, read("whole_measure_rest_forward.xml")));
}

TEST(MusicXmlReader, MeterTestKeepsTheWrittenTerms) {
  const NoteSequence s = read("meter_test.xml");
  const std::vector<std::tuple<int, int, double>> ts = {
      {1, 4, 0},     {2, 4, 0.5},   {3, 4, 1.5},   {4, 4, 3},     {5, 4, 5},     {6, 4, 7.5},
      {7, 4, 10.5},  {1, 8, 14},    {2, 8, 14.25}, {3, 8, 14.75}, {4, 8, 15.5},  {5, 8, 16.5},
      {6, 8, 17.75}, {7, 8, 19.25}, {8, 8, 21},    {9, 8, 23},    {10, 8, 25.25}, {11, 8, 27.75},
      {12, 8, 30.5}, {2, 2, 33.5},  {3, 2, 35.5},  {4, 2, 38.5},  {4, 4, 42.5},  {2, 2, 44.5}};
  ASSERT_EQ(s.time_signatures_size(), 24);
  for (int i = 0; i < 24; ++i) {
    const auto& [n, d, t] = ts[static_cast<std::size_t>(i)];
    EXPECT_EQ(s.time_signatures(i).numerator(), n) << i;
    EXPECT_EQ(s.time_signatures(i).denominator(), d) << i;
    EXPECT_DOUBLE_EQ(s.time_signatures(i).time(), t) << i;
  }
  EXPECT_EQ(s.notes_size(), 46);
  EXPECT_DOUBLE_EQ(s.total_time(), 46.5);
}

TEST(MusicXmlReader, UnmeteredScoreGetsElevenEightFromItsFirstMeasure) {
  NoteSequence expected = parse(R"pb(
    ticks_per_quarter: 220
    source_info { source_type: SCORE_BASED encoding_type: MUSIC_XML parser: MAGENTA_MUSIC_XML }
    time_signatures { numerator: 11 denominator: 8 }
    key_signatures { key: C time: 0 }
    tempos { qpm: 120 }
    part_infos { name: "Flute" }
    total_time: 2.75
    notes { pitch: 72 velocity: 64 start_time: 0 end_time: 0.5 numerator: 1 denominator: 4 voice: 1 }
    notes { pitch: 74 velocity: 64 start_time: 0.5 end_time: 0.75 numerator: 1 denominator: 8 voice: 1 }
    notes { pitch: 76 velocity: 64 start_time: 0.75 end_time: 1.25 numerator: 1 denominator: 4 voice: 1 }
    notes { pitch: 77 velocity: 64 start_time: 1.25 end_time: 1.75 numerator: 1 denominator: 4 voice: 1 }
    notes { pitch: 79 velocity: 64 start_time: 1.75 end_time: 2.75 numerator: 1 denominator: 2 voice: 1 }
  )pb");
  EXPECT_TRUE(ProtoEquals(expected, read("unmetered_example.xml")));
}

TEST(MusicXmlReader, FailingFixturesFailWithNoteSeqsErrorClasses) {
  EXPECT_EQ(error_code_of([] { read("alternating_meter.xml"); }), kCodeAlternatingTimeSignature);
  EXPECT_EQ(error_code_of([] { read("mid_measure_time_signature.xml"); }), kCodeMultipleTimeSignature);
  EXPECT_EQ(error_code_of([] { read("unpitched.xml"); }), kCodeUnpitchedNote);
}

TEST(MusicXmlReader, ErrorsAreLocatedAtLineAndColumn) {
  try {
    read("unpitched.xml");
    FAIL();
  } catch (const Error& e) {
    ASSERT_TRUE(e.where().line.has_value());
    EXPECT_GT(*e.where().line, 1u);
    EXPECT_NE(std::string(e.what()).find("unpitched.xml:"), std::string::npos) << e.what();
  }
}

constexpr const char* kHead = R"(<?xml version="1.0"?><score-partwise version="3.0">)";

std::string score(const std::string& part_list, const std::string& measure) {
  return std::string(kHead) + "<part-list>" + part_list + "</part-list><part id=\"P1\"><measure number=\"1\">" +
         measure + "</measure></part></score-partwise>";
}

TEST(MusicXmlReader, EmptyPartNameGivesANamelessPartInfo) {
  const NoteSequence s = read_xml(score(R"(<score-part id="P1"><part-name/></score-part>)", ""));
  NoteSequence expected = parse(R"pb(
    ticks_per_quarter: 220
    source_info { source_type: SCORE_BASED encoding_type: MUSIC_XML parser: MAGENTA_MUSIC_XML }
    key_signatures { key: C time: 0 }
    tempos { qpm: 120 }
    part_infos { part: 0 }
    total_time: 0.0
  )pb");
  // The empty measure adds a 0/1 time signature (note_seq does the same: Fraction(0, 4)).
  NoteSequence got = s;
  got.clear_time_signatures();
  EXPECT_TRUE(ProtoEquals(expected, got));
}

TEST(MusicXmlReader, EmptyScorePartwiseGivesDefaults) {
  const NoteSequence s = read_xml(std::string(kHead) + "</score-partwise>");
  EXPECT_TRUE(ProtoEquals(parse(R"pb(
    ticks_per_quarter: 220
    source_info { source_type: SCORE_BASED encoding_type: MUSIC_XML parser: MAGENTA_MUSIC_XML }
    key_signatures { key: C time: 0 }
    tempos { qpm: 120 }
  )pb"), s));
}

TEST(MusicXmlReader, InlineErrorCasesGiveNoteSeqsClasses) {
  const std::string sp = R"(<score-part id="P1"><part-name>X</part-name></score-part>)";
  EXPECT_EQ(error_code_of([&] { read_xml(score(sp, "<attributes><key><mode>major</mode></key></attributes>")); }),
            kCodeKeyParse);
  EXPECT_EQ(error_code_of([&] {
              read_xml(score(sp, "<harmony><root><root-step>C</root-step></root><kind>major</kind><degree>"
                                 "<degree-value></degree-value><degree-type>add</degree-type></degree></harmony>"));
            }),
            kCodeChordSymbolParse);
  EXPECT_EQ(error_code_of([&] {
              read_xml(score(sp, "<attributes><time><beats>4+5</beats><beat-type>4</beat-type></time></attributes>"));
            }),
            kCodeTimeSignatureParse);
  EXPECT_EQ(error_code_of([&] {
              read_xml(score(sp, "<note><pitch><step>C</step><octave>4</octave></pitch><duration>1</duration>"
                                 "<type>blarg</type></note>"));
            }),
            kCodeInvalidNoteDurationType);
}

TEST(MusicXmlReader, KeyTransposesWithTheInstrument) {
  const std::string sp = R"(<score-part id="P1"><part-name>X</part-name></score-part>)";
  const NoteSequence s = read_xml(score(
      sp, "<attributes><key><fifths>-3</fifths><mode>major</mode></key><transpose><chromatic>-9</chromatic>"
          "</transpose></attributes>"));
  ASSERT_EQ(s.key_signatures_size(), 1);
  EXPECT_EQ(s.key_signatures(0).key(), NoteSequence::KeySignature::G_FLAT);
}

TEST(MusicXmlReader, MinorModeIsReadAsMajorAsNoteSeqDoes) {
  const std::string sp = R"(<score-part id="P1"><part-name>X</part-name></score-part>)";
  const NoteSequence s = read_xml(score(sp, "<attributes><key><fifths>0</fifths><mode>minor</mode></key></attributes>"));
  EXPECT_EQ(s.key_signatures(0).key(), NoteSequence::KeySignature::C);
  EXPECT_EQ(s.key_signatures(0).mode(), NoteSequence::KeySignature::MAJOR);
}

TEST(MusicXmlReader, WorkTitleAndCreatorsBecomeMetadata) {
  const NoteSequence s = read_xml(std::string(kHead) +
                                  "<work><work-title>Title</work-title></work><identification>"
                                  "<creator type=\"composer\">A</creator><creator type=\"composer\">B</creator>"
                                  "</identification></score-partwise>");
  EXPECT_EQ(s.sequence_metadata().title(), "Title");
  ASSERT_EQ(s.sequence_metadata().composers_size(), 2);
  EXPECT_EQ(s.sequence_metadata().composers(1), "B");
}

TEST(MusicXmlReader, PitchAlterWrapsWithinTheOctaveAndGraceNotesSitAtZero) {
  const std::string sp = R"(<score-part id="P1"><part-name>X</part-name></score-part>)";
  const NoteSequence s = read_xml(score(
      sp, "<note><pitch><step>C</step><alter>-1</alter><octave>4</octave></pitch><duration>1</duration></note>"
          "<note><pitch><step>B</step><alter>1</alter><octave>4</octave></pitch><duration>1</duration></note>"
          "<note><grace/><pitch><step>D</step><octave>4</octave></pitch><type>eighth</type></note>"));
  ASSERT_EQ(s.notes_size(), 3);
  EXPECT_EQ(s.notes(0).pitch(), 71);
  EXPECT_EQ(s.notes(1).pitch(), 60);
  EXPECT_EQ(s.notes(2).start_time(), 0.0);
  EXPECT_EQ(s.notes(2).end_time(), 0.0);
  EXPECT_EQ(s.notes(2).numerator(), 0);
  EXPECT_EQ(s.notes(2).denominator(), 1);
}

TEST(MusicXmlReader, TiesStayApartUnlessMergingIsAsked) {
  const std::string sp = R"(<score-part id="P1"><part-name>X</part-name></score-part>)";
  const std::string xml = score(
      sp, "<note><pitch><step>C</step><octave>4</octave></pitch><duration>1</duration><tie type=\"start\"/>"
          "<type>quarter</type></note><note><pitch><step>C</step><octave>4</octave></pitch><duration>1</duration>"
          "<tie type=\"stop\"/><type>quarter</type></note>");
  EXPECT_EQ(read_xml(xml).notes_size(), 2);
  MusicXmlReadOptions merge;
  merge.merge_ties = true;
  const NoteSequence merged = musicxml_to_note_sequence(xml, "inline.xml", merge);
  ASSERT_EQ(merged.notes_size(), 1);
  EXPECT_DOUBLE_EQ(merged.notes(0).end_time(), 1.0);
  EXPECT_EQ(merged.notes(0).numerator(), 1);
  EXPECT_EQ(merged.notes(0).denominator(), 2);
}

TEST(MusicXmlReader, SoundTempoAndDynamicsAreRead) {
  const std::string sp = R"(<score-part id="P1"><part-name>X</part-name></score-part>)";
  const NoteSequence s = read_xml(score(
      sp, "<direction><sound tempo=\"60\" dynamics=\"80\"/></direction>"
          "<note><pitch><step>C</step><octave>4</octave></pitch><duration>1</duration></note>"));
  ASSERT_EQ(s.tempos_size(), 1);
  EXPECT_EQ(s.tempos(0).qpm(), 60);
  EXPECT_EQ(s.notes(0).velocity(), 80);
  EXPECT_DOUBLE_EQ(s.notes(0).end_time(), 1.0);
}

TEST(MusicXmlReader, EmptyMxlZipIsAnError) {
  // An empty zip: the end-of-central-directory record alone.
  const std::string empty_zip("PK\x05\x06" + std::string(18, '\0'), 22);
  EXPECT_EQ(error_code_of([&] { mxl_score_document(empty_zip, "empty.mxl"); }), kCodeMusicXmlParse);
}

}  // namespace
}  // namespace stochos::scoreio
