// SPDX-License-Identifier: GPL-3.0-or-later
// Written ABC read by an independent reader, and the CLI around ABC:
// - Debian's abc2midi (package abcmidi) converts what the writer wrote; its MIDI holds as many
//   notes as were written, at the same onsets and pitches (skipped when abc2midi is missing);
// - `stochos export` writes one tune per TFRecord record; `stochos convert` lists an ABC tune
//   that fails with file, line and column, converts the others and exits 5.
#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <tuple>

#include "stochos/core/file_io.h"
#include "stochos/notesequence/midi_conversion.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/notesequence/quantize.h"
#include "stochos/scoreio/abc_parser.h"
#include "stochos/scoreio/abc_writer.h"
#include "stochos/scoreio/tests/score_test_support.h"
#include "stochos/testing/shared.h"

namespace stochos::scoreio {
namespace {

using magenta::NoteSequence;
using namespace test_support;
using stochos::testing::run_command;
using stochos::testing::shell_quote;
using Onset = std::tuple<bool, std::int64_t, int>;  // drum, start step, pitch

bool have_abc2midi() {
  return run_command("command -v abc2midi >/dev/null 2>&1").exit_code == 0;
}
std::string cli() {
  return shell_quote(stochos::testing::cli_path().string());
}

// abc2midi plays each written note once: one per (part, start, end, pitch), ties joined.
void check_with_abc2midi(const NoteSequence& original, const std::string& name) {
  SCOPED_TRACE(name);
  const NoteSequence written = quantize_for_notation(original);
  std::vector<std::tuple<bool, int, int, std::int64_t, std::int64_t, int>> distinct;
  for (const auto& n : written.notes()) {
    distinct.emplace_back(n.is_drum(), n.instrument(), n.program(), n.quantized_start_step(),
                          n.quantized_end_step(), n.pitch());
  }
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::vector<Onset> want;
  for (const auto& d : distinct) want.emplace_back(std::get<0>(d), std::get<3>(d), std::get<5>(d));
  std::sort(want.begin(), want.end());

  stochos::testing::TempDir dir;
  // abc2midi staggers the notes of a chord by 10/480 quarter each unless told not to; a
  // seven-note chord would then reach half a step.
  std::string abc = note_sequence_to_abc(original);
  abc.insert(abc.find("\nM:") + 1, "%%MIDI chordattack 0\n");
  core::write_file_atomically(dir / "score.abc", abc);
  const auto r =
      run_command("cd " + shell_quote(dir.path().string()) + " && abc2midi score.abc -o score.mid");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // abc2midi warns when an overlay after an inline [M:] does not fill the old meter (its
  // overlays keep the meter they started with); errors would mean it misread the text.
  EXPECT_EQ(r.out.find("Error"), std::string::npos) << r.out;
  const NoteSequence back = notesequence::midi_file_to_note_sequence(dir / "score.mid");
  ASSERT_GE(back.tempos_size(), 1);
  // Onsets on the 4-steps-per-quarter grid at the tempo abc2midi wrote.
  const double sps = notesequence::steps_per_quarter_to_steps_per_second(4, back.tempos(0).qpm());
  std::vector<Onset> got;
  for (const auto& n : back.notes())
    got.emplace_back(n.is_drum(), notesequence::quantize_to_step(n.start_time(), sps), n.pitch());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got.size(), want.size());
  std::vector<Onset> missing;
  std::vector<Onset> extra;
  std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
  EXPECT_TRUE(missing.empty() && extra.empty())
      << missing.size() << " written notes missing, first at step "
      << (missing.empty() ? -1 : std::get<1>(missing.front())) << "; " << extra.size()
      << " extra, first at step " << (extra.empty() ? -1 : std::get<1>(extra.front()));
}

TEST(Abc2midi, ReadsWhatTheWriterWroteWithTheSameOnsetsAndPitches) {
  if (!have_abc2midi()) GTEST_SKIP() << "abc2midi not installed (package abcmidi, tools/install-deps.sh)";
  check_with_abc2midi(
      notesequence::midi_file_to_note_sequence(stochos::testing::fixture("note_seq_testdata/example.mid")),
      "example.mid");
  check_with_abc2midi(
      notesequence::midi_file_to_note_sequence(stochos::testing::fixture("note_seq_testdata/melody.mid")),
      "melody.mid");
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(stochos::testing::corpus("mozart"))) {
    if (e.path().extension() == ".mid") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  for (const auto& f : files) check_with_abc2midi(notesequence::midi_file_to_note_sequence(f), f.filename().string());
  // Parts, overlays, a key change, accidentals and drums on channel 10.
  NoteSequence s;
  s.add_tempos()->set_qpm(100);
  const double q = 0.6;
  add_note(s, 48, 0, 8 * q);
  for (int i = 0; i < 8; ++i) add_note(s, 72 + (i % 3), i * q, (i + 1) * q);
  add_note(s, 70, 7 * q, 9 * q);
  auto* k = s.add_key_signatures();
  k->set_key(NoteSequence::KeySignature::E_FLAT);
  k->set_time(4 * q);
  add_note(s, 79, 0, 3 * q, 40);
  for (int i = 0; i < 6; ++i) add_note(s, i % 2 ? 38 : 36, i * q, (i + 0.5) * q, 0, true);
  check_with_abc2midi(s, "parts and drums");
}

TEST(AbcCli, ExportOfATfrecordWritesOneTunePerRecord) {
  stochos::testing::TempDir dir;
  std::vector<NoteSequence> records;
  for (const char* name : {"example.mid", "melody.mid"}) {
    records.push_back(
        notesequence::midi_file_to_note_sequence(stochos::testing::fixture(std::string("note_seq_testdata/") + name)));
  }
  notesequence::write_note_sequences(dir / "in.tfrecord", records);
  auto r = run_command(cli() + " export " + shell_quote((dir / "in.tfrecord").string()) + " -o " +
                       shell_quote((dir / "out.abc").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 tunes"), std::string::npos) << r.out;
  const AbcTunebook book = parse_abc_tunebook_file(dir / "out.abc", AbcReadOptions::abc21());
  EXPECT_TRUE(book.exceptions.empty());
  ASSERT_EQ(book.tunes.size(), 2u);
  EXPECT_EQ(book.tunes.at(1).notes_size(), records[0].notes_size());
  EXPECT_EQ(book.tunes.at(2).notes_size(), records[1].notes_size());
  // --record picks one.
  r = run_command(cli() + " export " + shell_quote((dir / "in.tfrecord").string()) + " --record 1 -o " +
                  shell_quote((dir / "one.abc").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(parse_abc_tunebook_file(dir / "one.abc", AbcReadOptions::abc21()).tunes.at(1).notes_size(),
            records[1].notes_size());
}

TEST(AbcCli, ConvertListsAFailingTuneWithLineAndColumnAndConvertsTheOthers) {
  stochos::testing::TempDir in;
  core::write_file_atomically(in / "book.abc",
                              "X:1\nT:Good\nK:C\nCDEF|\n\n"
                              "X:2\nT:Bad\nK:C\nCD#F|\n\n"
                              "X:3\nT:Also good\nK:G\nGABc|\n");
  stochos::testing::TempDir out;
  const auto r = run_command(cli() + " convert --no-progress --input_dir " + shell_quote(in.path().string()) +
                             " --output_file " + shell_quote((out / "o.tfrecord").string()));
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_NE(r.err.find("book.abc: line 9, column 3 (tune X:2): Unexpected character: [#]"), std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("1 ABC tunes skipped"), std::string::npos) << r.out;
  const auto records = notesequence::read_note_sequences(out / "o.tfrecord");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].sequence_metadata().title(), "Good");
  EXPECT_EQ(records[1].sequence_metadata().title(), "Also good");
}

TEST(AbcCli, ConvertOfABookWhoseEveryTuneFailsListsEachTune) {
  stochos::testing::TempDir in;
  core::write_file_atomically(in / "bad.abc", "X:1\nK:C\nC#\n\nX:2\nK:C\n[CE]\n");
  stochos::testing::TempDir out;
  const auto r = run_command(cli() + " convert --no-progress --input_dir " + shell_quote(in.path().string()) +
                             " --output_file " + shell_quote((out / "o.tfrecord").string()));
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_NE(r.err.find("failed: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.abc: line 3, column 2 (tune X:1)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("bad.abc: line 7, column 1 (tune X:2): Chords are not supported."), std::string::npos)
      << r.err;
  EXPECT_TRUE(notesequence::read_note_sequences(out / "o.tfrecord").empty());
}

}  // namespace
}  // namespace stochos::scoreio
