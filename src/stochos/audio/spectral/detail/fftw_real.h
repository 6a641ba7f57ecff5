// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The FFTW seam (libfftw3): the only code that includes <fftw3.h> is fftw_real.cpp. Used by
// the STFT shaping (spectral_shape.cpp) and the spectrogram (spectrogram.cpp).
#include <complex>
#include <cstddef>
#include <memory>

namespace stochos::audio::detail {

/// A real FFT of one size in both directions, on buffers it owns. Plans are made with
/// FFTW_ESTIMATE, never FFTW_MEASURE: measured plans depend on timing, so two runs could pick
/// different algorithms and round differently, and stochos's outputs must be reproducible.
/// Making and destroying plans is serialised (FFTW's planner is not thread-safe); executing
/// them is not, so one RealFft per thread.
class RealFft {
 public:
  /// Throws Error(kInternal) if FFTW cannot plan.
  explicit RealFft(std::size_t size);
  ~RealFft();
  RealFft(const RealFft&) = delete;
  RealFft& operator=(const RealFft&) = delete;

  std::size_t size() const { return size_; }
  /// size() real samples: the input of forward(), the output of inverse().
  double* time() { return time_; }
  /// size()/2 + 1 bins: the output of forward(), the input of inverse().
  std::complex<double>* bins() { return bins_; }
  /// time() -> bins(), unnormalised.
  void forward();
  /// bins() -> time(), unnormalised (a round trip multiplies by size()).
  void inverse();

 private:
  struct Plans;
  std::size_t size_;
  double* time_ = nullptr;
  std::complex<double>* bins_ = nullptr;
  std::unique_ptr<Plans> plans_;
};

}  // namespace stochos::audio::detail
