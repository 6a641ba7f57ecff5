// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/stochastic/screens.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "stochos/core/error.h"

namespace stochos::stochastic {
namespace {

constexpr std::size_t kMaxGrainsPerScreen = std::size_t{1} << 20;
constexpr std::size_t kMaxBookGrains = std::size_t{1} << 26;

void check_distribution(std::span<const double> p, const std::string& what) {
  double sum = 0.0;
  for (double v : p) {
    if (!(v >= 0.0) || !std::isfinite(v)) throw Error::usage(what + " has a negative or non-finite entry");
    sum += v;
  }
  if (p.empty() || std::fabs(sum - 1.0) > 1e-9) throw Error::usage(what + " must sum to 1");
}

std::vector<double> step(const TransitionMatrix& matrix, const std::vector<double>& p) {
  std::vector<double> next(p.size(), 0.0);
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == 0.0) continue;
    for (std::size_t j = 0; j < p.size(); ++j) next[j] += p[i] * matrix[i][j];
  }
  return next;
}

}  // namespace

// ---- axes and cells ---------------------------------------------------------------------------

void ScreenAxes::check() const {
  if (frequency_regions.empty() || intensities.empty() || densities_grains_per_second.empty()) {
    throw Error::usage("screen axes need at least one frequency region, intensity and density");
  }
  if (static_cast<double>(frequency_regions.size()) * static_cast<double>(intensities.size()) *
          static_cast<double>(densities_grains_per_second.size()) >
      4096.0) {
    throw Error::usage("screen grids are limited to 4096 screen types");
  }
  for (const PitchRegion& r : frequency_regions) {
    if (r.lowest_midi_pitch < 0 || r.highest_midi_pitch > 127 || r.lowest_midi_pitch > r.highest_midi_pitch) {
      throw Error::usage("screen frequency region [" + std::to_string(r.lowest_midi_pitch) + ", " +
                         std::to_string(r.highest_midi_pitch) + "] must be ascending MIDI pitches in 0..127");
    }
  }
  for (const VelocityRange& v : intensities) {
    if (v.lowest_velocity < 1 || v.highest_velocity > 127 || v.lowest_velocity > v.highest_velocity) {
      throw Error::usage("screen intensity [" + std::to_string(v.lowest_velocity) + ", " +
                         std::to_string(v.highest_velocity) +
                         "] must be ascending MIDI velocities in 1..127");
    }
  }
  for (double d : densities_grains_per_second) {
    if (!(d >= 0.0) || !std::isfinite(d))
      throw Error::usage("screen densities must be finite grains per second >= 0");
  }
  if (!(screen_seconds > 0.0) || !std::isfinite(screen_seconds) || !(grain_seconds > 0.0) ||
      !std::isfinite(grain_seconds)) {
    throw Error::usage("screen and grain durations must be positive seconds");
  }
}

int ScreenAxes::screen_count() const {
  return static_cast<int>(frequency_regions.size() * intensities.size() * densities_grains_per_second.size());
}

int screen_index(const ScreenAxes& axes, const ScreenCell& cell) {
  const auto f = static_cast<int>(axes.frequency_regions.size()),
             g = static_cast<int>(axes.intensities.size()),
             d = static_cast<int>(axes.densities_grains_per_second.size());
  if (cell.frequency_region < 0 || cell.frequency_region >= f || cell.intensity < 0 || cell.intensity >= g ||
      cell.density < 0 || cell.density >= d) {
    throw Error::usage("screen cell (" + std::to_string(cell.frequency_region) + ", " +
                       std::to_string(cell.intensity) + ", " + std::to_string(cell.density) +
                       ") is outside the grid");
  }
  return (cell.frequency_region * g + cell.intensity) * d + cell.density;
}

ScreenCell screen_cell(const ScreenAxes& axes, int index) {
  if (index < 0 || index >= axes.screen_count()) {
    throw Error::usage("screen index " + std::to_string(index) + " is outside 0.." +
                       std::to_string(axes.screen_count() - 1));
  }
  const auto g = static_cast<int>(axes.intensities.size()),
             d = static_cast<int>(axes.densities_grains_per_second.size());
  return {index / (g * d), index / d % g, index % d};
}

std::string screen_name(int index) {
  if (index >= 0 && index < 26) return std::string(1, static_cast<char>('A' + index));
  return "S" + std::to_string(index);
}

// ---- grains and books -------------------------------------------------------------------------

