// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which sequences make up the training batch of each step. Every plan is a function of the
// seed, the epoch number and the data alone, so that a resumed run draws the batches it
// would have drawn.
//  - kRandom (Magenta's get_padded_batch over a shuffled queue): consecutive slices of
//    batch_size of one shuffled order per epoch, crossing epoch borders.
//  - kBucketed (stochos's default): each epoch's shuffled order is cut into pools of
//    kBucketPoolBatches batches, each pool sorted by length (ties stay in shuffled order)
//    and cut into batches, and the epoch's batches are shuffled. Every sequence is seen
//    once per epoch; a batch holds sequences of similar length, so padding is a small part
//    of the work. A remainder of at least half a batch is a batch of its own, a smaller one
//    joins the epoch's last batch.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "stochos/rnn/training.h"

namespace stochos::rnn::detail {

class BatchOrder {
 public:
  static constexpr std::size_t kBucketPoolBatches = 32;

  /// `lengths`: each sequence's step count (kept by reference).
  BatchOrder(const std::vector<std::size_t>& lengths, std::uint64_t seed, Batching batching, int batch_size);

  /// The sequences of the batch of `step` (0-based), as indices into the lengths.
  std::vector<std::size_t> batch(std::int64_t step);
  std::size_t batches_per_epoch() const;
  /// The fewest sequences any batch holds (data-parallel ranks each need one).
  std::size_t smallest_batch() const;

 private:
  const std::vector<std::size_t>& order(std::uint64_t epoch);
  void plan(std::uint64_t epoch);

  const std::vector<std::size_t>& lengths_;
  std::size_t count_;
  std::uint64_t seed_;
  Batching batching_;
  std::size_t batch_size_;
  std::size_t batches_per_epoch_ = 0;
  std::uint64_t epoch_ = 0, plan_epoch_ = 0;
  std::vector<std::size_t> order_;
  std::vector<std::vector<std::size_t>> plan_;
};

}  // namespace stochos::rnn::detail
