// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Test statistics for the fixed-seed statistical tests, written here independently of the
/// code under test: Kolmogorov–Smirnov, chi-square and sample moments.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace stochos::testing {

/// Two-sided Kolmogorov–Smirnov statistic D of the samples against a CDF.
template <class Cdf>
double ks_statistic(std::vector<double> samples, const Cdf& cdf) {
  std::sort(samples.begin(), samples.end());
  const double n = static_cast<double>(samples.size());
  double d = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const double f = cdf(samples[i]);
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return d;
}

/// The 0.1% critical value of D for large n: 1.9495 / sqrt(n) (Kolmogorov's limit law).
inline double ks_critical_001(std::size_t n) { return 1.9495 / std::sqrt(static_cast<double>(n)); }

/// P(D > d) under the null, Kolmogorov's limit law with Stephens's small-sample correction
/// (Stephens, "EDF statistics for goodness of fit", JASA 69, 1974).
inline double ks_p_value(double d, std::size_t n) {
  const double sn = std::sqrt(static_cast<double>(n));
  const double t = (sn + 0.12 + 0.11 / sn) * d;
  if (t < 0.3) return 1.0;
  double p = 0;
  for (int k = 1; k < 100; ++k) p += 2.0 * ((k % 2) ? 1.0 : -1.0) * std::exp(-2.0 * k * k * t * t);
  return std::clamp(p, 0.0, 1.0);
}

/// Upper tail of the chi-square law by the Wilson–Hilferty cube-root normal approximation,
/// good to a few percent of p in the range used here (df >= 1, p >= 1e-4).
inline double chi_square_p_value(double x, int df) {
  const double k = df;
  const double z = (std::cbrt(x / k) - (1.0 - 2.0 / (9.0 * k))) / std::sqrt(2.0 / (9.0 * k));
  return 0.5 * std::erfc(z / std::sqrt(2.0));
}

struct Moments {
  double mean = 0;
  double variance = 0;  ///< unbiased (n - 1)
};

inline Moments moments(const std::vector<double>& v) {
  Moments m;
  for (double x : v) m.mean += x;
  m.mean /= static_cast<double>(v.size());
  for (double x : v) m.variance += (x - m.mean) * (x - m.mean);
  m.variance /= static_cast<double>(v.size() - 1);
  return m;
}

}  // namespace stochos::testing
