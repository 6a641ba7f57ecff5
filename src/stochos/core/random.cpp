// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/core/random.h"

#include <algorithm>

namespace stochos::core {

std::uint64_t derive_seed(std::uint64_t root_seed, std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a 64
  for (unsigned char c : name) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  // SplitMix64 finaliser (Steele, Lea, Flood 2014) over the combination.
  std::uint64_t z = root_seed ^ (h + 0x9e3779b97f4a7c15ull + (root_seed << 6) + (root_seed >> 2));
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// The refill in blocks of 4 words with no branch, which GCC vectorises (constant trip counts,
// a multiple of the vector width), with an AVX2 clone where the CPU has it: integer shifts,
// ands and xors only, so both give the same bits. Word k is rebuilt from words k, k+1 and
// k+156 (mod 312); the first 156 read only words not yet rebuilt, the next ones read words
// rebuilt at least 152 places earlier, and the last four wrap around to word 0.
// A free function: clang refuses to make a member multiversioned once the header's inline
// operator() has used it. The tempering into the outputs follows in the same clone, four
// words at a time under AVX2 (two with SSE2).
namespace {

__attribute__((target_clones("avx2", "default"))) void refill_state(std::uint64_t* __restrict x,
                                                                    std::uint64_t* __restrict out) {
  constexpr std::size_t kN = Mt19937_64::kStateSize, kM = 156;
  constexpr std::uint64_t kUpper = 0xffffffff80000000ull, kLower = 0x7fffffffull, kA = 0xb5026f5aa96619e9ull;
  for (std::size_t k = 0; k < kN - kM; ++k) {
    const std::uint64_t y = (x[k] & kUpper) | (x[k + 1] & kLower);
    x[k] = x[k + kM] ^ (y >> 1) ^ ((0 - (y & 1)) & kA);
  }
  for (std::size_t k = kN - kM; k < kN - 4; ++k) {
    const std::uint64_t y = (x[k] & kUpper) | (x[k + 1] & kLower);
    x[k] = x[k + kM - kN] ^ (y >> 1) ^ ((0 - (y & 1)) & kA);
  }
  for (std::size_t k = kN - 4; k < kN; ++k) {
    const std::uint64_t y = (x[k] & kUpper) | (x[(k + 1) % kN] & kLower);
    x[k] = x[k + kM - kN] ^ (y >> 1) ^ ((0 - (y & 1)) & kA);
  }
  for (std::size_t k = 0; k < kN; ++k) out[k] = Mt19937_64::temper(x[k]);
}

}  // namespace

void Mt19937_64::refill() {
  refill_state(state_, output_);
  next_ = 0;
}

void Mt19937_64::generate(std::span<std::uint64_t> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    if (next_ == kStateSize) refill();
    const std::size_t n = std::min(out.size() - done, kStateSize - next_);
    std::copy_n(output_ + next_, n, out.data() + done);
    next_ += n;
    done += n;
  }
}

void Rng::fill_uniform01(std::span<double> out) {
  // Drawn in chunks into a buffer of words, then converted as uniform01() converts.
  constexpr std::size_t kChunk = 256;
  std::uint64_t words[kChunk];
  for (std::size_t done = 0; done < out.size(); done += kChunk) {
    const std::size_t n = std::min(kChunk, out.size() - done);
    engine_.generate(std::span<std::uint64_t>(words, n));
    for (std::size_t i = 0; i < n; ++i) out[done + i] = static_cast<double>(words[i] >> 11) * 0x1.0p-53;
  }
}

void Rng::fill_uniform_open01(std::span<double> out) {
  constexpr std::size_t kChunk = 256;
  std::uint64_t words[kChunk];
  for (std::size_t done = 0; done < out.size(); done += kChunk) {
    const std::size_t n = std::min(kChunk, out.size() - done);
    engine_.generate(std::span<std::uint64_t>(words, n));
    for (std::size_t i = 0; i < n; ++i) out[done + i] = (static_cast<double>(words[i] >> 12) + 0.5) * 0x1.0p-52;
  }
}

std::uint64_t Rng::below(std::uint64_t n) {
  // A power of two divides 2^64: no rejection and no division (the same numbers as below).
  if ((n & (n - 1)) == 0) return engine_() & (n - 1);
  // Reject the top partial block of 2^64 so every residue is equally likely.
  const std::uint64_t limit = (~std::uint64_t{0}) - ((~std::uint64_t{0}) % n + 1) % n;
  std::uint64_t x;
  do {
    x = engine_();
  } while (x > limit);
  return x % n;
}

std::int64_t Rng::between(std::int64_t lo, std::int64_t hi) {
  const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  if (span == ~std::uint64_t{0}) return static_cast<std::int64_t>(engine_());
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + below(span + 1));
}

}  // namespace stochos::core
