// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <numbers>
#include <vector>

#include "stochos/audio/synth/detail/grain_blocks.h"
#include "stochos/audio/synth/granular.h"
#include "stochos/audio/tests/audio_analysis.h"
#include "stochos/core/error.h"
#include "stochos/core/file_io.h"
#include "stochos/testing/shared.h"

namespace stochos::audio {
namespace {

using namespace stochos::audio::testing;
constexpr int kRate = 22050;

TEST(GrainCloud, FixedSeedIsIdenticalAndGrainCountFollowsDensity) {
  GrainCloudOptions o;
  o.sample_rate_hz = kRate;
  o.duration_seconds = 2.0;
  o.density_hz = 100.0;
  const AudioBuffer a = grain_cloud(o, core::Rng(9));
  const AudioBuffer b = grain_cloud(o, core::Rng(9));
  const AudioBuffer c = grain_cloud(o, core::Rng(10));
  EXPECT_EQ(a.samples, b.samples);
  EXPECT_NE(a.samples, c.samples);
  EXPECT_EQ(a.channels, 2);
  EXPECT_EQ(a.frames(), static_cast<std::size_t>(2 * kRate));
  EXPECT_GT(a.peak(), 0.05f);
}

TEST(GrainCloud, SyntheticGrainsStayInTheirFrequencyBand) {
  GrainCloudOptions o;
  o.sample_rate_hz = kRate;
  o.duration_seconds = 1.0;
  o.density_hz = 40.0;
  o.freq_lo_hz = 900.0;
  o.freq_hi_hz = 1100.0;
  o.grain_lo_seconds = o.grain_hi_seconds = 0.05;
  const AudioBuffer a = grain_cloud(o, core::Rng(3));
  const auto mono = a.mono();
  const auto mag = magnitude_spectrum(mono, 0, mono.size(), 1 << 15);
  const double bin_hz = static_cast<double>(kRate) / (1 << 15);
  double in_band = 0.0, total = 0.0;
  for (std::size_t k = 1; k < mag.size(); ++k) {
    const double e = mag[k] * mag[k];
    total += e;
    if (k * bin_hz > 800.0 && k * bin_hz < 1200.0) in_band += e;
  }
  EXPECT_GT(in_band / total, 0.95);
}

TEST(GrainCloud, GranulatesASourceSound) {
  GrainCloudOptions o;
  o.sample_rate_hz = kRate;
  o.duration_seconds = 1.0;
  o.density_hz = 60.0;
  AudioBuffer source;
  source.sample_rate_hz = kRate;
  source.channels = 1;
  source.samples = sine(500.0, 1.0, kRate);
  o.source = source;
  o.transpose_lo_semitones = o.transpose_hi_semitones = 12.0;
  const AudioBuffer a = grain_cloud(o, core::Rng(4));
  const auto mono = a.mono();
  const double f = dominant_frequency_hz(mono, kRate, 0, mono.size(), 50.0);
  EXPECT_NEAR(cents(f, 1000.0), 0.0, 10.0) << f;
}

// The block generators against the formulas they replace, evaluated directly in double.
template <class Blocks, class Formula>
double max_error(Blocks&& blocks, std::size_t length, Formula formula) {
  std::vector<float> values(length + detail::kGrainBlock);
  for (std::size_t first = 0; first < length; first += detail::kGrainBlock) blocks.next(values.data() + first);
  double worst = 0.0;
  for (std::size_t i = 0; i < length; ++i) worst = std::max(worst, std::fabs(values[i] - formula(static_cast<double>(i))));
  return worst;
}

struct SineBlocks {
  detail::BlockOscillator oscillator;
  void next(float* out) { oscillator.sine(out); }
};

TEST(GrainBlocks, OscillatorFollowsTheSineOverTenSeconds) {
  constexpr double kTwoPi = 2.0 * std::numbers::pi;
  for (const double freq_hz : {20.0, 440.0, 1234.5, 21000.0}) {
    const double phase0 = 0.7, step = kTwoPi * freq_hz / 44100.0;
    const double error = max_error(SineBlocks{detail::BlockOscillator(phase0, step)}, 441000,
                                   [&](double i) { return std::sin(phase0 + i * step); });
    EXPECT_LT(error, 2e-6) << freq_hz;
  }
}

TEST(GrainBlocks, EnvelopesFollowTheirFormulas) {
  for (const std::size_t length : {8u, 63u, 64u, 65u, 883u, 3528u, 441000u}) {
    const double last = static_cast<double>(length - 1);
    EXPECT_LT(max_error(detail::GaussianBlocks(length), length,
                        [&](double i) {
                          const double z = (i / last - 0.5) / 0.15;
                          return std::exp(-0.5 * z * z);
                        }),
              1e-6)
        << length;
    EXPECT_LT(max_error(detail::HannBlocks(length), length,
                        [&](double i) { return 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * i / last); }),
              1e-6)
        << length;
    EXPECT_LT(max_error(detail::TrapezoidBlocks(length), length,
                        [&](double i) { return std::min({1.0, 10.0 * i / last, 10.0 * (1.0 - i / last)}); }),
              1e-6)
        << length;
  }
}

// FNV-1a of the samples' bytes: the same seed gives these bytes on every machine (no FMA, no
// fast-math; per-grain constants from glibc's exp, sin, cos and pow). Our own expectation,
// recorded from the block implementation; a change of algorithm updates it.
std::uint64_t fnv1a(const std::vector<float>& samples) {
  std::uint64_t h = 14695981039346656037ull;
  for (const float f : samples) {
    std::uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    for (int b = 0; b < 4; ++b) h = (h ^ ((bits >> (8 * b)) & 0xff)) * 1099511628211ull;
  }
  return h;
}

// The two recorded clouds: one second of synthetic grains and of a 300 Hz sine granulated with
// transpositions of -5..+7 semitones, seed 11.
struct RecordedClouds {
  GrainCloudOptions options;  ///< the synthetic cloud's
  AudioBuffer synthetic, granulated;
};

RecordedClouds recorded_clouds() {
  RecordedClouds r;
  GrainCloudOptions& o = r.options;
  o.sample_rate_hz = kRate;
  o.duration_seconds = 1.0;
  o.density_hz = 80.0;
  o.envelope = GrainEnvelope::kRandom;
  r.synthetic = grain_cloud(o, core::Rng(11));
  GrainCloudOptions g = o;
  AudioBuffer source;
  source.sample_rate_hz = kRate;
  source.channels = 1;
  source.samples = sine(300.0, 0.5, kRate);
  g.source = source;
  g.transpose_lo_semitones = -5.0;
  g.transpose_hi_semitones = 7.0;
  r.granulated = grain_cloud(g, core::Rng(11));
  return r;
}

TEST(GrainCloud, FixedSeedGivesTheRecordedBytes) {
  const RecordedClouds r = recorded_clouds();
  EXPECT_EQ(fnv1a(r.synthetic.samples), 6427249017715891685u);
  EXPECT_EQ(fnv1a(r.granulated.samples), 4686512772854481700u);
}

// Share of the mono mix's energy between lo_hz and hi_hz (DC left out).
double band_energy_share(const AudioBuffer& a, double lo_hz, double hi_hz) {
  const auto mono = a.mono();
  const auto mag = magnitude_spectrum(mono, 0, mono.size(), 1 << 15);
  const double bin_hz = static_cast<double>(a.sample_rate_hz) / (1 << 15);
  double in_band = 0.0, total = 0.0;
  for (std::size_t k = 1; k < mag.size(); ++k) {
    const double e = mag[k] * mag[k];
    total += e;
    if (k * bin_hz >= lo_hz && k * bin_hz <= hi_hz) in_band += e;
  }
  return in_band / total;
}

// What the recorded clouds above must be, whatever their bytes: one second of stereo whose
// synthetic grains sound inside [freq_lo, freq_hi], and whose granulated grains are the 300 Hz
// source transposed by -5..+7 semitones (224.7..449.5 Hz): in that band, spread over it.
TEST(GrainCloud, RecordedCloudsSoundWhereTheirOptionsPutThem) {
  const RecordedClouds r = recorded_clouds();
  const GrainCloudOptions& o = r.options;
  const AudioBuffer& synthetic = r.synthetic;
  EXPECT_EQ(synthetic.channels, 2);
  EXPECT_EQ(synthetic.frames(), static_cast<std::size_t>(kRate));
  EXPECT_GT(synthetic.peak(), static_cast<float>(o.amp_lo));
  EXPECT_GT(band_energy_share(synthetic, 0.9 * o.freq_lo_hz, 1.1 * o.freq_hi_hz), 0.95);

  const AudioBuffer& granulated = r.granulated;
  EXPECT_EQ(granulated.frames(), static_cast<std::size_t>(kRate));
  const double lowest_hz = 300.0 * std::pow(2.0, -5.0 / 12), highest_hz = 300.0 * std::pow(2.0, 7.0 / 12);
  EXPECT_GT(band_energy_share(granulated, 0.9 * lowest_hz, 1.1 * highest_hz), 0.9);
  // Transposed, not the source as it is: uniform in -5..+7 semitones, about a sixth of the
  // grains lie below 250 Hz (< -3.1) and a sixth above 400 Hz (> +5.0); the 300 Hz source
  // itself would put most of its energy within ±30 Hz.
  EXPECT_LT(band_energy_share(granulated, 270.0, 330.0), 0.6);
  EXPECT_GT(band_energy_share(granulated, 0.0, 250.0), 0.08);
  EXPECT_GT(band_energy_share(granulated, 400.0, kRate / 2.0), 0.08);
}

TEST(GrainCloud, FileWrittenBlockByBlockHasTheBytesOfTheWholeCloud) {
  // Grains up to 1.5 s long cross the writer's blocks (16384 frames) and the cloud's end.
  stochos::testing::TempDir temp;
  const std::filesystem::path dir = temp.path();
  GrainCloudOptions o;
  o.sample_rate_hz = kRate;
  o.duration_seconds = 4.0;
  o.density_hz = 30.0;
  o.grain_lo_seconds = 0.01;
  o.grain_hi_seconds = 1.5;
  o.envelope = GrainEnvelope::kRandom;
  for (const SampleFormat format : {SampleFormat::kFloat, SampleFormat::kPcm16}) {
    AudioWriteOptions w;
    w.sample_format = format;
    write_audio_file(dir / "whole.wav", grain_cloud(o, core::Rng(5)), w);
    write_grain_cloud_file(dir / "blocks.wav", o, core::Rng(5), w);
    EXPECT_EQ(core::read_file(dir / "whole.wav"), core::read_file(dir / "blocks.wav"));
  }
}

TEST(GrainCloud, BadOptionsAreUsageErrors) {
  GrainCloudOptions o;
  o.density_hz = -1.0;
  EXPECT_THROW(grain_cloud(o, core::Rng(1)), Error);
  o = GrainCloudOptions{};
  o.freq_lo_hz = 5000.0;
  o.freq_hi_hz = 100.0;
  EXPECT_THROW(grain_cloud(o, core::Rng(1)), Error);
}

}  // namespace
}  // namespace stochos::audio
