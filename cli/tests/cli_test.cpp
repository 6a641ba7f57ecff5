// SPDX-License-Identifier: GPL-3.0-or-later
// The stochos binary as a user runs it: output, files and exit codes.
#include <gtest/gtest.h>

#include <fstream>

#include "stochos/core/file_io.h"
#include "stochos/notesequence/note_sequence_io.h"
#include "stochos/testing/shared.h"

namespace stochos {
namespace {

using testing::run_command;
using testing::shell_quote;

std::string cli() { return shell_quote(testing::cli_path().string()); }

TEST(Cli, HelpListsTheCommands) {
  const auto r = run_command(cli() + " --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("convert"), std::string::npos);
  EXPECT_NE(r.out.find("inspect"), std::string::npos);
}

TEST(Cli, UnknownFlagIsAUsageError) {
  const auto r = run_command(cli() + " convert --bogus");
  EXPECT_EQ(r.exit_code, 2);
}

TEST(Cli, ConvertMozartWritesOneRecordPerFileAndExitsZero) {
  testing::TempDir dir;
  const auto out = dir / "mozart.tfrecord";
  const auto r = run_command(cli() + " convert --no-progress --input_dir " + shell_quote(testing::corpus("mozart").string()) +
                             " --output_file " + shell_quote(out.string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("converted 21 of 21"), std::string::npos) << r.out;
  EXPECT_EQ(notesequence::read_note_sequences(out).size(), 21u);
}

TEST(Cli, ConvertFixturesSkipsScoresAndExitsFive) {
  // MusicXML and ABC now convert (scoreio); the fixtures that note_seq's own tests expect to
  // fail are skipped with their located errors, so the job still ends with exit code 5.
  testing::TempDir dir;
  const auto out = dir / "fixtures.tfrecord";
  const auto r = run_command(cli() + " convert --no-progress --input_dir " +
                             shell_quote(testing::fixture("note_seq_testdata").string()) + " --output_file " +
                             shell_quote(out.string()));
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("alternating_meter.xml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Alternating Time Signature"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("mid_measure_time_signature.xml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unpitched.xml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("zocharti_loch.abc:"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("not supported by this build"), std::string::npos) << r.err;
  // 8 MIDI files, 12 readable MusicXML files (9 .xml, 3 .mxl) and tune 1 of english.abc.
  const auto records = notesequence::read_note_sequences(out);
  EXPECT_EQ(records.size(), 21u);
  std::size_t music_xml = 0;
  std::size_t abc = 0;
  for (const auto& ns : records) {
    if (ns.source_info().encoding_type() == magenta::NoteSequence::SourceInfo::MUSIC_XML) ++music_xml;
    if (ns.source_info().encoding_type() == magenta::NoteSequence::SourceInfo::ABC) ++abc;
  }
  EXPECT_EQ(music_xml, 12u);
  EXPECT_EQ(abc, 1u);
}

TEST(Cli, CorruptFileIsListedWithItsOffsetAndTheRestConverts) {
  testing::TempDir in;
  std::filesystem::copy_file(testing::fixture("note_seq_testdata/example.mid"), in / "good.mid");
  auto bytes = core::read_file(testing::fixture("note_seq_testdata/example.mid"));
  bytes.resize(60);
  core::write_file_atomically(in / "cut.mid", std::string(bytes.begin(), bytes.end()));
  testing::TempDir dir;
  const auto out = dir / "o.tfrecord";
  const auto r = run_command(cli() + " convert --no-progress --input_dir " + shell_quote(in.path().string()) +
                             " --output_file " + shell_quote(out.string()));
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_NE(r.err.find("cut.mid: byte 0x"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("1 failed"), std::string::npos) << r.out;
  EXPECT_EQ(notesequence::read_note_sequences(out).size(), 1u);
}

TEST(Cli, MissingInputDirectoryIsAnIoErrorAndWritesNothing) {
  testing::TempDir dir;
  const auto r = run_command(cli() + " convert --input_dir /nonexistent --output_file " + shell_quote((dir / "x").string()));
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("/nonexistent"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "x"));
}

TEST(Cli, InspectDescribesMidiAndTfrecord) {
  auto r = run_command(cli() + " inspect " + shell_quote(testing::fixture("note_seq_testdata/example.mid").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Standard MIDI File, format 1, 2 tracks, 220 ticks per quarter"), std::string::npos) << r.out;
  r = run_command(cli() + " inspect --records 1 " +
                  shell_quote(testing::fixture("magenta_testdata/notesequences.tfrecord").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("46 records"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("12952 notes"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("reels_simple_chords_73.mid"), std::string::npos) << r.out;
}

TEST(Cli, InspectOfACorruptTfrecordNamesTheRecordAndOffset) {
  testing::TempDir dir;
  auto bytes = core::read_file(testing::fixture("magenta_testdata/tfrecord_iterator_test.tfrecord"));
  bytes[40] ^= 0x01;  // inside record 1's data
  core::write_file_atomically(dir / "bad.tfrecord", std::string(bytes.begin(), bytes.end()));
  const auto r = run_command(cli() + " inspect " + shell_quote((dir / "bad.tfrecord").string()));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("record 1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("CRC"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace stochos
