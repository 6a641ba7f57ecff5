// SPDX-License-Identifier: GPL-3.0-or-later
// The FFTW seam: see fftw_real.h.
#include "stochos/audio/spectral/detail/fftw_real.h"

#include <fftw3.h>

#include <mutex>

#include "stochos/core/error.h"

namespace stochos::audio::detail {
namespace {

std::mutex& planner_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

struct RealFft::Plans {
  fftw_plan forward = nullptr, inverse = nullptr;
};

RealFft::RealFft(std::size_t size) : size_(size), plans_(std::make_unique<Plans>()) {
  std::lock_guard<std::mutex> lock(planner_mutex());
  time_ = fftw_alloc_real(size);
  // fftw_complex is double[2]; std::complex<double> has the same layout ([complex.numbers.general]).
  fftw_complex* freq = fftw_alloc_complex(size / 2 + 1);
  bins_ = reinterpret_cast<std::complex<double>*>(freq);
  if (time_ != nullptr && freq != nullptr && size >= 2) {
    plans_->forward = fftw_plan_dft_r2c_1d(static_cast<int>(size), time_, freq, FFTW_ESTIMATE);
    plans_->inverse = fftw_plan_dft_c2r_1d(static_cast<int>(size), freq, time_, FFTW_ESTIMATE);
  }
  if (plans_->forward == nullptr || plans_->inverse == nullptr) {
    if (plans_->forward) fftw_destroy_plan(plans_->forward);
    if (plans_->inverse) fftw_destroy_plan(plans_->inverse);
    fftw_free(time_);
    fftw_free(freq);
    throw Error::internal("FFTW could not plan a transform of " + std::to_string(size) + " samples");
  }
}

RealFft::~RealFft() {
  std::lock_guard<std::mutex> lock(planner_mutex());
  fftw_destroy_plan(plans_->forward);
  fftw_destroy_plan(plans_->inverse);
  fftw_free(time_);
  fftw_free(bins_);
}

void RealFft::forward() { fftw_execute(plans_->forward); }
void RealFft::inverse() { fftw_execute(plans_->inverse); }

}  // namespace stochos::audio::detail
