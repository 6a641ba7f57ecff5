// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// The probability laws of stochos, one small immutable class each (Xenakis, *Formalized
/// Music*, ch. I and IX; Lorrain, "A Panoply of Stochastic 'Cannons'", CMJ 4(1), 1980).
///
/// Each law checks its parameters in its constructor (a bad one throws stochos::Error of kind
/// kUsage whose sentence names the law and the parameter) and offers sample(core::Rng&),
/// pdf() or pmf(), cdf(), mean() and variance() (empty where the moment does not exist), and
/// describe(). Samplers are our own algorithms on top of core::Rng, never <random>'s
/// distributions, so a seed gives the same numbers with every standard library; they are
/// bit-identical wherever the C library's log/exp/sin/tan are (glibc, musl and macOS agree to
/// the last bit on almost all arguments, so a difference is at worst one ulp, rarely).
/// Laws are immutable: share them freely between threads; give each thread its own Rng.
/// For a law chosen at run time (by name, from the score language) see distributions.h.
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stochos/core/random.h"
#include "stochos/stochastic/detail/ziggurat.h"

namespace stochos::stochastic {

namespace detail {
/// Standard normal by the ziggurat (detail/ziggurat.h): stateless, one draw per variate
/// almost always, so streams stay independent.
inline double standard_normal(core::Rng& rng) {
  return ziggurat_normal(rng, normal_ziggurat());
}
/// Exp(1) by the ziggurat.
inline double standard_exponential(core::Rng& rng) {
  return ziggurat_exponential(rng, exponential_ziggurat());
}
/// Gamma(shape, 1) for shape >= 1 by Marsaglia & Tsang, "A simple method for generating gamma
/// variables", ACM TOMS 26(3), 2000. Defined in distributions.cpp.
double gamma_marsaglia_tsang(core::Rng& rng, double shape);
/// log of a Gamma(shape, 1) variate, safe for tiny shapes where the variate underflows
/// (Marsaglia & Tsang's boost: G(a) = G(a+1) U^(1/a), taken in logs).
double log_gamma_variate(core::Rng& rng, double shape);
}  // namespace detail

/// Uniform on [lo, hi).
class Uniform {
 public:
  static constexpr std::string_view kName = "uniform";
  static constexpr bool kDiscrete = false;
  explicit Uniform(double lo = 0.0, double hi = 1.0);
  double sample(core::Rng& rng) const { return lo_ + width_ * rng.uniform01(); }
  /// out.size() samples in order, the uniforms drawn in bulk.
  void fill(core::Rng& rng, std::span<double> out) const {
    rng.fill_uniform01(out);
    for (double& v : out) v = lo_ + width_ * v;
  }
  double pdf(double x) const;
  double cdf(double x) const;
  std::optional<double> mean() const { return lo_ + width_ / 2; }
  std::optional<double> variance() const { return width_ * width_ / 12; }
  std::string describe() const;
  double lo() const { return lo_; }
  double hi() const { return lo_ + width_; }

 private:
  double lo_, width_;
};

/// Xenakis's linear law f(x) = (2/a)(1 - x/a) on [0, a] (Formalized Music, ch. I: the law of
/// the intervals between successive values of a continuum). Inverse CDF: x = a(1 - sqrt(U)).
class Linear {
 public:
  static constexpr std::string_view kName = "linear";
  static constexpr bool kDiscrete = false;
  explicit Linear(double a = 1.0);
  double sample(core::Rng& rng) const { return a_ * (1.0 - std::sqrt(rng.uniform01())); }
  double pdf(double x) const;
  double cdf(double x) const;
  std::optional<double> mean() const { return a_ / 3; }
  std::optional<double> variance() const { return a_ * a_ / 18; }
  std::string describe() const;
  double a() const { return a_; }

 private:
  double a_;
};

/// Triangular on [lo, hi] with its peak at mode.
class Triangular {
 public:
  static constexpr std::string_view kName = "triangular";
  static constexpr bool kDiscrete = false;
  Triangular(double lo, double mode, double hi);
  double sample(core::Rng& rng) const {
    const double u = rng.uniform01();
    if (u < split_) return lo_ + std::sqrt(u * (hi_ - lo_) * (mode_ - lo_));
    return hi_ - std::sqrt((1.0 - u) * (hi_ - lo_) * (hi_ - mode_));
  }
  double pdf(double x) const;
  double cdf(double x) const;
  std::optional<double> mean() const { return (lo_ + mode_ + hi_) / 3; }
  std::optional<double> variance() const;
  std::string describe() const;
  double lo() const { return lo_; }
  double mode() const { return mode_; }
  double hi() const { return hi_; }

