// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/stochastic/screens.h"

#include <gtest/gtest.h>

#include <cmath>

#include "stochos/core/error.h"

namespace stochos::stochastic {
namespace {

void expect_near_vector(const std::vector<double>& actual, const std::vector<double>& expected,
                        double tolerance) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i)
    EXPECT_NEAR(actual[i], expected[i], tolerance) << "entry " << i;
}

// The two-state example of Formalized Music ch. III: X -> Y with 0.8, Y -> X with 0.8.
const TransitionMatrix kAlternating = {{0.2, 0.8}, {0.8, 0.2}};

TEST(ScreensTest, TwoStateExampleEvolvesAsInFormalizedMusic) {
  // The book's table (percent of state a, starting with 100 a): 100, 20, 68, 39, 57, 46, 52,
  // 49, 50. Its entries are rounded loosely, so compare within one percentage point.
  const double table[] = {100, 20, 68, 39, 57, 46, 52, 49, 50};
  for (std::size_t steps = 0; steps < 9; ++steps) {
    const std::vector<double> p = distribution_after(kAlternating, {1.0, 0.0}, steps);
    EXPECT_NEAR(100 * p[0], table[steps], 1.0) << steps;
    EXPECT_NEAR(p[0] + p[1], 1.0, 1e-15);
  }
  expect_near_vector(stationary_distribution_exact(kAlternating), {0.5, 0.5}, 1e-15);
  expect_near_vector(stationary_distribution_power(kAlternating), {0.5, 0.5}, 1e-13);
}

TEST(ScreensTest, StationaryDistributionOfKnownMatrices) {
  // Birth-death chain with detailed balance: π = (1/4, 1/2, 1/4).
  const TransitionMatrix birth_death = {{0.5, 0.5, 0}, {0.25, 0.5, 0.25}, {0, 0.5, 0.5}};
  expect_near_vector(stationary_distribution_exact(birth_death), {0.25, 0.5, 0.25}, 1e-15);
  expect_near_vector(stationary_distribution_power(birth_death), {0.25, 0.5, 0.25}, 1e-13);
  // Two states with P(0->1) = a, P(1->0) = b: π = (b, a) / (a + b).
  const TransitionMatrix two = {{0.9, 0.1}, {0.3, 0.7}};
  expect_near_vector(stationary_distribution_exact(two), {0.75, 0.25}, 1e-15);
  // A periodic chain: plain power iteration would oscillate; the lazy chain converges.
  const TransitionMatrix flip = {{0, 1}, {1, 0}};
  expect_near_vector(stationary_distribution_power(flip), {0.5, 0.5}, 1e-13);
  expect_near_vector(stationary_distribution_exact(flip), {0.5, 0.5}, 1e-15);
}

TEST(ScreensTest, ExampleMatrixStationaryIsTheProductOfItsFactors) {
  const TransitionMatrix m = analogique_example_matrix();
  ASSERT_EQ(m.size(), 8u);
  // Factors: F -> (1/2, 1/2), G -> (3/7, 4/7), D -> (4/7, 3/7).
  const double f[] = {0.5, 0.5}, g[] = {3.0 / 7, 4.0 / 7}, d[] = {4.0 / 7, 3.0 / 7};
  std::vector<double> expected;
  for (double a : f) {
    for (double b : g) {
      for (double c : d) expected.push_back(a * b * c);
    }
  }
  expect_near_vector(stationary_distribution_exact(m), expected, 1e-14);
  expect_near_vector(stationary_distribution_power(m), expected, 1e-12);
  // Independent components: entropy rates add.
  const double rate = entropy_rate_bits(m);
  const double parts = entropy_rate_bits(kAlternating) + entropy_rate_bits({{0.6, 0.4}, {0.3, 0.7}}) +
                       entropy_rate_bits({{0.7, 0.3}, {0.4, 0.6}});
  EXPECT_NEAR(rate, parts, 1e-12);
}

TEST(ScreensTest, ScreenSequenceFrequenciesConvergeToStationaryDistribution) {
  const TransitionMatrix m = analogique_example_matrix();
  const MarkovChain chain = screen_chain(m);
  core::Rng rng(123);
  const std::size_t count = 200000;
  const std::vector<int> sequence = generate_screen_sequence(chain, count, rng, 0);
  std::vector<double> frequency(8, 0.0);
  for (int s : sequence) frequency[static_cast<std::size_t>(s)] += 1.0 / count;
  const std::vector<double> pi = stationary_distribution_exact(m);
  for (std::size_t i = 0; i < 8; ++i) {
    // Successive screens are correlated (F alternates), so allow a generous 0.01; the
    // independent-sample standard error would be about 0.0008.
    EXPECT_NEAR(frequency[i], pi[i], 0.01) << screen_name(static_cast<int>(i));
  }
  EXPECT_NEAR(sequence_entropy_bits(sequence), shannon_entropy_bits(pi), 0.01);
}

