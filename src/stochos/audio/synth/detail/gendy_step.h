// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The two hot spots of GENDYN outside the sample loop, made cheaper with bit-identical results
// (profiled on Gendy1 with Cauchy steps: atan 17 % and fmod 5 % of the time, tan 44 %):
//  - GendyStep is stochastic::gendy_map() with what depends only on the law and its parameter
//    (Cauchy's atan(10a), the denominators of HYPERBCOS, ARCSINE and EXPON, LOGIST's log)
//    computed once. Every expression keeps gendy_map's operands and order of evaluation, so
//    the results are the same bits; tests/gendyn_test.cpp checks that over a grid of a and u.
//  - reflect() is stochastic::reflect_into() without its fmod when the value is less than one
//    unfolded period (two widths) beyond `lo`, as walk steps almost always are: fmod(y, m)
//    returns y exactly for 0 <= |y| < m, so the rest of the computation is unchanged.
#include <algorithm>
#include <cmath>
#include <numbers>

#include "stochos/stochastic/distributions.h"
#include "stochos/stochastic/processes.h"

namespace stochos::audio::detail {

class GendyStep {
 public:
  GendyStep(stochastic::GendyDistribution which, double a) : which_(which), a_(std::clamp(a, 0.0001, 1.0)) {
    using stochastic::GendyDistribution;
    constexpr double kPi = std::numbers::pi;
    switch (which_) {
      case GendyDistribution::kCauchy:
        c_ = std::atan(10.0 * a_);
        k_ = 0.1 / a_;
        break;
      case GendyDistribution::kLogist: {
        const double edge = 0.5 + 0.499 * a_;
        c_ = std::log((1.0 - edge) / edge);
        break;
      }
      case GendyDistribution::kHyperbcos:
        c_ = 0.999 * kPi / 2 * a_;  // gendy_map's quarter * a
        k_ = std::tan(c_);
        neg_log_1000_ = -std::log(1000.0);
        break;
      case GendyDistribution::kArcsine:
        k_ = std::sin(0.5 * kPi * a_);
        break;
      case GendyDistribution::kExpon:
        k_ = std::log(1.0 - 0.999 * a_);
        break;
      default:
        break;
    }
  }

  /// gendy_map(which, a, u), bit for bit.
  double operator()(double u) const {
    using stochastic::GendyDistribution;
    constexpr double kPi = std::numbers::pi;
    switch (which_) {
      case GendyDistribution::kLinear:
        break;
      case GendyDistribution::kCauchy:
        return k_ * std::tan(c_ * (2.0 * u - 1.0));
      case GendyDistribution::kLogist: {
        const double f = (u - 0.5) * 0.998 * a_ + 0.5;
        return std::log((1.0 - f) / f) / c_;
      }
      case GendyDistribution::kHyperbcos: {
        const double t = std::tan(c_ * u) / k_;
        return 2.0 * (std::log(t * 0.999 + 0.001) / neg_log_1000_) - 1.0;
      }
      case GendyDistribution::kArcsine:
        return std::sin(kPi * (u - 0.5) * a_) / k_;
      case GendyDistribution::kExpon:
        return 2.0 * (std::log(1.0 - u * 0.999 * a_) / k_) - 1.0;
      case GendyDistribution::kSinus:
        return 2.0 * a_ - 1.0;
    }
    return 2.0 * u - 1.0;
  }

 private:
  stochastic::GendyDistribution which_;
  double a_;
  double c_ = 0.0, k_ = 1.0, neg_log_1000_ = 0.0;
};

/// stochastic::reflect_into(x, lo, hi), bit for bit, skipping fmod when it would change nothing.
inline double reflect(double x, double lo, double hi) {
  const double width = hi - lo;
  const double period = 2.0 * width;
  double y = x - lo;
  if (!(std::fabs(y) < period)) return stochastic::reflect_into(x, lo, hi);  // also NaN
  if (y < 0) y += period;
  const double folded = y <= width ? lo + y : hi - (y - width);
  return std::clamp(folded, lo, hi);
}

}  // namespace stochos::audio::detail