 private:
  double lo_, mode_, hi_, split_;
};

/// Exponential with rate δ (events per unit): f(x) = δ e^(-δx), Xenakis's law of the time
/// between events of a given density (Formalized Music, ch. I).
class Exponential {
 public:
  static constexpr std::string_view kName = "exponential";
  static constexpr bool kDiscrete = false;
  explicit Exponential(double rate = 1.0);
  double sample(core::Rng& rng) const { return detail::standard_exponential(rng) / rate_; }
  void fill(core::Rng& rng, std::span<double> out) const {
    const detail::ZigguratTables& t = detail::exponential_ziggurat();
    for (double& v : out) v = detail::ziggurat_exponential(rng, t) / rate_;
  }
  double pdf(double x) const;
  double cdf(double x) const;
  std::optional<double> mean() const { return 1 / rate_; }
  std::optional<double> variance() const { return 1 / (rate_ * rate_); }
  std::string describe() const;
  double rate() const { return rate_; }

 private:
  double rate_;
};

/// Poisson with mean λ: the number of events in a cell of Achorripsis (Formalized Music,
/// ch. I). Sampled by sequential inversion for λ < 10 and by Hörmann's PTRS transformed
/// rejection ("The transformed rejection method for generating Poisson random variables",
/// Insurance: Mathematics and Economics 12, 1993) above.
class Poisson {
 public:
  static constexpr std::string_view kName = "poisson";
  static constexpr bool kDiscrete = true;
  /// λ in [0, 1e15] (beyond that the counts no longer fit exactly in a double).
  explicit Poisson(double lambda = 1.0);
  double sample(core::Rng& rng) const {
    if (lambda_ < 10) return lambda_ == 0 ? 0.0 : sample_small(rng);
    return sample_ptrs(rng);
  }
  double pmf(double k) const;
  double cdf(double x) const;
  std::optional<double> mean() const { return lambda_; }
  std::optional<double> variance() const { return lambda_; }
  std::string describe() const;
  double lambda() const { return lambda_; }

 private:
  // Inversion by search for λ < 10: the first k with u <= P(X <= k). cumulative_ holds the
  // running sums exactly as a sequential search adds them (p_k = p_{k-1}·(λ/k)), up to the first
  // k whose p_k underflows to 0, where the search stops whatever u is (an infinite entry);
  // guide_[j] is the first k with cumulative_[k] >= j/kGuide, where a search for u >= j/kGuide
  // may start.
  double sample_small(core::Rng& rng) const {
    const double u = rng.uniform01();
    std::size_t k = guide_[static_cast<std::size_t>(u * kGuide)];
    while (u > cumulative_[k]) ++k;
    return static_cast<double>(k);
  }
  double sample_ptrs(core::Rng& rng) const;

  static constexpr std::size_t kGuide = 64;
  double lambda_;
  std::vector<double> cumulative_;
  std::vector<std::uint32_t> guide_;
  // PTRS constants, computed once.
  double sqrt_lambda_ = 0, log_lambda_ = 0, b_ = 0, a_ = 0, inv_alpha_ = 0, v_r_ = 0, exp_minus_lambda_ = 0;
};

/// Gaussian (normal) with the given mean and standard deviation sigma.
class Gaussian {
 public:
  static constexpr std::string_view kName = "gaussian";
  static constexpr bool kDiscrete = false;
  explicit Gaussian(double mean = 0.0, double sigma = 1.0);
  double sample(core::Rng& rng) const { return mean_ + sigma_ * detail::standard_normal(rng); }
  void fill(core::Rng& rng, std::span<double> out) const {
    const detail::ZigguratTables& t = detail::normal_ziggurat();
    for (double& v : out) v = mean_ + sigma_ * detail::ziggurat_normal(rng, t);
  }
  double pdf(double x) const;
  double cdf(double x) const;
  std::optional<double> mean() const { return mean_; }
  std::optional<double> variance() const { return sigma_ * sigma_; }
  std::string describe() const;
  double sigma() const { return sigma_; }

