// SPDX-License-Identifier: GPL-3.0-or-later
// Fixed-seed statistical tests of every law: Kolmogorov–Smirnov against its own CDF for the
// continuous ones, chi-square for the discrete ones, sample moments against the formulas, the
// Achorripsis table of Formalized Music, golden first values, and the factory's messages.
// Seeds are fixed, so each verdict is reproducible; thresholds are p = 0.001 so that a correct
// sampler passes with a wide margin and a wrong one (a shifted parameter, a lost factor) fails.
#include "stochos/stochastic/distributions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/testing/statistics.h"

namespace stochos::stochastic {
namespace {

// --- test statistics (written here, independent of the code under test) -----------------------

using testing::chi_square_p_value;
using testing::ks_p_value;
using testing::ks_statistic;

struct ChiSquare {
  double statistic = 0;
  int df = 0;
  double p = 0;
};

/// Chi-square of sample counts over sorted support points, merging neighbouring points until
/// each bin expects at least 5 (Cochran's rule); the last bin takes the remaining mass.
ChiSquare chi_square_test(const std::vector<double>& samples, const std::vector<double>& support,
                          const Distribution& law) {
  std::map<double, double> counts;
  for (double s : samples) counts[s] += 1;
  const double n = static_cast<double>(samples.size());
  std::vector<std::pair<double, double>> bins;  // (observed, expected)
  double observed = 0, expected = 0, assigned = 0;
  for (double x : support) {
    observed += counts.count(x) ? counts[x] : 0;
    expected += n * law.density(x);
    if (expected >= 5) {
      bins.push_back({observed, expected});
      assigned += observed;
      observed = expected = 0;
    }
  }
  double expected_total = 0;
  for (auto& b : bins) expected_total += b.second;
  // Whatever the support list missed (far tails) joins the last bin.
  bins.back().first += n - assigned;
  bins.back().second += n - expected_total;
  ChiSquare out;
  for (const auto& [o, e] : bins) out.statistic += (o - e) * (o - e) / e;
  out.df = static_cast<int>(bins.size()) - 1;
  out.p = chi_square_p_value(out.statistic, out.df);
  return out;
}

std::vector<double> draw(const Distribution& law, std::uint64_t seed, std::size_t n) {
  core::Rng rng(seed);
  std::vector<double> v(n);
  law.fill(rng, v);
  return v;
}

/// Sample mean and variance within 5 standard errors of the formulas (the variance's standard
/// error from the sample fourth moment, so heavy-tailed laws get their wider margin).
void expect_moments(const Distribution& law, const std::vector<double>& v) {
  const double n = static_cast<double>(v.size());
  double mean = 0;
  for (double x : v) mean += x;
  mean /= n;
  double m2 = 0, m4 = 0;
  for (double x : v) {
    const double d = (x - mean) * (x - mean);
    m2 += d;
    m4 += d * d;
  }
  m2 /= n;
  m4 /= n;
  ASSERT_TRUE(law.mean() && law.variance()) << law.describe();
  EXPECT_NEAR(mean, *law.mean(), 5 * std::sqrt(*law.variance() / n)) << law.describe();
  EXPECT_NEAR(m2, *law.variance(), 5 * std::sqrt(std::max(m4 - m2 * m2, 1e-300) / n)) << law.describe();
}

// --- continuous laws --------------------------------------------------------------------------

struct LawCase {
  Distribution law;
  double lo, hi;  // the support
};

std::vector<LawCase> continuous_cases() {
  const double inf = std::numeric_limits<double>::infinity();
  return {
      {Uniform(-2, 5), -2, 5},
      {Linear(1), 0, 1},
      {Linear(12), 0, 12},
      {Triangular(0, 0.25, 1), 0, 1},
      {Triangular(-3, -3, 2), -3, 2},
      {Exponential(0.6), 0, inf},
      {Exponential(40), 0, inf},
      {Gaussian(60, 7), -inf, inf},
      {Cauchy(0, 1), -inf, inf},
      {Cauchy(3, 0.2), -inf, inf},
      {Logistic(1, 2), -inf, inf},
      {HyperbolicCosine(0, 1), -inf, inf},
      {HyperbolicCosine(-4, 0.3), -inf, inf},
      {Arcsine(0, 1), 0, 1},
      {Arcsine(-1, 3), -1, 3},
      {Beta(2, 5), 0, 1},
      {Beta(0.5, 0.5), 0, 1},
      {Beta(0.1, 0.3), 0, 1},
      {Beta(40, 3), 0, 1},
      {Gamma(0.3), 0, inf},
      {Gamma(1), 0, inf},
      {Gamma(2, 1.5), 0, inf},
      {Gamma(150, 0.01), 0, inf},
      {Weibull(0.7, 2), 0, inf},
      {Weibull(3, 1), 0, inf},
  };
}

TEST(Distributions, EveryContinuousLawPassesKolmogorovSmirnovAgainstItsOwnCdf) {
  constexpr std::size_t kSamples = 100000;
  std::uint64_t seed = 1000;
  for (const auto& c : continuous_cases()) {
    const auto v = draw(c.law, ++seed, kSamples);
    for (double x : v) {
      ASSERT_TRUE(std::isfinite(x)) << c.law.describe();
      ASSERT_GE(x, c.lo) << c.law.describe();
      ASSERT_LE(x, c.hi) << c.law.describe();
    }
    const double d = ks_statistic(v, [&](double x) { return c.law.cdf(x); });
    const double p = ks_p_value(d, kSamples);
    EXPECT_GT(p, 0.001) << c.law.describe() << ": D = " << d;
    std::printf("  KS %-42s D = %.5f  p = %.3f\n", c.law.describe().c_str(), d, p);
  }
}

// The tests above check each sampler against the law's own CDF and moment formulas, so a
// parametrisation error shared by both (a rate read as a scale, a shape off by one) would
// pass them. These values come from elsewhere: tools/reference/distribution_reference.py
// computes them with Python's math module from the formulas each law's header documents
// (incomplete gamma and beta written out after Numerical Recipes, 3rd ed., 6.2 and 6.4), and
// they agree with textbook values (e.g. Beta(2, 5) at 0.1: 1 - 0.9^6 - 0.6·0.9^5 = 0.114265;
// Gamma(2, 1.5) at 3: 1 - 3e^-2 = 0.593994). Regenerate the table with that script.
TEST(Distributions, CdfsAndMomentsMatchIndependentReferenceValues) {
  constexpr double kNoMoment = std::numeric_limits<double>::quiet_NaN();
  struct Reference {
    Distribution law;
    double mean, variance;
    std::vector<std::pair<double, double>> cdf;  // (x, P(X <= x))
  };
  const std::vector<Reference> references = {
      {Uniform(-2, 5), 1.5, 4.083333333333333, {{-1.0, 0.14285714285714285}, {0.5, 0.35714285714285715}, {4.0, 0.8571428571428571}}},
      {Linear(12), 4.0, 8.0, {{1.0, 0.15972222222222232}, {4.0, 0.55555555555555547}, {9.0, 0.9375}}},
      {Triangular(0, 0.25, 1), 0.4166666666666667, 0.04513888888888889, {{0.1, 0.040000000000000008}, {0.25, 0.25}, {0.7, 0.88}}},
      {Exponential(0.6), 1.6666666666666667, 2.7777777777777777, {{0.5, 0.25918177931828212}, {1.6, 0.61710711402488794}, {5.0, 0.95021293163213605}}},
      {Gaussian(60, 7), 60.0, 49.0, {{50.0, 0.076563725509834757}, {63.0, 0.66588242910237527}, {75.0, 0.98393771439617161}}},
      {Cauchy(3, 0.2), kNoMoment, kNoMoment, {{2.5, 0.12111894159084341}, {3.1, 0.64758361765043337}, {4.0, 0.93716704181099886}}},
      {Logistic(1, 2), 1.0, 13.159472534785811, {{-3.0, 0.11920292202211755}, {1.5, 0.56217650088579807}, {6.0, 0.92414181997875655}}},
      {HyperbolicCosine(-4, 0.3), -4.0, 0.22206609902451055, {{-4.5, 0.11884195248631893}, {-3.9, 0.60419129739740518}, {-3.0, 0.97729885729036925}}},
      {Arcsine(-1, 3), 1.0, 2.0, {{-0.9, 0.10108262410425987}, {0.5, 0.41956937674483369}, {2.8, 0.85643370687129361}}},
      {Beta(2, 5), 0.2857142857142857, 0.025510204081632654, {{0.1, 0.11426500000000024}, {0.3, 0.57982500000000115}, {0.6, 0.95903999999999989}}},
      {Beta(0.5, 0.5), 0.5, 0.125, {{0.05, 0.1435662931287062}, {0.5, 0.50000000000000044}, {0.9, 0.79516723530086675}}},
      {Beta(40, 3), 0.9302325581395349, 0.0014749987708343576, {{0.85, 0.038233566809736858}, {0.93, 0.42895685078964008}, {0.98, 0.94845045960762386}}},
      {Gamma(0.3), 0.3, 0.3, {{0.01, 0.27924099635901495}, {0.3, 0.72695734371036658}, {1.5, 0.95789053670411051}}},
      {Gamma(2, 1.5), 3.0, 4.5, {{1.0, 0.14430480161234657}, {3.0, 0.59399415029016167}, {8.0, 0.96942298337240085}}},
      {Gamma(150, 0.01), 1.5, 0.015, {{1.4, 0.20954362391859022}, {1.5, 0.51085822974931649}, {1.7, 0.94436556868980648}}},
      {Weibull(0.7, 2), 2.5316470121145667, 13.70734221461261, {{0.3, 0.2328024800946451}, {2.0, 0.63212055882855767}, {9.0, 0.94306351968956348}}},
      {Weibull(3, 1), 0.8929795115692495, 0.10533288486847825, {{0.5, 0.11750309741540454}, {0.9, 0.51760885988487404}, {1.4, 0.93568741861969118}}},
      {Poisson(0.6), 0.6, 0.6, {{0, 0.54881163609402639}, {1, 0.87809861775044229}, {3, 0.99664193114675204}}},
      {Poisson(7), 7.0, 7.0, {{3, 0.081765416244721584}, {7, 0.59871383552303603}, {12, 0.97300022657473084}}},
      {Poisson(250), 250.0, 250.0, {{230, 0.10763990929170021}, {250, 0.51681228921549049}, {270, 0.90143997790474473}}},
  };
  for (const auto& r : references) {
    SCOPED_TRACE(r.law.describe());
    for (const auto& [x, p] : r.cdf) EXPECT_NEAR(r.law.cdf(x), p, 1e-9) << "x = " << x;
    if (std::isnan(r.mean)) {
      EXPECT_FALSE(r.law.mean());
      EXPECT_FALSE(r.law.variance());
      continue;
    }
    ASSERT_TRUE(r.law.mean() && r.law.variance());
    EXPECT_NEAR(*r.law.mean(), r.mean, 1e-9 * std::max(1.0, std::fabs(r.mean)));
    EXPECT_NEAR(*r.law.variance(), r.variance, 1e-9 * std::max(1.0, r.variance));
  }
}

TEST(Distributions, KolmogorovSmirnovRejectsAWrongParameter) {
  // The test has power: a gamma(2.05) sample is told apart from gamma(2).
  const auto v = draw(Gamma(2.05), 7, 100000);
  const Gamma claimed(2.0);
  const double d = ks_statistic(v, [&](double x) { return claimed.cdf(x); });
  EXPECT_LT(ks_p_value(d, v.size()), 0.001) << "D = " << d;
}

TEST(Distributions, SampleMomentsMatchTheFormulas) {
  std::uint64_t seed = 2000;
  for (const auto& c : continuous_cases()) {
    if (!c.law.mean()) continue;  // Cauchy
    expect_moments(c.law, draw(c.law, ++seed, 200000));
  }
  for (const Distribution& d :
       {Distribution(Poisson(0.6)), Distribution(Poisson(7)), Distribution(Poisson(250)),
        Distribution(Bernoulli(0.3)), Distribution(Discrete({1, 0, 3, 6}, {-1, 5, 2, 9}))})
    expect_moments(d, draw(d, ++seed, 200000));
}

TEST(Distributions, CauchyHasNoMomentsAndKnownMomentsAreExact) {
  EXPECT_FALSE(Cauchy().mean());
  EXPECT_FALSE(Cauchy().variance());
  EXPECT_DOUBLE_EQ(*Linear(3).mean(), 1.0);  // Xenakis: a/3
  EXPECT_DOUBLE_EQ(*Linear(3).variance(), 0.5);
  EXPECT_DOUBLE_EQ(*HyperbolicCosine(0, 2).variance(), M_PI * M_PI);
  EXPECT_DOUBLE_EQ(*Arcsine(0, 1).variance(), 0.125);
  EXPECT_NEAR(*Weibull(1, 2).mean(), 2.0, 1e-12);  // shape 1 is exponential of mean 2
}

TEST(Distributions, DensitiesIntegrateToTheirCdfs) {
  // Trapezoidal integral of the pdf between two quantile-ish points equals the CDF difference.
  for (const auto& c : continuous_cases()) {
    const Distribution& law = c.law;
    double a = std::isfinite(c.lo) ? c.lo : -10.0, b = std::isfinite(c.hi) ? c.hi : 10.0;
    a = a + 0.1 * (b - a);
    b = b - 0.1 * (b - a);
    const int steps = 20000;
    double integral = 0;
    for (int i = 0; i < steps; ++i) {
      const double x0 = a + (b - a) * i / steps, x1 = a + (b - a) * (i + 1) / steps;
      integral += 0.5 * (law.density(x0) + law.density(x1)) * (x1 - x0);
    }
    EXPECT_NEAR(integral, law.cdf(b) - law.cdf(a), 1e-4) << law.describe();
  }
}

// --- discrete laws ----------------------------------------------------------------------------

TEST(Distributions, EveryDiscreteLawPassesChiSquare) {
  std::uint64_t seed = 3000;
  auto integers = [](int lo, int hi) {
    std::vector<double> v;
    for (int k = lo; k <= hi; ++k) v.push_back(k);
    return v;
  };
  struct Case {
    Distribution law;
    std::vector<double> support;
  };
  const std::vector<Case> cases = {
      {Poisson(0.6), integers(0, 20)},
      {Poisson(3.5), integers(0, 40)},
      {Poisson(9.99), integers(0, 60)},
      {Poisson(10), integers(0, 60)},  // both sides of the PTRS switch
      {Poisson(47), integers(0, 150)},
      {Poisson(1000), integers(800, 1200)},
      {Bernoulli(0.3), integers(0, 1)},
      {Bernoulli(0.97), integers(0, 1)},
      {Discrete({1, 2, 3, 4}), integers(0, 3)},
      {Discrete({5, 0, 1, 0, 14}, {60, 62, 64, 65, 67}), {60, 62, 64, 65, 67}},
  };
  for (const auto& c : cases) {
    const auto v = draw(c.law, ++seed, 200000);
    const ChiSquare chi = chi_square_test(v, c.support, c.law);
    EXPECT_GT(chi.p, 0.001) << c.law.describe() << ": chi2 = " << chi.statistic << " on " << chi.df << " df";
    std::printf("  chi2 %-40s X2 = %8.2f  df = %3d  p = %.3f\n", c.law.describe().c_str(), chi.statistic,
                chi.df, chi.p);
  }
}

TEST(Distributions, ZeroWeightOutcomesAreNeverChosenAndPoissonZeroIsZero) {
  const Discrete d({0, 3, 0, 1, 0});
  core::Rng rng(5);
  for (int i = 0; i < 100000; ++i) {
    const auto k = d.sample_index(rng);
    ASSERT_TRUE(k == 1 || k == 3) << k;
  }
  EXPECT_EQ(Poisson(0).sample(rng), 0.0);
  EXPECT_DOUBLE_EQ(Poisson(0.6).cdf(2.5), Poisson(0.6).pmf(0) + Poisson(0.6).pmf(1) + Poisson(0.6).pmf(2));
  EXPECT_DOUBLE_EQ(Discrete({1, 1}, {7, 7}).pmf(7), 1.0);
}

TEST(Distributions, AchorripsisPoissonTableOfFormalizedMusicIsReproduced) {
  // Formalized Music ch. I (Achorripsis): 28 x 7 = 196 cells, mean density λ = 0.6 events per
  // cell; the number of cells holding k events is 196 e^-λ λ^k / k!. Xenakis's table reads
  // 107, 65, 19, 4, 1, 0: each count rounded, with k = 0 taking what keeps the sum at 196.
  const int kCells = 28 * 7;
  const Poisson law(0.6);
  const int table[] = {107, 65, 19, 4, 1, 0};
  int sum_of_others = 0;
  for (int k = 0; k < 6; ++k) {
    const double expected = kCells * law.pmf(k);
    EXPECT_NEAR(expected, kCells * std::exp(-0.6) * std::pow(0.6, k) / std::tgamma(k + 1.0), 1e-9);
    EXPECT_LT(std::fabs(expected - table[k]), 1.0) << "k = " << k << ": " << expected;
    if (k > 0) {
      EXPECT_EQ(std::lround(expected), table[k]) << "k = " << k;
      sum_of_others += table[k];
    }
  }
  EXPECT_EQ(table[0], kCells - sum_of_others);
  // And the sampler fills the matrix that way: over 2000 matrices of 196 cells, the mean
  // number of cells with k events converges on the table.
  core::Rng rng(1957);
  double cells_with[6] = {};
  const int kMatrices = 2000;
  for (int m = 0; m < kMatrices; ++m)
    for (int c = 0; c < kCells; ++c) {
      const auto k = static_cast<int>(law.sample(rng));
      if (k < 6) cells_with[k] += 1.0 / kMatrices;
    }
  for (int k = 0; k < 6; ++k) {
    const double expected = kCells * law.pmf(k);
    EXPECT_NEAR(cells_with[k], expected, 5 * std::sqrt(expected / kMatrices) + 1e-3) << "k = " << k;
  }
}

// --- determinism ------------------------------------------------------------------------------

TEST(Distributions, FillGivesTheSameNumbersAsRepeatedSample) {
  const Distribution law = Gamma(0.4, 2);
  core::Rng a(99), b(99);
  std::vector<double> bulk(1000);
  law.fill(a, bulk);
  for (double v : bulk) ASSERT_EQ(v, law.sample(b));
}

TEST(Distributions, GoldenFirstValuesOfAFixedSeedNeverChange) {
  // If this fails, a sampler's algorithm or its use of the stream changed: every composition
  // made with a seed would sound different. Change these numbers only on purpose.
  struct Golden {
    Distribution law;
    double first[3];
  };
  const std::vector<Golden> golden = {
      {Uniform(-2, 5), {-1.0440933717975134, 0.50477717048150517, 0.55218554863294544}},
      {Linear(12), {7.5655479568471389, 4.8217798410814083, 4.7541665272561726}},
      {Triangular(0, 0.25, 1), {0.18476883513136921, 0.30600358974385888, 0.30967286859000254}},
      {Exponential(0.6), {0.49128955280269443, 1.1457833011786274, 0.78053246977599344}},
      {Poisson(3.5), {2, 3, 3}},
      {Poisson(47), {38, 44, 59}},
      {Gaussian(60, 7), {58.294630399900349, 55.824961527107334, 56.64672252461569}},
      {Cauchy(0, 1), {0.40846799644413506, -0.50935808109862191, 1.0913582614468385}},
      {Logistic(1, 2), {-2.6883530658241446, -0.1696309255318198, -0.11092554204749749}},
      {HyperbolicCosine(0, 1), {-1.5239181991588568, -0.46229281660060212, -0.43881925185906445}},
      {Arcsine(0, 1), {0.045310974307278248, 0.28402446202371534, 0.2936673778527602}},
      {Beta(2, 5), {0.27009298418101918, 0.027035253132053252, 0.68366347435319108}},
      {Beta(0.1, 0.3), {2.2592055992916795e-05, 0.70635893681970918, 0.63323850050583841}},
      {Gamma(0.3), {0.025842755556902287, 1.0518880292602182, 2.191373741234937}},
      {Gamma(2, 1.5), {2.0572778428621228, 1.6823526017692538, 0.33039689841414455}},
      {Weibull(0.7, 2), {5.3490452253320999, 2.0796401590227593, 2.0256492951909775}},
      {Bernoulli(0.3), {1, 0, 0}},
      {Discrete({5, 0, 1, 0, 14}, {60, 62, 64, 65, 67}), {60, 67, 67}},
  };
  for (const auto& g : golden) {
    core::Rng rng(20240401);
    for (double expected : g.first) EXPECT_DOUBLE_EQ(g.law.sample(rng), expected) << g.law.describe();
  }
}

// --- parameters and the factory ---------------------------------------------------------------

template <class F>
std::string usage_error(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage) << e.what();
    return e.message();
  }
  ADD_FAILURE() << "no error thrown";
  return {};
}

