// SPDX-License-Identifier: GPL-3.0-or-later
// Processes: rhythms, Poisson onsets (counts with mean = variance = λT, thinning), walks that
// never leave their barriers, GENDYN's second-order walk, and 1/f noise with its spectral slope.
#include "stochos/stochastic/processes.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdio>
#include <numeric>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/testing/statistics.h"

namespace stochos::stochastic {
namespace {

// --- helpers written for these tests ----------------------------------------------------------

using testing::ks_critical_001;
using testing::ks_statistic;
using testing::moments;

std::string usage_message(const std::function<void()>& f, std::string* code = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    if (code) *code = e.code();
    return e.message();
  }
  ADD_FAILURE() << "no error thrown";
  return {};
}

/// In-place radix-2 FFT (n a power of two), for the spectral slope of 1/f noise.
void fft(std::vector<std::complex<double>>& a) {
  const std::size_t n = a.size();
  for (std::size_t i = 1, j = 0; i < n; ++i) {
    std::size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  for (std::size_t len = 2; len <= n; len <<= 1) {
    const std::complex<double> w = std::polar(1.0, -2.0 * M_PI / static_cast<double>(len));
    for (std::size_t i = 0; i < n; i += len) {
      std::complex<double> wk = 1;
      for (std::size_t k = 0; k < len / 2; ++k, wk *= w) {
        const auto u = a[i + k], v = a[i + k + len / 2] * wk;
        a[i + k] = u + v;
        a[i + k + len / 2] = u - v;
      }
    }
  }
}

/// Least-squares slope of log10(power) against log10(frequency) over bins [k0, k1] of the
/// averaged periodogram (Welch without overlap, Hann window).
double spectral_slope(Generator& g, std::size_t segment, int segments, std::size_t k0, std::size_t k1) {
  std::vector<double> power(segment / 2, 0.0);
  std::vector<double> x(segment);
  for (int s = 0; s < segments; ++s) {
    g.fill_at(x, 0, 0);
    std::vector<std::complex<double>> a(segment);
    for (std::size_t i = 0; i < segment; ++i)
      a[i] = x[i] * (0.5 - 0.5 * std::cos(2 * M_PI * static_cast<double>(i) / static_cast<double>(segment)));
    fft(a);
    for (std::size_t k = 0; k < segment / 2; ++k) power[k] += std::norm(a[k]);
  }
  double sx = 0, sy = 0, sxx = 0, sxy = 0, n = 0;
  for (std::size_t k = k0; k <= k1; ++k) {
    const double lx = std::log10(static_cast<double>(k)), ly = std::log10(power[k]);
    sx += lx, sy += ly, sxx += lx * lx, sxy += lx * ly, n += 1;
  }
  return (n * sxy - sx * sy) / (n * sxx - sx * sx);
}

// --- generators in general --------------------------------------------------------------------

TEST(Processes, DefaultFillAtCallsNextAtWithTheTimes) {
  struct Clock final : Generator {
    double next_at(double t) override { return t; }
  } clock;
  std::vector<double> out(4);
  clock.fill_at(out, 1.0, 0.5);
  EXPECT_EQ(out, (std::vector<double>{1.0, 1.5, 2.0, 2.5}));
  Constant c(3);
  c.fill_at(out, 0, 0);
  EXPECT_EQ(out, (std::vector<double>(4, 3.0)));
}

TEST(Processes, WindowedDistributionGeneratorRedrawsOutsideTheWindowLikeCMask) {
  DistributionGenerator g(Gaussian(0.5, 0.3), core::Rng(4), 0.0, 1.0);
  std::vector<double> v(100000);
  g.fill(v);
  for (double x : v) ASSERT_TRUE(x >= 0 && x <= 1);
  // The kept values follow the truncated law.
  const Gaussian law(0.5, 0.3);
  const double mass = law.cdf(1) - law.cdf(0);
  const double d = ks_statistic(v, [&](double x) { return (law.cdf(x) - law.cdf(0)) / mass; });
  EXPECT_LT(d, ks_critical_001(v.size())) << d;
  EXPECT_NE(usage_message([] { DistributionGenerator(Gaussian(0, 1), core::Rng(1), 50, 60); }).find("widen"),
            std::string::npos);
  DistributionGenerator a(Exponential(2), core::Rng(9)), b(Exponential(2), core::Rng(9));
  std::vector<double> bulk(100);
  a.fill(bulk);
  for (double x : bulk) ASSERT_EQ(x, b.next());
}

// --- Bernoulli --------------------------------------------------------------------------------

TEST(Processes, BernoulliRhythmHitsWithItsProbability) {
  BernoulliProcess rhythm(0.3, core::Rng(11));
  const auto hits = rhythm.hit_steps(200000);
  const double n = 200000, p = 0.3;
  EXPECT_NEAR(static_cast<double>(hits.size()), n * p, 5 * std::sqrt(n * p * (1 - p)));
  EXPECT_TRUE(std::is_sorted(hits.begin(), hits.end()));
  EXPECT_LT(hits.back(), 200000);
  // The same seed as a 0/1 buffer marks the same steps.
  BernoulliProcess again(0.3, core::Rng(11));
  std::vector<double> grid(200000);
  again.fill(grid);
  std::vector<std::int64_t> from_grid;
  for (std::size_t i = 0; i < grid.size(); ++i)
    if (grid[i] == 1.0) from_grid.push_back(static_cast<std::int64_t>(i));
  EXPECT_EQ(hits, from_grid);
  EXPECT_NE(usage_message([] { BernoulliProcess(1.2, core::Rng(1)); }).find("p must be"), std::string::npos);
  std::string code;
  usage_message([] { BernoulliProcess(0.5, core::Rng(1)).hit_steps(100'000'000'000); }, &code);
  EXPECT_EQ(code, "too_many_events");
}

// --- Poisson ----------------------------------------------------------------------------------

TEST(Processes, PoissonCountsOverManyWindowsHaveMeanAndVarianceLambdaT) {
  const double rate_hz = 5.0, window_seconds = 2.0;
  const int windows = 20000;
  core::Rng rng(1960);
  const auto onsets = poisson_onsets(rate_hz, window_seconds * windows, rng);
  ASSERT_FALSE(onsets.empty());
  EXPECT_TRUE(std::is_sorted(onsets.begin(), onsets.end()));
  EXPECT_GE(onsets.front(), 0.0);
  EXPECT_LT(onsets.back(), window_seconds * windows);
  std::vector<double> counts(windows, 0.0);
  for (double t : onsets) counts[static_cast<std::size_t>(t / window_seconds)] += 1;
  const auto m = moments(counts);
  const double lt = rate_hz * window_seconds;  // λT = 10
  EXPECT_NEAR(m.mean, lt, 5 * std::sqrt(lt / windows));
  // Var of the sample variance of Poisson counts ≈ (2λ² + λ)/W.
  EXPECT_NEAR(m.variance, lt, 5 * std::sqrt((2 * lt * lt + lt) / windows));
  std::printf("  Poisson counts per 2 s window at 5 Hz: mean %.4f, variance %.4f (lambda T = 10)\n", m.mean,
              m.variance);
  // Inter-onset times are exponential with the rate.
  std::vector<double> gaps;
  for (std::size_t i = 1; i < onsets.size(); ++i) gaps.push_back(onsets[i] - onsets[i - 1]);
  const double d = ks_statistic(gaps, [&](double x) { return 1 - std::exp(-rate_hz * x); });
  EXPECT_LT(d, ks_critical_001(gaps.size())) << d;
}

TEST(Processes, PoissonProcessStreamsTheSameOnsetsAsTheBulkFunction) {
  core::Rng rng(77);
  const auto bulk = poisson_onsets(3.0, 100.0, rng);
  PoissonProcess process(3.0, core::Rng(77));
  const auto first = process.onsets_until(40.0);
  const auto rest = process.onsets_until(100.0);
  std::vector<double> joined = first;
  joined.insert(joined.end(), rest.begin(), rest.end());
  EXPECT_EQ(joined, bulk);
  PoissonProcess one_by_one(3.0, core::Rng(77));
  for (double t : bulk) ASSERT_EQ(one_by_one.next_onset_seconds(), t);
}

TEST(Processes, ThinnedPoissonProcessFollowsATimeVaryingRate) {
  // rate(t) = 10 (1 + sin(2πt/10)) Hz: per 10 s period, 50 + 100/π events expected in the first
  // half and 50 - 100/π in the second.
  auto rate = [](double t) { return 10.0 * (1.0 + std::sin(2.0 * M_PI * t / 10.0)); };
  PoissonProcess process(rate, 20.0, core::Rng(1962));
  const int periods = 2000;
  const auto onsets = process.onsets_until(10.0 * periods);
  std::vector<double> first_half(periods, 0.0), second_half(periods, 0.0);
  for (double t : onsets) {
    const auto p = static_cast<std::size_t>(t / 10.0);
    (std::fmod(t, 10.0) < 5.0 ? first_half : second_half)[p] += 1;
  }
  const double e1 = 50 + 100 / M_PI, e2 = 50 - 100 / M_PI;
  const auto m1 = moments(first_half), m2 = moments(second_half);
  EXPECT_NEAR(m1.mean, e1, 5 * std::sqrt(e1 / periods));
  EXPECT_NEAR(m2.mean, e2, 5 * std::sqrt(e2 / periods));
  EXPECT_NEAR(m1.variance, e1, 5 * std::sqrt((2 * e1 * e1 + e1) / periods));
  EXPECT_NEAR(m2.variance, e2, 5 * std::sqrt((2 * e2 * e2 + e2) / periods));
}

TEST(Processes, PoissonRefusesRequestsThatWouldExhaustMemory) {
  std::string code;
  core::Rng rng(1);
  const auto message = usage_message([&] { poisson_onsets(1e9, 60, rng); }, &code);
  EXPECT_EQ(code, "too_many_events");
  EXPECT_NE(message.find("1e+09 Hz over 60 s would give about 6e+10 onsets, more than the limit of 1e+07"),
            std::string::npos)
      << message;
  EXPECT_NO_THROW(poisson_onsets(100, 10, rng, 1000));
  usage_message([&] { poisson_onsets(100, 10.1, rng, 1000); }, &code);
  EXPECT_EQ(code, "too_many_events");
  EXPECT_NE(usage_message([&] { poisson_onsets(-1, 10, rng); }).find("rate_hz"), std::string::npos);
  EXPECT_NE(usage_message([&] { poisson_onsets(INFINITY, 10, rng); }).find("rate_hz"), std::string::npos);
  EXPECT_NE(usage_message([&] {
              PoissonProcess p([](double) { return 30.0; }, 20.0, core::Rng(1));
              p.onsets_until(5);
            }).find("outside [0, max_rate_hz = 20]"),
            std::string::npos);
  PoissonProcess silent(0.0, core::Rng(1));
  EXPECT_TRUE(silent.onsets_until(1e12).empty());
  EXPECT_TRUE(std::isinf(silent.next_onset_seconds()));
}

// --- walks ------------------------------------------------------------------------------------

TEST(Processes, ReflectAndWrapFoldAnyOvershoot) {
  EXPECT_EQ(reflect_into(11, 0, 10), 9);
  EXPECT_EQ(reflect_into(-3, 0, 10), 3);
  EXPECT_EQ(reflect_into(25, 0, 10), 5);
  EXPECT_EQ(reflect_into(35, 0, 10), 5);
  EXPECT_EQ(reflect_into(-12, 0, 10), 8);
  EXPECT_EQ(wrap_into(12, 0, 10), 2);
  EXPECT_EQ(wrap_into(-1, 0, 10), 9);
  EXPECT_EQ(wrap_into(10, 0, 10), 0);
  EXPECT_EQ(wrap_into(-30, 0, 10), 0);
}

TEST(Processes, ReflectingWalkNeverLeavesItsBarriersAndHitsBoth) {
  // Integer steps of ±1 between 0 and 12: the walk lands on both barriers exactly.
  RandomWalk walk(6, Discrete({1, 1}, {-1, 1}), {0, 12, Barrier::kReflect}, core::Rng(5));
  std::vector<double> v(100000);
  walk.fill(v);
  EXPECT_EQ(*std::min_element(v.begin(), v.end()), 0.0);
  EXPECT_EQ(*std::max_element(v.begin(), v.end()), 12.0);
  // Continuous steps as large as the band: still inside, and close to both edges.
  RandomWalk wide(0.5, Uniform(-1.5, 1.5), {0, 1, Barrier::kReflect}, core::Rng(6));
  wide.fill(v);
  const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  EXPECT_GE(*lo, 0.0);
  EXPECT_LE(*hi, 1.0);
  EXPECT_LT(*lo, 1e-3);
  EXPECT_GT(*hi, 1 - 1e-3);
}

TEST(Processes, WrappingAndAbsorbingWalksKeepTheirRules) {
  RandomWalk wrap(0, Cauchy(0, 2), {-5, 5, Barrier::kWrap}, core::Rng(8));
  std::vector<double> v(100000);
  wrap.fill(v);
  for (double x : v) ASSERT_TRUE(x >= -5 && x < 5) << x;
  RandomWalk absorb(0, Gaussian(0, 1), {-10, 10, Barrier::kAbsorb}, core::Rng(9));
  absorb.fill(v);
  ASSERT_TRUE(absorb.absorbed());
  const double end = v.back();
  EXPECT_TRUE(end == -10 || end == 10);
  const auto first_at_end = std::find(v.begin(), v.end(), end);
  for (auto it = first_at_end; it != v.end(); ++it) ASSERT_EQ(*it, end);
  for (double x : v) ASSERT_TRUE(x >= -10 && x <= 10);
}

TEST(Processes, WienerIncrementsAreGaussianWithVarianceSigmaSquaredDt) {
  const double sigma = 3.0, dt = 0.01, drift = 2.0;
  RandomWalk w = RandomWalk::wiener(0, sigma, dt, {}, core::Rng(1923), drift);
  std::vector<double> path(200001);
  w.fill(path);
  std::vector<double> steps(path.size() - 1);
  for (std::size_t i = 0; i + 1 < path.size(); ++i) steps[i] = path[i + 1] - path[i];
  const auto m = moments(steps);
  const double var = sigma * sigma * dt;
  EXPECT_NEAR(m.mean, drift * dt, 5 * std::sqrt(var / steps.size()));
  EXPECT_NEAR(m.variance, var, 5 * var * std::sqrt(2.0 / steps.size()));
  const Gaussian law(drift * dt, sigma * std::sqrt(dt));
  const double d = ks_statistic(steps, [&](double x) { return law.cdf(x); });
  EXPECT_LT(d, ks_critical_001(steps.size())) << d;
  // With mirrors, Brownian motion stays in its band.
  RandomWalk bounded = RandomWalk::wiener(60, 20, 0.05, {48, 72, Barrier::kReflect}, core::Rng(3));
  bounded.fill(path);
  for (double x : path) ASSERT_TRUE(x >= 48 && x <= 72);
}

TEST(Processes, WalkGoldenValuesAndBulkEqualsSteps) {
  RandomWalk a(60, Discrete({1, 2, 1}, {-2, 0, 2}), {48, 72, Barrier::kReflect}, core::Rng(42));
  RandomWalk b(60, Discrete({1, 2, 1}, {-2, 0, 2}), {48, 72, Barrier::kReflect}, core::Rng(42));
  std::vector<double> bulk(1000);
  a.fill(bulk);
  for (double x : bulk) ASSERT_EQ(x, b.next());
  const std::vector<double> golden = {60, 62, 62, 64, 62, 64, 62, 62};
  EXPECT_EQ(std::vector<double>(bulk.begin(), bulk.begin() + 8), golden);
  RandomWalk bm = RandomWalk::wiener(0, 1, 1, {}, core::Rng(42));
  EXPECT_EQ(bm.next(), 0.0);
  EXPECT_DOUBLE_EQ(bm.next(), 0.69391104760486366);
}

TEST(Processes, WalkParametersAreChecked) {
  EXPECT_NE(usage_message([] {
              RandomWalk(80, Uniform(-1, 1), {0, 72, Barrier::kReflect}, core::Rng(1));
            }).find("start 80 lies outside the barriers [0, 72]"),
            std::string::npos);
  EXPECT_NE(usage_message([] {
              RandomWalk(0, Uniform(-1, 1), {5, 5, Barrier::kWrap}, core::Rng(1));
            }).find("finite lo < hi"),
            std::string::npos);
  EXPECT_NE(usage_message([] { RandomWalk::wiener(0, -1, 0.1, {}, core::Rng(1)); }).find("sigma"),
            std::string::npos);
  EXPECT_NE(usage_message([] { RandomWalk::wiener(0, 1, 0, {}, core::Rng(1)); }).find("dt_seconds"),
            std::string::npos);
  EXPECT_NO_THROW(RandomWalk(1e6, Uniform(-1, 1), {0, 1, Barrier::kNone}, core::Rng(1)));
}

TEST(Processes, SecondOrderWalkKeepsStepAndValueInTheirMirrors) {
  // GENDYN-like: amplitude in [-1, 1], its step in [-0.1, 0.1], step changes Cauchy-distributed.
  SecondOrderWalk walk(0, 0, Cauchy(0, 0.02), {-0.1, 0.1, Barrier::kReflect}, {-1, 1, Barrier::kReflect},
                       core::Rng(1991));
  double lo = 0, hi = 0;
  double largest_jump = 0, previous = walk.next();
  for (int i = 0; i < 200000; ++i) {
    const double step_before = walk.step();
    ASSERT_TRUE(step_before >= -0.1 && step_before <= 0.1);
    const double x = walk.next();
    ASSERT_TRUE(x >= -1 && x <= 1);
    lo = std::min(lo, x), hi = std::max(hi, x);
    largest_jump = std::max(largest_jump, std::fabs(x - previous));
    previous = x;
  }
  EXPECT_LE(largest_jump, 0.2 + 1e-12);  // |Δx| <= |step| even across a mirror
  EXPECT_LT(lo, -0.95);
  EXPECT_GT(hi, 0.95);
  SecondOrderWalk a(0, 0.01, Uniform(-0.01, 0.01), {-0.05, 0.05, Barrier::kReflect},
                    {-1, 1, Barrier::kReflect}, core::Rng(7));
  SecondOrderWalk b = a;
  std::vector<double> bulk(500);
  a.fill(bulk);
  for (double x : bulk) ASSERT_EQ(x, b.next());
  EXPECT_EQ(bulk[0], 0.0);
  EXPECT_GE(bulk[1], 0.0);  // the first move is the start step 0.01 plus a change in ±0.01
  EXPECT_LE(bulk[1], 0.02);
}

// --- 1/f noise --------------------------------------------------------------------------------

TEST(Processes, VossMcCartneyNoiseHasAOneOverFSpectrum) {
  PinkNoise pink(core::Rng(1978), 16);
  std::vector<double> v(100000);
  pink.fill(v);
  for (double x : v) ASSERT_TRUE(x >= -1 && x <= 1);
  EXPECT_NEAR(moments(v).mean, 0.0, 0.05);
  const double slope = spectral_slope(pink, 4096, 48, 4, 512);
  std::printf("  1/f noise: log-log spectral slope %.3f over bins 4..512 of 2048 (ideal -1)\n", slope);
  EXPECT_NEAR(slope, -1.0, 0.15);
  DistributionGenerator white(Uniform(-1, 1), core::Rng(2));
  EXPECT_NEAR(spectral_slope(white, 4096, 16, 4, 512), 0.0, 0.1);
  EXPECT_NE(usage_message([] { PinkNoise(core::Rng(1), 0); }).find("rows"), std::string::npos);
}

}  // namespace
}  // namespace stochos::stochastic
