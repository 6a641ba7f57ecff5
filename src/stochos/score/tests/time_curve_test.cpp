// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/score/time_curve.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "stochos/core/error.h"

namespace stochos::score {
namespace {

TEST(TimeCurve, PlainNumberIsAConstantCurve) {
  auto c = make_time_curve("-3.5", core::Rng(1));
  EXPECT_DOUBLE_EQ(c(0.0), -3.5);
  EXPECT_DOUBLE_EQ(c(1234.5), -3.5);
}

TEST(TimeCurve, TimeOnlyExpressionsAreEvaluatedAtTheExactTime) {
  // A corner at 0.05 s lies between two 10 Hz steps: sampled and interpolated it would read 5.
  auto c = make_time_curve("curve([0, 0], [0.05, 10], [1, 10])", core::Rng(1));
  EXPECT_DOUBLE_EQ(c(0.05), 10.0);
  EXPECT_DOUBLE_EQ(c(0.025), 5.0);
  auto d = make_time_curve("clamp(time() * 2 - 1, -1, 3)", core::Rng(1));
  EXPECT_DOUBLE_EQ(d(0.3), -0.4);
  EXPECT_DOUBLE_EQ(d(10.0), 3.0);
}

TEST(TimeCurve, ClassifiesExpressionsByWhetherTheyKeepState) {
  for (const char* pure : {"3", "time()", "curve([0, 1], [2, 3], shape=\"sine\")", "-time() * 2 + 1",
                           "quantize(curve([0, 0], [1, 12]), sieve(\"2@0\", lo=0, hi=12))",
                           "mask(source=time() / 10, lo=curve([0, -5], [10, 0]), hi=5)", "round(time())"}) {
    EXPECT_TRUE(depends_on_time_only(parse_expression(pure))) << pure;
  }
  for (const char* stepped : {"brownian(step=1, lo=-5, hi=5)", "60 + logistic()", "cycle([1, 2])",
                              "mask(source=uniform(0, 1), lo=0, hi=1)", "curve([0, 0], [1, 1]) * pink()"}) {
    EXPECT_FALSE(depends_on_time_only(parse_expression(stepped))) << stepped;
  }
}

TEST(TimeCurve, SteppedExpressionsMoveLinearlyBetweenValuesAtTheRate) {
  auto c = make_time_curve("cycle([0, 10])", core::Rng(1), 10.0);
  EXPECT_DOUBLE_EQ(c(-1.0), 0.0);
  EXPECT_DOUBLE_EQ(c(0.0), 0.0);
  EXPECT_DOUBLE_EQ(c(0.1), 10.0);
  EXPECT_NEAR(c(0.05), 5.0, 1e-12);
  EXPECT_NEAR(c(0.175), 2.5, 1e-12);
  EXPECT_DOUBLE_EQ(c(0.2), 0.0);
}

TEST(TimeCurve, SteppedValuesAreTheGeneratorsDrawsInOrder) {
  const char* text = "brownian(start=0, step=normal(0, 1), lo=-5, hi=5)";
  const core::Rng rng = core::Rng(42).stream("pitch");
  auto g = make_generator(text, rng);
  auto c = make_time_curve(text, rng, 20.0);
  for (int k = 0; k < 200; ++k) EXPECT_EQ(c(k / 20.0), g->next_at(k / 20.0)) << k;
}

TEST(TimeCurve, ValueDependsOnTheTimeAloneNotOnTheOrderOfCalls) {
  const char* text = "logistic(r=3.9) * 4";
  std::vector<double> times(500);
  for (std::size_t i = 0; i < times.size(); ++i) times[i] = 0.013 * static_cast<double>(i);
  auto forward = make_time_curve(text, core::Rng(5), 10.0);
  std::vector<double> expected;
  for (double t : times) expected.push_back(forward(t));
  std::vector<std::size_t> order(times.size());
  std::iota(order.begin(), order.end(), 0);
  std::reverse(order.begin(), order.end());
  std::rotate(order.begin(), order.begin() + 123, order.end());
  auto shuffled = make_time_curve(text, core::Rng(5), 10.0);
  for (std::size_t i : order) EXPECT_EQ(shuffled(times[i]), expected[i]) << times[i];
  for (double v : expected) {
    EXPECT_GE(v, 0.0);
    EXPECT_LE(v, 4.0);
  }
}

TEST(TimeCurve, NestedExpressionsWithSievesWorkAsInScoreFiles) {
  auto c = make_time_curve("quantize(brownian(start=0, step=normal(0, 2), lo=-7, hi=7), sieve(\"3@0\", origin=-9, "
                           "lo=-9, hi=9))",
                           core::Rng(3), 10.0);
  bool moved = false;
  for (int k = 0; k < 100; ++k) {
    const double v = c(k / 10.0);
    EXPECT_EQ(std::fmod(std::fabs(v), 3.0), 0.0) << v;
    moved = moved || v != 0.0;
  }
  EXPECT_TRUE(moved);
}

TEST(TimeCurve, SameStreamSameCurveOtherStreamOtherCurve) {
  const char* text = "uniform(-6, 6)";
  auto a = make_time_curve(text, core::Rng(9).stream("pitch"));
  auto b = make_time_curve(text, core::Rng(9).stream("pitch"));
  auto other = make_time_curve(text, core::Rng(9).stream("gain"));
  int differ = 0;
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(a(i * 0.07), b(i * 0.07));
    differ += a(i * 0.07) != other(i * 0.07);
  }
  EXPECT_GT(differ, 40);
}

TEST(TimeCurve, BadExpressionsAndRatesAreUsageErrors) {
  try {
    (void)make_time_curve("logistik(r=3.9)", core::Rng(1));
    ADD_FAILURE() << "accepted a misspelt generator";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_EQ(e.code(), "unknown_generator");
    EXPECT_EQ(e.where().column, 1u);
  }
  for (double rate : {0.0, -1.0, 1e6, std::nan("")}) {
    try {
      (void)make_time_curve("pink()", core::Rng(1), rate);
      ADD_FAILURE() << "accepted rate " << rate;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), "unbounded");
    }
  }
}

}  // namespace
}  // namespace stochos::score