TEST(Distributions, BadParametersThrowAUsageErrorNamingLawAndParameter) {
  EXPECT_EQ(usage_error([] { Gamma(-1); }), "gamma: shape must be a finite number greater than 0 (got -1)");
  EXPECT_NE(usage_error([] { Uniform(3, 3); }).find("uniform: hi must be greater than lo"),
            std::string::npos);
  EXPECT_NE(usage_error([] { Triangular(0, 2, 1); }).find("triangular: mode"), std::string::npos);
  EXPECT_NE(usage_error([] { Poisson(-0.5); }).find("poisson: lambda"), std::string::npos);
  EXPECT_NE(usage_error([] { Poisson(1e300); }).find("poisson: lambda"), std::string::npos);
  EXPECT_NE(usage_error([] { Bernoulli(1.5); }).find("bernoulli: p"), std::string::npos);
  EXPECT_NE(usage_error([] { Beta(1, 0); }).find("beta: b"), std::string::npos);
  EXPECT_NE(usage_error([] { Weibull(2, std::nan("")); }).find("weibull: scale"), std::string::npos);
  EXPECT_NE(usage_error([] { Gaussian(0, 0); }).find("gaussian: sigma"), std::string::npos);
  EXPECT_NE(usage_error([] { Cauchy(0, -1); }).find("cauchy: scale"), std::string::npos);
  EXPECT_NE(usage_error([] { Logistic(INFINITY, 1); }).find("logistic: location"), std::string::npos);
  EXPECT_NE(usage_error([] { HyperbolicCosine(0, 0); }).find("hyperbolic_cosine: scale"), std::string::npos);
  EXPECT_NE(usage_error([] { Arcsine(1, 0); }).find("arcsine: hi"), std::string::npos);
  EXPECT_NE(usage_error([] { Linear(0); }).find("linear: a"), std::string::npos);
  EXPECT_NE(usage_error([] { Exponential(-2); }).find("exponential: rate"), std::string::npos);
  EXPECT_NE(usage_error([] { Discrete({}); }).find("discrete: weights"), std::string::npos);
  EXPECT_NE(usage_error([] { Discrete({1, -1}); }).find("discrete: weights[1]"), std::string::npos);
  EXPECT_NE(usage_error([] { Discrete({0, 0}); }).find("discrete: weights"), std::string::npos);
  EXPECT_NE(usage_error([] { Discrete({1, 2}, {3}); }).find("discrete: values"), std::string::npos);
}

