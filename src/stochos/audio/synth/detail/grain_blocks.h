// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The sample loops of granular.cpp, in blocks of kGrainBlock samples so that GCC vectorises
// them (no loop-carried dependency inside a block, a constant trip count). Profiled before:
// a phasor rotated once per sample (a chain of dependent multiplies) and an interpolated
// envelope-table lookup per sample made the cloud slower than Csound's grain opcode.
//  - BlockOscillator: sin or cos of phase0 + i·step as Im/Re of carrier · e^{ik·step}: a
//    table of kGrainBlock rotations built once per grain and a carrier (double) turned once
//    per block, so each sample is two multiplies and an add, all independent.
//  - GaussianBlocks: exp(-a(i-c)²) by lanes: each lane k follows i = k + m·kGrainBlock with
//    g ← g·r, r ← r·C (the ratio of successive Gaussian values is itself geometric), in
//    double so that ten-second grains stay within 1e-8 of the formula.
//  - the trapezoid is evaluated directly.
// Results are float (the output's type). Only elementwise IEEE operations in a fixed order:
// the same bits with or without vectorisation, as long as nothing is contracted into FMAs
// (x86-64 GCC emits none without -mfma).
#include <cmath>
#include <cstddef>
#include <numbers>

namespace stochos::audio::detail {

inline constexpr std::size_t kGrainBlock = 64;

class BlockOscillator {
 public:
  BlockOscillator(double phase0, double step) : re_(std::cos(phase0)), im_(std::sin(phase0)) {
    // e^{ik·step} for k < kGrainBlock by doubling: [n, 2n) = [0, n) · e^{in·step}, with
    // e^{2in·step} the square of e^{in·step}; the turn per block is the last square.
    double rot_re[kGrainBlock], rot_im[kGrainBlock];
    rot_re[0] = 1.0;
    rot_im[0] = 0.0;
    double w_re = std::cos(step), w_im = std::sin(step);
    for (std::size_t n = 1; n < kGrainBlock; n *= 2) {
      for (std::size_t k = 0; k < n; ++k) {
        rot_re[n + k] = rot_re[k] * w_re - rot_im[k] * w_im;
        rot_im[n + k] = rot_re[k] * w_im + rot_im[k] * w_re;
      }
      const double sq_re = w_re * w_re - w_im * w_im;
      w_im = 2.0 * w_re * w_im;
      w_re = sq_re;
    }
    turn_re_ = w_re;
    turn_im_ = w_im;
    for (std::size_t k = 0; k < kGrainBlock; ++k) {
      rot_re_[k] = static_cast<float>(rot_re[k]);
      rot_im_[k] = static_cast<float>(rot_im[k]);
    }
  }

  /// sin(phase0 + i·step) for the next kGrainBlock values of i.
  void sine(float* out) {
    const auto c_re = static_cast<float>(re_), c_im = static_cast<float>(im_);
    for (std::size_t k = 0; k < kGrainBlock; ++k) out[k] = c_re * rot_im_[k] + c_im * rot_re_[k];
    advance();
  }

  /// ½ - ½cos(phase0 + i·step) (a Hann window when phase0 = 0) for the next kGrainBlock values.
  void raised_cosine(float* out) {
    const auto c_re = static_cast<float>(re_), c_im = static_cast<float>(im_);
    for (std::size_t k = 0; k < kGrainBlock; ++k) out[k] = 0.5f - 0.5f * (c_re * rot_re_[k] - c_im * rot_im_[k]);
    advance();
  }

 private:
  void advance() {
    const double next_re = re_ * turn_re_ - im_ * turn_im_;
    im_ = re_ * turn_im_ + im_ * turn_re_;
    re_ = next_re;
  }

