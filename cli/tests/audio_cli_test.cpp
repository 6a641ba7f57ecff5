// SPDX-License-Identifier: GPL-3.0-or-later
// The audio commands as a user runs them: files, determinism and exit codes.
#include <gtest/gtest.h>

#include <cmath>

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
  EXPECT_NE(r.err.find("--pitch"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("did you mean 'logistic'"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "out.wav"));
  const auto rate = run_command(cli() + " transform-audio " + shell_quote(in.string()) + " -o " +
                                shell_quote((dir / "out.wav").string()) + " --pitch 'pink()' --curve-rate 0");
  EXPECT_EQ(rate.exit_code, 2) << rate.err;
}

TEST(AudioCli, TransformAudioTakesScoreLanguageExpressionsAndKeepsItsSeed) {
  testing::TempDir dir;
  const auto in = dir / "in.wav";
  ASSERT_EQ(run_command(cli() + " synth gendyn --model gendy3 --freq 220 --duration 1 --sample-rate 22050 -o " +
                        shell_quote(in.string()))
                .exit_code,
            0);
  auto transform = [&](const std::string& out, const std::string& flags) {
    const auto r = run_command(cli() + " transform-audio " + shell_quote(in.string()) + " -o " +
                               shell_quote((dir / out).string()) + " " + flags);
    EXPECT_EQ(r.exit_code, 0) << flags << "\n" << r.err;
    return core::read_file(dir / out);
  };
  const std::string walk = "--pitch 'brownian(step=normal(0, 0.5), lo=-5, hi=5)' --fast";
  EXPECT_EQ(transform("a.wav", walk + " --seed 3"), transform("b.wav", walk + " --seed 3"));
  EXPECT_NE(transform("a.wav", walk + " --seed 3"), transform("c.wav", walk + " --seed 4"));
  transform("d.wav",
            "--fast --pitch 'quantize(logistic(r=3.9) * 4, sieve(\"2@0\", lo=0, hi=4))' "
            "--spectral-tilt 'mask(source=pink(), lo=-3, hi=curve([0, 0], [1, 3]), input_lo=-1)' --curve-rate 40");
  // A breakpoint gain curve, read at the exact time: the second half is 20 dB down.
  transform("e.wav", "--gain 'curve([0, 0], [0.45, 0], [0.5, -20], [1, -20])'");
  const auto original = audio::read_audio_file(in), quieter = audio::read_audio_file(dir / "e.wav");
  auto rms = [](const audio::AudioBuffer& a, double from, double to) {
    double sum = 0.0;
    const auto lo = static_cast<std::size_t>(from * a.sample_rate_hz), hi = static_cast<std::size_t>(to * a.sample_rate_hz);
    for (std::size_t i = lo; i < hi; ++i) sum += static_cast<double>(a.samples[i]) * a.samples[i];
    return std::sqrt(sum / static_cast<double>(hi - lo));
  };
  EXPECT_NEAR(20.0 * std::log10(rms(quieter, 0.1, 0.4) / rms(original, 0.1, 0.4)), 0.0, 0.5);
  EXPECT_NEAR(20.0 * std::log10(rms(quieter, 0.6, 0.9) / rms(original, 0.6, 0.9)), -20.0, 0.5);
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

TEST(AudioCli, ComposeRenderPlaysGendynVoicesAtTheirNotesAndRepeatsForASeed) {
  testing::TempDir dir;
  const auto spec = dir / "g.toml";
  core::write_file_atomically(spec, std::string(R"(duration_seconds = 3.5
[[voice]]
name = "gendyn"
synth = "gendyn"
program = 80
pitch = 'choice([57, 60, 64])'
ioi_seconds = 1
duration_seconds = 0.3
gendyn = { model = "gendy1", ampdist = "logist", spread_semitones = 1, gain = 0.4 }

[[voice]]
name = "piano"
start_seconds = 2.5
pitch = 72
ioi_seconds = 0.5
duration_seconds = 0.2
)"));
  auto compose = [&](const std::string& name, int seed) {
    const auto r = run_command(cli() + " compose " + shell_quote(spec.string()) + " --seed " + std::to_string(seed) +
                               " -o " + shell_quote((dir / (name + ".mid")).string()) + " --render " +
                               shell_quote((dir / (name + ".wav")).string()));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return core::read_file(dir / (name + ".wav"));
  };
  EXPECT_EQ(compose("a", 5), compose("b", 5));
  EXPECT_NE(compose("a", 5), compose("c", 6));
  const auto audio = audio::read_audio_file(dir / "a.wav");
  const std::vector<float> mono = audio.mono();
  auto rms = [&](double from, double to) {
    double sum = 0.0;
    const auto lo = static_cast<std::size_t>(from * audio.sample_rate_hz);
    const auto hi = static_cast<std::size_t>(to * audio.sample_rate_hz);
    for (std::size_t i = lo; i < hi; ++i) sum += static_cast<double>(mono[i]) * mono[i];
    return std::sqrt(sum / static_cast<double>(hi - lo));
  };
  for (double onset : {0.0, 1.0, 2.0}) EXPECT_GT(rms(onset + 0.05, onset + 0.25), 0.03) << onset;
  // Between the GENDYN notes (after their 50 ms release) and before the piano: silence.
  EXPECT_LT(rms(0.4, 0.95), 1e-4);
  EXPECT_LT(rms(1.4, 1.95), 1e-4);
  EXPECT_GT(rms(2.5, 3.0), 0.003);  // the General MIDI piano
}

std::uint32_t png_be32(const std::string& png, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(png[at + i]);
  return v;
}

TEST(AudioCli, WaveformAndSpectrogramPngsOfEveryCommandsOutput) {
  testing::TempDir dir;
  const auto in = dir / "in.wav";
  const std::vector<std::string> commands = {
      " synth gendyn --duration 0.5 --sample-rate 22050 -o " + shell_quote(in.string()),
      " synth granular --duration 0.5 -o " + shell_quote((dir / "g.wav").string()),
      " transform-audio " + shell_quote(in.string()) + " --gain -6 -o " + shell_quote((dir / "t.wav").string()),
      " render --sample-rate 22050 " + shell_quote(testing::fixture("note_seq_testdata/melody.mid").string()) +
          " -o " + shell_quote((dir / "r.flac").string()),
  };
  for (const auto& command : commands) {
    const auto wave = dir / "wave.png", spectrum = dir / "spectrum.png";
    std::filesystem::remove(wave);
    std::filesystem::remove(spectrum);
    const auto r = run_command(cli() + command + " --waveform " + shell_quote(wave.string()) + " --spectrogram " +
                               shell_quote(spectrum.string()));
    ASSERT_EQ(r.exit_code, 0) << command << "\n" << r.err;
    for (const auto& png_path : {wave, spectrum}) {
      const auto bytes = core::read_file(png_path);
      const std::string png(bytes.begin(), bytes.end());
      ASSERT_GT(png.size(), 24u) << command;
      EXPECT_EQ(png.substr(1, 3), "PNG") << command;
      EXPECT_EQ(png_be32(png, 16), 1200u) << command;  // default width
      if (png_path == spectrum) {
        EXPECT_EQ(png_be32(png, 20), 600u) << command;
      }
    }
  }
  const auto bad = run_command(cli() + " synth gendyn --duration 0.1 -o " + shell_quote((dir / "x.wav").string()) +
                               " --spectrogram " + shell_quote((dir / "x.jpg").string()));
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "x.wav"));
}

}  // namespace
}  // namespace stochos
