// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/stochastic/distributions.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <map>

#include "stochos/core/error.h"
#include "stochos/stochastic/detail/distribution_math.h"

namespace stochos::stochastic {

using detail::format_number;
using detail::kPi;

namespace {

[[noreturn]] void bad_parameter(std::string_view law, std::string_view param, std::string_view rule,
                                double got) {
  throw Error::usage(std::string(law) + ": " + std::string(param) + " must be " + std::string(rule) +
                     " (got " + format_number(got) + ")")
      .with_code("bad_parameter");
}

void require_finite(std::string_view law, std::string_view param, double v) {
  if (!std::isfinite(v)) bad_parameter(law, param, "a finite number", v);
}

void require_positive(std::string_view law, std::string_view param, double v) {
  if (!std::isfinite(v) || v <= 0) bad_parameter(law, param, "a finite number greater than 0", v);
}

std::string list_text(const std::vector<double>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size() && i < 8; ++i) out += (i ? ", " : "") + format_number(v[i]);
  if (v.size() > 8) out += ", ... (" + std::to_string(v.size()) + " in all)";
  return out + "]";
}

}  // namespace

// --- samplers shared by several laws ----------------------------------------------------------

namespace {

// Layers of equal area v below a decreasing density f on [0, inf): x[1] = r, and each next
// layer top solves x[i+1] = f⁻¹(v / x[i] + f(x[i])); the base layer is r·f(r) plus the tail.
template <class Density, class Inverse>
detail::ZigguratTables make_ziggurat(double r, double tail_area, Density f, Inverse f_inverse) {
  detail::ZigguratTables t{};
  const double v = r * f(r) + tail_area;
  t.x[0] = v / f(r);
  t.x[1] = r;
  for (std::size_t i = 1; i < 255; ++i) {
    const double y = v / t.x[i] + f(t.x[i]);
    t.x[i + 1] = y < 1.0 ? f_inverse(y) : 0.0;
  }
  t.x[256] = 0.0;
  for (std::size_t i = 0; i <= 256; ++i) t.f[i] = f(t.x[i]);
  return t;
}

}  // namespace

detail::ZigguratTables detail::make_normal_ziggurat() {
  const double r = kNormalZigguratR;
  return make_ziggurat(
      r, std::sqrt(0.5 * kPi) * std::erfc(r / std::sqrt(2.0)), [](double x) { return std::exp(-0.5 * x * x); },
      [](double y) { return std::sqrt(-2.0 * std::log(y)); });
}

double detail::ziggurat_normal_miss(core::Rng& rng, const ZigguratTables& t, std::uint64_t bits) {
  for (;;) {
    const std::size_t i = bits & 0xff;
    const double x = position53(bits) * t.x[i];
    if (x < t.x[i + 1]) return signed_by_bit8(x, bits);
    if (i == 0) {
      // The tail beyond r (Marsaglia 1964): r + a with a = -log(U1)/r, kept when
      // -2 log(U2) > a².
      double a, b;
      do {
        a = -std::log(rng.uniform_open01()) / kNormalZigguratR;
        b = -std::log(rng.uniform_open01());
      } while (b + b < a * a);
      return signed_by_bit8(kNormalZigguratR + a, bits);
    }
    if (t.f[i] + rng.uniform01() * (t.f[i + 1] - t.f[i]) < std::exp(-0.5 * x * x)) return signed_by_bit8(x, bits);
    bits = rng.next_u64();
  }
}

double detail::ziggurat_exponential_miss(core::Rng& rng, const ZigguratTables& t, std::uint64_t bits) {
  double shift = 0.0;  // the tail beyond r is r + Exp(1) (memoryless)
  for (;;) {
    const std::size_t i = bits & 0xff;
    const double x = position53(bits) * t.x[i];
    if (x < t.x[i + 1]) return shift + x;
    if (i == 0) {
      shift += kExponentialZigguratR;
    } else if (t.f[i] + rng.uniform01() * (t.f[i + 1] - t.f[i]) < std::exp(-x)) {
      return shift + x;
    }
    bits = rng.next_u64();
  }
}

detail::ZigguratTables detail::make_exponential_ziggurat() {
  const double r = kExponentialZigguratR;
  return make_ziggurat(
      r, std::exp(-r), [](double x) { return std::exp(-x); }, [](double y) { return -std::log(y); });
}