 private:
  double mean_, sigma_;
};

/// Cauchy f(x) = t / (π (t² + (x - location)²)) with t = scale (Formalized Music, ch. IX,
/// GENDYN). No mean or variance.
class Cauchy {
 public:
  static constexpr std::string_view kName = "cauchy";
  static constexpr bool kDiscrete = false;
  explicit Cauchy(double location = 0.0, double scale = 1.0);
  /// The ratio of two independent standard normals (ziggurat draws) is standard Cauchy
  /// (Devroye, Non-Uniform Random Variate Generation, 1986, IX.1.3): no tan, about two draws
  /// per variate.
  double sample(core::Rng& rng) const { return sample(rng, detail::normal_ziggurat()); }
  void fill(core::Rng& rng, std::span<double> out) const {
    const detail::ZigguratTables& t = detail::normal_ziggurat();
    for (double& v : out) v = sample(rng, t);
  }
  double pdf(double x) const;
  double cdf(double x) const;
  std::optional<double> mean() const { return std::nullopt; }
  std::optional<double> variance() const { return std::nullopt; }
  std::string describe() const;
  double location() const { return location_; }
  double scale() const { return scale_; }

 private:
  double sample(core::Rng& rng, const detail::ZigguratTables& t) const {
    const double numerator = detail::ziggurat_normal(rng, t);
    double denominator;
    do {
      denominator = detail::ziggurat_normal(rng, t);
    } while (denominator == 0.0);
    return location_ + scale_ * (numerator / denominator);
  }
  double location_, scale_;
};

/// Logistic f(x) = e^(-z) / (s (1 + e^(-z))²), z = (x - location)/s. Xenakis writes it with
/// α = 1/s and β = -location/s (Formalized Music, ch. IX).
class Logistic {
 public:
  static constexpr std::string_view kName = "logistic";
  static constexpr bool kDiscrete = false;
  explicit Logistic(double location = 0.0, double scale = 1.0);
  double sample(core::Rng& rng) const {
    const double u = rng.uniform_open01();
    return location_ + scale_ * std::log(u / (1.0 - u));
  }
  double pdf(double x) const;
  double cdf(double x) const;
  std::optional<double> mean() const { return location_; }
  std::optional<double> variance() const;
  std::string describe() const;

 private:
  double location_, scale_;
};

/// Xenakis's hyperbolic cosine law f(x) = α / (π cosh(α x)) (Formalized Music, ch. IX), here
/// with scale = 1/α and a location. Inverse CDF: x = location + scale · ln tan(πU/2).
class HyperbolicCosine {
 public:
  static constexpr std::string_view kName = "hyperbolic_cosine";
  static constexpr bool kDiscrete = false;
  explicit HyperbolicCosine(double location = 0.0, double scale = 1.0);
  double sample(core::Rng& rng) const;
  double pdf(double x) const;
  double cdf(double x) const;
  std::optional<double> mean() const { return location_; }
  std::optional<double> variance() const;
  std::string describe() const;

 private:
  double location_, scale_;
};

/// Arcsine f(x) = 1 / (π sqrt((x - lo)(hi - x))) on [lo, hi] (Formalized Music, ch. IX); also
/// the invariant density of the logistic map at r = 4.
class Arcsine {
 public:
  static constexpr std::string_view kName = "arcsine";
  static constexpr bool kDiscrete = false;
  explicit Arcsine(double lo = 0.0, double hi = 1.0);
  double sample(core::Rng& rng) const;
  double pdf(double x) const;
  double cdf(double x) const;
  std::optional<double> mean() const { return lo_ + width_ / 2; }
  std::optional<double> variance() const { return width_ * width_ / 8; }
  std::string describe() const;

 private:
  double lo_, width_;
};

/// Beta(a, b) on [0, 1], sampled as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b) (in logs when a
/// shape is below 1, so that tiny shapes do not underflow to 0/0).
class Beta {
 public:
  static constexpr std::string_view kName = "beta";
  static constexpr bool kDiscrete = false;
  Beta(double a, double b);
  double sample(core::Rng& rng) const;
  double pdf(double x) const;
  double cdf(double x) const;
  std::optional<double> mean() const { return a_ / (a_ + b_); }
  std::optional<double> variance() const;
  std::string describe() const;
  double a() const { return a_; }
  double b() const { return b_; }

