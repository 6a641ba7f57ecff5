// SPDX-License-Identifier: GPL-3.0-or-later
// Curves: breakpoint envelopes exact at their breakpoints, chaotic maps with their known
// behaviour (the logistic map's arcsine invariant density, RK4's fourth order on Lorenz), and
// CMask tendency masks nesting a walk inside moving bounds.
#include "stochos/stochastic/curves.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include "stochos/core/error.h"
#include "stochos/testing/statistics.h"

namespace stochos::stochastic {
namespace {

using testing::ks_critical_001;
using testing::ks_statistic;

std::string usage_message(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    return e.message();
  }
  ADD_FAILURE() << "no error thrown";
  return {};
}

// --- breakpoints ------------------------------------------------------------------------------

TEST(Curves, BreakpointCurvesGiveExactValuesAtTheirBreakpoints) {
  for (auto shape : {SegmentShape::kStep, SegmentShape::kLinear, SegmentShape::kExponential,
                     SegmentShape::kCurve, SegmentShape::kSine, SegmentShape::kPower}) {
    const std::vector<Breakpoint> points = {{0.1, 0.1, shape, 2.5},
                                            {0.7, 0.3, shape, -1.5},
                                            {1.0 / 3.0 + 1, 1.0 / 3.0, shape, 4},
                                            {2.9, 7.77, shape, 0.3},
                                            {10, 1e-3, shape, 1}};
    const Breakpoints curve(points);
    for (const auto& p : points) EXPECT_EQ(curve.at(p.t_seconds), p.value) << static_cast<int>(shape);
    EXPECT_EQ(curve.at(-5), 0.1);
    EXPECT_EQ(curve.at(1e9), 1e-3);
    EXPECT_EQ(curve.min_value(), 1e-3);
    EXPECT_EQ(curve.max_value(), 7.77);
    for (double t = 0; t < 11; t += 0.01) {
      const double v = curve.at(t);
      ASSERT_TRUE(v >= curve.min_value() && v <= curve.max_value()) << t;
    }
  }
}

TEST(Curves, SegmentShapesFollowTheirFormulas) {
  auto mid = [](SegmentShape shape, double v0, double v1, double curvature = 0) {
    return Breakpoints({{0, v0, shape, curvature}, {2, v1}}).at(1.0);
  };
  EXPECT_DOUBLE_EQ(mid(SegmentShape::kLinear, 2, 6), 4);
  EXPECT_DOUBLE_EQ(mid(SegmentShape::kStep, 2, 6), 2);
  EXPECT_DOUBLE_EQ(mid(SegmentShape::kSine, 2, 6), 4);               // half cosine is symmetric
  EXPECT_DOUBLE_EQ(mid(SegmentShape::kExponential, 100, 400), 200);  // geometric mean
  EXPECT_DOUBLE_EQ(mid(SegmentShape::kExponential, -1, -4), -2);
  EXPECT_DOUBLE_EQ(mid(SegmentShape::kCurve, 0, 1, 0), 0.5);
  EXPECT_DOUBLE_EQ(mid(SegmentShape::kCurve, 0, 1, 3), (1 - std::exp(1.5)) / (1 - std::exp(3)));  // transeg
  EXPECT_DOUBLE_EQ(mid(SegmentShape::kPower, 0, 1, 1), 0.25);   // CMask ipl 1: x^2 rising
  EXPECT_DOUBLE_EQ(mid(SegmentShape::kPower, 1, 0, 1), 0.25);   // falling: b + (1-x)^2 (a - b)
  EXPECT_DOUBLE_EQ(mid(SegmentShape::kPower, 0, 1, -1), 0.75);  // e < 0 bends the other way
  EXPECT_DOUBLE_EQ(Breakpoints({{0, 0, SegmentShape::kSine}, {1, 1}}).at(0.25),
                   0.5 * (1 - std::cos(M_PI / 4)));
}

TEST(Curves, JumpsAreRightContinuousAndFillMatchesAt) {
  const Breakpoints curve({{0, 0}, {1, 1}, {1, 5}, {2, 5, SegmentShape::kSine}, {4, -1}});
  EXPECT_EQ(curve.at(1), 5);  // the later of two points at the same time
  EXPECT_DOUBLE_EQ(curve.at(0.999999), 0.999999);
  std::vector<double> forward(500), backward(500);
  curve.fill(forward, -0.5, 0.01);
  curve.fill(backward, 4.49, -0.01);
  for (std::size_t i = 0; i < forward.size(); ++i) {
    EXPECT_EQ(forward[i], curve.at(-0.5 + 0.01 * static_cast<double>(i)));
    EXPECT_EQ(backward[i], curve.at(4.49 - 0.01 * static_cast<double>(i)));
  }
  EXPECT_EQ(Breakpoints::linear({{0, 1}, {10, 2}}).at(5), 1.5);
}

TEST(Curves, BadBreakpointsAreRefusedWithTheirPosition) {
  EXPECT_NE(usage_message([] { Breakpoints({}); }).find("at least one"), std::string::npos);
  EXPECT_NE(usage_message([] {
              Breakpoints({{0, 1}, {2, 1}, {1, 1}});
            }).find("point 3 at 1 s comes before the previous point's 2 s"),
            std::string::npos);
  EXPECT_NE(usage_message([] {
              Breakpoints({{0, 1, SegmentShape::kExponential}, {1, 0}});
            }).find("exponential segment needs nonzero values of the same sign"),
            std::string::npos);
  EXPECT_NE(usage_message([] { Breakpoints({{0, NAN}}); }).find("non-finite"), std::string::npos);
}

TEST(Curves, PoissonProcessCanFollowABreakpointRate) {
  // A ramp from 0 to 20 Hz over 100 s: 250 onsets expected in the first half, 750 in the second,
  // averaged here over 40 runs.
  const Breakpoints ramp = Breakpoints::linear({{0, 0}, {100, 20}});
  double first = 0, second = 0;
  const int runs = 40;
  for (int run = 0; run < runs; ++run) {
    PoissonProcess process = poisson_process(ramp, core::Rng(500 + run));
    for (double t : process.onsets_until(100)) (t < 50 ? first : second) += 1.0 / runs;
  }
  EXPECT_NEAR(first, 250, 5 * std::sqrt(250.0 / runs));
  EXPECT_NEAR(second, 750, 5 * std::sqrt(750.0 / runs));
  EXPECT_NE(usage_message([] {
              poisson_process(Breakpoints::linear({{0, -1}, {1, 1}}), core::Rng(1));
            }).find("rate curve goes down to -1 Hz"),
            std::string::npos);
}

// --- chaotic maps -----------------------------------------------------------------------------

TEST(Curves, LogisticMapAtFourHasTheArcsineInvariantDensity) {
  LogisticMap map(4.0, 0.2345);
  std::vector<double> orbit(1000);
  map.fill(orbit);  // let the transient go
  orbit.assign(500000, 0.0);
  map.fill(orbit);
  const double d = ks_statistic(orbit, [](double x) { return 2 / M_PI * std::asin(std::sqrt(x)); });
  std::printf("  logistic map r=4: KS D against the arcsine law = %.5f over %zu iterates\n", d, orbit.size());
  // The iterates are dependent, so the i.i.d. critical value is only a yardstick.
  EXPECT_LT(d, ks_critical_001(orbit.size()));
}

TEST(Curves, LogisticMapSettlesOnItsKnownFixedPointAndTwoCycle) {
  LogisticMap fixed(2.5, 0.1);
  for (int i = 0; i < 1000; ++i) fixed.next();
  EXPECT_NEAR(fixed.next(), 1 - 1 / 2.5, 1e-12);
  const double r = 3.2;
  LogisticMap cycle(r, 0.3);
  for (int i = 0; i < 2000; ++i) cycle.next();
  const double a = cycle.next(), b = cycle.next();
  const double root = std::sqrt((r - 3) * (r + 1));
  EXPECT_NEAR(std::min(a, b), (r + 1 - root) / (2 * r), 1e-9);
  EXPECT_NEAR(std::max(a, b), (r + 1 + root) / (2 * r), 1e-9);
  EXPECT_NE(usage_message([] { LogisticMap(4.5, 0.5); }).find("r must be in [0, 4]"), std::string::npos);
}

TEST(Curves, HenonMapStaysOnItsAttractor) {
  HenonMap map;
  EXPECT_EQ(map.next(), 0.0);
  EXPECT_EQ(map.next(), 1.0);
  EXPECT_DOUBLE_EQ(map.next(), -0.4);
  EXPECT_DOUBLE_EQ(map.next(), 1.0 - 1.4 * 0.16 + 0.3);
  std::vector<double> xs(100000);
  map.fill(xs);
  for (double x : xs) ASSERT_TRUE(x > -1.3 && x < 1.3) << x;
  EXPECT_LT(std::fabs(map.y()), 0.4);
  EXPECT_NE(usage_message([] {
              std::vector<double> out(100);
              HenonMap(1.4, 0.3, 5, 5).fill(out);
            }).find("escaped"),
            std::string::npos);
}

TEST(Curves, LorenzRungeKuttaIsFourthOrderAndStaysOnTheAttractor) {
  auto integrate = [](double dt, double until) {
    LorenzSystem system({.dt = dt});
    const auto steps = static_cast<int>(std::lround(until / dt));
    for (int i = 0; i < steps; ++i) system.step();
    return system.state();
  };
  // Over half a time unit, before chaos amplifies the error unevenly.
  const auto reference = integrate(0.0003125, 0.5);
  auto error = [&](double dt) {
    const auto s = integrate(dt, 0.5);
    return std::hypot(s[0] - reference[0], s[1] - reference[1], s[2] - reference[2]);
  };
  const double ratio = error(0.01) / error(0.005);
  std::printf("  Lorenz RK4: error ratio for halved dt = %.2f (fourth order: 16)\n", ratio);
  EXPECT_GT(ratio, 14);
  EXPECT_LT(ratio, 19);
  LorenzSystem system;
  std::vector<double> xs(100000);
  system.fill(xs);
  for (double x : xs) ASSERT_LT(std::fabs(x), 30);
  const double c = std::sqrt(8.0 / 3.0 * 27.0);  // the fixed point (±sqrt(β(ρ-1)), ·, ρ-1)
  LorenzSystem still({.start = {c, c, 27.0}, .output = 2});
  for (int i = 0; i < 100; ++i) still.next();
  EXPECT_NEAR(still.next(), 27.0, 1e-9);
  EXPECT_NE(usage_message([] {
              std::vector<double> out(1000);
              LorenzSystem({.dt = 5.0}).fill(out);
            }).find("smaller dt"),
            std::string::npos);
  EXPECT_NE(usage_message([] { LorenzSystem({.output = 3}); }).find("output"), std::string::npos);
}

// --- tendency masks ---------------------------------------------------------------------------

GeneratorPtr curve(std::initializer_list<std::pair<double, double>> points) {
  return std::make_unique<Breakpoints>(Breakpoints::linear(points));
}

TEST(Curves, CMaskQuantizerPullsTowardsTheGrid) {
  EXPECT_DOUBLE_EQ(cmask_quantize(0.37, {0.25, 1, 0}), 0.25);
  EXPECT_DOUBLE_EQ(cmask_quantize(0.37, {0.25, 0.5, 0}), 0.31);
  EXPECT_DOUBLE_EQ(cmask_quantize(0.37, {0.25, 0, 0}), 0.37);
  EXPECT_DOUBLE_EQ(cmask_quantize(0.37, {0.25, 1, 0.1}), 0.35);
  EXPECT_DOUBLE_EQ(cmask_quantize(-0.4, {1, 1, 0}), 0);
}

TEST(Curves, TendencyMaskKeepsAUniformSourceUniformInsideMovingBounds) {
  // CMask's classic picture: a band opening from [60, 60] to [40, 90] over 10 s.
  TendencyMask mask(std::make_unique<DistributionGenerator>(Uniform(0, 1), core::Rng(1)),
                    curve({{0, 60}, {10, 40}}), curve({{0, 60}, {10, 90}}));
  const std::size_t n = 200000;
  std::vector<double> v(n), normalised(n);
  mask.fill_at(v, 0.0, 10.0 / n);
  for (std::size_t i = 0; i < n; ++i) {
    const double t = 10.0 * static_cast<double>(i) / n;
    const double lo = 60 - 2 * t, hi = 60 + 3 * t;
    ASSERT_GE(v[i], lo - 1e-9);
    ASSERT_LE(v[i], hi + 1e-9);
    if (hi > lo) normalised[i] = (v[i] - lo) / (hi - lo);
  }
  normalised.erase(normalised.begin());  // t = 0: a band of zero width
  EXPECT_LT(ks_statistic(normalised, [](double x) { return x; }), ks_critical_001(normalised.size()));
}

TEST(Curves, TendencyMaskMapExponentBendsTheDistributionAsCMaskDoes) {
  // map e: x -> x^(2^e); with e = 1, P(value < lo + q·(hi-lo)) = sqrt(q).
  TendencyMaskOptions options;
  options.map_exponent = 1;
  TendencyMask mask(std::make_unique<DistributionGenerator>(Uniform(0, 1), core::Rng(2)),
                    std::make_unique<Constant>(0), std::make_unique<Constant>(1), std::move(options));
  std::vector<double> v(100000);
  mask.fill_at(v, 0, 0);
  EXPECT_LT(ks_statistic(v, [](double x) { return std::sqrt(std::clamp(x, 0.0, 1.0)); }),
            ks_critical_001(v.size()));
}

TEST(Curves, NestedBrownianWalkInAMaskWithQuantizerAndAccumulator) {
  // A Brownian walk in its own range [-1, 1], mapped into a band that narrows over 20 s,
  // quantized to semitones: the values land on integers inside the band.
  auto make = [] {
    TendencyMaskOptions options;
    options.input_lo = -1;
    options.input_hi = 1;
    options.quantizer = Quantizer{1.0, 1.0, 0.0};
    return TendencyMask(std::make_unique<RandomWalk>(
                            RandomWalk::wiener(0, 0.5, 0.01, {-1, 1, Barrier::kReflect}, core::Rng(3))),
                        curve({{0, 36}, {20, 58}}), curve({{0, 96}, {20, 62}}), std::move(options));
  };
  TendencyMask bulk = make(), stepwise = make();
  std::vector<double> v(2000);
  bulk.fill_at(v, 0.0, 0.01);
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double t = 0.01 * static_cast<double>(i);
    ASSERT_EQ(v[i], stepwise.next_at(t)) << i;  // bulk and one-by-one agree exactly
    ASSERT_EQ(v[i], std::round(v[i]));
    const double lo = 36 + 22 * t / 20, hi = 96 - 34 * t / 20;
    ASSERT_GE(v[i], std::floor(lo + 0.5) - 1e-9);
    ASSERT_LE(v[i], std::floor(hi + 0.5) + 1e-9);
  }
  // Accumulation: "on" is a running sum; mirror and wrap keep the sum inside their own bounds.
  TendencyMaskOptions on;
  on.accumulate = AccumulateMode::kOn;
  on.accumulate_init = 10;
  TendencyMask summing(std::make_unique<Constant>(0.5), std::make_unique<Constant>(0),
                       std::make_unique<Constant>(2), std::move(on));
  EXPECT_EQ(summing.next_at(0), 11);
  EXPECT_EQ(summing.next_at(0), 12);
  for (auto mode : {AccumulateMode::kLimit, AccumulateMode::kMirror, AccumulateMode::kWrap}) {
    TendencyMaskOptions acc;
    acc.accumulate = mode;
    acc.accumulate_lo = std::make_unique<Constant>(-3);
    acc.accumulate_hi = curve({{0, 3}, {1, 8}});
    TendencyMask walk(std::make_unique<DistributionGenerator>(Uniform(0, 1), core::Rng(4)),
                      std::make_unique<Constant>(-1), std::make_unique<Constant>(1.5), std::move(acc));
    std::vector<double> out(5000);
    walk.fill_at(out, 0, 0.001);
    double top = -10;
    for (std::size_t i = 0; i < out.size(); ++i) {
      const double hi = 3 + 5 * std::min(1.0, 0.001 * static_cast<double>(i));
      ASSERT_GE(out[i], -3 - 1e-12);
      ASSERT_LE(out[i], hi + 1e-12);
      top = std::max(top, out[i]);
    }
    EXPECT_GT(top, 5) << static_cast<int>(mode);  // the drift (+0.25 a step) reaches the moving top
  }
  EXPECT_NE(usage_message([] {
              TendencyMaskOptions o;
              o.accumulate = AccumulateMode::kMirror;
              TendencyMask(std::make_unique<Constant>(0), std::make_unique<Constant>(0),
                           std::make_unique<Constant>(1), std::move(o));
            }).find("accumulator bounds"),
            std::string::npos);
}

}  // namespace
}  // namespace stochos::stochastic