  alignas(32) float rot_re_[kGrainBlock];
  alignas(32) float rot_im_[kGrainBlock];
  double re_, im_;            // e^{i(phase0 + m·kGrainBlock·step)} for the current block m
  double turn_re_, turn_im_;  // e^{i·kGrainBlock·step}
};

// The grain envelopes over x = i / (length - 1), i < length, a block at a time (values past
// the grain's end are computed and not used).

/// Gabor's elementary signal exp(-½((x - ½)/0.15)²) = exp(-a(i - c)²), c = (length-1)/2,
/// a = ½/(0.15·(length-1))².
class GaussianBlocks {
 public:
  explicit GaussianBlocks(std::size_t length) {
    constexpr auto kB = static_cast<double>(kGrainBlock);
    const double last = static_cast<double>(length - 1), sigma = 0.15 * last;
    const double a = 0.5 / (sigma * sigma), c = 0.5 * last;
    // Along k: g(k+1) = g(k)·ρ(k) with ρ(k) = exp(-a(2(k-c)+1)) and ρ(k+1) = ρ(k)·exp(-2a);
    // the lane ratio r(k) = g(k+B)/g(k) = exp(-a(B² + 2B(k-c))) grows by exp(-2aB) per lane.
    double g = std::exp(-a * c * c), rho = std::exp(-a * (1.0 - 2.0 * c)), r = std::exp(-a * (kB * kB - 2.0 * kB * c));
    const double rho_step = std::exp(-2.0 * a), r_step = std::exp(-2.0 * a * kB);
    for (std::size_t k = 0; k < kGrainBlock; ++k) {
      g_[k] = g;
      r_[k] = r;
      g *= rho;
      rho *= rho_step;
      r *= r_step;
    }
    lane_step_ = std::exp(-2.0 * a * kB * kB);
  }

  void next(float* out) {
    for (std::size_t k = 0; k < kGrainBlock; ++k) {
      out[k] = static_cast<float>(g_[k]);
      g_[k] *= r_[k];
      r_[k] *= lane_step_;
    }
  }

 private:
  alignas(32) double g_[kGrainBlock];
  alignas(32) double r_[kGrainBlock];
  double lane_step_;
};

/// The raised cosine ½ - ½cos(2πx).
class HannBlocks {
 public:
  explicit HannBlocks(std::size_t length)
      : cosine_(0.0, 2.0 * std::numbers::pi / static_cast<double>(length - 1)) {}
  void next(float* out) { cosine_.raised_cosine(out); }

 private:
  BlockOscillator cosine_;
};

/// min(1, x/0.1, (1-x)/0.1): 10 % linear attack and release.
class TrapezoidBlocks {
 public:
  explicit TrapezoidBlocks(std::size_t length) : inv_last_(1.0 / static_cast<double>(length - 1)) {}
  void next(float* out) {
    for (int k = 0; k < static_cast<int>(kGrainBlock); ++k) {
      // min(x, 1-x) = ½ - |x - ½| and min(r, 1) = ½(r + 1 - |r - 1|): GCC vectorises fabs,
      // not the selects of std::min (a few ulps of a double, below the float's resolution).
      const double x = (first_ + static_cast<double>(k)) * inv_last_;
      const double ramp = 5.0 - 10.0 * std::fabs(x - 0.5);
      out[k] = static_cast<float>(0.5 * (ramp + 1.0 - std::fabs(ramp - 1.0)));
    }
    first_ += static_cast<double>(kGrainBlock);
  }

 private:
  double inv_last_;
  double first_ = 0.0;
};

/// out[2k] += s[k]·e[k]·gain_l, out[2k+1] += s[k]·e[k]·gain_r for k < n (interleaved stereo).
inline void mix_block(const float* signal, const float* envelope, float gain_l, float gain_r, float* out,
                      std::size_t n) {
  if (n == kGrainBlock) {
    for (std::size_t k = 0; k < kGrainBlock; ++k) {
      const float y = signal[k] * envelope[k];
      out[2 * k] += y * gain_l;
      out[2 * k + 1] += y * gain_r;
    }
    return;
  }
  for (std::size_t k = 0; k < n; ++k) {
    const float y = signal[k] * envelope[k];
    out[2 * k] += y * gain_l;
    out[2 * k + 1] += y * gain_r;
  }
}

}  // namespace stochos::audio::detail