TEST(Distributions, FactoryBuildsEveryCatalogLawWithItsDefaults) {
  auto g = make_distribution("gamma", {{"shape", 2}, {"scale", 1}});
  EXPECT_EQ(g.name(), "gamma");
  EXPECT_EQ(g.describe(), "gamma(shape=2, scale=1)");
  EXPECT_EQ(make_distribution("Normal").describe(), "gaussian(mean=0, sigma=1)");
  EXPECT_EQ(make_distribution("triangular", {{"lo", 2}, {"hi", 4}}).describe(),
            "triangular(lo=2, mode=3, hi=4)");
  auto choice = make_distribution("discrete", {{"weights", {1, 2, 1}}, {"values", {60, 62, 64}}});
  EXPECT_TRUE(choice.is_discrete());
  EXPECT_DOUBLE_EQ(choice.density(62), 0.5);
  EXPECT_EQ(distribution_catalog().size(), 15u);
  for (const auto& info : distribution_catalog()) {
    std::vector<DistributionParam> params;
    for (const auto& p : info.params)
      if (p.required)
        params.push_back(p.is_list ? DistributionParam(std::string(p.name), std::vector<double>{1, 2})
                                   : DistributionParam(std::string(p.name), 2.0));
    EXPECT_EQ(make_distribution(info.name, params).name(), info.name);
  }
}