double detail::gamma_marsaglia_tsang(core::Rng& rng, double shape) {
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = standard_normal(rng);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = rng.uniform_open01();
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v;  // the squeeze accepts ~98% without a log
    if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return d * v;
  }
}

double detail::log_gamma_variate(core::Rng& rng, double shape) {
  if (shape >= 1.0) return std::log(gamma_marsaglia_tsang(rng, shape));
  const double g = gamma_marsaglia_tsang(rng, shape + 1.0);
  return std::log(g) + std::log(rng.uniform_open01()) / shape;
}

// --- uniform, linear, triangular, exponential -------------------------------------------------

Uniform::Uniform(double lo, double hi) : lo_(lo), width_(hi - lo) {
  require_finite(kName, "lo", lo);
  require_finite(kName, "hi", hi);
  if (!(hi > lo) || !std::isfinite(width_))
    bad_parameter(kName, "hi", "greater than lo = " + format_number(lo), hi);
}
double Uniform::pdf(double x) const {
  return (x >= lo_ && x <= hi()) ? 1.0 / width_ : 0.0;
}
double Uniform::cdf(double x) const {
  return std::clamp((x - lo_) / width_, 0.0, 1.0);
}
std::string Uniform::describe() const {
  return "uniform(lo=" + format_number(lo_) + ", hi=" + format_number(hi()) + ")";
}

Linear::Linear(double a) : a_(a) {
  require_positive(kName, "a", a);
}
double Linear::pdf(double x) const {
  return (x < 0 || x > a_) ? 0.0 : 2.0 / a_ * (1.0 - x / a_);
}
double Linear::cdf(double x) const {
  if (x <= 0) return 0.0;
  if (x >= a_) return 1.0;
  const double r = 1.0 - x / a_;
  return 1.0 - r * r;
}
std::string Linear::describe() const {
  return "linear(a=" + format_number(a_) + ")";
}

Triangular::Triangular(double lo, double mode, double hi) : lo_(lo), mode_(mode), hi_(hi) {
  require_finite(kName, "lo", lo);
  require_finite(kName, "mode", mode);
  require_finite(kName, "hi", hi);
  if (!(hi > lo)) bad_parameter(kName, "hi", "greater than lo = " + format_number(lo), hi);
  if (mode < lo || mode > hi)
    bad_parameter(kName, "mode", "between lo and hi (" + format_number(lo) + ".." + format_number(hi) + ")",
                  mode);
  split_ = (mode - lo) / (hi - lo);
}
double Triangular::pdf(double x) const {
  if (x < lo_ || x > hi_) return 0.0;
  const double w = hi_ - lo_;
  if (x < mode_) return 2.0 * (x - lo_) / (w * (mode_ - lo_));
  if (x > mode_) return 2.0 * (hi_ - x) / (w * (hi_ - mode_));
  return 2.0 / w;
}
double Triangular::cdf(double x) const {
  if (x <= lo_) return 0.0;
  if (x >= hi_) return 1.0;
  const double w = hi_ - lo_;
  if (x <= mode_) return (x - lo_) * (x - lo_) / (w * (mode_ - lo_));
  return 1.0 - (hi_ - x) * (hi_ - x) / (w * (hi_ - mode_));
}
std::optional<double> Triangular::variance() const {
  return (lo_ * lo_ + mode_ * mode_ + hi_ * hi_ - lo_ * mode_ - lo_ * hi_ - mode_ * hi_) / 18.0;
}
std::string Triangular::describe() const {
  return "triangular(lo=" + format_number(lo_) + ", mode=" + format_number(mode_) +
         ", hi=" + format_number(hi_) + ")";
}

Exponential::Exponential(double rate) : rate_(rate) {
  require_positive(kName, "rate", rate);
}
double Exponential::pdf(double x) const {
  return x < 0 ? 0.0 : rate_ * std::exp(-rate_ * x);
}
double Exponential::cdf(double x) const {
  return x <= 0 ? 0.0 : -std::expm1(-rate_ * x);
}
std::string Exponential::describe() const {
  return "exponential(rate=" + format_number(rate_) + ")";
}

// --- Poisson ----------------------------------------------------------------------------------

