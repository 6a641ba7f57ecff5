// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// A probability law chosen at run time: `Distribution` holds any law of distribution_laws.h
/// by value, and make_distribution() builds one from a name and named parameters, which is
/// what the score language does with `gamma(shape=2, scale=1)`. Unknown names and parameters
/// are refused with a sentence that suggests the nearest valid one.
///
/// Also SuperCollider's Gendy distribution numbering (LINEAR 0 ... SINUS 6) and its mapping of
/// a uniform number to [-1, 1], which the GENDYN synthesis needs.
///
/// A Distribution is immutable and cheap to share between threads; fill() visits the law once
/// and then loops without a virtual call per value.
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "stochos/core/random.h"
#include "stochos/stochastic/distribution_laws.h"

namespace stochos::stochastic {

using DistributionLaw =
    std::variant<Uniform, Linear, Triangular, Exponential, Poisson, Gaussian, Cauchy, Logistic,
                 HyperbolicCosine, Arcsine, Beta, Gamma, Weibull, Bernoulli, Discrete>;

class Distribution {
 public:
  /// Implicit from any law: `Distribution d = Gamma(2.0);`.
  template <class Law>
  requires std::is_constructible_v<DistributionLaw, Law> Distribution(Law law) : law_(std::move(law)) {}

  double sample(core::Rng& rng) const;
  /// out[i] = sample(rng), in order: the same numbers as size() calls of sample().
  void fill(core::Rng& rng, std::span<double> out) const;
  /// pdf(x) for a continuous law, pmf(x) for a discrete one.
  double density(double x) const;
  double cdf(double x) const;
  std::optional<double> mean() const;
  std::optional<double> variance() const;
  bool is_discrete() const;
  /// The catalog name, e.g. "gamma".
  std::string_view name() const;
  /// e.g. "gamma(shape=2, scale=1)".
  std::string describe() const;

  const DistributionLaw& law() const { return law_; }
  template <class Law>
  const Law* get_if() const {
    return std::get_if<Law>(&law_);
  }

 private:
  DistributionLaw law_;
};

/// One named parameter of make_distribution(): a number, or a list (weights, values).
struct DistributionParam {
  DistributionParam(std::string param_name, double value) : name(std::move(param_name)), values{value} {}
  DistributionParam(std::string param_name, std::vector<double> list)
      : name(std::move(param_name)), values(std::move(list)), is_list(true) {}
  std::string name;
  std::vector<double> values;
  bool is_list = false;
};

/// What the catalog knows of one parameter.
struct DistributionParamInfo {
  std::string_view name;
  bool required = false;
  std::optional<double> default_value;  ///< empty and not required: derived (e.g. the mode)
  bool is_list = false;
  std::string_view meaning;
};

struct DistributionInfo {
  std::string_view name;
  std::string_view summary;
  std::vector<DistributionParamInfo> params;
};

/// Every law make_distribution() knows, in a fixed order (also for help texts).
const std::vector<DistributionInfo>& distribution_catalog();
/// Accepted alternative names and the catalog name they stand for ("normal" -> "gaussian").
const std::vector<std::pair<std::string_view, std::string_view>>& distribution_aliases();

/// Builds a law from its catalog name (or an alias) and named parameters, e.g.
/// make_distribution("gamma", {{"shape", 2}, {"scale", 1}}) or
/// make_distribution("discrete", {{"weights", {1, 2, 1}}, {"values", {60, 62, 64}}}).
/// Throws stochos::Error (kUsage) for an unknown name or parameter (with the nearest valid
/// one), a missing required parameter, a duplicate, a list where a number is expected, or a
/// value outside the law's domain.
Distribution make_distribution(std::string_view name, std::span<const DistributionParam> params);
Distribution make_distribution(std::string_view name, std::initializer_list<DistributionParam> params = {});

// --- SuperCollider Gendy numbering -----------------------------------------------------------

/// The distribution numbers of SuperCollider's Gendy1/2/3 UGens (server/plugins/GendynUGens.cpp,
/// after Xenakis's GENDYN, Formalized Music ch. IX).
enum class GendyDistribution : int {
  kLinear = 0,     ///< LINEAR: in SuperCollider simply uniform on [-1, 1]
  kCauchy = 1,     ///< CAUCHY
  kLogist = 2,     ///< LOGIST (logistic)
  kHyperbcos = 3,  ///< HYPERBCOS (hyperbolic cosine)
  kArcsine = 4,    ///< ARCSINE
  kExpon = 5,      ///< EXPON (exponential)
  kSinus = 6,      ///< SINUS: not random; the parameter a itself, as 2a - 1
};
inline constexpr int kGendyDistributionCount = 7;

/// The number as an enum; throws kUsage outside 0..6.
GendyDistribution gendy_distribution(int number);
/// By SuperCollider's name ("CAUCHY", any case) or our catalog name ("cauchy",
/// "hyperbolic_cosine"); throws kUsage with the nearest name otherwise.
GendyDistribution gendy_distribution(std::string_view name);
/// SuperCollider's upper-case name, e.g. "HYPERBCOS".
std::string_view gendy_name(GendyDistribution which);
/// The catalog law Xenakis used for it ("uniform" for LINEAR, as SuperCollider implements it;
/// empty for SINUS, which is not a law).
std::string_view gendy_law_name(GendyDistribution which);
/// SuperCollider's mapping of a uniform number u in [0, 1] to [-1, 1] for distribution `which`
/// with parameter a (clamped to [0.0001, 1] as SuperCollider does): each law's inverse CDF,
/// squashed by a so that it stays in range. Computed in double precision (SuperCollider uses
/// float), so values agree with scsynth to about 1e-6.
double gendy_map(GendyDistribution which, double a, double u);

}  // namespace stochos::stochastic
