// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Measurements for the audio tests, written here independently of the code under test
// (which uses FFTW): a textbook radix-2 FFT, peak picking with parabolic interpolation on the
// log magnitude of a Hann-windowed, zero-padded frame, RMS levels and autocorrelation.
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <numbers>
#include <vector>

namespace stochos::audio::testing {

inline void fft_in_place(std::vector<std::complex<double>>& a) {
  const std::size_t n = a.size();
  for (std::size_t i = 1, j = 0; i < n; ++i) {
    std::size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  for (std::size_t len = 2; len <= n; len <<= 1) {
    const double angle = -2.0 * std::numbers::pi / static_cast<double>(len);
    const std::complex<double> w(std::cos(angle), std::sin(angle));
    for (std::size_t i = 0; i < n; i += len) {
      std::complex<double> wk(1.0, 0.0);
      for (std::size_t k = 0; k < len / 2; ++k) {
        const auto u = a[i + k], v = a[i + k + len / 2] * wk;
        a[i + k] = u + v;
        a[i + k + len / 2] = u - v;
        wk *= w;
      }
    }
  }
}

/// Magnitude spectrum of samples[start, start+length) with a Hann window, zero-padded to fft_size.
inline std::vector<double> magnitude_spectrum(const std::vector<float>& samples, std::size_t start,
                                              std::size_t length, std::size_t fft_size) {
  std::vector<std::complex<double>> a(fft_size);
  for (std::size_t i = 0; i < length && start + i < samples.size(); ++i) {
    const double w = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(length));
    a[i] = samples[start + i] * w;
  }
  fft_in_place(a);
  std::vector<double> mag(fft_size / 2);
  for (std::size_t k = 0; k < mag.size(); ++k) mag[k] = std::abs(a[k]);
  return mag;
}

/// The frequency of the strongest spectral peak above min_hz, refined by a parabola through
/// the log magnitudes of the peak bin and its neighbours.
inline double dominant_frequency_hz(const std::vector<float>& samples, int sample_rate_hz, std::size_t start,
                                    std::size_t length, double min_hz = 30.0, std::size_t fft_size = 1 << 16) {
  const std::vector<double> mag = magnitude_spectrum(samples, start, length, fft_size);
  const double bin_hz = static_cast<double>(sample_rate_hz) / static_cast<double>(fft_size);
  std::size_t best = static_cast<std::size_t>(min_hz / bin_hz) + 1;
  for (std::size_t k = best; k + 1 < mag.size(); ++k) {
    if (mag[k] > mag[best]) best = k;
  }
  const double l = std::log(mag[best - 1] + 1e-30), c = std::log(mag[best] + 1e-30), r = std::log(mag[best + 1] + 1e-30);
  const double offset = 0.5 * (l - r) / (l - 2.0 * c + r);
  return (static_cast<double>(best) + offset) * bin_hz;
}

inline double cents(double measured_hz, double reference_hz) { return 1200.0 * std::log2(measured_hz / reference_hz); }
inline double midi_hz(double pitch) { return 440.0 * std::pow(2.0, (pitch - 69.0) / 12.0); }

inline double rms(const std::vector<float>& s, std::size_t start, std::size_t length) {
  double sum = 0.0;
  std::size_t n = 0;
  for (std::size_t i = start; i < start + length && i < s.size(); ++i, ++n) sum += double(s[i]) * s[i];
  return n ? std::sqrt(sum / static_cast<double>(n)) : 0.0;
}
inline double rms_db(const std::vector<float>& s, std::size_t start, std::size_t length) {
  return 20.0 * std::log10(rms(s, start, length) + 1e-30);
}

/// The lag in [min_lag, max_lag] of the largest (biased) autocorrelation of s.
inline std::size_t autocorrelation_peak_lag(const std::vector<float>& s, std::size_t min_lag, std::size_t max_lag) {
  std::size_t best = min_lag;
  double best_value = -1e300;
  for (std::size_t lag = min_lag; lag <= max_lag; ++lag) {
    double sum = 0.0;
    for (std::size_t i = 0; i + lag < s.size(); ++i) sum += double(s[i]) * s[i + lag];
    if (sum > best_value) {
      best_value = sum;
      best = lag;
    }
  }
  return best;
}

inline std::vector<float> sine(double freq_hz, double seconds, int sample_rate_hz, double amplitude = 0.5) {
  std::vector<float> out(static_cast<std::size_t>(seconds * sample_rate_hz));
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<float>(amplitude * std::sin(2.0 * std::numbers::pi * freq_hz * static_cast<double>(i) / sample_rate_hz));
  }
  return out;
}

}  // namespace stochos::audio::testing