TEST(Distributions, FactoryErrorsSuggestTheNearestName) {
  EXPECT_NE(usage_error([] {
              make_distribution("gama");
            }).find("unknown distribution 'gama'; did you mean 'gamma'?"),
            std::string::npos);
  EXPECT_NE(usage_error([] {
              make_distribution("weibul", {{"shape", 1}});
            }).find("did you mean 'weibull'?"),
            std::string::npos);
  const auto far = usage_error([] { make_distribution("zzzzzzzz"); });
  EXPECT_EQ(far.find("did you mean"), std::string::npos);
  EXPECT_NE(far.find("known: uniform, linear"), std::string::npos);
  EXPECT_NE(usage_error([] {
              make_distribution("gamma", {{"shap", 2}});
            }).find("gamma has no parameter 'shap'; did you mean 'shape'? (parameters: shape, scale)"),
            std::string::npos);
  EXPECT_NE(usage_error([] {
              make_distribution("gamma", {{"scale", 2}});
            }).find("gamma needs the parameter 'shape'"),
            std::string::npos);
  EXPECT_NE(usage_error([] {
              make_distribution("gamma", {{"shape", 2}, {"shape", 3}});
            }).find("given twice"),
            std::string::npos);
  EXPECT_NE(usage_error([] {
              make_distribution("gamma", {{"shape", {1, 2}}});
            }).find("takes one number"),
            std::string::npos);
  EXPECT_NE(usage_error([] {
              make_distribution("gamma", {{"shape", -2}});
            }).find("gamma: shape must be"),
            std::string::npos);
  try {
    make_distribution("gama");
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), "unknown_distribution");
  }
}

