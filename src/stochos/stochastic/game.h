// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Two-player zero-sum games, as in Xenakis's Duel (1959) and Stratégie (1962), Formalized
/// Music ch. IV ("Musical Strategy"): two conductors each choose a tactic (a kind of musical
/// material) per round, and a payoff matrix, known to both, scores the pair. The row player X
/// maximises; payoff[i][j] is what the column player Y pays X when X plays i and Y plays j.
///
/// Games are solved exactly by linear programming (von Neumann's minimax theorem; the chapter
/// is subtitled "Strategy, linear programming, and musical composition"): the simplex method with Bland's
/// anti-cycling rule on the usual reduction (shift all payoffs positive, maximise sum y' subject to A y' <=
/// 1), the row strategy read from the dual. The solution carries its own certificate: the payoff each optimal
/// strategy guarantees.
///
/// Randomness comes only from stochos::core::Rng. Functions are pure; a Duel owns its state
/// and its Rng and is not thread-safe.
#include <cstdint>
#include <vector>

#include "stochos/core/random.h"

namespace stochos::stochastic {

using PayoffMatrix = std::vector<std::vector<double>>;

/// Matrices are limited to 512 tactics per player (the simplex tableau is m x (m + n)).
inline constexpr std::size_t kMaxGameTactics = 512;

struct GameSolution {
  std::vector<double> row_strategy;     ///< X's optimal mixed strategy (sums to 1)
  std::vector<double> column_strategy;  ///< Y's optimal mixed strategy (sums to 1)
  double value = 0.0;                   ///< the value of the game for X
  /// min over Y's tactics of X's expected payoff under row_strategy, and max over X's tactics
  /// under column_strategy: row_guarantee <= value <= column_guarantee, equal up to rounding.
  double row_guarantee = 0.0;
  double column_guarantee = 0.0;
};

/// Throws Error(kUsage) for an empty, ragged, non-finite or oversized matrix.
void check_payoff_matrix(const PayoffMatrix& payoff);

/// Optimal mixed strategies and value by the simplex method (exact up to floating-point
/// rounding, about 1e-12 relative on well-scaled matrices).
GameSolution solve_zero_sum_game(const PayoffMatrix& payoff);

/// x^T A y.
double expected_payoff(const PayoffMatrix& payoff, const std::vector<double>& row_strategy,
                       const std::vector<double>& column_strategy);
/// X's best pure reply to Y's mixture, and Y's to X's; ties go to the lowest index.
int best_row_response(const PayoffMatrix& payoff, const std::vector<double>& column_strategy);
int best_column_response(const PayoffMatrix& payoff, const std::vector<double>& row_strategy);

/// How a conductor chooses a tactic each round.
enum class DuelPolicy {
  kOptimal,       ///< sample the optimal mixed strategy of the game
  kMixed,         ///< sample a given mixed strategy
  kUniform,       ///< every tactic equally likely
  kBestResponse,  ///< best reply to the opponent's tactic frequencies so far (fictitious
                  ///< play, Brown 1951; the first round samples the optimal strategy)
};

struct Conductor {
  DuelPolicy policy = DuelPolicy::kOptimal;
  std::vector<double> mixed;  ///< for kMixed: probabilities of the tactics, summing to 1
};

struct DuelRound {
  int row_tactic = 0;
  int column_tactic = 0;
  double payoff = 0.0;     ///< to X for this round
  double row_score = 0.0;  ///< X's total so far (Y's is its negative)
};

/// A Duel between conductors X (rows) and Y (columns), scored by the payoff matrix.
class Duel {
 public:
  Duel(PayoffMatrix payoff, Conductor row_conductor, Conductor column_conductor, core::Rng rng);

  DuelRound play_round();
  /// Plays `rounds` rounds (at most 2^26 per call) and returns them.
  std::vector<DuelRound> play(std::size_t rounds);

  double row_score() const { return row_score_; }
  std::size_t rounds_played() const { return rounds_; }
  /// How often each tactic has been played.
  const std::vector<std::uint64_t>& row_counts() const { return row_counts_; }
  const std::vector<std::uint64_t>& column_counts() const { return column_counts_; }
  const GameSolution& solution() const { return solution_; }

 private:
  int choose(const Conductor& conductor, bool is_row);

  PayoffMatrix payoff_;
  Conductor row_;
  Conductor column_;
  core::Rng rng_;
  GameSolution solution_;
  std::vector<std::uint64_t> row_counts_;
  std::vector<std::uint64_t> column_counts_;
  double row_score_ = 0.0;
  std::size_t rounds_ = 0;
};

}  // namespace stochos::stochastic
