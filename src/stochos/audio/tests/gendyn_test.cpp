// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <algorithm>

#include "stochos/audio/synth/gendyn.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include "stochos/audio/synth/detail/gendy_step.h"
#include "stochos/core/file_io.h"
#include "stochos/testing/shared.h"
#include "stochos/stochastic/processes.h"
#include "stochos/audio/tests/audio_analysis.h"
#include "stochos/core/error.h"

namespace stochos::audio {
namespace {

using namespace stochos::audio::testing;
using stochastic::GendyDistribution;

constexpr int kRate = 22050;

GendynOptions base(GendyModel model, GendyInterpolation interpolation) {
  GendynOptions o;
  o.model = model;
  o.interpolation = interpolation;
  o.sample_rate_hz = kRate;
  return o;
}

TEST(Gendyn, EveryModelAndInterpolationStaysWithinAmplitudeBounds) {
  for (auto model : {GendyModel::kGendy1, GendyModel::kGendy2, GendyModel::kGendy3}) {
    for (auto interp : {GendyInterpolation::kLinear, GendyInterpolation::kCubic}) {
      GendynOptions o = base(model, interp);
      o.amplitude = 0.5;
      o.ampscale = 1.0;  // large steps: the mirrors are hit often
      o.ampdist = GendyDistribution::kCauchy;
      const AudioBuffer a = gendyn(o, 0.5, core::Rng(7));
      EXPECT_LE(a.peak(), 0.5f);
      EXPECT_GT(a.peak(), 0.3f);  // and uses the range
    }
  }
}

TEST(Gendyn, Gendy1PeriodsStayWithinFrequencyBoundsAndAutocorrelationAgrees) {
  GendynOptions o = base(GendyModel::kGendy1, GendyInterpolation::kLinear);
  o.minfreq_hz = 200.0;
  o.maxfreq_hz = 300.0;
  o.ampscale = 0.05;  // a slowly changing wave, so that its period is measurable
  o.durscale = 0.05;
  GendynOscillator osc(o, core::Rng(3));
  osc.track_periods(true);
  std::vector<float> out(kRate);
  osc.generate(out);
  const auto& periods = osc.period_frequencies_hz();
  ASSERT_GT(periods.size(), 150u);
  for (double f : periods) {
    EXPECT_GE(f, 200.0 - 1e-9);
    EXPECT_LE(f, 300.0 + 1e-9);
  }
  // Measured from the sound alone, in a lag range twice as wide as the bounds on each side.
  for (std::size_t start = 0; start + 4096 <= out.size(); start += 4096) {
    const std::vector<float> window(out.begin() + start, out.begin() + start + 4096);
    const double lag = static_cast<double>(autocorrelation_peak_lag(window, kRate / 600, kRate / 100));
    const double f = kRate / lag;
    EXPECT_GE(f, 200.0 * 0.97) << "window at " << start;
    EXPECT_LE(f, 300.0 * 1.03) << "window at " << start;
  }
}

TEST(Gendyn, Gendy3PeriodIsExactlyOneOverFreq) {
  GendynOptions o = base(GendyModel::kGendy3, GendyInterpolation::kCubic);
  o.freq_hz = 220.0;
  GendynOscillator osc(o, core::Rng(11));
  osc.track_periods(true);
  std::vector<float> out(kRate / 2);
  osc.generate(out);
  ASSERT_GT(osc.period_frequencies_hz().size(), 100u);
  for (double f : osc.period_frequencies_hz()) EXPECT_NEAR(f, 220.0, 1e-6);
  const double measured = dominant_frequency_hz(out, kRate, 0, out.size(), 100.0);
  // The spectrum of a periodic wave has lines at multiples of 220 Hz only.
  EXPECT_NEAR(std::remainder(measured, 220.0), 0.0, 1.0) << measured;
}

TEST(Gendyn, FixedSeedGivesIdenticalSamplesOtherSeedDiffers) {
  for (auto model : {GendyModel::kGendy1, GendyModel::kGendy2, GendyModel::kGendy3}) {
    GendynOptions o = base(model, GendyInterpolation::kLinear);
    const AudioBuffer a = gendyn(o, 0.2, core::Rng(42));
    const AudioBuffer b = gendyn(o, 0.2, core::Rng(42));
    const AudioBuffer c = gendyn(o, 0.2, core::Rng(43));
    EXPECT_EQ(a.samples, b.samples);
    EXPECT_NE(a.samples, c.samples);
  }
}

TEST(Gendyn, ChunkedGenerationEqualsOneCall) {
  GendynOptions o = base(GendyModel::kGendy2, GendyInterpolation::kCubic);
  GendynOscillator one(o, core::Rng(5)), chunked(o, core::Rng(5));
  std::vector<float> a(5000), b(5000);
  one.generate(a);
  for (std::size_t i = 0; i < b.size(); i += 77) {
    chunked.generate(std::span<float>(b).subspan(i, std::min<std::size_t>(77, b.size() - i)));
  }
  EXPECT_EQ(a, b);
}

TEST(Gendyn, AnyEngineLawDrivesTheWalks) {
  GendynOptions o = base(GendyModel::kGendy1, GendyInterpolation::kLinear);
  o.amp_law = stochastic::make_distribution("gaussian", {{"mean", 0.0}, {"sigma", 0.3}});
  const AudioBuffer a = gendyn(o, 0.2, core::Rng(1));
  EXPECT_LE(a.peak(), 1.0f);
  EXPECT_GT(a.peak(), 0.1f);
}

TEST(Gendyn, OutOfRangeParametersAreUsageErrors) {
  GendynOptions o = base(GendyModel::kGendy1, GendyInterpolation::kLinear);
  o.minfreq_hz = 900.0;
  o.maxfreq_hz = 100.0;
  EXPECT_THROW(gendyn(o, 0.1, core::Rng(1)), Error);
  o = base(GendyModel::kGendy1, GendyInterpolation::kLinear);
  o.init_cps = 0;
  EXPECT_THROW(gendyn(o, 0.1, core::Rng(1)), Error);
}

TEST(Gendyn, FileWrittenBlockByBlockEqualsTheBufferWritten) {
  stochos::testing::TempDir dir;
  GendynOptions o = base(GendyModel::kGendy1, GendyInterpolation::kCubic);
  write_audio_file(dir / "buffer.flac", gendyn(o, 2.5, core::Rng(8)));
  write_gendyn_file(dir / "blocks.flac", o, 2.5, core::Rng(8));
  EXPECT_EQ(core::read_file(dir / "buffer.flac"), core::read_file(dir / "blocks.flac"));
  EXPECT_THROW(write_gendyn_file(dir / "x.mp3", o, 1.0, core::Rng(8)), Error);
  EXPECT_FALSE(std::filesystem::exists(dir / "x.mp3"));
}

// The fast paths of the oscillator must give gendy_map's and reflect_into's bits exactly, so
// that the speed-up changed no sound (gendy_step.h).
TEST(Gendyn, PrecomputedGendyLawsGiveGendyMapsBitsExactly) {
  core::Rng rng(3);
  for (int which = 0; which < stochastic::kGendyDistributionCount; ++which) {
    const auto law = static_cast<GendyDistribution>(which);
    for (double a : {0.0, 0.00005, 0.0001, 0.013, 0.3, 0.5, 0.77, 0.999, 1.0, 1.5}) {
      const detail::GendyStep step(law, a);
      for (int k = 0; k <= 2000; ++k) {
        const double u = k < 1001 ? k / 1000.0 : rng.uniform01();
        ASSERT_EQ(std::bit_cast<std::uint64_t>(step(u)),
                  std::bit_cast<std::uint64_t>(stochastic::gendy_map(law, a, u)))
            << "law " << which << " a " << a << " u " << u;
      }
    }
  }
}

TEST(Gendyn, FastReflectionGivesReflectIntosBitsExactly) {
  core::Rng rng(4);
  const double inf = std::numeric_limits<double>::infinity();
  for (const auto& [lo, hi] : {std::pair{-1.0, 1.0}, std::pair{0.0, 1.0}, std::pair{0.01, 1.0}, std::pair{2.0, 2.0}}) {
    std::vector<double> xs = {lo, hi, 0.0, -0.0, lo - 1e-17, hi + 1e-17, 3 * hi - 2 * lo, -5.0, 7.25, inf, -inf,
                              std::nan("")};
    for (int k = 0; k < 20000; ++k) xs.push_back(lo + (hi - lo + 1.0) * (8.0 * rng.uniform01() - 4.0));
    for (double x : xs) {
      ASSERT_EQ(std::bit_cast<std::uint64_t>(detail::reflect(x, lo, hi)),
                std::bit_cast<std::uint64_t>(stochastic::reflect_into(x, lo, hi)))
          << x << " in " << lo << ".." << hi;
    }
  }
}

}  // namespace
}  // namespace stochos::audio
