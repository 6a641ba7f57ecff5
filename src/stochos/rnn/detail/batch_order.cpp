// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/rnn/detail/batch_order.h"

#include <algorithm>
#include <string>

#include "stochos/core/error.h"
#include "stochos/core/random.h"

namespace stochos::rnn::detail {

BatchOrder::BatchOrder(const std::vector<std::size_t>& lengths, std::uint64_t seed, Batching batching,
                       int batch_size)
    : lengths_(lengths),
      count_(lengths.size()),
      seed_(seed),
      batching_(batching),
      batch_size_(static_cast<std::size_t>(std::max(1, batch_size))) {
  if (count_ == 0) throw Error::usage("no training sequences");
  const std::size_t full = count_ / batch_size_, rest = count_ % batch_size_;
  batches_per_epoch_ = batching_ == Batching::kBucketed
                           ? std::max<std::size_t>(1, full + (2 * rest >= batch_size_ ? 1 : 0))
                           : (count_ + batch_size_ - 1) / batch_size_;
}

std::vector<std::size_t> BatchOrder::batch(std::int64_t step) {
  const auto s = static_cast<std::uint64_t>(step);
  if (batching_ == Batching::kBucketed) {
    const std::uint64_t epoch = s / batches_per_epoch_;
    if (epoch != plan_epoch_ || plan_.empty()) plan(epoch);
    return plan_[s % batches_per_epoch_];
  }
  std::vector<std::size_t> out;
  out.reserve(batch_size_);
  const std::uint64_t first = s * batch_size_;
  for (std::uint64_t i = first; i < first + batch_size_; ++i) out.push_back(order(i / count_)[i % count_]);
  return out;
}

std::size_t BatchOrder::batches_per_epoch() const {
  return batches_per_epoch_;
}

std::size_t BatchOrder::smallest_batch() const {
  // Random slices are always full; bucketed ones are full but for a remainder of at least
  // half a batch (or every sequence, when an epoch is one batch).
  if (batching_ == Batching::kRandom) return batch_size_;
  if (batches_per_epoch_ == 1) return count_;  // one batch of everything
  const std::size_t rest = count_ % batch_size_;
  return 2 * rest >= batch_size_ ? rest : batch_size_;
}

const std::vector<std::size_t>& BatchOrder::order(std::uint64_t epoch) {
  if (epoch != epoch_ || order_.empty()) {
    order_.resize(count_);
    for (std::size_t i = 0; i < count_; ++i) order_[i] = i;
    core::Rng rng(core::derive_seed(seed_, "rnn/epoch/" + std::to_string(epoch)));
    for (std::size_t i = count_; i > 1; --i) std::swap(order_[i - 1], order_[rng.below(i)]);
    epoch_ = epoch;
  }
  return order_;
}

void BatchOrder::plan(std::uint64_t epoch) {
  std::vector<std::size_t> shuffled = order(epoch);
  const std::size_t pool = kBucketPoolBatches * batch_size_;
  for (std::size_t begin = 0; begin < count_; begin += pool) {
    const auto end = static_cast<std::ptrdiff_t>(std::min(count_, begin + pool));
    std::stable_sort(shuffled.begin() + static_cast<std::ptrdiff_t>(begin), shuffled.begin() + end,
                     [&](std::size_t a, std::size_t b) { return lengths_[a] < lengths_[b]; });
  }
  plan_.assign(batches_per_epoch_, {});
  for (std::size_t k = 0; k < batches_per_epoch_; ++k) {
    const std::size_t begin = k * batch_size_;
    const std::size_t end = k + 1 == batches_per_epoch_ ? count_ : std::min(count_, begin + batch_size_);
    plan_[k].assign(shuffled.begin() + static_cast<std::ptrdiff_t>(begin),
                    shuffled.begin() + static_cast<std::ptrdiff_t>(end));
  }
  core::Rng rng(core::derive_seed(seed_, "rnn/buckets/" + std::to_string(epoch)));
  for (std::size_t i = plan_.size(); i > 1; --i) std::swap(plan_[i - 1], plan_[rng.below(i)]);
  plan_epoch_ = epoch;
}

}  // namespace stochos::rnn::detail
