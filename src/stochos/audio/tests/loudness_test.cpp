// SPDX-License-Identifier: GPL-3.0-or-later
// EBU R128 loudness through libebur128, checked against the standard's calibration: a 997 Hz
// sine at full scale in one channel reads -3.01 LKFS (ITU-R BS.1770-4, 2.1), so the same sine
// in both channels of a stereo programme reads 0.0, and every halving of the amplitude takes
// 6.02 dB off.
#include "stochos/audio/loudness/loudness.h"

#include <gtest/gtest.h>

#include <cmath>

#include "stochos/core/error.h"

namespace stochos::audio {
namespace {

AudioBuffer sine(double amplitude, int channels, double seconds = 10.0, double hz = 997.0) {
  AudioBuffer a;
  a.sample_rate_hz = 48000;
  a.channels = channels;
  const auto frames = static_cast<std::size_t>(seconds * a.sample_rate_hz);
  a.samples.resize(frames * static_cast<std::size_t>(channels));
  for (std::size_t f = 0; f < frames; ++f) {
    const auto v = static_cast<float>(amplitude * std::sin(2 * M_PI * hz * static_cast<double>(f) / a.sample_rate_hz));
    for (int c = 0; c < channels; ++c) a.samples[f * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)] = v;
  }
  return a;
}

TEST(Loudness, FullScaleSineMatchesBs1770Calibration) {
  EXPECT_NEAR(measure_loudness(sine(1.0, 1)).integrated_lufs, -3.01, 0.05);
  EXPECT_NEAR(measure_loudness(sine(1.0, 2)).integrated_lufs, 0.0, 0.05);
  EXPECT_NEAR(measure_loudness(sine(0.5, 2)).integrated_lufs, -6.02, 0.05);
}

TEST(Loudness, NormalisationReachesTheTargetAndRespectsTheCeiling) {
  AudioBuffer a = sine(0.05, 2);
  const Loudness before = measure_loudness(a);
  const double gain = normalization_gain_db(before, kEbuR128TargetLufs);
  EXPECT_NEAR(gain, kEbuR128TargetLufs - before.integrated_lufs, 1e-9);
  apply_gain_db(a, gain);
  EXPECT_NEAR(measure_loudness(a).integrated_lufs, -23.0, 0.05);
  // A stereo sine peaks at its loudness, so -0.5 LUFS would put the peak at -0.5 dBTP: the
  // gain stops at -1 dBTP instead. A loud target cannot push the true peak past -1 dBTP: the gain stops there instead.
  AudioBuffer loud = sine(0.5, 2);
  const Loudness m = measure_loudness(loud);
  const double capped = normalization_gain_db(m, -0.5);
  apply_gain_db(loud, capped);
  EXPECT_NEAR(measure_loudness(loud).true_peak_dbtp, kEbuR128MaxTruePeakDbtp, 0.05);
  EXPECT_LT(measure_loudness(loud).integrated_lufs, -0.9);
}

TEST(Loudness, SilenceIsMinusInfinityAndGetsNoGain) {
  AudioBuffer quiet = sine(0.0, 2, 2.0);
  const Loudness l = measure_loudness(quiet);
  EXPECT_TRUE(std::isinf(l.integrated_lufs) && l.integrated_lufs < 0);
  EXPECT_EQ(normalization_gain_db(l), 0.0);
  EXPECT_THROW(measure_loudness(AudioBuffer{}), Error);
}

}  // namespace
}  // namespace stochos::audio
