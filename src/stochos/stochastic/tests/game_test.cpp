// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/stochastic/game.h"

#include <gtest/gtest.h>

#include <cmath>

#include "stochos/core/error.h"

namespace stochos::stochastic {
namespace {

void expect_solution(const PayoffMatrix& a, double value, const std::vector<double>& x,
                     const std::vector<double>& y) {
  const GameSolution s = solve_zero_sum_game(a);
  EXPECT_NEAR(s.value, value, 1e-9);
  ASSERT_EQ(s.row_strategy.size(), x.size());
  ASSERT_EQ(s.column_strategy.size(), y.size());
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(s.row_strategy[i], x[i], 1e-9) << "row " << i;
  for (std::size_t j = 0; j < y.size(); ++j) EXPECT_NEAR(s.column_strategy[j], y[j], 1e-9) << "column " << j;
  // The certificate: each optimal strategy guarantees the value.
  EXPECT_NEAR(s.row_guarantee, value, 1e-9);
  EXPECT_NEAR(s.column_guarantee, value, 1e-9);
}

// Linaia-Agon (Xenakis 1972), "choice of combats", as transcribed in github.com/gjoncas/Xenakis
// (linaia-agon.R). Solved by hand: x^T A = 0 gives x = (4, 10, 1) / 15 and A y = 0 gives
// y = (2, 1, 2) / 5; both are fully mixed, so they are the unique optimal strategies and the
// value is 0 (a fair game, as that simulation states).
const PayoffMatrix kLinaiaChoice = {{-3, -8, 7}, {2, 2, -3}, {-8, 12, 2}};
// Hand-solved 3 x 3 with a non-zero value: equalising strategies x = (9, 7, 6) / 22 and
// y = (9, 8, 5) / 22 give every column and row 19/22.
const PayoffMatrix kHandSolved = {{3, -1, 0}, {-2, 4, 1}, {1, 0, 2}};

TEST(GameTest, MatchingPenniesHasValueZeroAndEvenOdds) {
  expect_solution({{1, -1}, {-1, 1}}, 0.0, {0.5, 0.5}, {0.5, 0.5});
}

TEST(GameTest, RockPaperScissorsHasValueZeroAndUniformStrategies) {
  expect_solution({{0, -1, 1}, {1, 0, -1}, {-1, 1, 0}}, 0.0, {1.0 / 3, 1.0 / 3, 1.0 / 3},
                  {1.0 / 3, 1.0 / 3, 1.0 / 3});
}

TEST(GameTest, LinaiaAgonChoiceOfCombatsMatchesHandSolution) {
  expect_solution(kLinaiaChoice, 0.0, {4.0 / 15, 10.0 / 15, 1.0 / 15}, {0.4, 0.2, 0.4});
}

TEST(GameTest, HandSolvedThreeByThreeHasValueNineteenTwentySeconds) {
  expect_solution(kHandSolved, 19.0 / 22, {9.0 / 22, 7.0 / 22, 6.0 / 22}, {9.0 / 22, 8.0 / 22, 5.0 / 22});
}

TEST(GameTest, SaddlePointGivesPureStrategies) {
  // Row minima -5 and 3, column maxima 6, 3, 8: saddle at (1, 1) with value 3.
  expect_solution({{6, -4, -5}, {4, 3, 8}}, 3.0, {0, 1}, {0, 1, 0});
  expect_solution({{7.5}}, 7.5, {1}, {1});
}

TEST(GameTest, DominatedTacticsGetNoWeightAndScaleDoesNotMatter) {
  // The third row is dominated by the first; the game is matching pennies scaled by 1000.
  expect_solution({{1000, -1000}, {-1000, 1000}, {-2000, -3000}}, 0.0, {0.5, 0.5, 0.0}, {0.5, 0.5});
  // Adding a constant adds it to the value and keeps the strategies.
  PayoffMatrix shifted = kHandSolved;
  for (auto& row : shifted) {
    for (double& v : row) v += 100;
  }
  expect_solution(shifted, 100 + 19.0 / 22, {9.0 / 22, 7.0 / 22, 6.0 / 22}, {9.0 / 22, 8.0 / 22, 5.0 / 22});
}

TEST(GameTest, RectangularRandomGamesHaveMatchingCertificates) {
  core::Rng rng(17);
  for (int trial = 0; trial < 50; ++trial) {
    const std::size_t m = 1 + rng.below(9), n = 1 + rng.below(9);
    PayoffMatrix a(m, std::vector<double>(n));
    for (auto& row : a) {
      for (double& v : row) v = static_cast<double>(rng.between(-20, 20));
    }
    const GameSolution s = solve_zero_sum_game(a);
    EXPECT_NEAR(s.row_guarantee, s.value, 1e-9);
    EXPECT_NEAR(s.column_guarantee, s.value, 1e-9);
    EXPECT_NEAR(expected_payoff(a, s.row_strategy, s.column_strategy), s.value, 1e-9);
  }
}

TEST(GameTest, BestResponsesAreThePureOptima) {
  EXPECT_EQ(best_row_response(kHandSolved, {1, 0, 0}), 0);
  EXPECT_EQ(best_row_response(kHandSolved, {0, 1, 0}), 1);
  EXPECT_EQ(best_column_response(kHandSolved, {0, 0, 1}), 1);
  EXPECT_EQ(best_column_response({{1, -1}, {-1, 1}}, {0.5, 0.5}), 0);  // tie: lowest index
}

// Mean payoff over n rounds of independent play has standard error sqrt(Var / n) with
// Var = sum x_i y_j (a_ij - mean)^2.
double standard_error(const PayoffMatrix& a, const GameSolution& s, double rounds) {
  double variance = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t j = 0; j < a[i].size(); ++j) {
      variance += s.row_strategy[i] * s.column_strategy[j] * (a[i][j] - s.value) * (a[i][j] - s.value);
    }
  }
  return std::sqrt(variance / rounds);
}