Poisson::Poisson(double lambda) : lambda_(lambda) {
  if (!std::isfinite(lambda) || lambda < 0 || lambda > 1e15)
    bad_parameter(kName, "lambda", "a finite number in [0, 1e15]", lambda);
  exp_minus_lambda_ = std::exp(-lambda);
  if (lambda > 0 && lambda < 10) {
    double p = exp_minus_lambda_, cumulative = p;
    for (double k = 0; p > 0; ) {
      cumulative_.push_back(cumulative);
      k += 1;
      p *= lambda / k;
      cumulative += p;
    }
    cumulative_.push_back(std::numeric_limits<double>::infinity());  // p_k = 0: the search ends
    guide_.resize(kGuide);
    std::size_t k = 0;
    for (std::size_t j = 0; j < kGuide; ++j) {
      const double u = static_cast<double>(j) / kGuide;
      while (cumulative_[k] < u) ++k;
      guide_[j] = static_cast<std::uint32_t>(k);
    }
  }
  if (lambda >= 10) {
    // Constants of PTRS (Hörmann 1993, table 1 and algorithm PTRS).
    sqrt_lambda_ = std::sqrt(lambda);
    log_lambda_ = std::log(lambda);
    b_ = 0.931 + 2.53 * sqrt_lambda_;
    a_ = -0.059 + 0.02483 * b_;
    inv_alpha_ = 1.1239 + 1.1328 / (b_ - 3.4);
    v_r_ = 0.9277 - 3.6224 / (b_ - 2.0);
  }
}

double Poisson::sample_ptrs(core::Rng& rng) const {
  for (;;) {
    // Open uniforms keep us = 0.5 - |U| and log(V) finite.
    const double u = rng.uniform_open01() - 0.5;
    const double v = rng.uniform_open01();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a_ / us + b_) * u + lambda_ + 0.43);
    if (us >= 0.07 && v <= v_r_) return k;  // the fast acceptance region
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha_) - std::log(a_ / (us * us) + b_) <=
        -lambda_ + k * log_lambda_ - std::lgamma(k + 1.0))
      return k;
  }
}

double Poisson::pmf(double k) const {
  if (k < 0 || k != std::floor(k) || !std::isfinite(k)) return 0.0;
  if (lambda_ == 0) return k == 0 ? 1.0 : 0.0;
  return std::exp(k * std::log(lambda_) - lambda_ - std::lgamma(k + 1.0));
}
double Poisson::cdf(double x) const {
  if (x < 0) return 0.0;
  if (lambda_ == 0 || std::isinf(x)) return 1.0;
  // P(X <= k) = Q(k + 1, λ), the regularized upper incomplete gamma function.
  return 1.0 - detail::regularized_gamma_p(std::floor(x) + 1.0, lambda_);
}
std::string Poisson::describe() const {
  return "poisson(lambda=" + format_number(lambda_) + ")";
}

// --- Gaussian, Cauchy, logistic, hyperbolic cosine, arcsine -----------------------------------

Gaussian::Gaussian(double mean, double sigma) : mean_(mean), sigma_(sigma) {
  require_finite(kName, "mean", mean);
  require_positive(kName, "sigma", sigma);
}
double Gaussian::pdf(double x) const {
  const double z = (x - mean_) / sigma_;
  return std::exp(-0.5 * z * z) / (sigma_ * std::sqrt(2.0 * kPi));
}
double Gaussian::cdf(double x) const {
  return 0.5 * std::erfc(-(x - mean_) / (sigma_ * std::sqrt(2.0)));
}
std::string Gaussian::describe() const {
  return "gaussian(mean=" + format_number(mean_) + ", sigma=" + format_number(sigma_) + ")";
}

Cauchy::Cauchy(double location, double scale) : location_(location), scale_(scale) {
  require_finite(kName, "location", location);
  require_positive(kName, "scale", scale);
}
double Cauchy::pdf(double x) const {
  const double z = (x - location_) / scale_;
  return 1.0 / (kPi * scale_ * (1.0 + z * z));
}
double Cauchy::cdf(double x) const {
  return 0.5 + std::atan((x - location_) / scale_) / kPi;
}
std::string Cauchy::describe() const {
  return "cauchy(location=" + format_number(location_) + ", scale=" + format_number(scale_) + ")";
}

