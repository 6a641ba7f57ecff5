// SPDX-License-Identifier: GPL-3.0-or-later
// Gain and spectral tilt by our own STFT (spectral_transform.h), on the FFTW seam
// (detail/fftw_real.h).
#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

#include "stochos/audio/spectral/detail/fftw_real.h"
#include "stochos/audio/spectral/spectral_transform.h"
#include "stochos/core/error.h"

namespace stochos::audio {
namespace {

constexpr std::size_t kFrameSize = 2048;
constexpr std::size_t kHop = kFrameSize / 4;

double curve_value(const TimeCurve& curve, double t_seconds, const char* what) {
  if (!curve) return 0.0;
  const double v = curve(t_seconds);
  if (!std::isfinite(v)) throw Error::usage(std::string("the ") + what + " curve gave a value that is not a number");
  return v;
}

}  // namespace

AudioBuffer spectral_shape(const AudioBuffer& input, const TimeCurve& gain_db_at,
                           const TimeCurve& tilt_db_per_octave_at) {
  check_sample_rate(input.sample_rate_hz);
  const int channels = input.channels;
  const std::size_t frames = input.frames();
  if (channels < 1 || frames == 0) throw Error::usage("spectral shaping needs a non-empty input");
  // sqrt-Hann analysis and synthesis windows: their product, a periodic Hann window, sums to
  // exactly 2 at a hop of a quarter frame, hence the 1/2 below (and 1/N for FFTW's c2r).
  std::vector<double> window(kFrameSize);
  for (std::size_t i = 0; i < kFrameSize; ++i) {
    window[i] = std::sqrt(0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / kFrameSize));
  }
  const double scale = 1.0 / (2.0 * static_cast<double>(kFrameSize));
  const std::size_t bins = kFrameSize / 2 + 1;
  std::vector<double> log2_rel(bins);
  for (std::size_t k = 0; k < bins; ++k) {
    const double f_hz = std::max(20.0, static_cast<double>(k) * input.sample_rate_hz / static_cast<double>(kFrameSize));
    log2_rel[k] = std::log2(f_hz / 1000.0);
  }
  detail::RealFft fft(kFrameSize);
  double* time = fft.time();
  std::complex<double>* freq = fft.bins();
  std::vector<double> acc((frames + 2 * kFrameSize) * channels, 0.0);
  std::vector<double> bin_gain(bins);
  // Frame m covers input frames [m·hop - N, m·hop): every input frame lies in four frames.
  const std::size_t frame_count = (frames + kFrameSize) / kHop + 1;
  for (std::size_t m = 1; m <= frame_count; ++m) {
    const long long first = static_cast<long long>(m * kHop) - static_cast<long long>(kFrameSize);
    const double centre_seconds = (static_cast<double>(first) + kFrameSize / 2.0) / input.sample_rate_hz;
    const double gain_db = curve_value(gain_db_at, centre_seconds, "gain");
    const double tilt = curve_value(tilt_db_per_octave_at, centre_seconds, "spectral tilt");
    for (std::size_t k = 0; k < bins; ++k) bin_gain[k] = std::pow(10.0, (gain_db + tilt * log2_rel[k]) / 20.0) * scale;
    for (int c = 0; c < channels; ++c) {
      for (std::size_t i = 0; i < kFrameSize; ++i) {
        const long long f = first + static_cast<long long>(i);
        const double x = (f >= 0 && static_cast<std::size_t>(f) < frames) ? input.samples[f * channels + c] : 0.0;
        time[i] = x * window[i];
      }
      fft.forward();
      for (std::size_t k = 0; k < bins; ++k) freq[k] *= bin_gain[k];
      fft.inverse();
      for (std::size_t i = 0; i < kFrameSize; ++i) {
        const long long f = first + static_cast<long long>(i);
        if (f >= 0 && static_cast<std::size_t>(f) < frames) acc[f * channels + c] += time[i] * window[i];
      }
    }
  }
  AudioBuffer out;
  out.sample_rate_hz = input.sample_rate_hz;
  out.channels = channels;
  out.samples.resize(input.samples.size());
  for (std::size_t i = 0; i < out.samples.size(); ++i) out.samples[i] = static_cast<float>(acc[i]);
  return out;
}

}  // namespace stochos::audio
