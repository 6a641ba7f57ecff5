// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "stochos/audio/audio_file.h"
#include "stochos/audio/tests/audio_analysis.h"
#include "stochos/core/error.h"
#include "stochos/testing/shared.h"

namespace stochos::audio {
namespace {

namespace fs = std::filesystem;

AudioBuffer tone() {
  AudioBuffer b;
  b.sample_rate_hz = 16000;
  b.channels = 1;
  b.samples = testing::sine(440.0, 0.25, 16000);
  return b;
}

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}));
}

TEST(AudioFile, WavRoundTripKeepsSamplesWithin16BitPrecision) {
  stochos::testing::TempDir dir;
  write_audio_file(dir / "a.wav", tone());
  const AudioBuffer back = read_audio_file(dir / "a.wav");
  ASSERT_EQ(back.samples.size(), tone().samples.size());
  for (std::size_t i = 0; i < back.samples.size(); ++i) ASSERT_NEAR(back.samples[i], tone().samples[i], 1.0 / 32768);
  EXPECT_EQ(entries(dir.path()), 1u);  // no temporary left behind
}

TEST(AudioFile, UnsupportedExtensionIsRefusedAndNothingWritten) {
  stochos::testing::TempDir dir;
  try {
    write_audio_file(dir / "a.mp3", tone());
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUnsupported);
    EXPECT_EQ(e.code(), "audio_format");
  }
  EXPECT_EQ(entries(dir.path()), 0u);
}

TEST(AudioFile, FloatFlacIsAUsageErrorAndNothingWritten) {
  stochos::testing::TempDir dir;
  AudioWriteOptions o;
  o.sample_format = SampleFormat::kFloat;
  EXPECT_THROW(write_audio_file(dir / "a.flac", tone(), o), Error);
  EXPECT_EQ(entries(dir.path()), 0u);
}

TEST(AudioFile, MalformedAndTruncatedFilesGiveInputErrors) {
  stochos::testing::TempDir dir;
  {
    std::ofstream(dir / "text.wav") << "this is not a RIFF file at all, just text";
  }
  try {
    read_audio_file(dir / "text.wav");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kInput);
    EXPECT_EQ(e.code(), "audio_format");
    EXPECT_NE(std::string(e.what()).find("text.wav"), std::string::npos);
  }
  // A WAV cut inside its header.
  write_audio_file(dir / "whole.wav", tone());
  fs::copy_file(dir / "whole.wav", dir / "cut.wav");
  fs::resize_file(dir / "cut.wav", 30);
  EXPECT_THROW(read_audio_file(dir / "cut.wav"), Error);
  // A missing file is an I/O error.
  try {
    read_audio_file(dir / "missing.wav");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kIo);
  }
}

TEST(AudioFile, UnwritableDirectoryIsAnIoError) {
  EXPECT_THROW(write_audio_file("/nonexistent-dir/a.wav", tone()), Error);
}

}  // namespace
}  // namespace stochos::audio