Screen fill_screen(const ScreenAxes& axes, int index, double start_seconds, core::Rng& rng) {
  axes.check();
  const ScreenCell cell = screen_cell(axes, index);
  const auto& region = axes.frequency_regions[static_cast<std::size_t>(cell.frequency_region)];
  const auto& loudness = axes.intensities[static_cast<std::size_t>(cell.intensity)];
  const double mean =
      axes.densities_grains_per_second[static_cast<std::size_t>(cell.density)] * axes.screen_seconds;
  if (mean > static_cast<double>(kMaxGrainsPerScreen)) {
    throw Error::usage("a screen of " + std::to_string(mean) +
                       " grains exceeds the limit of 2^20 per screen");
  }
  // Integer part plus a Bernoulli draw for the fraction: the mean is exact and the count never
  // strays by more than one grain, so a screen keeps the density Xenakis assigned to its cell.
  const double whole = std::floor(mean);
  const auto count = static_cast<std::size_t>(whole) + (rng.uniform01() < mean - whole ? 1 : 0);
  Screen screen;
  screen.index = index;
  screen.start_seconds = start_seconds;
  screen.grains.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    Grain grain;
    grain.start_seconds = start_seconds + rng.uniform01() * axes.screen_seconds;
    grain.duration_seconds = axes.grain_seconds;
    grain.midi_pitch = static_cast<int>(rng.between(region.lowest_midi_pitch, region.highest_midi_pitch));
    grain.velocity = static_cast<int>(rng.between(loudness.lowest_velocity, loudness.highest_velocity));
    screen.grains.push_back(grain);
  }
  std::stable_sort(screen.grains.begin(), screen.grains.end(),
                   [](const Grain& a, const Grain& b) { return a.start_seconds < b.start_seconds; });
  return screen;
}

MarkovChain screen_chain(const TransitionMatrix& matrix) {
  check_transition_matrix(matrix);
  std::vector<std::int64_t> states(matrix.size());
  for (std::size_t i = 0; i < states.size(); ++i) states[i] = static_cast<std::int64_t>(i);
  return MarkovChain::from_matrix(std::move(states), matrix, 1);
}

std::vector<int> generate_screen_sequence(const MarkovChain& chain, std::size_t count, core::Rng& rng,
                                          int start_index) {
  std::vector<std::int64_t> primer;
  if (start_index >= 0) primer.push_back(start_index);
  const std::vector<std::int64_t> states = chain.generate(count, rng, primer);
  std::vector<int> out;
  out.reserve(states.size());
  for (std::int64_t s : states) {
    if (s < 0 || s > 4095) throw Error::usage("screen chains must have states 0..4095 (use screen_chain())");
    out.push_back(static_cast<int>(s));
  }
  return out;
}

ScreenBook fill_screen_book(const ScreenAxes& axes, std::span<const int> sequence, core::Rng& rng) {
  axes.check();
  double expected_grains = 0.0;
  for (int index : sequence) {
    expected_grains +=
        axes.densities_grains_per_second[static_cast<std::size_t>(screen_cell(axes, index).density)] *
        axes.screen_seconds;
  }
  if (expected_grains > static_cast<double>(kMaxBookGrains)) {
    throw Error::usage("a book of about " + std::to_string(static_cast<std::uint64_t>(expected_grains)) +
                       " grains exceeds the limit of 2^26; use fewer or sparser screens");
  }
  ScreenBook book;
  book.axes = axes;
  book.screens.reserve(sequence.size());
  for (std::size_t i = 0; i < sequence.size(); ++i) {
    book.screens.push_back(fill_screen(axes, sequence[i], static_cast<double>(i) * axes.screen_seconds, rng));
  }
  return book;
}

ScreenAxes analogique_example_axes() {
  ScreenAxes axes;
  axes.frequency_regions = {{36, 59}, {60, 96}};   // f0 low, f1 high
  axes.intensities = {{30, 60}, {70, 110}};        // g0 soft, g1 loud
  axes.densities_grains_per_second = {4.0, 16.0};  // d0 sparse, d1 dense
  axes.screen_seconds = 1.0;
  axes.grain_seconds = 0.1;
  return axes;
}

TransitionMatrix analogique_example_matrix() {
  const TransitionMatrix f = {{0.2, 0.8}, {0.8, 0.2}};
  const TransitionMatrix g = {{0.6, 0.4}, {0.3, 0.7}};
  const TransitionMatrix d = {{0.7, 0.3}, {0.4, 0.6}};
  return kronecker_product(f, kronecker_product(g, d));
}

// ---- matrices ---------------------------------------------------------------------------------

void check_transition_matrix(const TransitionMatrix& matrix) {
  if (matrix.empty()) throw Error::usage("a transition matrix needs at least one state");
  if (matrix.size() > 4096) throw Error::usage("transition matrices are limited to 4096 states");
  for (std::size_t i = 0; i < matrix.size(); ++i) {
    if (matrix[i].size() != matrix.size()) {
      throw Error::usage("transition matrix row " + std::to_string(i) + " has " +
                         std::to_string(matrix[i].size()) + " entries; a square matrix needs " +
                         std::to_string(matrix.size()));
    }
    check_distribution(matrix[i], "transition matrix row " + std::to_string(i));
  }
}

