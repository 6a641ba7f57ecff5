// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <span>
#include <fstream>

#include "stochos/audio/audio_file.h"
#include "stochos/audio/tests/audio_analysis.h"
#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
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

TEST(AudioFile, OggOfTheSameSamplesIsByteIdenticalAndDecodes) {
  stochos::testing::TempDir dir;
  AudioBuffer stereo;
  stereo.sample_rate_hz = 22050;
  stereo.channels = 2;
  const auto left = testing::sine(330.0, 1.5, 22050), right = testing::sine(495.0, 1.5, 22050);
  for (std::size_t i = 0; i < left.size(); ++i) {
    stereo.samples.push_back(left[i]);
    stereo.samples.push_back(right[i]);
  }
  write_audio_file(dir / "a.ogg", stereo);
  write_audio_file(dir / "b.ogg", stereo);
  const auto a = core::read_file(dir / "a.ogg");
  EXPECT_EQ(a, core::read_file(dir / "b.ogg"));
  // Decoding checks every page's CRC: a wrong one would drop the page and its samples.
  const AudioBuffer back = read_audio_file(dir / "a.ogg");
  EXPECT_EQ(back.frames(), stereo.frames());
  EXPECT_GT(back.peak(), 0.4f);
  // Other content, other serial (bytes 14..17 of the first page).
  write_audio_file(dir / "c.ogg", tone());
  const auto c = core::read_file(dir / "c.ogg");
  EXPECT_FALSE(std::equal(a.begin() + 14, a.begin() + 18, c.begin() + 14));
}

TEST(AudioFile, FloatWavHasNoTimeStampedPeakChunk) {
  stochos::testing::TempDir dir;
  AudioWriteOptions o;
  o.sample_format = SampleFormat::kFloat;
  write_audio_file(dir / "f.wav", tone(), o);
  const auto bytes = core::read_file(dir / "f.wav");
  const std::string text(bytes.begin(), bytes.end());
  EXPECT_EQ(text.find("PEAK"), std::string::npos);
  const AudioBuffer back = read_audio_file(dir / "f.wav");
  EXPECT_EQ(back.samples, tone().samples);  // float: exact
}

TEST(AudioFile, WriterInBlocksGivesTheBytesOfOneWriteAndNothingUntilFinished) {
  stochos::testing::TempDir dir;
  const AudioBuffer t = tone();
  for (const char* ext : {".wav", ".flac", ".ogg"}) {
    const auto whole = dir / (std::string("whole") + ext), blocks = dir / (std::string("blocks") + ext);
    write_audio_file(whole, t);
    {
      AudioFileWriter w(blocks, t.sample_rate_hz, 1);
      std::span<const float> rest(t.samples);
      for (std::size_t n = 1; !rest.empty(); n = n * 3 + 7) {
        const std::size_t take = std::min(n, rest.size());
        w.write(rest.first(take));
        rest = rest.subspan(take);
      }
      EXPECT_EQ(w.frames_written(), t.frames());
      EXPECT_FALSE(fs::exists(blocks));
      w.finish();
    }
    EXPECT_EQ(core::read_file(whole), core::read_file(blocks)) << ext;
  }
  {
    AudioFileWriter abandoned(dir / "abandoned.wav", 16000, 1);
    abandoned.write(t.samples);
  }
  EXPECT_FALSE(fs::exists(dir / "abandoned.wav"));
  EXPECT_EQ(entries(dir.path()), 6u);  // no temporary left behind
  AudioFileWriter stereo(dir / "odd.wav", 16000, 2);
  EXPECT_THROW(stereo.write(std::vector<float>(3, 0.0f)), Error);  // not whole frames
  EXPECT_THROW(stereo.finish(), Error);                            // nothing written
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
