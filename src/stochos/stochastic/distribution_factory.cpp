// SPDX-License-Identifier: GPL-3.0-or-later
// The catalog of laws, the name-and-parameters factory the score language builds on, and
// SuperCollider Gendy's distribution numbering (see distributions.cpp for the laws).
#include "stochos/stochastic/distributions.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "stochos/core/error.h"
#include "stochos/core/nearest_name.h"
#include "stochos/stochastic/detail/distribution_math.h"

namespace stochos::stochastic {

using detail::format_number;
using detail::kPi;

// --- catalog and factory ----------------------------------------------------------------------

namespace {

/// The parameters given to make_distribution(), resolved against the catalog entry.
class ResolvedParams {
 public:
  double number(std::string_view name) const { return find(name).value().front(); }
  double number_or(std::string_view name, double fallback) const {
    const auto v = find(name);
    return v ? v->front() : fallback;
  }
  std::vector<double> list_or_empty(std::string_view name) const {
    return find(name).value_or(std::vector<double>{});
  }
  std::map<std::string, std::vector<double>, std::less<>> given;
  const DistributionInfo* info = nullptr;

 private:
  std::optional<std::vector<double>> find(std::string_view name) const {
    if (auto it = given.find(name); it != given.end()) return it->second;
    for (const auto& p : info->params)
      if (p.name == name && p.default_value) return std::vector<double>{*p.default_value};
    return std::nullopt;
  }
};

using Builder = Distribution (*)(const ResolvedParams&);

struct CatalogEntry {
  DistributionInfo info;
  Builder build;
};

const std::vector<CatalogEntry>& catalog_entries() {
  using P = DistributionParamInfo;
  static const std::vector<CatalogEntry> entries = {
      {{"uniform", "uniform on [lo, hi)", {P{"lo", false, 0.0}, P{"hi", false, 1.0}}},
       [](const ResolvedParams& p) -> Distribution { return Uniform(p.number("lo"), p.number("hi")); }},
      {{"linear", "Xenakis's f(x) = 2/a (1 - x/a) on [0, a]", {P{"a", false, 1.0, false, "upper end"}}},
       [](const ResolvedParams& p) -> Distribution { return Linear(p.number("a")); }},
      {{"triangular",
        "triangular on [lo, hi] peaking at mode",
        {P{"lo", false, 0.0}, P{"mode", false, std::nullopt, false, "peak; default the midpoint"},
         P{"hi", false, 1.0}}},
       [](const ResolvedParams& p) -> Distribution {
         const double lo = p.number("lo");
         const double hi = p.number("hi");
         return Triangular(lo, p.number_or("mode", 0.5 * (lo + hi)), hi);
       }},
      {{"exponential", "f(x) = rate e^(-rate x)", {P{"rate", false, 1.0, false, "events per unit"}}},
       [](const ResolvedParams& p) -> Distribution { return Exponential(p.number("rate")); }},
      {{"poisson", "counts of mean lambda", {P{"lambda", false, 1.0, false, "mean count"}}},
       [](const ResolvedParams& p) -> Distribution { return Poisson(p.number("lambda")); }},
      {{"gaussian", "normal", {P{"mean", false, 0.0}, P{"sigma", false, 1.0, false, "standard deviation"}}},
       [](const ResolvedParams& p) -> Distribution { return Gaussian(p.number("mean"), p.number("sigma")); }},
      {{"cauchy", "Cauchy (no mean)", {P{"location", false, 0.0}, P{"scale", false, 1.0}}},
       [](const ResolvedParams& p) -> Distribution {
         return Cauchy(p.number("location"), p.number("scale"));
       }},
      {{"logistic", "logistic", {P{"location", false, 0.0}, P{"scale", false, 1.0}}},
       [](const ResolvedParams& p) -> Distribution {
         return Logistic(p.number("location"), p.number("scale"));
       }},
      {{"hyperbolic_cosine",
        "Xenakis's 1/(pi s cosh((x-m)/s))",
        {P{"location", false, 0.0}, P{"scale", false, 1.0, false, "1/alpha"}}},
       [](const ResolvedParams& p) -> Distribution {
         return HyperbolicCosine(p.number("location"), p.number("scale"));
       }},
      {{"arcsine", "arcsine on [lo, hi]", {P{"lo", false, 0.0}, P{"hi", false, 1.0}}},
       [](const ResolvedParams& p) -> Distribution { return Arcsine(p.number("lo"), p.number("hi")); }},
      {{"beta", "beta on [0, 1]", {P{"a", true}, P{"b", true}}},
       [](const ResolvedParams& p) -> Distribution { return Beta(p.number("a"), p.number("b")); }},
      {{"gamma", "gamma", {P{"shape", true}, P{"scale", false, 1.0}}},
       [](const ResolvedParams& p) -> Distribution { return Gamma(p.number("shape"), p.number("scale")); }},
      {{"weibull", "Weibull", {P{"shape", true}, P{"scale", false, 1.0}}},
       [](const ResolvedParams& p) -> Distribution { return Weibull(p.number("shape"), p.number("scale")); }},
      {{"bernoulli", "1 with probability p, else 0", {P{"p", false, 0.5}}},
       [](const ResolvedParams& p) -> Distribution { return Bernoulli(p.number("p")); }},
      {{"discrete",
        "weighted choice of an index or value",
        {P{"weights", true, std::nullopt, true},
         P{"values", false, std::nullopt, true, "default: the indices"}}},
       [](const ResolvedParams& p) -> Distribution {
         return Discrete(p.list_or_empty("weights"), p.list_or_empty("values"));
       }},
  };
  return entries;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

template <class Range>
std::string joined(const Range& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

}  // namespace

const std::vector<DistributionInfo>& distribution_catalog() {
  static const std::vector<DistributionInfo> infos = [] {
    std::vector<DistributionInfo> out;
    for (const auto& e : catalog_entries()) out.push_back(e.info);
    return out;
  }();
  return infos;
}

const std::vector<std::pair<std::string_view, std::string_view>>& distribution_aliases() {
  static const std::vector<std::pair<std::string_view, std::string_view>> aliases = {
      {"normal", "gaussian"},          {"gauss", "gaussian"},    {"choice", "discrete"},
      {"hypcos", "hyperbolic_cosine"}, {"expon", "exponential"},
  };
  return aliases;
}

Distribution make_distribution(std::string_view name, std::initializer_list<DistributionParam> params) {
  return make_distribution(name, std::span<const DistributionParam>(params.begin(), params.size()));
}

Distribution make_distribution(std::string_view name, std::span<const DistributionParam> params) {
  std::string key = lowercase(name);
  for (const auto& [alias, target] : distribution_aliases())
    if (key == alias) key = std::string(target);
  const CatalogEntry* entry = nullptr;
  for (const auto& e : catalog_entries())
    if (e.info.name == key) entry = &e;
  if (!entry) {
    std::vector<std::string_view> names;
    for (const auto& e : catalog_entries()) names.push_back(e.info.name);
    for (const auto& a : distribution_aliases()) names.push_back(a.first);
    const std::string near = core::nearest_name(name, names);
    std::vector<std::string_view> known;
    for (const auto& e : catalog_entries()) known.push_back(e.info.name);
    throw Error::usage("unknown distribution '" + std::string(name) + "'" +
                       (near.empty() ? "" : "; did you mean '" + near + "'?") + " (known: " + joined(known) +
                       ")")
        .with_code("unknown_distribution");
  }
  const DistributionInfo& info = entry->info;
  std::vector<std::string_view> param_names;
  for (const auto& p : info.params) param_names.push_back(p.name);

  ResolvedParams resolved;
  resolved.info = &info;
  for (const auto& given : params) {
    const DistributionParamInfo* spec = nullptr;
    for (const auto& p : info.params)
      if (p.name == given.name) spec = &p;
    if (!spec) {
      const std::string near = core::nearest_name(given.name, param_names);
      throw Error::usage(std::string(info.name) + " has no parameter '" + given.name + "'" +
                         (near.empty() ? "" : "; did you mean '" + near + "'?") +
                         " (parameters: " + joined(param_names) + ")")
          .with_code("unknown_parameter");
    }
    if (resolved.given.count(given.name))
      throw Error::usage(std::string(info.name) + ": parameter '" + given.name + "' is given twice")
          .with_code("duplicate_parameter");
    if (given.is_list && !spec->is_list)
      throw Error::usage(std::string(info.name) + ": parameter '" + given.name +
                         "' takes one number, not a list of " + std::to_string(given.values.size()))
          .with_code("bad_parameter");
    if (given.values.empty())
      throw Error::usage(std::string(info.name) + ": parameter '" + given.name + "' has no value")
          .with_code("bad_parameter");
    resolved.given.emplace(given.name, given.values);
  }
  for (const auto& p : info.params)
    if (p.required && !resolved.given.count(p.name))
      throw Error::usage(std::string(info.name) + " needs the parameter '" + std::string(p.name) +
                         "' (parameters: " + joined(param_names) + ")")
          .with_code("missing_parameter");
  return entry->build(resolved);
}

// --- SuperCollider Gendy ----------------------------------------------------------------------

namespace {
constexpr std::string_view kGendyNames[kGendyDistributionCount] = {"LINEAR",  "CAUCHY", "LOGIST", "HYPERBCOS",
                                                                   "ARCSINE", "EXPON",  "SINUS"};
constexpr std::string_view kGendyLaws[kGendyDistributionCount] = {
    "uniform", "cauchy", "logistic", "hyperbolic_cosine", "arcsine", "exponential", ""};
}  // namespace

GendyDistribution gendy_distribution(int number) {
  if (number < 0 || number >= kGendyDistributionCount)
    throw Error::usage(
        "Gendy distribution number must be 0..6 (LINEAR, CAUCHY, LOGIST, HYPERBCOS, ARCSINE, EXPON, "
        "SINUS), not " +
        std::to_string(number))
        .with_code("bad_parameter");
  return static_cast<GendyDistribution>(number);
}

GendyDistribution gendy_distribution(std::string_view name) {
  const std::string key = lowercase(name);
  std::vector<std::string> candidates;
  for (int i = 0; i < kGendyDistributionCount; ++i) {
    if (key == lowercase(kGendyNames[i]) || (!kGendyLaws[i].empty() && key == kGendyLaws[i]))
      return static_cast<GendyDistribution>(i);
    candidates.push_back(std::string(kGendyNames[i]));
  }
  const std::string near = core::nearest_name(name, candidates);
  throw Error::usage("unknown Gendy distribution '" + std::string(name) + "'" +
                     (near.empty() ? "" : "; did you mean '" + near + "'?") +
                     " (known: " + joined(candidates) + ")")
      .with_code("unknown_distribution");
}

std::string_view gendy_name(GendyDistribution which) {
  return kGendyNames[static_cast<int>(which)];
}
std::string_view gendy_law_name(GendyDistribution which) {
  return kGendyLaws[static_cast<int>(which)];
}

double gendy_map(GendyDistribution which, double a, double u) {
  // SuperCollider's Gendyn_distribution(): each law's inverse CDF, with its domain squashed by
  // a so that [0, 1] maps onto [-1, 1] without infinities.
  a = std::clamp(a, 0.0001, 1.0);
  switch (which) {
    case GendyDistribution::kLinear:
      break;
    case GendyDistribution::kCauchy: {
      const double c = std::atan(10.0 * a);  // chosen so that u = 1 maps to exactly 1
      return 0.1 / a * std::tan(c * (2.0 * u - 1.0));
    }
    case GendyDistribution::kLogist: {
      const double edge = 0.5 + 0.499 * a;
      const double c = std::log((1.0 - edge) / edge);
      const double f = (u - 0.5) * 0.998 * a + 0.5;  // [0, 1] -> [0.001, 0.999] at a = 1
      return std::log((1.0 - f) / f) / c;
    }
    case GendyDistribution::kHyperbcos: {
      const double quarter = 0.999 * kPi / 2;  // SuperCollider's 1.5692255
      const double t = std::tan(quarter * a * u) / std::tan(quarter * a);
      return 2.0 * (std::log(t * 0.999 + 0.001) / -std::log(1000.0)) - 1.0;
    }
    case GendyDistribution::kArcsine:
      return std::sin(kPi * (u - 0.5) * a) / std::sin(0.5 * kPi * a);
    case GendyDistribution::kExpon: {
      const double t = std::log(1.0 - u * 0.999 * a) / std::log(1.0 - 0.999 * a);
      return 2.0 * t - 1.0;
    }
    case GendyDistribution::kSinus:
      return 2.0 * a - 1.0;
  }
  return 2.0 * u - 1.0;
}


}  // namespace stochos::stochastic
