// SPDX-License-Identifier: GPL-3.0-or-later
// Zero-sum games by the simplex method. Hand-written: GLPK (Debian libglpk) would solve the LP
// but brings a GPL C library with global state and its own message output for a tableau of a
// few dozen cells; the textbook simplex with Bland's rule is short and exactly reproducible.
#include "stochos/stochastic/game.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "stochos/core/error.h"

namespace stochos::stochastic {
namespace {

void check_mixture(const std::vector<double>& p, std::size_t n, const std::string& what) {
  if (p.size() != n) {
    throw Error::usage(what + " has " + std::to_string(p.size()) + " probabilities for " + std::to_string(n) +
                       " tactics");
  }
  double sum = 0.0;
  for (double v : p) {
    if (!(v >= 0.0) || !std::isfinite(v))
      throw Error::usage(what + " has a negative or non-finite probability");
    sum += v;
  }
  if (std::fabs(sum - 1.0) > 1e-6) throw Error::usage(what + " sums to " + std::to_string(sum) + ", not 1");
}

int sample(const std::vector<double>& p, core::Rng& rng) {
  double u = rng.uniform01();
  int last = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] <= 0.0) continue;
    last = static_cast<int>(i);
    if (u < p[i]) return last;
    u -= p[i];
  }
  return last;  // rounding at the top end
}

void normalise(std::vector<double>& p) {
  double sum = 0.0;
  for (double& v : p) {
    v = std::max(v, 0.0);
    sum += v;
  }
  for (double& v : p) v /= sum;
}

}  // namespace

void check_payoff_matrix(const PayoffMatrix& payoff) {
  if (payoff.empty() || payoff.front().empty())
    throw Error::usage("a payoff matrix needs at least one row and column");
  if (payoff.size() > kMaxGameTactics || payoff.front().size() > kMaxGameTactics) {
    throw Error::usage("payoff matrices are limited to 512 tactics per player");
  }
  for (std::size_t i = 0; i < payoff.size(); ++i) {
    if (payoff[i].size() != payoff.front().size()) {
      throw Error::usage("payoff matrix row " + std::to_string(i) + " has " +
                         std::to_string(payoff[i].size()) + " entries; row 0 has " +
                         std::to_string(payoff.front().size()));
    }
    for (double v : payoff[i]) {
      if (!std::isfinite(v))
        throw Error::usage("payoff matrix row " + std::to_string(i) + " has a non-finite entry");
    }
  }
}

GameSolution solve_zero_sum_game(const PayoffMatrix& payoff) {
  check_payoff_matrix(payoff);
  const std::size_t m = payoff.size(), n = payoff.front().size();
  double lowest = payoff[0][0], highest = payoff[0][0];
  for (const auto& row : payoff) {
    for (double v : row) {
      lowest = std::min(lowest, v);
      highest = std::max(highest, v);
    }
  }
  // Shift so every payoff is at least 1: the game value becomes positive and the LP
  // "max sum y' s.t. B y' <= 1, y' >= 0" is feasible (y' = 0) and bounded.
  const double scale = std::max(1.0, highest - lowest);
  const double shift = 1.0 - lowest / scale;
  // Tableau: m constraint rows over n structural + m slack columns, then the right-hand side;
  // row m is the objective (reduced costs). The basis starts with the slacks.
  const std::size_t width = n + m + 1;
  std::vector<double> t((m + 1) * width, 0.0);
  auto at = [&](std::size_t r, std::size_t c) -> double& { return t[r * width + c]; };
  std::vector<std::size_t> basis(m);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j < n; ++j) at(i, j) = payoff[i][j] / scale + shift;
    at(i, n + i) = 1.0;
    at(i, width - 1) = 1.0;
    basis[i] = n + i;
  }
  for (std::size_t j = 0; j < n; ++j) at(m, j) = -1.0;
  constexpr double kEps = 1e-12;
  // Bland's rule (smallest entering index, smallest leaving basis index among ties) cannot
  // cycle, so the loop ends; the bound is a safety net against rounding pathologies.
  for (std::size_t iteration = 0;; ++iteration) {
    if (iteration > 50 * (m + n) + 1000) throw Error::internal("simplex did not converge");
    std::size_t entering = width;
    for (std::size_t j = 0; j + 1 < width; ++j) {
      if (at(m, j) < -kEps) {
        entering = j;
        break;
      }
    }
    if (entering == width) break;
    std::size_t leaving = m;
    double best_ratio = 0.0;
    for (std::size_t i = 0; i < m; ++i) {
      if (at(i, entering) <= kEps) continue;
      const double ratio = at(i, width - 1) / at(i, entering);
      if (leaving == m || ratio < best_ratio - kEps ||
          (ratio <= best_ratio + kEps && basis[i] < basis[leaving])) {
        leaving = i;
        best_ratio = ratio;
      }
    }
    if (leaving == m) throw Error::internal("simplex found an unbounded game LP");  // impossible: B > 0
    const double pivot = at(leaving, entering);
    for (std::size_t c = 0; c < width; ++c) at(leaving, c) /= pivot;
    for (std::size_t r = 0; r <= m; ++r) {
      if (r == leaving) continue;
      const double factor = at(r, entering);
      if (factor == 0.0) continue;
      for (std::size_t c = 0; c < width; ++c) at(r, c) -= factor * at(leaving, c);
    }
    basis[leaving] = entering;
  }
  GameSolution solution;
  solution.column_strategy.assign(n, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    if (basis[i] < n) solution.column_strategy[basis[i]] = at(i, width - 1);
  }
  // The duals of the constraints, the row player's LP solution, are the slack reduced costs.
  solution.row_strategy.assign(m, 0.0);
  for (std::size_t i = 0; i < m; ++i) solution.row_strategy[i] = at(m, n + i);
  const double objective = at(m, width - 1);  // = sum y' = sum x' = 1 / shifted value
  normalise(solution.column_strategy);
  normalise(solution.row_strategy);
  solution.value = (1.0 / objective - shift) * scale;
  solution.row_guarantee = std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < n; ++j) {
    double v = 0.0;
    for (std::size_t i = 0; i < m; ++i) v += solution.row_strategy[i] * payoff[i][j];
    solution.row_guarantee = std::min(solution.row_guarantee, v);
  }
  solution.column_guarantee = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < m; ++i) {
    double v = 0.0;
    for (std::size_t j = 0; j < n; ++j) v += payoff[i][j] * solution.column_strategy[j];
    solution.column_guarantee = std::max(solution.column_guarantee, v);
  }
  return solution;
}

