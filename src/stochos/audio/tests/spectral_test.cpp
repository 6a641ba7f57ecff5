// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <cstdio>

#include "stochos/audio/spectral/curve_spec.h"
#include "stochos/audio/spectral/spectral_transform.h"
#include "stochos/audio/tests/audio_analysis.h"
#include "stochos/core/error.h"
#include "stochos/stochastic/curves.h"

namespace stochos::audio {
namespace {

using namespace stochos::audio::testing;
constexpr int kRate = 22050;

AudioBuffer mono_buffer(std::vector<float> samples) {
  AudioBuffer b;
  b.sample_rate_hz = kRate;
  b.channels = 1;
  b.samples = std::move(samples);
  return b;
}

TEST(PitchShift, PlusTwelveSemitonesDoublesTheFundamentalOfATone) {
  const AudioBuffer in = mono_buffer(sine(220.0, 1.0, kRate));
  stochastic::Constant twelve(12.0);
  const AudioBuffer out = pitch_shift(in, twelve);
  ASSERT_EQ(out.frames(), in.frames());
  const double f = dominant_frequency_hz(out.samples, kRate, kRate / 4, kRate / 2, 50.0);
  std::printf("+12 semitones: 220 Hz -> %.3f Hz (%+.2f cents from 440)\n", f, cents(f, 440.0));
  EXPECT_NEAR(cents(f, 440.0), 0.0, 5.0);
  EXPECT_GT(rms(out.samples, kRate / 4, kRate / 2), 0.2);  // not silenced (sine rms 0.35)
}

TEST(PitchShift, CurveMovesPitchOverTime) {
  const AudioBuffer in = mono_buffer(sine(300.0, 2.0, kRate));
  stochastic::Breakpoints curve({{0.0, 0.0}, {0.9, 0.0}, {1.0, 7.0}, {2.0, 7.0}});
  const AudioBuffer out = pitch_shift(in, curve);
  const double f0 = dominant_frequency_hz(out.samples, kRate, kRate / 5, kRate / 2, 50.0);
  const double f1 = dominant_frequency_hz(out.samples, kRate, 5 * kRate / 4, kRate / 2, 50.0);
  EXPECT_NEAR(cents(f0, 300.0), 0.0, 5.0);
  EXPECT_NEAR(cents(f1, 300.0), 700.0, 5.0);
}

TEST(SpectralShape, GainCurveIsFollowedWithinHalfADecibel) {
  const AudioBuffer in = mono_buffer(sine(1000.0, 2.0, kRate));
  stochastic::Breakpoints gain({{0.0, 0.0}, {2.0, -18.0}});
  const AudioBuffer out = spectral_shape(in, &gain, nullptr);
  ASSERT_EQ(out.frames(), in.frames());
  double worst = 0.0;
  const std::size_t window = kRate / 20;  // 50 ms
  for (std::size_t start = 0; start + window <= out.frames(); start += window) {
    const double t = (static_cast<double>(start) + window / 2.0) / kRate;
    const double measured = rms_db(out.samples, start, window) - rms_db(in.samples, start, window);
    worst = std::max(worst, std::fabs(measured - gain.at(t)));
  }
  std::printf("gain curve: worst deviation %.3f dB\n", worst);
  EXPECT_LT(worst, 0.5);
}

TEST(SpectralShape, ZeroCurvesReturnTheInput) {
  const AudioBuffer in = mono_buffer(sine(440.0, 0.5, kRate));
  stochastic::Constant zero(0.0);
  const AudioBuffer out = spectral_shape(in, &zero, &zero);
  for (std::size_t i = 0; i < in.samples.size(); ++i) ASSERT_NEAR(out.samples[i], in.samples[i], 1e-5) << i;
}

TEST(SpectralShape, TiltOfMinusThreeDecibelsPerOctaveOverFourOctaves) {
  std::vector<float> a = sine(250.0, 1.0, kRate, 0.3), b = sine(4000.0, 1.0, kRate, 0.3);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] += b[i];
  stochastic::Constant tilt(-3.0);
  const AudioBuffer out = spectral_shape(mono_buffer(a), nullptr, &tilt);
  const auto mag = magnitude_spectrum(out.samples, kRate / 4, kRate / 2, 1 << 15);
  const double bin_hz = static_cast<double>(kRate) / (1 << 15);
  auto level_db = [&](double f) {
    double m = 0.0;
    for (int d = -3; d <= 3; ++d) m = std::max(m, mag[static_cast<std::size_t>(f / bin_hz) + d]);
    return 20.0 * std::log10(m);
  };
  // 250 Hz is two octaves below 1 kHz (+6 dB), 4 kHz two above (-6 dB).
  EXPECT_NEAR(level_db(4000.0) - level_db(250.0), -12.0, 0.5);
}

TEST(CurveSpec, NumbersBreakpointsAndMapsParse) {
  core::Rng rng(1);
  EXPECT_DOUBLE_EQ(parse_curve("-3.5", rng)->next_at(10.0), -3.5);
  auto bp = parse_curve("[0,0; 2,12; 4,-5]", rng);
  EXPECT_DOUBLE_EQ(bp->next_at(1.0), 6.0);
  EXPECT_DOUBLE_EQ(bp->next_at(4.0), -5.0);
  auto logistic = parse_curve("logistic(r=3.9, lo=-3, hi=3)", rng);
  for (int i = 0; i < 100; ++i) {
    const double v = logistic->next_at(i * 0.05);
    EXPECT_GE(v, -3.0);
    EXPECT_LE(v, 3.0);
  }
  auto a = parse_curve("brownian(sigma=4, lo=-2, hi=2, rate=50)", rng);
  auto b = parse_curve("brownian(sigma=4, lo=-2, hi=2, rate=50)", rng);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a->next_at(i * 0.01), b->next_at(i * 0.01));
}

TEST(CurveSpec, MalformedCurvesAreUsageErrorsWithColumns) {
  core::Rng rng(1);
  for (const char* bad : {"", "[0,1; 2]", "foo(x=1)", "logistic(q=2)", "3 dB", "[1,0; 0,1]"}) {
    try {
      parse_curve(bad, rng);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage) << bad;
    }
  }
}

}  // namespace
}  // namespace stochos::audio