Logistic::Logistic(double location, double scale) : location_(location), scale_(scale) {
  require_finite(kName, "location", location);
  require_positive(kName, "scale", scale);
}
double Logistic::pdf(double x) const {
  const double e = std::exp(-std::fabs((x - location_) / scale_));  // symmetric: no overflow
  return e / (scale_ * (1.0 + e) * (1.0 + e));
}
double Logistic::cdf(double x) const {
  return 1.0 / (1.0 + std::exp(-(x - location_) / scale_));
}
std::optional<double> Logistic::variance() const {
  return scale_ * scale_ * kPi * kPi / 3.0;
}
std::string Logistic::describe() const {
  return "logistic(location=" + format_number(location_) + ", scale=" + format_number(scale_) + ")";
}

HyperbolicCosine::HyperbolicCosine(double location, double scale) : location_(location), scale_(scale) {
  require_finite(kName, "location", location);
  require_positive(kName, "scale", scale);
}
double HyperbolicCosine::sample(core::Rng& rng) const {
  return location_ + scale_ * std::log(std::tan(0.5 * kPi * rng.uniform_open01()));
}
double HyperbolicCosine::pdf(double x) const {
  return 1.0 / (kPi * scale_ * std::cosh((x - location_) / scale_));
}
double HyperbolicCosine::cdf(double x) const {
  return 2.0 / kPi * std::atan(std::exp((x - location_) / scale_));
}
std::optional<double> HyperbolicCosine::variance() const {
  // With y = 2x/(πs) the density becomes the standard hyperbolic secant law, of variance 1.
  return 0.25 * kPi * kPi * scale_ * scale_;
}
std::string HyperbolicCosine::describe() const {
  return "hyperbolic_cosine(location=" + format_number(location_) + ", scale=" + format_number(scale_) + ")";
}

Arcsine::Arcsine(double lo, double hi) : lo_(lo), width_(hi - lo) {
  require_finite(kName, "lo", lo);
  require_finite(kName, "hi", hi);
  if (!(hi > lo) || !std::isfinite(width_))
    bad_parameter(kName, "hi", "greater than lo = " + format_number(lo), hi);
}
double Arcsine::sample(core::Rng& rng) const {
  const double s = std::sin(0.5 * kPi * rng.uniform01());
  return lo_ + width_ * s * s;
}
double Arcsine::pdf(double x) const {
  if (x <= lo_ || x >= lo_ + width_) return 0.0;
  return 1.0 / (kPi * std::sqrt((x - lo_) * (lo_ + width_ - x)));
}
double Arcsine::cdf(double x) const {
  if (x <= lo_) return 0.0;
  if (x >= lo_ + width_) return 1.0;
  return 2.0 / kPi * std::asin(std::sqrt((x - lo_) / width_));
}
std::string Arcsine::describe() const {
  return "arcsine(lo=" + format_number(lo_) + ", hi=" + format_number(lo_ + width_) + ")";
}

// --- beta, gamma, Weibull ---------------------------------------------------------------------

Beta::Beta(double a, double b) : a_(a), b_(b) {
  require_positive(kName, "a", a);
  require_positive(kName, "b", b);
  log_beta_ = std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b);
}
double Beta::sample(core::Rng& rng) const {
  if (a_ >= 1 && b_ >= 1) {
    const double x = detail::gamma_marsaglia_tsang(rng, a_);
    const double y = detail::gamma_marsaglia_tsang(rng, b_);
    return x / (x + y);
  }
  const double log_x = detail::log_gamma_variate(rng, a_);
  const double log_y = detail::log_gamma_variate(rng, b_);
  return 1.0 / (1.0 + std::exp(log_y - log_x));
}
double Beta::pdf(double x) const {
  if (x < 0 || x > 1) return 0.0;
  // At the ends (a-1)·log(0) would be 0·inf when a = 1.
  if (x == 0) return a_ < 1 ? std::numeric_limits<double>::infinity() : (a_ == 1 ? b_ : 0.0);
  if (x == 1) return b_ < 1 ? std::numeric_limits<double>::infinity() : (b_ == 1 ? a_ : 0.0);
  return std::exp((a_ - 1) * std::log(x) + (b_ - 1) * std::log1p(-x) - log_beta_);
}
double Beta::cdf(double x) const {
  return detail::regularized_beta(a_, b_, x);
}
std::optional<double> Beta::variance() const {
  const double s = a_ + b_;
  return a_ * b_ / (s * s * (s + 1));
}
std::string Beta::describe() const {
  return "beta(a=" + format_number(a_) + ", b=" + format_number(b_) + ")";
}