double expected_payoff(const PayoffMatrix& payoff, const std::vector<double>& row_strategy,
                       const std::vector<double>& column_strategy) {
  check_payoff_matrix(payoff);
  check_mixture(row_strategy, payoff.size(), "row strategy");
  check_mixture(column_strategy, payoff.front().size(), "column strategy");
  double sum = 0.0;
  for (std::size_t i = 0; i < payoff.size(); ++i) {
    for (std::size_t j = 0; j < payoff[i].size(); ++j)
      sum += row_strategy[i] * payoff[i][j] * column_strategy[j];
  }
  return sum;
}

int best_row_response(const PayoffMatrix& payoff, const std::vector<double>& column_strategy) {
  check_payoff_matrix(payoff);
  check_mixture(column_strategy, payoff.front().size(), "column strategy");
  int best = 0;
  double best_value = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < payoff.size(); ++i) {
    double v = 0.0;
    for (std::size_t j = 0; j < payoff[i].size(); ++j) v += payoff[i][j] * column_strategy[j];
    if (v > best_value) {
      best_value = v;
      best = static_cast<int>(i);
    }
  }
  return best;
}

int best_column_response(const PayoffMatrix& payoff, const std::vector<double>& row_strategy) {
  check_payoff_matrix(payoff);
  check_mixture(row_strategy, payoff.size(), "row strategy");
  int best = 0;
  double best_value = std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < payoff.front().size(); ++j) {
    double v = 0.0;
    for (std::size_t i = 0; i < payoff.size(); ++i) v += row_strategy[i] * payoff[i][j];
    if (v < best_value) {
      best_value = v;
      best = static_cast<int>(j);
    }
  }
  return best;
}

// ---- Duel -------------------------------------------------------------------------------------

Duel::Duel(PayoffMatrix payoff, Conductor row_conductor, Conductor column_conductor, core::Rng rng)
    : payoff_(std::move(payoff)),
      row_(std::move(row_conductor)),
      column_(std::move(column_conductor)),
      rng_(rng) {
  solution_ = solve_zero_sum_game(payoff_);  // validates the matrix too
  if (row_.policy == DuelPolicy::kMixed)
    check_mixture(row_.mixed, payoff_.size(), "conductor X's mixed strategy");
  if (column_.policy == DuelPolicy::kMixed) {
    check_mixture(column_.mixed, payoff_.front().size(), "conductor Y's mixed strategy");
  }
  row_counts_.assign(payoff_.size(), 0);
  column_counts_.assign(payoff_.front().size(), 0);
}

int Duel::choose(const Conductor& conductor, bool is_row) {
  const std::size_t tactics = is_row ? payoff_.size() : payoff_.front().size();
  switch (conductor.policy) {
    case DuelPolicy::kOptimal:
      return sample(is_row ? solution_.row_strategy : solution_.column_strategy, rng_);
    case DuelPolicy::kMixed:
      return sample(conductor.mixed, rng_);
    case DuelPolicy::kUniform:
      return static_cast<int>(rng_.below(tactics));
    case DuelPolicy::kBestResponse: {
      if (rounds_ == 0) return sample(is_row ? solution_.row_strategy : solution_.column_strategy, rng_);
      const auto& seen = is_row ? column_counts_ : row_counts_;
      std::vector<double> frequencies(seen.size());
      for (std::size_t k = 0; k < seen.size(); ++k) {
        frequencies[k] = static_cast<double>(seen[k]) / static_cast<double>(rounds_);
      }
      return is_row ? best_row_response(payoff_, frequencies) : best_column_response(payoff_, frequencies);
    }
  }
  return 0;
}

DuelRound Duel::play_round() {
  // Both choose before either move is recorded: the tactics are simultaneous.
  DuelRound round;
  round.row_tactic = choose(row_, true);
  round.column_tactic = choose(column_, false);
  round.payoff =
      payoff_[static_cast<std::size_t>(round.row_tactic)][static_cast<std::size_t>(round.column_tactic)];
  ++row_counts_[static_cast<std::size_t>(round.row_tactic)];
  ++column_counts_[static_cast<std::size_t>(round.column_tactic)];
  ++rounds_;
  row_score_ += round.payoff;
  round.row_score = row_score_;
  return round;
}

std::vector<DuelRound> Duel::play(std::size_t rounds) {
  if (rounds > (std::size_t{1} << 26)) throw Error::usage("a Duel is limited to 2^26 rounds per call");
  std::vector<DuelRound> out;
  out.reserve(rounds);
  for (std::size_t r = 0; r < rounds; ++r) out.push_back(play_round());
  return out;
}

}  // namespace stochos::stochastic