 private:
  double a_, b_, log_beta_;
};

/// Gamma with shape k and scale θ: f(x) = x^(k-1) e^(-x/θ) / (Γ(k) θ^k), sampled by
/// Marsaglia–Tsang.
class Gamma {
 public:
  static constexpr std::string_view kName = "gamma";
  static constexpr bool kDiscrete = false;
  explicit Gamma(double shape, double scale = 1.0);
  double sample(core::Rng& rng) const;
  double pdf(double x) const;
  double cdf(double x) const;
  std::optional<double> mean() const { return shape_ * scale_; }
  std::optional<double> variance() const { return shape_ * scale_ * scale_; }
  std::string describe() const;
  double shape() const { return shape_; }
  double scale() const { return scale_; }

 private:
  double shape_, scale_;
};

/// Weibull with shape k and scale λ: F(x) = 1 - exp(-(x/λ)^k); inverse CDF.
class Weibull {
 public:
  static constexpr std::string_view kName = "weibull";
  static constexpr bool kDiscrete = false;
  explicit Weibull(double shape, double scale = 1.0);
  double sample(core::Rng& rng) const {
    return scale_ * std::pow(-std::log(rng.uniform_open01()), inv_shape_);
  }
  double pdf(double x) const;
  double cdf(double x) const;
  std::optional<double> mean() const;
  std::optional<double> variance() const;
  std::string describe() const;

 private:
  double shape_, scale_, inv_shape_;
};

/// Bernoulli: 1 with probability p, else 0.
class Bernoulli {
 public:
  static constexpr std::string_view kName = "bernoulli";
  static constexpr bool kDiscrete = true;
  explicit Bernoulli(double p = 0.5);
  double sample(core::Rng& rng) const { return rng.uniform01() < p_ ? 1.0 : 0.0; }
  double pmf(double k) const;
  double cdf(double x) const;
  std::optional<double> mean() const { return p_; }
  std::optional<double> variance() const { return p_ * (1 - p_); }
  std::string describe() const;
  double p() const { return p_; }

 private:
  double p_;
};

/// Weighted choice among n outcomes: index i (or values[i] when values are given) with
/// probability weights[i] / Σ weights. Sampled by inversion (binary search on the cumulative
/// weights) with one uniform per draw. Weights must be finite, >= 0, with a positive sum.
class Discrete {
 public:
  static constexpr std::string_view kName = "discrete";
  static constexpr bool kDiscrete = true;
  explicit Discrete(std::vector<double> weights, std::vector<double> values = {});
  double sample(core::Rng& rng) const { return value_of(sample_index(rng)); }
  /// The first i with cumulative[i] > u·total, searched from a guide table (Chen & Asau 1974):
  /// guide_[j] is that index for u = j/G, a lower bound for every u in [j/G, (j+1)/G) since
  /// u·total rounds monotonically; about one comparison per draw instead of log2(n).
  std::size_t sample_index(core::Rng& rng) const { return index_of(rng.uniform01()); }
  /// The uniforms drawn in bulk, then each turned into its outcome: sample()'s numbers.
  void fill(core::Rng& rng, std::span<double> out) const {
    rng.fill_uniform01(out);
    for (double& v : out) v = value_of(index_of(v));
  }
  /// P(X = x): the summed weight of every outcome whose value equals x.
  double pmf(double x) const;
  double cdf(double x) const;
  std::optional<double> mean() const;
  std::optional<double> variance() const;
  std::string describe() const;
  std::size_t size() const { return cumulative_.size(); }
  double probability(std::size_t i) const;
  double value_of(std::size_t i) const { return values_.empty() ? static_cast<double>(i) : values_[i]; }

 private:
  std::size_t index_of(double u) const {
    const double x = u * cumulative_.back();
    std::size_t i = guide_[static_cast<std::size_t>(u * static_cast<double>(guide_.size()))];
    const std::size_t n = cumulative_.size();
    while (i < n && cumulative_[i] <= x) ++i;
    return i < n ? i : last_positive_;  // x rounded up to the total
  }

  std::vector<double> cumulative_;  // running sums of the weights
  std::vector<double> values_;      // empty: the outcomes are the indices
  std::vector<std::uint32_t> guide_;  // a power of two >= 2n entries (at most 2^20)
  std::size_t last_positive_ = 0;     // the last outcome of positive weight
};

}  // namespace stochos::stochastic
