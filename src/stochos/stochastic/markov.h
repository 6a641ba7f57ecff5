// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Markov chains of order 1..n over integer states (pitches, intervals, quantized durations,
/// velocities, or joint states encoded by JointStateEncoder), after Formalized Music ch. II-III
/// ("Markovian Stochastic Music"), which uses first-order chains; higher orders and back-off
/// are the n-gram practice of language modelling (Katz 1987 backs off to shorter contexts; we
/// back off without discounting, so each distribution used is a proper one).
///
/// A chain is either given as a transition matrix or learned from state sequences with
/// additive (Lidstone) smoothing: P(s | c) = (n(c, s) + alpha) / (n(c) + alpha * |S|), alpha = 1
/// being Laplace's rule. A context never seen in training backs off to its most recent k-1
/// states, then k-2, ..., down to the unigram distribution (for matrix chains: the initial
/// distribution). The module sees integers only; score code adapts NoteSequences to states.
///
/// Randomness comes only from stochos::core::Rng, so one seed gives one output everywhere.
/// Objects are immutable after construction; const members are thread-safe (each thread
/// passes its own Rng).
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "stochos/core/random.h"

namespace stochos::stochastic {

/// Packs a tuple of bounded integers into one state and back (mixed radix, first field most
/// significant), e.g. {pitch 0..127, duration_steps 1..16, velocity_bin 0..7} -> 0..16383.
class JointStateEncoder {
 public:
  struct Field {
    std::string name;
    std::int64_t min_value = 0;
    std::int64_t max_value = 0;
  };
  /// Throws Error(kUsage) for no fields, an empty range or more than 2^62 joint states.
  explicit JointStateEncoder(std::vector<Field> fields);
  /// Throws Error(kUsage) naming the field whose value is out of range.
  std::int64_t encode(std::span<const std::int64_t> values) const;
  std::vector<std::int64_t> decode(std::int64_t state) const;
  /// The same into `values` (one per field), without allocating: for per-note decoding.
  void decode(std::int64_t state, std::span<std::int64_t> values) const;
  std::int64_t state_count() const { return state_count_; }
  const std::vector<Field>& fields() const { return fields_; }

 private:
  std::vector<Field> fields_;
  std::int64_t state_count_ = 1;
};

/// Orders above 32 are refused outright; lower ones are refused when |S|^order exceeds 2^63
/// (order 50 over 128 states, or order 10 over 128).
inline constexpr int kMaxMarkovOrder = 32;
inline constexpr std::size_t kMaxMarkovStates = std::size_t{1} << 20;
/// Longest sequence generate() produces in one call, and most training positions (2^25).
inline constexpr std::size_t kMaxMarkovSteps = std::size_t{1} << 25;

struct MarkovLearnOptions {
  int order = 1;
  /// Additive pseudo-count per state (Lidstone); 0 = maximum likelihood, 1 = Laplace.
  double smoothing = 0.0;
  /// The states to smooth over; empty means the states seen in the sequences. Giving all 128
  /// MIDI pitches makes unseen pitches possible (with smoothing > 0).
  std::vector<std::int64_t> alphabet;
};

class MarkovChain {
 public:
  /// Learns counts of every context of length 0..order from the sequences. Throws
  /// Error(kUsage) for bad options, a state outside a given alphabet, no states at all, or an
  /// unbounded request.
  static MarkovChain learn(std::span<const std::vector<std::int64_t>> sequences,
                           const MarkovLearnOptions& options);

  /// A chain from a transition matrix over `states` (distinct). Rows are contexts of `order`
  /// states, oldest first, numbered in mixed radix over the order of `states` (for order 1,
  /// row i is the state states[i]); columns are next states. Each row must be a probability
  /// vector (entries >= 0, sum 1 within 1e-6). `initial` (default uniform) is used for the
  /// first `order` positions, whose contexts are incomplete. At most 2^24 matrix entries.
  static MarkovChain from_matrix(std::vector<std::int64_t> states,
                                 std::span<const std::vector<double>> matrix, int order = 1,
                                 std::vector<double> initial = {});

  /// Text form ("stochos-markov 1" header, counts printed with 17 significant digits so a
  /// round trip is exact). from_text throws Error(kInput) naming `path` and the line.
  std::string to_text() const;
  static MarkovChain from_text(std::string_view text, const std::string& path = "<markov model>");
  /// Writes to_text() atomically (core::write_file_atomically); load() reads at most 1 GiB.
  void save(const std::filesystem::path& path) const;
  static MarkovChain load(const std::filesystem::path& path);

  int order() const { return order_; }
  double smoothing() const { return smoothing_; }
  /// The alphabet, ascending; distributions are aligned with it.
  const std::vector<std::int64_t>& states() const { return states_; }
  /// Number of distinct contexts stored, over all lengths 0..order.
  std::size_t context_count() const;

  /// The distribution of the next state after `context` (most recent state last; only the
  /// last order() states matter), after back-off.
  std::vector<double> next_distribution(std::span<const std::int64_t> context) const;
  /// P(state | context); 0 for a state outside the alphabet.
  double probability_next(std::span<const std::int64_t> context, std::int64_t state) const;
  /// Length of the context actually used after back-off (0 = unigram).
  int effective_order(std::span<const std::int64_t> context) const;
  std::int64_t sample_next(std::span<const std::int64_t> context, core::Rng& rng) const;
  /// `length` new states continuing `primer` (which may be empty). Refuses length > kMaxMarkovSteps.
  std::vector<std::int64_t> generate(std::size_t length, core::Rng& rng,
                                     std::span<const std::int64_t> primer = {}) const;

  /// Sum over positions i of ln P(x_i | up to order() previous states): the baseline score
  /// for sequence models. -infinity if some state has probability 0.
  double log_likelihood(std::span<const std::int64_t> sequence) const;
  double probability(std::span<const std::int64_t> sequence) const;

  /// The dense |S| x |S| matrix of an order-1 chain (rows after back-off). Throws otherwise.
  std::vector<std::vector<double>> transition_matrix() const;

 private:
  struct Row {
    std::vector<std::pair<std::int32_t, double>> counts;  // by state index, ascending
    double total = 0.0;
  };
  MarkovChain() = default;
  void check_size() const;
  int index_of(std::int64_t state) const;  // -1 if absent
  const Row& row_for(std::span<const std::int64_t> context, int* used_order) const;
  double row_probability(const Row& row, int state_index) const;
  void finalize();

  int order_ = 1;
  double smoothing_ = 0.0;
  std::vector<std::int64_t> states_;
  std::vector<std::unordered_map<std::uint64_t, Row>> tables_;  // [k]: contexts of length k
};

}  // namespace stochos::stochastic
