// SPDX-License-Identifier: GPL-3.0-or-later
// The audio commands as a user runs them: files, determinism and exit codes.
#include <gtest/gtest.h>

#include "stochos/audio/audio_file.h"
#include "stochos/core/file_io.h"
#include "stochos/testing/shared.h"

namespace stochos {
namespace {

using testing::run_command;
using testing::shell_quote;

std::string cli() { return shell_quote(testing::cli_path().string()); }

TEST(AudioCli, GendynWithASeedWritesTheSameWavTwice) {
  testing::TempDir dir;
  for (const char* name : {"a.wav", "b.wav"}) {
    const auto r = run_command(cli() + " synth gendyn --duration 0.3 --sample-rate 22050 --seed 7 -o " +
                               shell_quote((dir / name).string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  EXPECT_EQ(core::read_file(dir / "a.wav"), core::read_file(dir / "b.wav"));
  const auto audio = audio::read_audio_file(dir / "a.wav");
  EXPECT_NEAR(audio.duration_seconds(), 0.3, 0.01);
  EXPECT_GT(audio.peak(), 0.1);
}

TEST(AudioCli, RenderOfAMidiFileGivesAudioAsLongAsTheMusic) {
  testing::TempDir dir;
  const auto r = run_command(cli() + " render --sample-rate 22050 " +
                             shell_quote(testing::fixture("note_seq_testdata/melody.mid").string()) + " -o " +
                             shell_quote((dir / "m.flac").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto audio = audio::read_audio_file(dir / "m.flac");
  EXPECT_GT(audio.duration_seconds(), 1.5);  // 1.5 s of notes plus the release tail
  EXPECT_GT(audio.peak(), 0.01);
}

TEST(AudioCli, UnsupportedFormatIsBadInputAndWritesNothing) {
  testing::TempDir dir;
  const auto r = run_command(cli() + " synth gendyn --duration 0.1 -o " + shell_quote((dir / "x.mp3").string()));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "x.mp3"));
}

TEST(AudioCli, MissingSoundfontNamesTheDebianPackage) {
  testing::TempDir dir;
  const auto r = run_command(cli() + " render --soundfont /nonexistent.sf2 " +
                             shell_quote(testing::fixture("note_seq_testdata/melody.mid").string()) + " -o " +
                             shell_quote((dir / "m.wav").string()));
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("fluid-soundfont-gm"), std::string::npos) << r.err;
}

TEST(AudioCli, BadCurveIsAUsageErrorWithItsColumn) {
  testing::TempDir dir;
  const auto in = dir / "in.wav";
  ASSERT_EQ(run_command(cli() + " synth gendyn --duration 0.2 -o " + shell_quote(in.string())).exit_code, 0);
  const auto r = run_command(cli() + " transform-audio " + shell_quote(in.string()) + " -o " +
                             shell_quote((dir / "out.wav").string()) + " --pitch 'logistik(r=3.9)'");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out.wav"));
}

TEST(AudioCli, ComposeRenderWritesMidiAndAudioOfTheSamePiece) {
  testing::TempDir dir;
  const auto r = run_command(cli() + " compose --preset sieve-canon --duration 4 -o " +
                             shell_quote((dir / "c.mid").string()) + " --render " + shell_quote((dir / "c.flac").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "c.mid"));
  const auto audio = audio::read_audio_file(dir / "c.flac");
  EXPECT_GT(audio.duration_seconds(), 4.0);
  EXPECT_GT(audio.peak(), 0.01);
}

}  // namespace
}  // namespace stochos
