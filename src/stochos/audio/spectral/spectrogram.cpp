// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/audio/spectral/spectrogram.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <string>

#include "stochos/audio/spectral/detail/fftw_real.h"
#include "stochos/core/error.h"

namespace stochos::audio {

Spectrogram spectrogram(const AudioBuffer& audio, const SpectrogramOptions& options) {
  check_sample_rate(audio.sample_rate_hz);
  if (options.frame_size < 16 || options.frame_size > 65536 || options.frame_size % 2 != 0) {
    throw Error::usage("spectrogram frame size must be even and 16..65536, not " + std::to_string(options.frame_size));
  }
  if (options.hop < 1) throw Error::usage("spectrogram hop must be at least 1 sample");
  if (options.max_frames < 1) throw Error::usage("spectrogram max_frames must be at least 1");
  if (!std::isfinite(options.floor_db)) throw Error::usage("spectrogram floor must be finite");
  const std::vector<float> mono = audio.mono();
  if (mono.empty()) throw Error::usage("spectrogram of an empty sound");
  const std::size_t n = mono.size();
  const auto size = static_cast<std::size_t>(options.frame_size);
  std::size_t hop = static_cast<std::size_t>(options.hop);
  if (n / hop + 1 > options.max_frames) hop = n / options.max_frames + 1;  // then n / hop < max_frames

  Spectrogram s;
  s.sample_rate_hz = audio.sample_rate_hz;
  s.frames = n / hop + 1;
  s.bins = size / 2 + 1;
  s.bin_hz = static_cast<double>(audio.sample_rate_hz) / static_cast<double>(size);
  s.hop_seconds = static_cast<double>(hop) / audio.sample_rate_hz;
  s.db.resize(s.frames * s.bins);

  std::vector<double> window(size);
  double window_sum = 0.0;
  for (std::size_t i = 0; i < size; ++i) {
    window[i] = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(size));
    window_sum += window[i];
  }
  // A sine of amplitude A gives a peak of A·sum(w)/2 at its bin: 2/sum(w) reads it as A.
  const double scale = 2.0 / window_sum;
  const double floor_magnitude = std::pow(10.0, options.floor_db / 20.0);
  detail::RealFft fft(size);
  double* time = fft.time();
  const std::complex<double>* bins = fft.bins();
  const auto half = static_cast<long long>(size / 2);
  for (std::size_t f = 0; f < s.frames; ++f) {
    const long long first = static_cast<long long>(f * hop) - half;
    for (std::size_t i = 0; i < size; ++i) {
      const long long at = first + static_cast<long long>(i);
      time[i] = (at >= 0 && static_cast<std::size_t>(at) < n) ? mono[static_cast<std::size_t>(at)] * window[i] : 0.0;
    }
    fft.forward();
    float* out = s.db.data() + f * s.bins;
    for (std::size_t k = 0; k < s.bins; ++k) {
      const double magnitude = std::max(floor_magnitude, std::abs(bins[k]) * scale);
      out[k] = static_cast<float>(20.0 * std::log10(magnitude));
    }
  }
  return s;
}

}  // namespace stochos::audio