Gamma::Gamma(double shape, double scale) : shape_(shape), scale_(scale) {
  require_positive(kName, "shape", shape);
  require_positive(kName, "scale", scale);
}
double Gamma::sample(core::Rng& rng) const {
  if (shape_ >= 1) return scale_ * detail::gamma_marsaglia_tsang(rng, shape_);
  const double g = detail::gamma_marsaglia_tsang(rng, shape_ + 1.0);
  return scale_ * g * std::pow(rng.uniform_open01(), 1.0 / shape_);
}
double Gamma::pdf(double x) const {
  if (x < 0) return 0.0;
  if (x == 0) {
    if (shape_ < 1) return std::numeric_limits<double>::infinity();
    return shape_ == 1 ? 1.0 / scale_ : 0.0;
  }
  return std::exp((shape_ - 1) * std::log(x) - x / scale_ - std::lgamma(shape_) - shape_ * std::log(scale_));
}
double Gamma::cdf(double x) const {
  return detail::regularized_gamma_p(shape_, x / scale_);
}
std::string Gamma::describe() const {
  return "gamma(shape=" + format_number(shape_) + ", scale=" + format_number(scale_) + ")";
}

Weibull::Weibull(double shape, double scale) : shape_(shape), scale_(scale), inv_shape_(1.0 / shape) {
  require_positive(kName, "shape", shape);
  require_positive(kName, "scale", scale);
}
double Weibull::pdf(double x) const {
  if (x < 0) return 0.0;
  if (x == 0) {
    if (shape_ < 1) return std::numeric_limits<double>::infinity();
    return shape_ == 1 ? 1.0 / scale_ : 0.0;
  }
  const double z = x / scale_;
  return shape_ / scale_ * std::pow(z, shape_ - 1) * std::exp(-std::pow(z, shape_));
}
double Weibull::cdf(double x) const {
  return x <= 0 ? 0.0 : -std::expm1(-std::pow(x / scale_, shape_));
}
std::optional<double> Weibull::mean() const {
  const double m = scale_ * std::tgamma(1.0 + inv_shape_);
  return std::isfinite(m) ? std::optional<double>(m) : std::nullopt;
}
std::optional<double> Weibull::variance() const {
  const double g1 = std::tgamma(1.0 + inv_shape_);
  const double v = scale_ * scale_ * (std::tgamma(1.0 + 2.0 * inv_shape_) - g1 * g1);
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}
std::string Weibull::describe() const {
  return "weibull(shape=" + format_number(shape_) + ", scale=" + format_number(scale_) + ")";
}

// --- Bernoulli, discrete ----------------------------------------------------------------------

Bernoulli::Bernoulli(double p) : p_(p) {
  if (!(p >= 0 && p <= 1)) bad_parameter(kName, "p", "a probability in [0, 1]", p);
}
double Bernoulli::pmf(double k) const {
  return k == 0 ? 1 - p_ : (k == 1 ? p_ : 0.0);
}
double Bernoulli::cdf(double x) const {
  return x < 0 ? 0.0 : (x < 1 ? 1 - p_ : 1.0);
}
std::string Bernoulli::describe() const {
  return "bernoulli(p=" + format_number(p_) + ")";
}

