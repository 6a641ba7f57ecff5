// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Special functions for the CDFs of stochos::stochastic (gamma, beta, Poisson) and the text
// helpers of its error messages. Hand-written because the C++ standard library has no
// incomplete gamma or beta function (C++17's special functions stop at the complete ones) and
// Boost.Math or GSL would be a new dependency for a few dozen lines; the algorithms are the
// series and Lentz continued fractions of Press et al., *Numerical Recipes* (3rd ed.), 6.2 and
// 6.4, accurate to ~1e-14, which is far below what any statistical test here can resolve.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace stochos::stochastic::detail {

inline constexpr double kPi = 3.14159265358979323846;

/// Regularized lower incomplete gamma P(a, x) = γ(a, x) / Γ(a), a > 0, x >= 0.
inline double regularized_gamma_p(double a, double x) {
  if (x <= 0) return 0.0;
  if (std::isinf(x)) return 1.0;
  const double log_prefactor = -x + a * std::log(x) - std::lgamma(a);
  constexpr double kEps = 1e-16;
  if (x < a + 1) {
    // Series: γ(a,x) e^x x^-a = Σ x^n / (a (a+1) ... (a+n)).
    double ap = a;
    double term = 1.0 / a;
    double sum = term;
    for (int n = 0; n < 100000; ++n) {
      ap += 1;
      term *= x / ap;
      sum += term;
      if (std::fabs(term) < std::fabs(sum) * kEps) break;
    }
    return std::min(1.0, sum * std::exp(log_prefactor));
  }
  // Continued fraction for Q(a, x) by the modified Lentz method.
  constexpr double kTiny = 1e-300;
  double b = x + 1 - a;
  double c = 1.0 / kTiny;
  double d = 1.0 / b;
  double h = d;
  for (int i = 1; i < 100000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1.0 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < kEps) break;
  }
  return std::max(0.0, 1.0 - std::exp(log_prefactor) * h);
}

/// Continued fraction of the incomplete beta function (Numerical Recipes betacf).
inline double incomplete_beta_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEps = 1e-16;
  const double qab = a + b;
  const double qap = a + 1;
  const double qam = a - 1;
  double c = 1;
  double d = 1 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m < 100000; ++m) {
    const int m2 = 2 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < kEps) break;
  }
  return h;
}

/// Regularized incomplete beta I_x(a, b), a, b > 0.
inline double regularized_beta(double a, double b, double x) {
  if (x <= 0) return 0.0;
  if (x >= 1) return 1.0;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  // The fraction converges fast on the side of the mean; use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a).
  if (x < (a + 1) / (a + b + 2)) return front * incomplete_beta_fraction(a, b, x) / a;
  return 1.0 - front * incomplete_beta_fraction(b, a, 1 - x) / b;
}

/// "%g" with enough digits to tell parameters apart in messages.
inline std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace stochos::stochastic::detail
