// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "stochos/audio/spectral/spectral_transform.h"
#include "stochos/audio/spectral/spectrogram.h"
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
  const AudioBuffer out = pitch_shift(in, [](double) { return 12.0; });
  ASSERT_EQ(out.frames(), in.frames());
  const double f = dominant_frequency_hz(out.samples, kRate, kRate / 4, kRate / 2, 50.0);
  std::printf("+12 semitones: 220 Hz -> %.3f Hz (%+.2f cents from 440)\n", f, cents(f, 440.0));
  EXPECT_NEAR(cents(f, 440.0), 0.0, 5.0);
  EXPECT_GT(rms(out.samples, kRate / 4, kRate / 2), 0.2);  // not silenced (sine rms 0.35)
}

TEST(PitchShift, CurveMovesPitchOverTime) {
  const AudioBuffer in = mono_buffer(sine(300.0, 2.0, kRate));
  const stochastic::Breakpoints curve({{0.0, 0.0}, {0.9, 0.0}, {1.0, 7.0}, {2.0, 7.0}});
  const AudioBuffer out = pitch_shift(in, [&](double t) { return curve.at(t); });
  const double f0 = dominant_frequency_hz(out.samples, kRate, kRate / 5, kRate / 2, 50.0);
  const double f1 = dominant_frequency_hz(out.samples, kRate, 5 * kRate / 4, kRate / 2, 50.0);
  EXPECT_NEAR(cents(f0, 300.0), 0.0, 5.0);
  EXPECT_NEAR(cents(f1, 300.0), 700.0, 5.0);
}

TEST(SpectralShape, GainCurveIsFollowedWithinHalfADecibel) {
  const AudioBuffer in = mono_buffer(sine(1000.0, 2.0, kRate));
  const stochastic::Breakpoints gain({{0.0, 0.0}, {2.0, -18.0}});
  const AudioBuffer out = spectral_shape(in, [&](double t) { return gain.at(t); }, {});
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
  const auto zero = [](double) { return 0.0; };
  const AudioBuffer out = spectral_shape(in, zero, zero);
  for (std::size_t i = 0; i < in.samples.size(); ++i) ASSERT_NEAR(out.samples[i], in.samples[i], 1e-5) << i;
}

TEST(SpectralShape, TiltOfMinusThreeDecibelsPerOctaveOverFourOctaves) {
  std::vector<float> a = sine(250.0, 1.0, kRate, 0.3), b = sine(4000.0, 1.0, kRate, 0.3);
  for (std::size_t i = 0; i < a.size(); ++i) a[i] += b[i];
  const AudioBuffer out = spectral_shape(mono_buffer(a), {}, [](double) { return -3.0; });
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

TEST(SpectralShape, CurveGivingNotANumberIsAUsageError) {
  const AudioBuffer in = mono_buffer(sine(440.0, 0.2, kRate));
  const auto nan = [](double t) { return t > 0.1 ? std::nan("") : 0.0; };
  for (int which = 0; which < 3; ++which) {
    try {
      if (which == 0) (void)pitch_shift(in, nan);
      if (which == 1) (void)spectral_shape(in, nan, {});
      if (which == 2) (void)spectral_shape(in, {}, nan);
      ADD_FAILURE() << "accepted a NaN curve (" << which << ")";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    }
  }
}

TEST(Spectrogram, PureToneIsTheLoudestBinOfEveryFrameAtItsLevel) {
  const AudioBuffer in = mono_buffer(sine(1000.0, 1.0, kRate, 0.5));
  const Spectrogram s = spectrogram(in);
  EXPECT_EQ(s.bins, 1025u);
  EXPECT_EQ(s.frames, in.frames() / 512 + 1);
  EXPECT_NEAR(s.bin_hz, kRate / 2048.0, 1e-12);
  const auto tone_bin = static_cast<std::size_t>(std::lround(1000.0 / s.bin_hz));
  for (std::size_t f = 4; f + 4 < s.frames; ++f) {  // frames wholly inside the sound
    const float* frame = s.db.data() + f * s.bins;
    const auto loudest = static_cast<std::size_t>(std::max_element(frame, frame + s.bins) - frame);
    ASSERT_EQ(loudest, tone_bin) << "frame " << f;
    EXPECT_NEAR(frame[loudest], 20.0 * std::log10(0.5), 1.5);  // -6 dB, scalloping < 1.5 dB
    EXPECT_LT(frame[tone_bin + 20], -60.0f);
  }
}

TEST(Spectrogram, SilenceSitsOnTheFloorAndLongSoundsKeepBoundedFrames) {
  AudioBuffer silence = mono_buffer(std::vector<float>(kRate, 0.0f));
  SpectrogramOptions o;
  o.floor_db = -90.0;
  const Spectrogram s = spectrogram(silence, o);
  EXPECT_EQ(*std::max_element(s.db.begin(), s.db.end()), -90.0f);
  o.max_frames = 10;
  const Spectrogram few = spectrogram(silence, o);
  EXPECT_LE(few.frames, 10u);
  EXPECT_NEAR(few.hop_seconds, 1.0 / 10, 1e-3);
  o.frame_size = 15;
  EXPECT_THROW(spectrogram(silence, o), Error);
}

}  // namespace
}  // namespace stochos::audio