TransitionMatrix kronecker_product(const TransitionMatrix& a, const TransitionMatrix& b) {
  check_transition_matrix(a);
  check_transition_matrix(b);
  const std::size_t n = a.size(), m = b.size();
  if (n * m > 4096) throw Error::usage("the Kronecker product would exceed 4096 states");
  TransitionMatrix out(n * m, std::vector<double>(n * m));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < m; ++k) {
      for (std::size_t j = 0; j < n; ++j) {
        for (std::size_t l = 0; l < m; ++l) out[i * m + k][j * m + l] = a[i][j] * b[k][l];
      }
    }
  }
  return out;
}

std::vector<double> distribution_after(const TransitionMatrix& matrix, std::vector<double> initial,
                                       std::size_t steps) {
  check_transition_matrix(matrix);
  if (initial.size() != matrix.size()) throw Error::usage("initial distribution size must match the matrix");
  check_distribution(initial, "initial distribution");
  if (steps > 100000000) throw Error::usage("distribution_after is limited to 10^8 steps");
  for (std::size_t s = 0; s < steps; ++s) initial = step(matrix, initial);
  return initial;
}

std::vector<double> stationary_distribution_power(const TransitionMatrix& matrix, double tolerance,
                                                  std::size_t max_iterations) {
  check_transition_matrix(matrix);
  if (!(tolerance > 0.0)) throw Error::usage("stationary distribution tolerance must be positive");
  const std::size_t n = matrix.size();
  std::vector<double> p(n, 1.0 / static_cast<double>(n));
  for (std::size_t it = 0; it < max_iterations; ++it) {
    std::vector<double> next = step(matrix, p);
    double moved = 0.0, sum = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
      next[j] = 0.5 * (next[j] + p[j]);  // the lazy chain (I + P) / 2
      sum += next[j];
    }
    for (std::size_t j = 0; j < n; ++j) {
      next[j] /= sum;  // keep rounding from drifting the total
      moved += std::fabs(next[j] - p[j]);
    }
    p = std::move(next);
    if (moved < tolerance) return p;
  }
  throw Error::usage("power iteration did not converge in " + std::to_string(max_iterations) +
                     " iterations; the chain mixes too slowly, use stationary_distribution_exact()");
}

std::vector<double> stationary_distribution_exact(const TransitionMatrix& matrix) {
  check_transition_matrix(matrix);
  const std::size_t n = matrix.size();
  if (n > 2048) throw Error::usage("the exact stationary solve is limited to 2048 states");
  // Rows of the system: (P - I)^T π = 0 for the first n - 1 states, then sum π = 1.
  std::vector<std::vector<double>> a(n, std::vector<double>(n + 1, 0.0));
  for (std::size_t j = 0; j + 1 < n; ++j) {
    for (std::size_t i = 0; i < n; ++i) a[j][i] = matrix[i][j] - (i == j ? 1.0 : 0.0);
  }
  for (std::size_t i = 0; i < n; ++i) a[n - 1][i] = 1.0;
  a[n - 1][n] = 1.0;
  for (std::size_t c = 0; c < n; ++c) {
    std::size_t pivot = c;
    for (std::size_t r = c + 1; r < n; ++r) {
      if (std::fabs(a[r][c]) > std::fabs(a[pivot][c])) pivot = r;
    }
    if (std::fabs(a[pivot][c]) < 1e-12) {
      throw Error::usage(
          "the chain has more than one stationary distribution (it is reducible); "
          "stationary_distribution_power() returns the one reached from the uniform start");
    }
    std::swap(a[c], a[pivot]);
    for (std::size_t r = 0; r < n; ++r) {
      if (r == c || a[r][c] == 0.0) continue;
      const double factor = a[r][c] / a[c][c];
      for (std::size_t k = c; k <= n; ++k) a[r][k] -= factor * a[c][k];
    }
  }
  std::vector<double> p(n);
  for (std::size_t i = 0; i < n; ++i) p[i] = std::max(0.0, a[i][n] / a[i][i]);
  double sum = 0.0;
  for (double v : p) sum += v;
  for (double& v : p) v /= sum;
  return p;
}

// ---- entropy ----------------------------------------------------------------------------------

double shannon_entropy_bits(std::span<const double> probabilities) {
  check_distribution(probabilities, "probability distribution");
  double h = 0.0;
  for (double p : probabilities) {
    if (p > 0.0) h -= p * std::log2(p);
  }
  return h;
}

double entropy_rate_bits(const TransitionMatrix& matrix) {
  const std::vector<double> pi = stationary_distribution_exact(matrix);
  double h = 0.0;
  for (std::size_t i = 0; i < matrix.size(); ++i) h += pi[i] * shannon_entropy_bits(matrix[i]);
  return h;
}

double sequence_entropy_bits(std::span<const int> sequence) {
  if (sequence.empty()) return 0.0;
  std::map<int, double> counts;
  for (int s : sequence) counts[s] += 1.0;
  std::vector<double> p;
  p.reserve(counts.size());
  for (const auto& [state, count] : counts) p.push_back(count / static_cast<double>(sequence.size()));
  return shannon_entropy_bits(p);
}

}  // namespace stochos::stochastic
