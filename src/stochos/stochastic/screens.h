// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
/// Xenakis's screens (Formalized Music ch. II, "Markovian Stochastic Music—Theory", and
/// ch. III, "—Applications", on Analogique A and B). A screen is a time slice of length
/// screen_seconds (Xenakis's Δt) holding a cloud of grains inside one cell of the grid
/// frequency region × intensity × density; a book of screens is their succession, and a
/// transition matrix between screen types (Xenakis's matrices of transition probabilities,
/// e.g. MPN for Analogique A) drives the succession through a Markov chain.
///
/// Xenakis's own Analogique matrices are not reproduced here (we could not consult the book's
/// tables); analogique_example_matrix() is a documented stand-in built the way ch. III
/// combines parameters: independent two-state chains for frequency, intensity and density,
/// joined by the Kronecker product into an 8 x 8 matrix over the screens A..H.
///
/// Also here: the stationary distribution of a transition matrix (power iteration and an
/// exact linear solve) and Shannon's entropy, Xenakis's measure of "disorder" (ch. II).
/// Pitches are MIDI note numbers, intensities MIDI velocities, times seconds. Functions are
/// pure; randomness comes only from stochos::core::Rng.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "stochos/core/random.h"
#include "stochos/stochastic/markov.h"

namespace stochos::stochastic {

using TransitionMatrix = std::vector<std::vector<double>>;

/// The axes of the screen grid.
struct ScreenAxes {
  struct PitchRegion {
    int lowest_midi_pitch = 0;
    int highest_midi_pitch = 127;
  };
  struct VelocityRange {
    int lowest_velocity = 1;
    int highest_velocity = 127;
  };
  std::vector<PitchRegion> frequency_regions;
  std::vector<VelocityRange> intensities;
  std::vector<double> densities_grains_per_second;
  double screen_seconds = 1.0;  ///< Δt, the duration of one screen
  double grain_seconds = 0.05;  ///< duration of each grain

  /// Throws Error(kUsage) for empty axes, bad ranges or non-positive durations.
  void check() const;
  /// frequency regions × intensities × densities.
  int screen_count() const;
};

/// One cell of the grid; the screen index is (frequency * intensities + intensity) *
/// densities + density (frequency most significant, as JointStateEncoder packs it).
struct ScreenCell {
  int frequency_region = 0;
  int intensity = 0;
  int density = 0;
  friend bool operator==(const ScreenCell&, const ScreenCell&) = default;
};
int screen_index(const ScreenAxes& axes, const ScreenCell& cell);
ScreenCell screen_cell(const ScreenAxes& axes, int index);
/// "A", "B", ... "Z", then "S26", "S27", ...: the letters of Analogique's screens.
std::string screen_name(int index);

struct Grain {
  double start_seconds = 0.0;
  double duration_seconds = 0.0;
  int midi_pitch = 60;
  int velocity = 64;
};

struct Screen {
  int index = 0;  ///< screen type, see screen_index()
  double start_seconds = 0.0;
  std::vector<Grain> grains;  ///< sorted by start time
};

struct ScreenBook {
  ScreenAxes axes;
  std::vector<Screen> screens;
};

/// Grains for one screen: density * screen_seconds of them on average (the integer part,
/// plus one more with the probability of the fraction), each with a uniform start inside the
/// screen, a uniform integer pitch in the region and a uniform velocity in the range.
/// Refuses more than 2^20 grains per screen.
Screen fill_screen(const ScreenAxes& axes, int index, double start_seconds, core::Rng& rng);

/// The chain over screen indices 0..n-1 given by a transition matrix (rows stochastic).
MarkovChain screen_chain(const TransitionMatrix& matrix);
/// `count` screen types from the chain, starting after `start_index` (-1: the first screen
/// is drawn from the chain's initial, uniform, distribution). At most 2^25.
std::vector<int> generate_screen_sequence(const MarkovChain& chain, std::size_t count, core::Rng& rng,
                                          int start_index = -1);
/// A book: the screens of `sequence`, back to back from time 0, filled with grains.
/// Refuses books of more than 2^26 grains in total.
ScreenBook fill_screen_book(const ScreenAxes& axes, std::span<const int> sequence, core::Rng& rng);

/// The documented example axes (two regions, intensities and densities; screens A..H) and
/// matrix: kron(F, kron(G, D)) with F = [[0.2, 0.8], [0.8, 0.2]] (the two-state example of
/// Formalized Music ch. III, whose distribution alternates and settles at 1/2, 1/2),
/// G = [[0.6, 0.4], [0.3, 0.7]] and D = [[0.7, 0.3], [0.4, 0.6]].
ScreenAxes analogique_example_axes();
TransitionMatrix analogique_example_matrix();

/// Throws Error(kUsage) unless square with rows of non-negative entries summing to 1 (1e-9).
void check_transition_matrix(const TransitionMatrix& matrix);
/// The Kronecker product a ⊗ b: the chain of two independent chains run side by side.
TransitionMatrix kronecker_product(const TransitionMatrix& a, const TransitionMatrix& b);
/// The distribution after `steps` transitions from `initial` (Xenakis's tables of evolution).
std::vector<double> distribution_after(const TransitionMatrix& matrix, std::vector<double> initial,
                                       std::size_t steps);

/// π with π P = π by power iteration on the lazy chain (I + P) / 2, which has the same
/// stationary distributions and is aperiodic, so periodic chains converge too. Starts from the
/// uniform distribution; stops when an iteration moves π by less than `tolerance` (L1).
/// Throws Error(kUsage) if that takes more than `max_iterations`. At most 4096 states.
std::vector<double> stationary_distribution_power(const TransitionMatrix& matrix, double tolerance = 1e-14,
                                                  std::size_t max_iterations = 1000000);
/// π by Gaussian elimination with partial pivoting on π (P - I) = 0, sum π = 1. Throws
/// Error(kUsage) when the stationary distribution is not unique (a reducible chain). At most
/// 2048 states.
std::vector<double> stationary_distribution_exact(const TransitionMatrix& matrix);

/// Shannon's entropy -sum p log2 p in bits (terms with p = 0 count 0); p must sum to 1.
double shannon_entropy_bits(std::span<const double> probabilities);
/// Entropy per step of the stationary chain, sum_i π_i H(row i), in bits.
double entropy_rate_bits(const TransitionMatrix& matrix);
/// Entropy of the frequencies of the screen types in a sequence (its "disorder").
double sequence_entropy_bits(std::span<const int> sequence);

}  // namespace stochos::stochastic