// --- SuperCollider Gendy ----------------------------------------------------------------------

TEST(Distributions, GendyNumberingFollowsSuperCollider) {
  const char* names[] = {"LINEAR", "CAUCHY", "LOGIST", "HYPERBCOS", "ARCSINE", "EXPON", "SINUS"};
  for (int i = 0; i < kGendyDistributionCount; ++i) {
    EXPECT_EQ(gendy_name(gendy_distribution(i)), names[i]);
    EXPECT_EQ(static_cast<int>(gendy_distribution(names[i])), i);
  }
  EXPECT_EQ(gendy_distribution("hyperbolic_cosine"), GendyDistribution::kHyperbcos);
  EXPECT_EQ(gendy_distribution("cauchy"), GendyDistribution::kCauchy);
  EXPECT_EQ(gendy_law_name(GendyDistribution::kExpon), "exponential");
  EXPECT_NE(usage_error([] { gendy_distribution(7); }).find("0..6"), std::string::npos);
  EXPECT_NE(usage_error([] { gendy_distribution("CAUCHI"); }).find("did you mean 'CAUCHY'?"),
            std::string::npos);
}

TEST(Distributions, GendyMapStaysInRangeAndHitsItsEnds) {
  for (int i = 0; i < 6; ++i) {
    const auto which = gendy_distribution(i);
    for (double a : {0.0, 0.1, 0.5, 1.0, 3.0}) {
      for (int j = 0; j <= 1000; ++j) {
        const double v = gendy_map(which, a, j / 1000.0);
        ASSERT_GE(v, -1.0 - 1e-9) << gendy_name(which) << " a=" << a;
        ASSERT_LE(v, 1.0 + 1e-9) << gendy_name(which) << " a=" << a;
      }
      // Every law maps the ends of [0, 1] onto the ends of [-1, 1] (HYPERBCOS reversed).
      const double sign = which == GendyDistribution::kHyperbcos ? -1.0 : 1.0;
      EXPECT_NEAR(gendy_map(which, a, 0.0), -sign, 1e-4) << gendy_name(which) << " a=" << a;
      EXPECT_NEAR(gendy_map(which, a, 1.0), sign, 1e-4) << gendy_name(which) << " a=" << a;
    }
  }
  for (auto which : {GendyDistribution::kLinear, GendyDistribution::kCauchy, GendyDistribution::kLogist,
                     GendyDistribution::kArcsine})
    EXPECT_NEAR(gendy_map(which, 0.7, 0.5), 0.0, 1e-12) << gendy_name(which);
  EXPECT_DOUBLE_EQ(gendy_map(GendyDistribution::kSinus, 0.25, 0.9), -0.5);
}

}  // namespace
}  // namespace stochos::stochastic
