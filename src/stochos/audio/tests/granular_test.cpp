// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include "stochos/audio/synth/granular.h"
#include "stochos/audio/tests/audio_analysis.h"
#include "stochos/core/error.h"

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
