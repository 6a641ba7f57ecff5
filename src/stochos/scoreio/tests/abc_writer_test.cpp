// SPDX-License-Identifier: GPL-3.0-or-later
// The ABC writer: exact text for small pieces, the reader's ABC 2.1 options it relies on, and
// NoteSequence -> ABC -> NoteSequence on every Mozart corpus file. As for MusicXML
// (roundtrip_test.cpp), the writer flattens the tempo map onto the first tempo and quantizes
// at 4 steps per quarter; the comparison is against that flattened, quantized sequence.
#include "stochos/scoreio/abc_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "stochos/core/file_io.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/notesequence/quantize.h"
#include "stochos/scoreio/abc_parser.h"
#include "stochos/scoreio/score_writer.h"
#include "stochos/scoreio/tests/score_test_support.h"
#include "stochos/testing/shared.h"

namespace stochos::scoreio {
namespace {

using magenta::NoteSequence;
using namespace test_support;

NoteSequence at_qpm(double qpm) {
  NoteSequence s;
  auto* t = s.add_tempos();
  t->set_qpm(qpm);
  return s;
}

NoteSequence read_one(const std::string& abc) {
  const AbcTunebook book = parse_abc_tunebook(abc, "written.abc", AbcReadOptions::abc21());
  for (const auto& e : book.exceptions) ADD_FAILURE() << e.what() << "\n" << abc;
  EXPECT_EQ(book.tunes.size(), 1u);
  return book.tunes.empty() ? NoteSequence{} : book.tunes.begin()->second;
}

TEST(AbcWriter, TinyMelodyInGIsExactWithAccidentalsRelativeToTheKey) {
  NoteSequence s = at_qpm(90);
  s.mutable_sequence_metadata()->set_title("Tiny");
  auto* k = s.add_key_signatures();
  k->set_key(NoteSequence::KeySignature::G);
  const double q = 60.0 / 90;
  const int pitches[] = {67, 69, 71, 72, 74, 66, 65, 66};
  for (int i = 0; i < 8; ++i) add_note(s, pitches[i], i * q, (i + 1) * q);
  EXPECT_EQ(note_sequence_to_abc(s),
            "X:1\nT:Tiny\nM:4/4\nL:1/4\nQ:1/4=90\nK:G\n%%MIDI program 0\n"
            "G A B c | d F =F ^F |]\n");
}

TEST(AbcWriter, ChordTiedAcrossABarIsExact) {
  NoteSequence s = at_qpm(120);
  for (const int pitch : {60, 64, 67}) add_note(s, pitch, 1.0, 2.5);
  EXPECT_EQ(note_sequence_to_abc(s, {}, 7),
            "X:7\nT:Untitled\nM:4/4\nL:1/4\nQ:1/4=120\nK:C\n%%MIDI program 0\n"
            "z2 [CEG]2- | [CEG] z3 |]\n");
  const NoteSequence back = read_one(note_sequence_to_abc(s));
  ASSERT_EQ(back.notes_size(), 3);
  for (const auto& n : back.notes()) {
    EXPECT_DOUBLE_EQ(n.start_time(), 1.0);
    EXPECT_DOUBLE_EQ(n.end_time(), 2.5);
  }
}

TEST(AbcWriter, LengthsNoNoteValueShowsAreTiedAndUnitIsTheCommonDivisor) {
  NoteSequence s = at_qpm(120);
  add_note(s, 72, 0.0, 0.625);   // 5 sixteenths: a quarter tied to a sixteenth
  add_note(s, 84, 0.625, 0.75);  // c' a sixteenth
  add_note(s, 48, 0.75, 1.0);    // C, an eighth
  const std::string abc = note_sequence_to_abc(s);
  EXPECT_NE(abc.find("L:1/16\n"), std::string::npos) << abc;
  EXPECT_NE(abc.find("c4- cc'C,2 z8 |]"), std::string::npos) << abc;
  const NoteSequence back = read_one(abc);
  ASSERT_EQ(back.notes_size(), 3);
  EXPECT_DOUBLE_EQ(back.notes(0).end_time(), 0.625);
}

TEST(AbcWriter, NonWholeTempoUsesASmallerBeatUnit) {
  NoteSequence s = at_qpm(107.5);
  add_note(s, 60, 0, 60 / 107.5);
  const std::string abc = note_sequence_to_abc(s);
  EXPECT_NE(abc.find("Q:1/8=215\n"), std::string::npos) << abc;
  EXPECT_DOUBLE_EQ(read_one(abc).tempos(0).qpm(), 107.5);
}

TEST(AbcWriter, TripletGridIsRefusedButWholeBeatsOnItAreWritten) {
  NoteSequence s = at_qpm(120);
  add_note(s, 60, 0, 1.0 / 6);  // a triplet eighth
  NotationOptions options;
  options.steps_per_quarter = 3;
  try {
    note_sequence_to_abc(s, options);
    FAIL() << "a triplet grid was written";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnsupported);
    EXPECT_NE(std::string(e.what()).find("L:1/12"), std::string::npos) << e.what();
  }
  NoteSequence quarters = at_qpm(120);
  add_note(quarters, 60, 0, 0.5);
  EXPECT_NE(note_sequence_to_abc(quarters, options).find("L:1/4\n"), std::string::npos);
}

TEST(AbcWriter, MinorAndModalKeysReadBackWithTheirMode) {
  using KS = NoteSequence::KeySignature;
  const std::tuple<int, int, std::string> cases[] = {
      {KS::A, KS::MINOR, "K:Am"},    {KS::D_FLAT, KS::MAJOR, "K:Db"},  {KS::F_SHARP, KS::MAJOR, "K:F#"},
      {KS::D, KS::DORIAN, "K:Ddor"}, {KS::E_FLAT, KS::MINOR, "K:D#m"}, {KS::G, KS::MIXOLYDIAN, "K:Gmix"}};
  for (const auto& [key, mode, field] : cases) {
    NoteSequence s = at_qpm(120);
    auto* k = s.add_key_signatures();
    k->set_key(static_cast<KS::Key>(key));
    k->set_mode(static_cast<KS::Mode>(mode));
    for (int p = 60; p < 72; ++p) add_note(s, p, (p - 60) * 0.25, (p - 59) * 0.25);
    const std::string abc = note_sequence_to_abc(s);
    EXPECT_NE(abc.find(field + "\n"), std::string::npos) << abc;
    const NoteSequence back = read_one(abc);
    ASSERT_EQ(back.key_signatures_size(), 1);
    EXPECT_EQ(back.key_signatures(0).key(), key);
    EXPECT_EQ(back.key_signatures(0).mode(), mode);
    ASSERT_EQ(back.notes_size(), 12);
    for (int i = 0; i < 12; ++i) EXPECT_EQ(back.notes(i).pitch(), 60 + i) << abc;
  }
}

TEST(AbcWriter, PartsOverlaysAndDrumsReadBackWithProgramsAndDrumFlag) {
  NoteSequence s = at_qpm(100);
  const double q = 0.6;
  // Piano: a held bass under a moving melody (two notation voices), a key change in bar 2.
  add_note(s, 48, 0, 8 * q);
  for (int i = 0; i < 8; ++i) add_note(s, 72 + (i % 3), i * q, (i + 1) * q);
  add_note(s, 70, 7 * q, 9 * q);  // across the bar, outside C major
  auto* k = s.add_key_signatures();
  k->set_key(NoteSequence::KeySignature::F);
  k->set_time(4 * q);
  // Violin, program 40.
  add_note(s, 79, 0, 3 * q, 40);
  // Drums.
  for (int i = 0; i < 6; ++i) add_note(s, i % 2 ? 38 : 36, i * q, (i + 0.5) * q, 0, true);
  const std::string abc = note_sequence_to_abc(s);
  EXPECT_NE(abc.find("V:3 name=\"Drums\" clef=perc\n%%MIDI channel 10\n"), std::string::npos) << abc;
  EXPECT_NE(abc.find("%%MIDI program 40\n"), std::string::npos) << abc;
  EXPECT_NE(abc.find(" & "), std::string::npos) << abc;
  EXPECT_NE(abc.find("[K:F]"), std::string::npos) << abc;
  const NoteSequence back = read_one(abc);
  const NoteSequence written = quantize_for_notation(s);
  using Full = std::tuple<bool, int, std::int64_t, std::int64_t, int>;
  const auto full = [](const NoteSequence& x, bool quantized) {
    std::vector<Full> out;
    const double sps = notesequence::steps_per_quarter_to_steps_per_second(4, 100);
    for (const auto& n : x.notes()) {
      out.emplace_back(n.is_drum(), n.program(),
                       quantized ? n.quantized_start_step() : notesequence::quantize_to_step(n.start_time(), sps),
                       quantized ? n.quantized_end_step() : notesequence::quantize_to_step(n.end_time(), sps),
                       n.pitch());
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(full(back, false), full(written, true)) << abc;
  ASSERT_EQ(back.key_signatures_size(), 2);
  EXPECT_EQ(back.key_signatures(1).key(), NoteSequence::KeySignature::F);
  EXPECT_DOUBLE_EQ(back.key_signatures(1).time(), 4 * q);
}

TEST(AbcWriter, SeveralSequencesBecomeNumberedTunesOfOneBook) {
  NoteSequence a = at_qpm(120);
  a.mutable_sequence_metadata()->set_title("One");
  add_note(a, 60, 0, 0.5);
  NoteSequence b = at_qpm(120);
  b.set_filename("dir/two.mid");
  add_note(b, 62, 0, 0.5);
  add_note(b, 64, 0.5, 1.0);
  stochos::testing::TempDir dir;
  write_abc_file({a, b}, dir / "book.abc");
  const auto book = parse_abc_tunebook_file(dir / "book.abc", AbcReadOptions::abc21());
  EXPECT_TRUE(book.exceptions.empty());
  ASSERT_EQ(book.tunes.size(), 2u);
  EXPECT_EQ(book.tunes.at(1).sequence_metadata().title(), "One");
  EXPECT_EQ(book.tunes.at(2).sequence_metadata().title(), "two");
  EXPECT_EQ(book.tunes.at(2).notes_size(), 2);
  // write_score_file picks ABC by extension.
  write_score_file(b, dir / "two.abc");
  EXPECT_EQ(parse_abc_tunebook_file(dir / "two.abc", AbcReadOptions::abc21()).tunes.at(1).notes_size(), 2);
}

TEST(AbcReaderExtensions, ChordsTiesVoicesAndOverlaysAreOffByDefault) {
  EXPECT_EQ(parse_abc_tunebook("X:1\nK:C\n[CE]2 G\n").exceptions.at(0).code(), kCodeChord);
  EXPECT_EQ(parse_abc_tunebook("X:1\nK:C\nV:1\nC\n").exceptions.at(0).code(), kCodeMultiVoice);
  EXPECT_EQ(parse_abc_tunebook("X:1\nK:C\nC & D\n").exceptions.at(0).code(), kCodeInvalidCharacter);
  // Without merge_ties note_seq's rule holds: tied notes stay apart.
  EXPECT_EQ(parse_abc_tunebook("X:1\nL:1/4\nK:C\nC-|C\n").tunes.at(1).notes_size(), 2);
}

TEST(AbcReaderExtensions, ChordLengthsTiesAndOverlaysFollowAbc21) {
  const NoteSequence s = read_one(
      "X:1\nM:4/4\nL:1/8\nQ:1/4=60\nK:D\n"
      "[DF]2 [A,-c]2 A,2 f2- & x4 F4 | f2 [C2E]2 z2 |]\n");
  // D major: F and C are sharp. Quarter = 1 s, eighth = 0.5 s. Inside a chord each note
  // lasts its own length times the multiplier; ties join within a layer, across the bar.
  using T = std::tuple<double, double, int>;
  std::vector<T> got;
  for (const auto& n : s.notes()) got.emplace_back(n.start_time(), n.end_time(), n.pitch());
  std::sort(got.begin(), got.end());
  const std::vector<T> want = {{0, 1, 62}, {0, 1, 66}, {1, 2, 73}, {1, 3, 57},
                               {2, 4, 66}, {3, 5, 78}, {5, 6, 64}, {5, 7, 61}};
  EXPECT_EQ(got, want);
  EXPECT_DOUBLE_EQ(s.total_time(), 7);
}

TEST(AbcReaderExtensions, VoicesKeepTheirOwnClockKeyProgramAndDrums) {
  const NoteSequence s = read_one(
      "X:1\nM:2/4\nL:1/4\nK:G\nV:1\n%%MIDI program 73\nF G | [K:C] F G |]\n"
      "V:2 clef=perc\n%%MIDI channel 10\nB, B, | F F |]\n");
  ASSERT_EQ(s.notes_size(), 8);
  EXPECT_EQ(s.notes(0).pitch(), 66);
  EXPECT_EQ(s.notes(0).program(), 73);
  EXPECT_EQ(s.notes(0).instrument(), 0);
  EXPECT_EQ(s.notes(2).pitch(), 65);  // voice 1 changed to C
  EXPECT_FALSE(s.notes(0).is_drum());
  EXPECT_DOUBLE_EQ(s.notes(4).start_time(), 0);
  EXPECT_TRUE(s.notes(4).is_drum());
  EXPECT_EQ(s.notes(4).instrument(), 1);
  EXPECT_EQ(s.notes(6).pitch(), 66);  // voice 2 is still in G
  ASSERT_EQ(s.key_signatures_size(), 2);
  ASSERT_EQ(s.time_signatures_size(), 1);
}

TEST(AbcReaderExtensions, TruncatedAndAlteredWrittenAbcNeverCrashesTheAbc21Reader) {
  NoteSequence s = notesequence::midi_file_to_note_sequence(stochos::testing::fixture("note_seq_testdata/example.mid"));
  add_note(s, 40, 0, 2.0);
  add_note(s, 36, 0.5, 0.75, 0, true);
  const std::string abc = note_sequence_to_abc(s);
  ASSERT_NE(abc.find(" & "), std::string::npos) << abc;
  const auto parse = [](const std::string& text) {
    try {
      parse_abc_tunebook(text, "x.abc", AbcReadOptions::abc21());
    } catch (const Error&) {
    }
  };
  for (std::size_t cut = 0; cut < abc.size(); ++cut) parse(abc.substr(0, cut));
  for (std::size_t i = 0; i < abc.size(); ++i) {
    for (const char c : {'&', '-', '[', ']', '|', ':', 'V', 'z', '2', '/', '\n', '%'}) {
      std::string altered = abc;
      altered[i] = c;
      parse(altered);
    }
  }
}

TEST(AbcRoundTrip, MozartCorpusKeepsPitchesStepsSignaturesKeysAndTempoThroughAbc) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(stochos::testing::corpus("mozart"))) {
    if (e.path().extension() == ".mid") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const NoteSequence original = notesequence::midi_file_to_note_sequence(file);
    const NoteSequence written = quantize_for_notation(original);
    const NotationScore layout = layout_notation(original);
    const std::string abc = note_sequence_to_abc(original);
    const NoteSequence read = read_one(abc);
    ASSERT_EQ(read.tempos_size(), 1);
    const double qpm = written.tempos(0).qpm();
    EXPECT_NEAR(read.tempos(0).qpm(), qpm, 1.0 / 64);  // Q: to 1/32 qpm
    const int spq = written.quantization_info().steps_per_quarter();
    const double read_qpm = read.tempos(0).qpm();
    EXPECT_EQ(note_keys(read, read_qpm, spq), note_keys(written, qpm, spq));
    // Time signatures and keys: those the layout wrote, at the same steps.
    const double sps = notesequence::steps_per_quarter_to_steps_per_second(spq, read_qpm);
    std::vector<std::tuple<std::int64_t, int, int>> ts_written;
    std::vector<std::tuple<std::int64_t, int, int>> keys_written;
    for (const auto& m : layout.parts.front().measures) {
      if (m.time_signature_change) ts_written.emplace_back(m.start_step, m.numerator, m.denominator);
      if (m.key_change) keys_written.emplace_back(m.start_step, m.key, m.mode);
    }
    std::vector<std::tuple<std::int64_t, int, int>> ts_read;
    std::vector<std::tuple<std::int64_t, int, int>> keys_read;
    for (const auto& t : read.time_signatures())
      ts_read.emplace_back(notesequence::quantize_to_step(t.time(), sps), t.numerator(), t.denominator());
    for (const auto& k : read.key_signatures())
      keys_read.emplace_back(notesequence::quantize_to_step(k.time(), sps), k.key(), k.mode());
    EXPECT_EQ(ts_read, ts_written);
    EXPECT_EQ(keys_read, keys_written);
  }
}

}  // namespace
}  // namespace stochos::scoreio