Discrete::Discrete(std::vector<double> weights, std::vector<double> values) : values_(std::move(values)) {
  if (weights.empty())
    throw Error::usage("discrete: weights must list at least one weight").with_code("bad_parameter");
  if (!values_.empty() && values_.size() != weights.size())
    throw Error::usage("discrete: values must have as many entries as weights (" +
                       std::to_string(weights.size()) + "), not " + std::to_string(values_.size()))
        .with_code("bad_parameter");
  double total = 0;
  cumulative_.reserve(weights.size());
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!std::isfinite(weights[i]) || weights[i] < 0)
      bad_parameter(kName, "weights[" + std::to_string(i) + "]", "a finite number >= 0", weights[i]);
    total += weights[i];
    cumulative_.push_back(total);
  }
  for (std::size_t i = 0; i < values_.size(); ++i)
    if (!std::isfinite(values_[i]))
      bad_parameter(kName, "values[" + std::to_string(i) + "]", "finite", values_[i]);
  if (!(total > 0) || !std::isfinite(total))
    bad_parameter(kName, "weights", "of a finite positive sum", total);
  last_positive_ = static_cast<std::size_t>(
      std::lower_bound(cumulative_.begin(), cumulative_.end(), total) - cumulative_.begin());
  const std::size_t guide_size = std::bit_ceil(std::clamp<std::size_t>(2 * weights.size(), 16, std::size_t{1} << 20));
  guide_.resize(guide_size);
  // guide_[j] is the first i with cumulative_[i] > x_j, x for u = j / guide_size computed as
  // sample_index() computes it. x_j grows with j, so one pointer moving up the cumulative
  // weights finds them all (what an upper_bound per entry would find, in O(G + n)).
  std::size_t i = 0;
  const std::size_t n = cumulative_.size();
  for (std::size_t j = 0; j < guide_size; ++j) {
    const double x = (static_cast<double>(j) / static_cast<double>(guide_size)) * total;
    while (i < n && cumulative_[i] <= x) ++i;
    guide_[j] = static_cast<std::uint32_t>(i);
  }
}
double Discrete::probability(std::size_t i) const {
  const double w = cumulative_[i] - (i ? cumulative_[i - 1] : 0.0);
  return w / cumulative_.back();
}
double Discrete::pmf(double x) const {
  double p = 0;
  for (std::size_t i = 0; i < size(); ++i)
    if (value_of(i) == x) p += probability(i);
  return p;
}
double Discrete::cdf(double x) const {
  double p = 0;
  for (std::size_t i = 0; i < size(); ++i)
    if (value_of(i) <= x) p += probability(i);
  return std::min(p, 1.0);
}
std::optional<double> Discrete::mean() const {
  double m = 0;
  for (std::size_t i = 0; i < size(); ++i) m += probability(i) * value_of(i);
  return m;
}
std::optional<double> Discrete::variance() const {
  const double m = *mean();
  double v = 0;
  for (std::size_t i = 0; i < size(); ++i) v += probability(i) * (value_of(i) - m) * (value_of(i) - m);
  return v;
}
std::string Discrete::describe() const {
  std::vector<double> weights(size());
  for (std::size_t i = 0; i < size(); ++i) weights[i] = cumulative_[i] - (i ? cumulative_[i - 1] : 0.0);
  std::string out = "discrete(weights=" + list_text(weights);
  if (!values_.empty()) out += ", values=" + list_text(values_);
  return out + ")";
}

// --- Distribution -----------------------------------------------------------------------------

double Distribution::sample(core::Rng& rng) const {
  return std::visit([&](const auto& law) { return law.sample(rng); }, law_);
}
void Distribution::fill(core::Rng& rng, std::span<double> out) const {
  std::visit(
      [&](const auto& law) {
        if constexpr (requires { law.fill(rng, out); }) {
          law.fill(rng, out);
        } else {
          for (double& v : out) v = law.sample(rng);
        }
      },
      law_);
}
double Distribution::density(double x) const {
  return std::visit(
      [&](const auto& law) {
        if constexpr (std::decay_t<decltype(law)>::kDiscrete) {
          return law.pmf(x);
        } else {
          return law.pdf(x);
        }
      },
      law_);
}
double Distribution::cdf(double x) const {
  return std::visit([&](const auto& law) { return law.cdf(x); }, law_);
}
std::optional<double> Distribution::mean() const {
  return std::visit([](const auto& law) { return law.mean(); }, law_);
}
std::optional<double> Distribution::variance() const {
  return std::visit([](const auto& law) { return law.variance(); }, law_);
}
bool Distribution::is_discrete() const {
  return std::visit([](const auto& law) { return std::decay_t<decltype(law)>::kDiscrete; }, law_);
}
std::string_view Distribution::name() const {
  return std::visit([](const auto& law) { return std::decay_t<decltype(law)>::kName; }, law_);
}
std::string Distribution::describe() const {
  return std::visit([](const auto& law) { return law.describe(); }, law_);
}

}  // namespace stochos::stochastic
