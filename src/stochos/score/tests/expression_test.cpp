// SPDX-License-Identifier: GPL-3.0-or-later
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "stochos/core/error.h"
#include "stochos/score/expression.h"
#include "stochos/stochastic/curves.h"
#include "stochos/stochastic/sieve.h"

namespace stochos::score {
namespace {

Error error_of(const std::string& text) {
  try {
    (void)make_generator(text, core::Rng(1));
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for " << text;
  return Error::internal("none");
}

std::vector<double> draw(const std::string& text, int n, double dt = 0.0, std::uint64_t seed = 7) {
  auto g = make_generator(text, core::Rng(seed));
  std::vector<double> out;
  for (int i = 0; i < n; ++i) out.push_back(g->next_at(i * dt));
  return out;
}

TEST(Expression, ArithmeticOfConstantsFollowsPrecedence) {
  EXPECT_DOUBLE_EQ(draw("1 + 2 * 3 - -4 / 2", 1)[0], 9.0);
  EXPECT_DOUBLE_EQ(draw("(1 + 2) * 3 % 5", 1)[0], 4.0);
}

TEST(Expression, TimeAndCurveAreEvaluatedAtTheRequestedTime) {
  const auto v = draw("curve([0, 48], [10, 58]) + time()", 3, 5.0);
  EXPECT_DOUBLE_EQ(v[0], 48.0);
  EXPECT_DOUBLE_EQ(v[1], 53.0 + 5.0);
  EXPECT_DOUBLE_EQ(v[2], 58.0 + 10.0);
}

TEST(Expression, ParseRecordsCallsNamesAndColumns) {
  const Expression e = parse_expression("brownian(start=60, step=normal(0, 1.5))");
  ASSERT_EQ(e.kind, Expression::Kind::kCall);
  EXPECT_EQ(e.text, "brownian");
  ASSERT_EQ(e.items.size(), 2u);
  EXPECT_EQ(e.arg_names[1], "step");
  EXPECT_EQ(e.items[1].column, 25u);
  EXPECT_EQ(e.items[1].items[1].number, 1.5);
}

TEST(Expression, BrownianInSieveInsideCurvedMaskYieldsOnlySievePitchesNearTheBounds) {
  const std::string sieve_text = "(8@0|8@1|8@7)&(5@1|5@3)";
  const auto v = draw("quantize(mask(source=brownian(start=0.5, step=normal(0, 0.1), lo=0, hi=1), "
                      "lo=curve([0,48],[30,60]), hi=curve([0,72],[30,96])), sieve(\"" + sieve_text + "\", origin=48))",
                      3000, 0.01);
  const auto members = stochastic::sieve_pitches(stochastic::Sieve::parse(sieve_text), 0, 127, 48);
  const std::set<double> allowed(members.begin(), members.end());
  double max_gap = 0;
  for (std::size_t i = 1; i < members.size(); ++i) max_gap = std::max(max_gap, members[i] - members[i - 1]);
  const auto lo = stochastic::Breakpoints::linear({{0, 48}, {30, 60}});
  const auto hi = stochastic::Breakpoints::linear({{0, 72}, {30, 96}});
  std::set<double> seen;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double t = static_cast<double>(i) * 0.01;
    ASSERT_TRUE(allowed.count(v[i])) << v[i] << " at " << t;
    // Snapping moves a value at most half a gap from the masked band.
    EXPECT_GE(v[i], lo.at(t) - max_gap / 2) << t;
    EXPECT_LE(v[i], hi.at(t) + max_gap / 2) << t;
    seen.insert(v[i]);
  }
  EXPECT_GT(seen.size(), 3u);  // it moves
}

TEST(Expression, ChoiceFollowsItsWeights) {
  const auto v = draw("choice([60, 64, 67], weights=[2, 1, 1])", 40000);
  const double share60 = static_cast<double>(std::count(v.begin(), v.end(), 60.0)) / v.size();
  EXPECT_NEAR(share60, 0.5, 0.01);
  EXPECT_EQ(std::count_if(v.begin(), v.end(), [](double x) { return x != 60 && x != 64 && x != 67; }), 0);
}

TEST(Expression, LogisticMapMatchesItsRecurrence) {
  const auto v = draw("logistic(r=3.9, x0=0.3)", 3);
  EXPECT_DOUBLE_EQ(v[0], 0.3);
  EXPECT_DOUBLE_EQ(v[1], 3.9 * 0.3 * 0.7);
  EXPECT_DOUBLE_EQ(v[2], 3.9 * v[1] * (1 - v[1]));
}

TEST(Expression, PoissonOnsetsIncreaseWithTheRightMeanRate) {
  const auto v = draw("poisson(rate=20)", 20000);
  for (std::size_t i = 1; i < v.size(); ++i) ASSERT_GT(v[i], v[i - 1]);
  EXPECT_NEAR(v.size() / v.back(), 20.0, 0.5);
}

TEST(Expression, MarkovWithADeterministicMatrixCycles) {
  const auto v = draw("markov(states=[60, 62, 64], matrix=[[0,1,0],[0,0,1],[1,0,0]], initial=[1,0,0])", 6);
  EXPECT_EQ(v, (std::vector<double>{60, 62, 64, 60, 62, 64}));
}

TEST(Expression, WalkStaysInsideItsBarriers) {
  for (double x : draw("brownian(start=60, step=normal(0, 3), lo=48, hi=84)", 10000)) {
    ASSERT_GE(x, 48);
    ASSERT_LE(x, 84);
  }
}

TEST(Expression, SameSeedSameValuesAndEditingOneArgumentKeepsTheOthersDraws) {
  EXPECT_EQ(draw("uniform(0, 1) + normal(0, 1)", 50), draw("uniform(0, 1) + normal(0, 1)", 50));
  EXPECT_NE(draw("uniform(0, 1)", 50, 0, 1), draw("uniform(0, 1)", 50, 0, 2));
  // The left operand's stream does not depend on what the right one is.
  const auto a = draw("uniform(0, 1) * 1000 + 0 * normal(0, 1)", 50);
  const auto b = draw("uniform(0, 1) * 1000 + 0 * cauchy(0, 1)", 50);
  EXPECT_EQ(a, b);
}

TEST(Expression, UnknownGeneratorSuggestsTheNearestWithItsColumn) {
  const Error e = error_of("60 + brownain(start=60)");
  EXPECT_EQ(e.kind(), ErrorKind::kUsage);
  EXPECT_EQ(e.code(), "unknown_generator");
  EXPECT_EQ(e.where().column, 6u);
  EXPECT_NE(e.message().find("did you mean 'brownian'"), std::string::npos) << e.message();
}

TEST(Expression, UnknownParameterSuggestsTheNearest) {
  const Error e = error_of("brownian(start=60, stpe=1)");
  EXPECT_EQ(e.code(), "unknown_parameter");
  EXPECT_EQ(e.where().column, 20u);
  EXPECT_NE(e.message().find("did you mean 'step'"), std::string::npos) << e.message();
  const Error law = error_of("brownian(step=normal(mean=0, sigam=1))");
  EXPECT_NE(law.message().find("sigma"), std::string::npos) << law.message();
}

TEST(Expression, SyntaxErrorsGiveTheirColumn) {
  EXPECT_EQ(error_of("uniform(0, 1").where().column, 13u);
  EXPECT_EQ(error_of("uniform(0, 1))").where().column, 14u);
  EXPECT_EQ(error_of("60 + * 2").where().column, 6u);
  EXPECT_EQ(error_of("choice([1, 2)").where().column, 13u);
  EXPECT_EQ(error_of("brownian(lo=1, 2)").code(), "expression_syntax");
  EXPECT_EQ(error_of("quantize(1, sieve(\"3@1 4@2\"))").where().column, 24u);  // the sieve's own column, moved
}

TEST(Expression, UnboundedRequestsAreRefused) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "round(";
  deep += "1";
  for (int i = 0; i < 100; ++i) deep += ")";
  EXPECT_EQ(error_of(deep).code(), "unbounded");
  EXPECT_EQ(error_of("poisson(rate=1e9)").code(), "unbounded");
  EXPECT_EQ(error_of("poisson(rate=curve([0, 1], [10, 1e6]))").code(), "unbounded");
  EXPECT_EQ(error_of("1e999").code(), "unbounded");
  EXPECT_EQ(error_of(std::string(kMaxExpressionChars + 1, ' ')).code(), "unbounded");
}

TEST(Expression, BadArgumentsAreNamed) {
  EXPECT_NE(error_of("logistic(r=5)").message().find("logistic"), std::string::npos);
  EXPECT_NE(error_of("sieve(\"3@1\")").message().find("quantize"), std::string::npos);
  EXPECT_NE(error_of("brownian(start=1, step=1, lo=5, hi=2)").message().find("'lo'"), std::string::npos);
  EXPECT_EQ(error_of("choice([1, 2], weights=[1])").code(), "bad_argument");
}

}  // namespace
}  // namespace stochos::score