TEST(ScreensTest, ScreensHoldGrainsInsideTheirCell) {
  const ScreenAxes axes = analogique_example_axes();
  EXPECT_EQ(axes.screen_count(), 8);
  core::Rng rng(4);
  const MarkovChain chain = screen_chain(analogique_example_matrix());
  const std::vector<int> sequence = generate_screen_sequence(chain, 200, rng);
  const ScreenBook book = fill_screen_book(axes, sequence, rng);
  ASSERT_EQ(book.screens.size(), 200u);
  for (std::size_t i = 0; i < book.screens.size(); ++i) {
    const Screen& screen = book.screens[i];
    const ScreenCell cell = screen_cell(axes, screen.index);
    EXPECT_EQ(screen_index(axes, cell), screen.index);
    EXPECT_DOUBLE_EQ(screen.start_seconds, static_cast<double>(i) * axes.screen_seconds);
    const double mean =
        axes.densities_grains_per_second[static_cast<std::size_t>(cell.density)] * axes.screen_seconds;
    EXPECT_GE(static_cast<double>(screen.grains.size()), std::floor(mean));
    EXPECT_LE(static_cast<double>(screen.grains.size()), std::ceil(mean));
    const auto& region = axes.frequency_regions[static_cast<std::size_t>(cell.frequency_region)];
    const auto& loudness = axes.intensities[static_cast<std::size_t>(cell.intensity)];
    for (std::size_t k = 0; k < screen.grains.size(); ++k) {
      const Grain& grain = screen.grains[k];
      EXPECT_GE(grain.start_seconds, screen.start_seconds);
      EXPECT_LT(grain.start_seconds, screen.start_seconds + axes.screen_seconds);
      if (k > 0) {
        EXPECT_LE(screen.grains[k - 1].start_seconds, grain.start_seconds);
      }
      EXPECT_GE(grain.midi_pitch, region.lowest_midi_pitch);
      EXPECT_LE(grain.midi_pitch, region.highest_midi_pitch);
      EXPECT_GE(grain.velocity, loudness.lowest_velocity);
      EXPECT_LE(grain.velocity, loudness.highest_velocity);
      EXPECT_DOUBLE_EQ(grain.duration_seconds, axes.grain_seconds);
    }
  }
}

TEST(ScreensTest, FractionalDensityKeepsItsMean) {
  ScreenAxes axes = analogique_example_axes();
  axes.densities_grains_per_second = {2.5};
  axes.screen_seconds = 1.0;
  core::Rng rng(8);
  double total = 0.0;
  const int screens = 20000;
  for (int i = 0; i < screens; ++i)
    total += static_cast<double>(fill_screen(axes, 0, 0.0, rng).grains.size());
  EXPECT_NEAR(total / screens, 2.5, 5 * 0.5 / std::sqrt(screens));  // Bernoulli(0.5) spread
}

TEST(ScreensTest, CellsNamesAndIndicesAgree) {
  const ScreenAxes axes = analogique_example_axes();
  EXPECT_EQ(screen_index(axes, {1, 0, 1}), 5);
  EXPECT_EQ(screen_cell(axes, 6), (ScreenCell{1, 1, 0}));
  EXPECT_EQ(screen_name(0), "A");
  EXPECT_EQ(screen_name(7), "H");
  EXPECT_EQ(screen_name(30), "S30");
  EXPECT_THROW(screen_cell(axes, 8), Error);
  EXPECT_THROW(screen_index(axes, {2, 0, 0}), Error);
}

TEST(ScreensTest, EntropyMeasuresDisorder) {
  EXPECT_DOUBLE_EQ(shannon_entropy_bits(std::vector<double>(8, 0.125)), 3.0);
  EXPECT_DOUBLE_EQ(shannon_entropy_bits(std::vector<double>{1.0, 0.0}), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy_bits(std::vector<double>{0.5, 0.5}), 1.0);
  // The alternating chain's rate is H(0.2) = 0.7219... bits per screen.
  EXPECT_NEAR(entropy_rate_bits(kAlternating), -(0.2 * std::log2(0.2) + 0.8 * std::log2(0.8)), 1e-15);
  EXPECT_DOUBLE_EQ(sequence_entropy_bits(std::vector<int>{1, 1, 1}), 0.0);
  EXPECT_DOUBLE_EQ(sequence_entropy_bits(std::vector<int>{1, 2, 1, 2}), 1.0);
  EXPECT_THROW(shannon_entropy_bits(std::vector<double>{0.5, 0.6}), Error);
}

TEST(ScreensTest, BadMatricesAndRequestsAreRefused) {
  EXPECT_THROW(check_transition_matrix({}), Error);
  EXPECT_THROW(check_transition_matrix({{0.5, 0.5}}), Error);
  EXPECT_THROW(check_transition_matrix({{0.5, 0.6}, {0.5, 0.5}}), Error);
  EXPECT_THROW(check_transition_matrix({{1.5, -0.5}, {0.5, 0.5}}), Error);
  EXPECT_THROW(stationary_distribution_exact({{1, 0}, {0, 1}}), Error);  // reducible
  // Mixes slowly: 10 iterations from the uniform start cannot reach π = (2/3, 1/3).
  EXPECT_THROW(stationary_distribution_power({{0.999999, 0.000001}, {0.000002, 0.999998}}, 1e-14, 10), Error);
  ScreenAxes dense = analogique_example_axes();
  dense.densities_grains_per_second = {1e9};
  core::Rng rng(1);
  EXPECT_THROW(fill_screen(dense, 0, 0.0, rng), Error);
  EXPECT_THROW(fill_screen_book(dense, std::vector<int>{0}, rng), Error);
  ScreenAxes bad = analogique_example_axes();
  bad.frequency_regions = {{80, 70}};
  EXPECT_THROW(bad.check(), Error);
  bad = analogique_example_axes();
  bad.screen_seconds = 0.0;
  EXPECT_THROW(bad.check(), Error);
}

}  // namespace
}  // namespace stochos::stochastic
