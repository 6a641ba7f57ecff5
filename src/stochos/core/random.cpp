// SPDX-License-Identifier: GPL-3.0-or-later
#include "stochos/core/random.h"

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

std::uint64_t Rng::below(std::uint64_t n) {
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
