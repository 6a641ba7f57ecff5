// SPDX-License-Identifier: GPL-3.0-or-later
// Training batch plans: every sequence once per epoch, little padding when bucketed,
// Magenta's random slices unchanged, everything a function of the seed and the step.
#include "stochos/rnn/detail/batch_order.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "stochos/core/random.h"

namespace stochos::rnn::detail {
namespace {

// Lengths shaped like the Nottingham + POP909 melodies: many short, a long tail up to 511.
std::vector<std::size_t> corpus_lengths(std::size_t count, std::uint64_t seed) {
  core::Rng rng(seed);
  std::vector<std::size_t> lengths(count);
  for (auto& l : lengths) l = rng.below(4) == 0 ? 200 + rng.below(312) : 27 + rng.below(100);
  return lengths;
}

double padding(const std::vector<std::size_t>& lengths, const std::vector<std::size_t>& batch) {
  std::size_t longest = 0, steps = 0;
  for (std::size_t i : batch) longest = std::max(longest, lengths[i]), steps += lengths[i];
  return 1.0 - static_cast<double>(steps) / static_cast<double>(longest * batch.size());
}

TEST(BatchOrder, BucketedEpochSeesEverySequenceOnceWithLittlePadding) {
  for (std::size_t count : {1u, 5u, 127u, 128u, 191u, 192u, 6270u}) {
    const auto lengths = corpus_lengths(count, count);
    BatchOrder order(lengths, 7, Batching::kBucketed, 128);
    const std::size_t per_epoch = order.batches_per_epoch();
    for (std::int64_t epoch = 0; epoch < 3; ++epoch) {
      std::vector<int> seen(count, 0);
      std::size_t cells = 0, steps = 0, smallest = count;
      for (std::size_t k = 0; k < per_epoch; ++k) {
        const auto batch =
            order.batch(epoch * static_cast<std::int64_t>(per_epoch) + static_cast<std::int64_t>(k));
        ASSERT_FALSE(batch.empty());
        smallest = std::min(smallest, batch.size());
        // Full batches; the remainder is a batch of at least half a batch or joins the last.
        EXPECT_GE(batch.size(), std::min<std::size_t>(count, 64)) << count;
        EXPECT_LT(batch.size(), 192u) << count;
        std::size_t longest = 0;
        for (std::size_t i : batch) ++seen[i], longest = std::max(longest, lengths[i]), steps += lengths[i];
        cells += longest * batch.size();
      }
      for (std::size_t i = 0; i < count; ++i) ASSERT_EQ(seen[i], 1) << "count " << count << " sequence " << i;
      EXPECT_EQ(smallest, order.smallest_batch()) << count;
      if (count == 6270) {
        EXPECT_LT(1.0 - static_cast<double>(steps) / static_cast<double>(cells), 0.10);
      }
    }
  }
}

TEST(BatchOrder, BucketedPaddingIsAFractionOfRandomBatches) {
  const auto lengths = corpus_lengths(6270, 3);
  BatchOrder bucketed(lengths, 1, Batching::kBucketed, 128), random(lengths, 1, Batching::kRandom, 128);
  double pad_bucketed = 0, pad_random = 0;
  for (std::int64_t s = 0; s < 49; ++s) {
    pad_bucketed += padding(lengths, bucketed.batch(s)) / 49;
    pad_random += padding(lengths, random.batch(s)) / 49;
  }
  EXPECT_GT(pad_random, 0.4);
  EXPECT_LT(pad_bucketed, 0.10);
}

TEST(BatchOrder, EpochsDifferAndBatchesAreShuffled) {
  const auto lengths = corpus_lengths(2000, 5);
  BatchOrder order(lengths, 11, Batching::kBucketed, 100);
  const auto per_epoch = static_cast<std::int64_t>(order.batches_per_epoch());
  ASSERT_EQ(per_epoch, 20);
  // Not sorted across the epoch: the batches' longest lengths are not monotonic.
  std::vector<std::size_t> longest;
  for (std::int64_t k = 0; k < per_epoch; ++k) {
    const auto b = order.batch(k);
    longest.push_back(
        *std::max_element(b.begin(), b.end(), [&](auto x, auto y) { return lengths[x] < lengths[y]; }));
  }
  EXPECT_FALSE(std::is_sorted(longest.begin(), longest.end(),
                              [&](auto x, auto y) { return lengths[x] < lengths[y]; }));
  // The next epoch groups the sequences differently.
  std::set<std::vector<std::size_t>> first;
  for (std::int64_t k = 0; k < per_epoch; ++k) {
    auto b = order.batch(k);
    std::sort(b.begin(), b.end());
    first.insert(b);
  }
  int same = 0;
  for (std::int64_t k = per_epoch; k < 2 * per_epoch; ++k) {
    auto b = order.batch(k);
    std::sort(b.begin(), b.end());
    same += static_cast<int>(first.count(b));
  }
  EXPECT_LT(same, 3);
}

TEST(BatchOrder, ABatchDependsOnlyOnSeedAndStep) {
  const auto lengths = corpus_lengths(1000, 9);
  for (Batching batching : {Batching::kBucketed, Batching::kRandom}) {
    BatchOrder straight(lengths, 42, batching, 64), other_seed(lengths, 43, batching, 64);
    std::vector<std::vector<std::size_t>> all;
    for (std::int64_t s = 0; s < 60; ++s) all.push_back(straight.batch(s));
    // A resumed run asks for step 37 first, then goes on; asking out of order changes nothing.
    BatchOrder resumed(lengths, 42, batching, 64);
    for (std::int64_t s : {37, 38, 5, 59, 0, 16})
      EXPECT_EQ(resumed.batch(s), all[static_cast<std::size_t>(s)]);
    EXPECT_NE(other_seed.batch(0), all[0]);
  }
}

TEST(BatchOrder, RandomBatchesAreMagentasConsecutiveSlices) {
  // Slices of batch_size of one shuffled order per epoch, crossing epoch borders: 10
  // sequences, batches of 4, so step 2 holds the last two of epoch 0 and two of epoch 1.
  const std::vector<std::size_t> lengths(10, 50);
  BatchOrder order(lengths, 3, Batching::kRandom, 4);
  std::vector<std::size_t> epoch0;
  for (std::int64_t s = 0; s < 2; ++s) {
    for (std::size_t i : order.batch(s)) epoch0.push_back(i);
  }
  const auto step2 = order.batch(2);
  ASSERT_EQ(step2.size(), 4u);
  epoch0.push_back(step2[0]);
  epoch0.push_back(step2[1]);
  std::vector<std::size_t> sorted = epoch0;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::size_t> all(10);
  std::iota(all.begin(), all.end(), 0u);
  EXPECT_EQ(sorted, all);
}

}  // namespace
}  // namespace stochos::rnn::detail