TEST(GameTest, OptimalPlayAveragesTheGameValue) {
  for (const PayoffMatrix& a : {kLinaiaChoice, kHandSolved}) {
    Duel duel(a, {DuelPolicy::kOptimal, {}}, {DuelPolicy::kOptimal, {}}, core::Rng(99));
    const std::size_t rounds = 200000;
    duel.play(rounds);
    const double mean = duel.row_score() / static_cast<double>(rounds);
    EXPECT_NEAR(mean, duel.solution().value,
                5 * standard_error(a, duel.solution(), static_cast<double>(rounds)));
    // Tactic frequencies follow the strategies too.
    for (std::size_t i = 0; i < a.size(); ++i) {
      const double p = duel.solution().row_strategy[i];
      EXPECT_NEAR(static_cast<double>(duel.row_counts()[i]) / rounds, p, 5 * std::sqrt(p * (1 - p) / rounds));
    }
  }
}

TEST(GameTest, OptimalConductorCannotBeExploitedByBestResponse) {
  Duel duel(kHandSolved, {DuelPolicy::kOptimal, {}}, {DuelPolicy::kBestResponse, {}}, core::Rng(5));
  const std::size_t rounds = 100000;
  duel.play(rounds);
  // Whatever Y does, X's optimal strategy earns the value per round on average.
  EXPECT_GT(duel.row_score() / rounds, 19.0 / 22 - 0.03);
}

TEST(GameTest, FictitiousPlayApproachesTheOptimalStrategies) {
  Duel duel(kLinaiaChoice, {DuelPolicy::kBestResponse, {}}, {DuelPolicy::kBestResponse, {}}, core::Rng(1));
  const std::size_t rounds = 20000;
  duel.play(rounds);
  std::vector<double> x(3), y(3);
  for (std::size_t k = 0; k < 3; ++k) {
    x[k] = static_cast<double>(duel.row_counts()[k]) / rounds;
    y[k] = static_cast<double>(duel.column_counts()[k]) / rounds;
  }
  // Robinson (1951): the empirical strategies' guarantees converge to the value.
  const int bx = best_column_response(kLinaiaChoice, x), by = best_row_response(kLinaiaChoice, y);
  double x_guarantee = 0, y_guarantee = 0;
  for (std::size_t i = 0; i < 3; ++i) x_guarantee += x[i] * kLinaiaChoice[i][static_cast<std::size_t>(bx)];
  for (std::size_t j = 0; j < 3; ++j) y_guarantee += kLinaiaChoice[static_cast<std::size_t>(by)][j] * y[j];
  EXPECT_GT(x_guarantee, -0.3);
  EXPECT_LT(y_guarantee, 0.3);
}

TEST(GameTest, MixedAndUniformConductorsAndSeeds) {
  const PayoffMatrix pennies = {{1, -1}, {-1, 1}};
  Duel a(pennies, {DuelPolicy::kMixed, {1.0, 0.0}}, {DuelPolicy::kUniform, {}}, core::Rng(3));
  Duel b(pennies, {DuelPolicy::kMixed, {1.0, 0.0}}, {DuelPolicy::kUniform, {}}, core::Rng(3));
  const auto rounds_a = a.play(100), rounds_b = b.play(100);
  for (std::size_t r = 0; r < rounds_a.size(); ++r) {
    EXPECT_EQ(rounds_a[r].row_tactic, 0);
    EXPECT_EQ(rounds_a[r].column_tactic, rounds_b[r].column_tactic);
    EXPECT_EQ(rounds_a[r].row_score, rounds_b[r].row_score);
  }
  EXPECT_EQ(a.rounds_played(), 100u);
}

TEST(GameTest, BadMatricesAndStrategiesAreRefused) {
  EXPECT_THROW(solve_zero_sum_game({}), Error);
  EXPECT_THROW(solve_zero_sum_game({{1, 2}, {3}}), Error);
  EXPECT_THROW(solve_zero_sum_game({{1, NAN}}), Error);
  EXPECT_THROW(solve_zero_sum_game(PayoffMatrix(600, std::vector<double>(2, 0.0))), Error);
  EXPECT_THROW(Duel({{1, -1}, {-1, 1}}, {DuelPolicy::kMixed, {0.5}}, {}, core::Rng(1)), Error);
  EXPECT_THROW(Duel({{1, -1}, {-1, 1}}, {DuelPolicy::kMixed, {0.7, 0.7}}, {}, core::Rng(1)), Error);
  EXPECT_THROW(expected_payoff({{1}}, {2}, {1}), Error);
}

}  // namespace
}  // namespace stochos::stochastic
